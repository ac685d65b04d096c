"""Building challenges for tests: through the launch service, as a user would."""

import datetime as dt

from challenges.models import LabelLevel, Measure
from challenges.notifications import CLOSED
from challenges.services import (
    ChallengeSpec,
    CriterionSpec,
    KpiChoice,
    challenge_launch,
    label_grid_save,
)
from network_animation.services.notifications import notify
from network_animation.tenancy import tenant_scope

from ..kpis.factories import KpiDefinitionFactory

TODAY = dt.date(2025, 3, 20)


def launch(network, kpis, *, today=TODAY, draft=False, **overrides):
    """A challenge of the network's zone over March 2025 (overridable), launched by its animator."""
    fields = {
        "name": "Sprint",
        "start": dt.date(2025, 3, 1),
        "end": dt.date(2025, 3, 31),
        "zone": network.zone,
        "kpis": [KpiChoice(kpi) if not isinstance(kpi, KpiChoice) else kpi for kpi in kpis],
        **overrides,
    }
    with tenant_scope(network.tenant):
        return challenge_launch(
            tenant=network.tenant,
            actor=network.members["animator"],
            spec=ChallengeSpec(**fields),
            draft=draft,
            today=today,
        )


def challenge_walk_objects(network) -> dict[str, int]:
    kpi = KpiDefinitionFactory(tenant=network.tenant, code="challenge-walk")
    challenge = launch(network, [kpi], name=f"Challenge {network.tenant.name}")
    with tenant_scope(network.tenant):
        [note] = notify(
            tenant=network.tenant,
            kind=CLOSED,
            recipients=[network.members["head_office"]],
            target=challenge,
            url=f"/{network.tenant.slug}/challenges/{challenge.pk}/",
            params={"name": challenge.name, "rank": 1, "peers": 1, "points": 0},
        )
        grid = label_grid_save(
            tenant=network.tenant,
            actor=None,
            year=2024,
            criteria=[CriterionSpec(LabelLevel.BRONZE, kpi, Measure.VALUE, 1.0)],
        )
    return {"challenge_id": challenge.pk, "notification_id": note.pk, "label_grid_id": grid.pk}
