"""Who may write which module: learning's rules, in one place, on the core's roles.

Head office writes modules for the whole network or for any zone; an animator writes modules
for the zones they animate, and changes only those. Everyone learns the published modules of the
network and of their own part of it.
"""

from network_animation.models import Membership, PointOfSale, Role
from network_animation.permissions import membership_zone_ids

from .models import Module

AUTHORING_ROLES = (Role.HEAD_OFFICE, Role.ANIMATOR)


def may_author(membership: Membership) -> bool:
    """Whether the person writes any module at all (`can_author` says which)."""
    return membership.role in AUTHORING_ROLES


def can_author(membership: Membership, module: Module) -> bool:
    if membership.role == Role.HEAD_OFFICE:
        return True
    if membership.role == Role.ANIMATOR and module.zone_id is not None:
        return module.zone_id in membership_zone_ids(membership)
    return False


def may_assign(membership: Membership) -> bool:
    """Head office assigns modules to anyone, an animator to the people of their zones."""
    return membership.role in AUTHORING_ROLES


def can_push_to(membership: Membership, point_of_sale: PointOfSale) -> bool:
    """Push a module to one point of sale's people (from the zone page)."""
    if membership.role == Role.HEAD_OFFICE:
        return True
    return membership.role == Role.ANIMATOR and point_of_sale.zone_id in membership_zone_ids(
        membership
    )


def may_manage_competences(membership: Membership) -> bool:
    """Head office writes the framework, the assessments and the certifications."""
    return membership.role == Role.HEAD_OFFICE


def may_configure_learning(membership: Membership) -> bool:
    """Head office sets the network's rules of learning (the points by attempt)."""
    return membership.role == Role.HEAD_OFFICE


def may_review_plans(membership: Membership) -> bool:
    """Managers of people: a point of sale's manager (its staff), an animator (the managers of
    their zones' points of sale), and head office (reads everyone's)."""
    return membership.role in (Role.POS_MANAGER, Role.ANIMATOR, Role.HEAD_OFFICE)


def can_adjust_plan(manager: Membership, person: Membership) -> bool:
    """The person's manager: their point of sale's manager for its staff, the zone's animator
    for a point of sale's manager."""
    if person.pk == manager.pk or not person.is_active or person.point_of_sale_id is None:
        return False
    if manager.role == Role.POS_MANAGER:
        return person.role == Role.POS_STAFF and person.point_of_sale_id == manager.point_of_sale_id
    if manager.role == Role.ANIMATOR and person.role == Role.POS_MANAGER:
        point = person.point_of_sale
        return point is not None and point.zone_id in membership_zone_ids(manager)
    return False


def can_view_plan(viewer: Membership, person: Membership) -> bool:
    if viewer.pk == person.pk or viewer.role == Role.HEAD_OFFICE:
        return True
    return can_adjust_plan(viewer, person)


def may_view_completion(membership: Membership) -> bool:
    """Head office follows training across the network (completion by region and module)."""
    return membership.role == Role.HEAD_OFFICE
