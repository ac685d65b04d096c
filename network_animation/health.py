"""The organisation's health, checked every night: the gaps head office has to fill."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from .jobs import JobProgress
from .models import Membership, MembershipZone, PointOfSale, Role, Tenant, Zone


@dataclass(frozen=True)
class OrganisationHealth:
    """How many zones have no animator and points of sale no manager (head office's page shows
    the counts, read by two COUNT queries rather than loading the rows)."""

    zones_without_animator: int
    points_of_sale_without_manager: int


def organisation_health(*, tenant: Tenant) -> OrganisationHealth:
    animated = MembershipZone.objects.filter(
        tenant=tenant,
        zone=OuterRef("pk"),
        membership__is_active=True,
        membership__role=Role.ANIMATOR,
    )
    managed = Membership.objects.filter(
        tenant=tenant, point_of_sale=OuterRef("pk"), is_active=True, role=Role.POS_MANAGER
    )
    return OrganisationHealth(
        zones_without_animator=Zone.objects.filter(tenant=tenant).exclude(Exists(animated)).count(),
        points_of_sale_without_manager=PointOfSale.objects.filter(tenant=tenant, is_active=True)
        .exclude(Exists(managed))
        .count(),
    )


def organisation_health_step(*, tenant: Tenant, progress: JobProgress) -> None:
    health = organisation_health(tenant=tenant)
    progress.add("zones", Zone.objects.filter(tenant=tenant).count())
    progress.add("points_of_sale", PointOfSale.objects.filter(tenant=tenant).count())
    progress.add("zones_without_animator", health.zones_without_animator)
    progress.add("points_of_sale_without_manager", health.points_of_sale_without_manager)
