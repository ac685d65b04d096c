"""Who may see, post in and moderate a community: the communities' rules, in one place.

Built on the core's roles (network_animation/permissions.py). Head office and coaches see every
community (they animate and support the whole network); others see the communities they belong
to and the open ones. Moderators are head office, and the animators (and regional director)
whose part of the network the community is about.
"""

from network_animation.models import Membership, Role
from network_animation.permissions import membership_zone_ids, sees_whole_network

from .models import Community


def sees_every_community(membership: Membership) -> bool:
    return sees_whole_network(membership)


MODERATING_ROLES = (Role.HEAD_OFFICE, Role.ANIMATOR, Role.REGIONAL_DIRECTOR)


def may_moderate_some(membership: Membership) -> bool:
    """Whether the person's role moderates any community at all (`can_moderate` says which)."""
    return membership.role in MODERATING_ROLES


def can_moderate(membership: Membership, community: Community) -> bool:
    if membership.role == Role.HEAD_OFFICE:
        return True
    if membership.role == Role.ANIMATOR and community.zone_id is not None:
        return community.zone_id in membership_zone_ids(membership)
    if membership.role == Role.REGIONAL_DIRECTOR and community.region_id is not None:
        return community.region_id == membership.region_id
    return False


def can_create_community(membership: Membership) -> bool:
    """Head office, anywhere; an animator, for one of their zones."""
    return membership.role in (Role.HEAD_OFFICE, Role.ANIMATOR)


def can_post(membership: Membership, community: Community, *, is_member: bool) -> bool:
    """Members post; so may anyone in an open community (they join by posting), and its
    moderators. Nobody posts in an archived community."""
    if community.is_archived:
        return False
    return (
        is_member
        or community.visibility == Community.Visibility.OPEN
        or can_moderate(membership, community)
    )


def can_accept_answer(
    membership: Membership, community: Community, *, asker_id: int | None
) -> bool:
    """The asker, the community's moderators (an animator of its zone, head office)."""
    return membership.pk == asker_id or can_moderate(membership, community)


def can_announce(membership: Membership) -> bool:
    """Head office to anyone; a regional director to their region; an animator to their zones
    (network_animation.audiences.audience_within narrows what they name)."""
    if membership.role == Role.REGIONAL_DIRECTOR:
        return membership.region_id is not None
    return membership.role in (Role.HEAD_OFFICE, Role.ANIMATOR)


def can_see_read_rates(membership: Membership, author_id: int | None) -> bool:
    """An announcement's read rates: its author and head office."""
    return membership.role == Role.HEAD_OFFICE or membership.pk == author_id


def can_send_feedback(membership: Membership) -> bool:
    """The people of a point of sale, and animators."""
    if membership.role in (Role.POS_MANAGER, Role.POS_STAFF):
        return membership.point_of_sale_id is not None
    return membership.role == Role.ANIMATOR


def handles_feedback(membership: Membership) -> bool:
    """Those feedback is sent to: head office, and animators (for their zones)."""
    return membership.role in (Role.HEAD_OFFICE, Role.ANIMATOR)
