"""Who does what with visits and survey campaigns, decided here once.

- Head office defines the visit grids and the campaigns, and reads and records every visit.
- An animator records and reads the visits of the points of sale of their zones; a coach, of
  the points of sale they are assigned to (communities' coach assignments, directly or through
  the zone or region): animators and coaches never read visits elsewhere.
- A regional director reads the visits of their region; a point of sale's people, its own.
"""

from network_animation import permissions
from network_animation.models import Membership, PointOfSale, Role, Tenant

from ..models import Visit
from ..units.rights import is_assigned_coach

FIELD_ROLES = frozenset({Role.ANIMATOR, Role.COACH})


def can_manage(membership: Membership) -> bool:
    """Define visit grids and survey campaigns."""
    return membership.role == Role.HEAD_OFFICE


def can_record(*, tenant: Tenant, membership: Membership, point: PointOfSale) -> bool:
    if membership.role == Role.HEAD_OFFICE:
        return True
    if membership.role == Role.ANIMATOR:
        return point.zone_id in permissions.membership_zone_ids(membership)
    return is_assigned_coach(tenant=tenant, membership=membership, point=point)


def can_read_point(*, tenant: Tenant, membership: Membership, point: PointOfSale) -> bool:
    """Read the visits of a point of sale."""
    if membership.role in FIELD_ROLES:
        return can_record(tenant=tenant, membership=membership, point=point)
    return permissions.can_view_point_of_sale(membership, point)


def can_edit_visit(membership: Membership, visit: Visit) -> bool:
    return membership.role == Role.HEAD_OFFICE or (
        visit.visitor_id == membership.pk and membership.role in FIELD_ROLES
    )


def records_visits(membership: Membership) -> bool:
    """Whose menu offers recording visits (which points of sale: `can_record`)."""
    return membership.role in FIELD_ROLES or membership.role == Role.HEAD_OFFICE
