"""Who does what in unit projects and coaching days, decided here once.

- A project is read by whoever sees its point of sale (its team, its animator and director,
  coaches, head office). Its diagnostic and plan are edited by the unit manager, the coaches
  assigned to the point of sale (or its zone or region: communities' coach assignments, the one
  list of who coaches whom) and head office.
- The team takes part: the unit's people comment on actions and move the status of the actions
  they own, and only those.
- A coaching day is recorded by a coach assigned to its point of sale, and rated once, by a
  manager of that point of sale, once the day is held. The coach reads their average only;
  head office reads each rating; a rater reads their own.
- A region's own project is run by its director and head office; the regional team (the
  region's directors and the animators of its zones) comments and moves the actions it owns;
  coaches and the region's points of sale read it; nobody else.
"""

import datetime as dt

from communities.selectors import coaches_of
from network_animation import permissions
from network_animation.models import Membership, PointOfSale, Region, Role, Tenant, Zone

from ..models import CoachingDay, RegionAction, UnitAction


def is_unit_manager(membership: Membership, point: PointOfSale) -> bool:
    return membership.role == Role.POS_MANAGER and membership.point_of_sale_id == point.pk


def is_unit_member(membership: Membership, point: PointOfSale) -> bool:
    return (
        membership.role in permissions.POINT_OF_SALE_ROLES
        and membership.point_of_sale_id == point.pk
    )


def is_assigned_coach(*, tenant: Tenant, membership: Membership, point: PointOfSale) -> bool:
    """A coach assigned to the point of sale, its zone or its region (memoised per request)."""
    if membership.role != Role.COACH:
        return False
    memo: dict[int, bool] = membership.__dict__.setdefault("_coach_of", {})
    if point.pk not in memo:
        coaches = coaches_of(
            tenant=tenant,
            point_of_sale_id=point.pk,
            zone_id=point.zone_id,
            region_id=point.zone.region_id,
        )
        memo[point.pk] = any(coach.pk == membership.pk for coach in coaches)
    return memo[point.pk]


def can_read_project(membership: Membership, point: PointOfSale) -> bool:
    return permissions.can_view_point_of_sale(membership, point)


def can_edit_project(*, tenant: Tenant, membership: Membership, point: PointOfSale) -> bool:
    """Start the project, write its diagnostic and plan, mark its stages, edit any action."""
    if membership.role == Role.HEAD_OFFICE or is_unit_manager(membership, point):
        return True
    return is_assigned_coach(tenant=tenant, membership=membership, point=point)


def can_comment(*, tenant: Tenant, membership: Membership, point: PointOfSale) -> bool:
    return is_unit_member(membership, point) or can_edit_project(
        tenant=tenant, membership=membership, point=point
    )


def can_update_status(
    *, tenant: Tenant, membership: Membership, point: PointOfSale, action: UnitAction
) -> bool:
    """Editors move any action; the unit's people, the actions they own."""
    if is_unit_member(membership, point) and action.owner_id == membership.pk:
        return True
    return can_edit_project(tenant=tenant, membership=membership, point=point)


def can_record_coaching_day(*, tenant: Tenant, membership: Membership, point: PointOfSale) -> bool:
    return is_assigned_coach(tenant=tenant, membership=membership, point=point)


def is_coaching_days_coach(membership: Membership) -> bool:
    return membership.role == Role.COACH


def can_edit_coaching_day(membership: Membership, day: CoachingDay) -> bool:
    return membership.role == Role.COACH and day.coach_id == membership.pk


def can_read_coaching_day(membership: Membership, day: CoachingDay) -> bool:
    if day.coach_id == membership.pk or membership.role == Role.HEAD_OFFICE:
        return True
    return permissions.can_view_point_of_sale(membership, day.point_of_sale)


def can_rate(membership: Membership, day: CoachingDay, *, today: dt.date, rated: bool) -> bool:
    """A manager of the day's point of sale, once the day is held, if nobody rated it yet."""
    return is_unit_manager(membership, day.point_of_sale) and day.is_held(today) and not rated


def sees_each_rating(membership: Membership) -> bool:
    return membership.role == Role.HEAD_OFFICE


def sees_coaches_activity(membership: Membership) -> bool:
    return membership.role == Role.HEAD_OFFICE


def is_region_team(membership: Membership, region: Region) -> bool:
    """The region's directors and the animators of one of its zones (memoised per request)."""
    if membership.role == Role.REGIONAL_DIRECTOR:
        return membership.region_id == region.pk
    if membership.role != Role.ANIMATOR:
        return False
    memo: dict[int, bool] = membership.__dict__.setdefault("_team_of", {})
    if region.pk not in memo:
        zone_ids = permissions.membership_zone_ids(membership)
        memo[region.pk] = Zone.objects.filter(
            tenant_id=membership.tenant_id, pk__in=zone_ids, region_id=region.pk
        ).exists()
    return memo[region.pk]


def can_read_region_project(membership: Membership, region: Region) -> bool:
    """The team, head office and coaches, and the region's points of sale: the region shows its
    units it is involved too."""
    if permissions.sees_whole_network(membership) or is_region_team(membership, region):
        return True
    point = membership.point_of_sale if membership.role in permissions.POINT_OF_SALE_ROLES else None
    return point is not None and point.zone.region_id == region.pk


def can_edit_region_project(membership: Membership, region: Region) -> bool:
    """Start the region's project, write its diagnostic and plan, mark its stages."""
    if membership.role == Role.HEAD_OFFICE:
        return True
    return membership.role == Role.REGIONAL_DIRECTOR and membership.region_id == region.pk


def can_comment_region(membership: Membership, region: Region) -> bool:
    return is_region_team(membership, region) or can_edit_region_project(membership, region)


def can_update_region_status(membership: Membership, region: Region, action: RegionAction) -> bool:
    """Editors move any action; the team, the actions it owns."""
    if is_region_team(membership, region) and action.owner_id == membership.pk:
        return True
    return can_edit_region_project(membership, region)
