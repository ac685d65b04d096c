"""Who does what in coaching, by role (the rows each person reads are the selectors' part:
communities/selectors/coaching.py)."""

from network_animation.models import Membership, Role


def can_assign_coaches(membership: Membership) -> bool:
    return membership.role == Role.HEAD_OFFICE


def can_report_difficulty(membership: Membership) -> bool:
    """Anyone of the network meets difficulties; coaches and head office help with them."""
    return membership.role not in (Role.HEAD_OFFICE, Role.COACH)


def is_coach(membership: Membership) -> bool:
    return membership.role == Role.COACH


def sees_difficulty_queue(membership: Membership) -> bool:
    return membership.role in (Role.COACH, Role.HEAD_OFFICE)


def may_review_sheets(membership: Membership) -> bool:
    """Head office, and the coaches (never of their own sheet: `can_review`)."""
    return membership.role in (Role.COACH, Role.HEAD_OFFICE)


def can_review(membership: Membership, *, author_id: int | None) -> bool:
    return may_review_sheets(membership) and membership.pk != author_id
