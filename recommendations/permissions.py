"""Who sees and acts on what recommendations suggest, decided here once.

A zone's suggested actions are for the animators of that zone and for head office: they launch
challenges and push modules there. Regional directors, coaches and the points of sale's people
do not see them (a point of sale sees its own recommended content, on its page). Content
recommended to a point of sale is dismissed by whoever reads it there. The hold-out group's
settings and the acceptance rates are head office's.
"""

from network_animation.models import Membership, PointOfSale, Role, Zone
from network_animation.permissions import can_view_point_of_sale, membership_zone_ids


def can_act_on_zone_suggestions(membership: Membership, zone: Zone | int) -> bool:
    zone_id = zone if isinstance(zone, int) else zone.pk
    if membership.role == Role.HEAD_OFFICE:
        return True
    return membership.role == Role.ANIMATOR and zone_id in membership_zone_ids(membership)


def can_manage_holdout(membership: Membership) -> bool:
    """Set the hold-out share, read the measurement and the acceptance rates."""
    return membership.role == Role.HEAD_OFFICE


def can_dismiss_content(membership: Membership, point_of_sale: PointOfSale) -> bool:
    """Content recommended to a point of sale: whoever reads its page."""
    return can_view_point_of_sale(membership, point_of_sale)
