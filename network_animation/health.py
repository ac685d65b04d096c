"""The organisation's health, checked every night: the gaps head office has to fill."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from .jobs import JobProgress
from .models import Membership, MembershipZone, PointOfSale, Role, Tenant, Zone


@dataclass(frozen=True)
class OrganisationHealth:
    zones_without_animator: list[Zone]
    points_of_sale_without_manager: list[PointOfSale]


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
        zones_without_animator=list(
            Zone.objects.filter(tenant=tenant).exclude(Exists(animated)).select_related("region")
        ),
        points_of_sale_without_manager=list(
            PointOfSale.objects.filter(tenant=tenant, is_active=True)
            .exclude(Exists(managed))
            .select_related("zone")
        ),
    )


def organisation_health_step(*, tenant: Tenant, progress: JobProgress) -> None:
    health = organisation_health(tenant=tenant)
    progress.add("zones", Zone.objects.filter(tenant=tenant).count())
    progress.add("points_of_sale", PointOfSale.objects.filter(tenant=tenant).count())
    progress.add("zones_without_animator", len(health.zones_without_animator))
    progress.add("points_of_sale_without_manager", len(health.points_of_sale_without_manager))
