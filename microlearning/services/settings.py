"""Head office's rules of learning for its network: the points a quiz question is worth at
each attempt (10, 7, 5, 2 by default), fewer at each one so that guessing does not pay."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from network_animation.audit import audit_record
from network_animation.models import Membership, Tenant

from .. import errors, permissions
from ..models import LearningSettings
from .learning import learning_settings

MOST_ATTEMPTS = 6  # past the last value, every attempt is worth it (LearningSettings.points_for)


def points_by_attempt_check(points: Sequence[int]) -> list[int]:
    """The scale as stored, or a ValidationError saying what is wrong with it."""
    if not 1 <= len(points) <= MOST_ATTEMPTS:
        raise ValidationError(errors.POINTS_COUNT, params={"most": MOST_ATTEMPTS})
    if any(isinstance(value, bool) or not isinstance(value, int) or value < 0 for value in points):
        raise ValidationError(errors.POINTS_NEGATIVE)
    for earlier, later in zip(points, points[1:], strict=False):
        if later >= earlier:
            raise ValidationError(
                errors.POINTS_NOT_DECREASING, params={"earlier": earlier, "later": later}
            )
    return list(points)


@transaction.atomic
def learning_settings_save(
    *, tenant: Tenant, actor: Membership, points_by_attempt: Sequence[int]
) -> LearningSettings:
    """Set the network's points by attempt; attempts already made keep the points they got."""
    if not permissions.may_configure_learning(actor):
        raise PermissionDenied(errors.CANNOT_CONFIGURE)
    points = points_by_attempt_check(points_by_attempt)
    settings = learning_settings(tenant=tenant)
    before = list(settings.points_by_attempt)
    settings.points_by_attempt = points
    settings.save()
    audit_record(
        tenant=tenant,
        actor=actor.user,
        action="learning_settings_saved",
        target="learning_settings",
        before={"points_by_attempt": before},
        after={"points_by_attempt": points},
    )
    return settings
