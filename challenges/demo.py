"""Demo challenges and labels: a running and a closed challenge in the demo animator's zone, a
regional one, and labels awarded for last year. Scored by the same services as the nightly chain
(set-based reads), so seeding stays fast."""

import datetime as dt
import random

from django.utils import timezone

from kpis.models import Aggregation, KpiDefinition
from network_animation.models import Membership, PointOfSale, Region, Role, Tenant, Zone

from .models import LabelLevel, Measure, Renewal, ScoringRule
from .services import (
    ChallengeSpec,
    CriterionSpec,
    KpiChoice,
    challenge_close,
    challenge_launch,
    challenge_standings_refresh,
    label_grid_save,
    labels_evaluate,
)

REWARDS = {
    "winner_count": 3,
    "winner_points": 150,
    "winner_badge": "Champion",
    "threshold": 1.0,
    "threshold_points": 50,
}


def _month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day.replace(day=1)
    following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def challenges_demo_seed(*, tenant: Tenant, days: int, rng: random.Random) -> None:
    summed = list(KpiDefinition.objects.filter(tenant=tenant, aggregation=Aggregation.SUM))
    if len(summed) < 2:
        return
    first = PointOfSale.objects.filter(tenant=tenant).select_related("zone__region").first()
    if first is None:
        return
    zone, today = first.zone, timezone.localdate()
    animator = Membership.objects.filter(tenant=tenant, role=Role.ANIMATOR, zones=zone).first()
    start, end = _month_bounds(today)
    sprint = _sprint(summed, zone, start, end)
    running = challenge_launch(tenant=tenant, actor=animator, today=today, spec=sprint)
    previous_start, previous_end = _month_bounds(start - dt.timedelta(days=1))
    last_month = _progression("Progression", summed[1], previous_start, previous_end, zone=zone)
    closed = challenge_launch(tenant=tenant, actor=animator, today=previous_start, spec=last_month)
    regional_spec = _progression("Challenge régional", summed[0], start, end, region=zone.region)
    regional = challenge_launch(tenant=tenant, actor=None, today=today, spec=regional_spec)
    for challenge in (running, regional):
        challenge_standings_refresh(tenant=tenant, challenge=challenge, today=today)
    challenge_close(tenant=tenant, challenge=closed, today=today)
    _labels(tenant, summed[0], today)


def _sprint(summed: list[KpiDefinition], zone: Zone, start: dt.date, end: dt.date) -> ChallengeSpec:
    """The zone's monthly sprint on two KPIs, the first weighing double."""
    return ChallengeSpec(
        name=f"Sprint {summed[0].name_fr}",
        start=start,
        end=end,
        zone=zone,
        kpis=[KpiChoice(summed[0], 2), KpiChoice(summed[1], 1)],
        rewards=REWARDS,
        scoring_rule=ScoringRule.ACHIEVEMENT,
        renewal=Renewal.MONTHLY,
    )


def _progression(
    title: str,
    kpi: KpiDefinition,
    start: dt.date,
    end: dt.date,
    *,
    zone: Zone | None = None,
    region: Region | None = None,
) -> ChallengeSpec:
    """A challenge on progress over last year, in a zone or a region."""
    return ChallengeSpec(
        name=f"{title} {kpi.name_fr}",
        start=start,
        end=end,
        zone=zone,
        region=region,
        kpis=[KpiChoice(kpi)],
        rewards=REWARDS,
        scoring_rule=ScoringRule.PROGRESS,
    )


def _labels(tenant: Tenant, sales: KpiDefinition, today: dt.date) -> None:
    satisfaction = KpiDefinition.objects.filter(tenant=tenant, code="satisfaction").first()
    criteria = [
        CriterionSpec(LabelLevel.BRONZE, sales, Measure.ACHIEVEMENT, 0.9),
        CriterionSpec(LabelLevel.SILVER, sales, Measure.ACHIEVEMENT, 1.0),
        CriterionSpec(LabelLevel.GOLD, sales, Measure.ACHIEVEMENT, 1.05),
    ]
    if satisfaction is not None:
        criteria += [
            CriterionSpec(LabelLevel.SILVER, satisfaction, Measure.VALUE, 8.0),
            CriterionSpec(LabelLevel.GOLD, satisfaction, Measure.VALUE, 8.5),
        ]
    for year in (today.year - 1, today.year):
        label_grid_save(tenant=tenant, actor=None, year=year, criteria=criteria)
    labels_evaluate(tenant=tenant, year=today.year - 1)
