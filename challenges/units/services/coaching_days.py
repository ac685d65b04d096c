"""Writes of coaching days: a coach records a day at a point of sale they are assigned to; once
it is held (its day has come and what was done is written) the unit's managers are asked to
rate it, once; a manager rates it, once."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from network_animation.data_versions import data_changed
from network_animation.models import Membership, PointOfSale, Role, Tenant
from network_animation.services.notifications import notify

from ...models import CoachingDay, CoachRating
from .. import errors, notifications, rights
from ..cache import UNITS


@dataclass(frozen=True)
class DaySpec:
    date: dt.date
    objectives: str
    work_done: str = ""
    next_steps: str = ""


def coaching_day_url(day: CoachingDay) -> str:
    return reverse("challenges:coaching_day", args=[day.tenant.slug, day.pk])


def _check_spec(spec: DaySpec, today: dt.date) -> None:
    if spec.work_done.strip() and spec.date > today:
        raise ValidationError({"work_done": errors.NOT_YET})


def _ask_rating(tenant: Tenant, day: CoachingDay, today: dt.date) -> None:
    """The unit's managers, once per day whatever the edits (`once_key`)."""
    if not day.is_held(today) or day.coach is None:
        return
    managers = Membership.objects.filter(
        tenant=tenant, point_of_sale=day.point_of_sale, role=Role.POS_MANAGER, is_active=True
    )
    notify(
        tenant=tenant,
        kind=notifications.RATING_REQUEST,
        recipients=list(managers),
        actor=day.coach,
        target=day,
        url=coaching_day_url(day),
        params={
            "coach": day.coach.user.get_full_name() or day.coach.user.email,
            "date": day.date.isoformat(),
        },
        once_key=f"coaching_day:{day.pk}",
    )


@transaction.atomic
def coaching_day_record(
    *,
    tenant: Tenant,
    actor: Membership,
    point_of_sale: PointOfSale,
    spec: DaySpec,
    today: dt.date,
) -> CoachingDay:
    if not rights.can_record_coaching_day(tenant=tenant, membership=actor, point=point_of_sale):
        raise PermissionDenied(errors.NOT_ASSIGNED)
    _check_spec(spec, today)
    day = CoachingDay.objects.create(
        tenant=tenant,
        point_of_sale=point_of_sale,
        coach=actor,
        date=spec.date,
        objectives=spec.objectives,
        work_done=spec.work_done,
        next_steps=spec.next_steps,
    )
    _ask_rating(tenant, day, today)
    data_changed(tenant=tenant, kinds=[UNITS])
    return day


@transaction.atomic
def coaching_day_update(
    *, tenant: Tenant, actor: Membership, day: CoachingDay, spec: DaySpec, today: dt.date
) -> CoachingDay:
    if not rights.can_edit_coaching_day(actor, day):
        raise PermissionDenied(errors.NOT_THE_COACH)
    _check_spec(spec, today)
    day.date, day.objectives = spec.date, spec.objectives
    day.work_done, day.next_steps = spec.work_done, spec.next_steps
    day.updated_at = timezone.now()
    day.save()
    _ask_rating(tenant, day, today)
    data_changed(tenant=tenant, kinds=[UNITS])
    return day


def coaching_day_rate(
    *,
    tenant: Tenant,
    actor: Membership,
    day: CoachingDay,
    score: int,
    comment: str,
    today: dt.date,
) -> CoachRating:
    """The manager's rating of the day, once: a second one (even sent at the same moment from
    two browsers) is refused by the database's unique constraint."""
    rated = CoachRating.objects.filter(tenant=tenant, coaching_day=day).exists()
    if rated:
        raise ValidationError(errors.ALREADY_RATED)
    if not rights.can_rate(actor, day, today=today, rated=False):
        raise PermissionDenied(errors.CANNOT_RATE)
    if not 1 <= score <= 5:
        raise ValidationError({"score": errors.SCORE_RANGE})
    try:
        with transaction.atomic():
            rating = CoachRating.objects.create(
                tenant=tenant,
                coaching_day=day,
                coach_id=day.coach_id,
                rater=actor,
                score=score,
                comment=comment,
            )
    except IntegrityError as twice:
        raise ValidationError(errors.ALREADY_RATED) from twice
    data_changed(tenant=tenant, kinds=[UNITS])
    return rating
