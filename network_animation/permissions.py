"""Who may see and do what: the one place where roles are turned into rights.

Views call these before calling a service or selector; templates only read the flags that
`navigation` (the context processor) exposes. Every function takes the membership of the person
acting, which the tenant middleware has loaded with the zones it covers.
"""

from .models import GeneratedFile, Membership, PointOfSale, Region, Role, Zone

NETWORK_WIDE_ROLES = frozenset({Role.HEAD_OFFICE, Role.COACH})
POINT_OF_SALE_ROLES = frozenset({Role.POS_MANAGER, Role.POS_STAFF})


def membership_zone_ids(membership: Membership) -> frozenset[int]:
    """The zones an animator looks after, loaded once per request, or once per membership
    cached between requests (tenant_cache.py keeps them with it)."""
    cached: frozenset[int] | None = membership.__dict__.get("_zone_ids")
    if cached is None:
        cached = frozenset(membership.membershipzone_set.values_list("zone_id", flat=True))
        membership.__dict__["_zone_ids"] = cached
    return cached


def sees_whole_network(membership: Membership) -> bool:
    return membership.role in NETWORK_WIDE_ROLES


def can_view_region(membership: Membership, region: Region) -> bool:
    if sees_whole_network(membership):
        return True
    return membership.role == Role.REGIONAL_DIRECTOR and membership.region_id == region.pk


def can_view_zone(membership: Membership, zone: Zone) -> bool:
    if sees_whole_network(membership):
        return True
    if membership.role == Role.REGIONAL_DIRECTOR:
        return membership.region_id == zone.region_id
    if membership.role == Role.ANIMATOR:
        return zone.pk in membership_zone_ids(membership)
    return False


def can_view_point_of_sale(membership: Membership, point_of_sale: PointOfSale) -> bool:
    if membership.role in POINT_OF_SALE_ROLES:
        return membership.point_of_sale_id == point_of_sale.pk
    if membership.role == Role.REGIONAL_DIRECTOR:
        return membership.region_id == point_of_sale.zone.region_id
    if membership.role == Role.ANIMATOR:
        return point_of_sale.zone_id in membership_zone_ids(membership)
    return sees_whole_network(membership)


def can_view_network(membership: Membership) -> bool:
    return sees_whole_network(membership)


def can_manage_organisation(membership: Membership) -> bool:
    return membership.role == Role.HEAD_OFFICE


def can_view_job_runs(membership: Membership) -> bool:
    return membership.role == Role.HEAD_OFFICE


def can_manage_service_tokens(membership: Membership) -> bool:
    return membership.role == Role.HEAD_OFFICE


def can_manage_kpis(membership: Membership) -> bool:
    """Define KPIs and objectives, import facts."""
    return membership.role == Role.HEAD_OFFICE


def can_download_file(membership: Membership, generated: GeneratedFile) -> bool:
    """Head office reads every file of the network; others the files they asked for."""
    return membership.role == Role.HEAD_OFFICE or generated.requested_by_id == membership.user_id


def can_launch_challenge(membership: Membership, scope: Zone | Region | None) -> bool:
    """Launch a challenge for a zone, a region, or (scope None) the whole network."""
    if membership.role == Role.HEAD_OFFICE:
        return True
    if isinstance(scope, Zone):
        if membership.role == Role.ANIMATOR:
            return scope.pk in membership_zone_ids(membership)
        return membership.role == Role.REGIONAL_DIRECTOR and membership.region_id == scope.region_id
    if isinstance(scope, Region):
        return membership.role == Role.REGIONAL_DIRECTOR and membership.region_id == scope.pk
    return False


def can_view_challenge(membership: Membership, *, zone: Zone | None, region: Region | None) -> bool:
    """See a challenge of a zone, of a region, or (both None) of the network."""
    if sees_whole_network(membership) or (zone is None and region is None):
        return True
    point = membership.point_of_sale if membership.role in POINT_OF_SALE_ROLES else None
    if zone is not None:
        return point.zone_id == zone.pk if point else can_view_zone(membership, zone)
    region_id = region.pk if region is not None else 0
    if point is not None:
        return point.zone.region_id == region_id
    if membership.role == Role.ANIMATOR:
        zone_ids = membership_zone_ids(membership)
        return Zone.objects.filter(pk__in=zone_ids, region_id=region_id).exists()
    return membership.role == Role.REGIONAL_DIRECTOR and membership.region_id == region_id


def can_edit_label_grids(membership: Membership) -> bool:
    return membership.role == Role.HEAD_OFFICE
