"""Suggested actions written as the night writes them, for the tests of the panel, the feedback
and the pages (the night's own choices are tested in test_actions_nightly.py)."""

from django.utils import timezone

from kpis.models import KpiDefinition
from network_animation.data_versions import data_changed
from network_animation.models import PointOfSale, Zone
from network_animation.tenancy import tenant_scope
from recommendations.cache import ACTIONS
from recommendations.models import (
    ActionKind,
    ActionSuggestion,
    ContentKind,
    ContentRecommendation,
)

from ..kpis.factories import KpiDefinitionFactory


def sales_kpi(network) -> KpiDefinition:
    with tenant_scope(network.tenant):
        found = KpiDefinition.objects.filter(tenant=network.tenant, code="sales").first()
    return found or KpiDefinitionFactory(
        tenant=network.tenant, code="sales", name_en="Sales", name_fr="Ventes"
    )


def suggest(
    network,
    kind: str = ActionKind.CHALLENGE,
    *,
    zone: Zone | None = None,
    points: list[PointOfSale] | None = None,
    score: float = 0.05,
    kpi: KpiDefinition | None = None,
    module_id: int | None = None,
    reason: str = "Because it worked elsewhere.",
    **fields,
) -> ActionSuggestion:
    zone = zone or network.zone
    points = points if points is not None else [network.point_of_sale]
    kpi = kpi or sales_kpi(network)
    key = {
        ActionKind.CHALLENGE: f"challenge:{kpi.pk}",
        ActionKind.MODULE: f"module:{module_id}",
        ActionKind.VISIT: f"visit:{points[0].pk}",
    }[kind]
    with tenant_scope(network.tenant):
        data_changed(tenant=network.tenant, kinds=[ACTIONS])  # as the night does
        return ActionSuggestion.objects.create(
            tenant=network.tenant,
            zone=zone,
            kind=kind,
            key=fields.pop("key", key),
            kpi=kpi,
            point_of_sale=points[0] if kind == ActionKind.VISIT else None,
            module_id=module_id,
            title_fr="Vendre les accessoires" if kind == ActionKind.MODULE else "",
            title_en="Selling accessories" if kind == ActionKind.MODULE else "",
            points_of_sale=[point.pk for point in points],
            expected_uplift=0.04,
            score=score,
            reason_fr=f"Parce que. {reason}",
            reason_en=reason,
            computed_at=timezone.now(),
            **fields,
        )


def recommend_content(
    network, *, point: PointOfSale | None = None, item_id: int = 1, reason: str = "It helped."
) -> ContentRecommendation:
    """A module recommended to a point of sale, as the night writes it."""
    with tenant_scope(network.tenant):
        return ContentRecommendation.objects.create(
            tenant=network.tenant,
            point_of_sale=point or network.point_of_sale,
            kpi=sales_kpi(network),
            item_kind=ContentKind.MODULE,
            item_id=item_id,
            rank=1,
            expected_uplift=0.06,
            reason_fr=f"Ça a aidé. {reason}",
            reason_en=reason,
            computed_at=timezone.now(),
        )


def suggestion_walk_objects(network) -> dict[str, int]:
    """A suggestion of the network's zone and a piece of content recommended to its point of
    sale, for the routes with `suggestion_id` and `recommendation_id`."""
    return {
        "suggestion_id": suggest(network, reason=f"Walk {network.tenant.name}").pk,
        "recommendation_id": recommend_content(network, reason=f"Walk {network.tenant.name}").pk,
    }
