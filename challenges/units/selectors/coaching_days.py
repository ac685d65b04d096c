"""Reads of coaching days and the unit managers' ratings.

A coach reads their own average, never a rating: the average is shown once it counts
`AVERAGE_SHOWN_FROM` ratings and moves by whole blocks of them, so no rating can be read from
it one by one. Head office
reads each rating; the manager who rated reads their own."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Max, Q, QuerySet
from django.http import Http404

from communities.selectors import coach_assignments
from network_animation.models import Membership, PointOfSale, Role, Tenant

from ...models import CoachingDay, CoachRating

AVERAGE_SHOWN_FROM = 3


def coaching_day_get(*, tenant: Tenant, id: int) -> CoachingDay:
    found = (
        CoachingDay.objects.filter(tenant=tenant, pk=id)
        .select_related("point_of_sale__zone__region", "coach__user")
        .first()
    )
    if found is None:
        raise Http404
    return found


def coaching_days_visible(*, tenant: Tenant, membership: Membership) -> QuerySet[CoachingDay]:
    """A coach's own days; a unit's days for its people; every day for head office; the days
    of the points of sale they look after for animators and directors."""
    days = CoachingDay.objects.filter(tenant=tenant).select_related("point_of_sale", "coach__user")
    if membership.role == Role.HEAD_OFFICE:
        return days
    if membership.role == Role.COACH:
        return days.filter(coach=membership)
    if membership.role == Role.REGIONAL_DIRECTOR:
        return days.filter(point_of_sale__zone__region_id=membership.region_id or 0)
    if membership.role == Role.ANIMATOR:
        return days.filter(point_of_sale__zone__in=membership.zones.all())
    return days.filter(point_of_sale_id=membership.point_of_sale_id or 0)


def coaching_days_of_point(*, tenant: Tenant, point_of_sale: PointOfSale) -> QuerySet[CoachingDay]:
    return CoachingDay.objects.filter(tenant=tenant, point_of_sale=point_of_sale).select_related(
        "coach__user"
    )


def rated_day_ids(*, tenant: Tenant, day_ids: list[int]) -> set[int]:
    return set(
        CoachRating.objects.filter(tenant=tenant, coaching_day_id__in=day_ids).values_list(
            "coaching_day_id", flat=True
        )
    )


def rating_of(*, tenant: Tenant, day: CoachingDay) -> CoachRating | None:
    return (
        CoachRating.objects.filter(tenant=tenant, coaching_day=day)
        .select_related("rater__user")
        .first()
    )


@dataclass(frozen=True)
class Average:
    count: int  # every rating received
    value: float | None  # None until AVERAGE_SHOWN_FROM ratings
    counted: int = 0  # the ratings `value` averages: whole blocks only

    @property
    def missing(self) -> int:
        return max(AVERAGE_SHOWN_FROM - self.count, 0)


def coach_average(*, tenant: Tenant, coach: Membership) -> Average:
    """The coach's average over whole blocks of `AVERAGE_SHOWN_FROM` ratings, the oldest first:
    it moves only when a block is complete, so no single rating can be read from the change
    (each one follows a day the coach knows)."""
    scores = list(
        CoachRating.objects.filter(tenant=tenant, coach=coach)
        .order_by("pk")
        .values_list("score", flat=True)
    )
    counted = scores[: len(scores) - len(scores) % AVERAGE_SHOWN_FROM]
    shown = sum(counted) / len(counted) if counted else None
    return Average(len(scores), shown, len(counted))


@dataclass(frozen=True)
class CoachDays:
    planned: list[CoachingDay]
    held: list[CoachingDay]
    average: Average


def coach_days(*, tenant: Tenant, coach: Membership, today: dt.date, limit: int = 5) -> CoachDays:
    """A coach's next planned days (the soonest first; days not written up yet count as
    planned) and latest held ones, with their average."""
    days = CoachingDay.objects.filter(tenant=tenant, coach=coach).select_related("point_of_sale")
    held = Q(date__lte=today) & ~Q(work_done="")
    return CoachDays(
        planned=list(days.exclude(held).order_by("date", "pk")[:limit]),
        held=list(days.filter(held).order_by("-date", "-pk")[:limit]),
        average=coach_average(tenant=tenant, coach=coach),
    )


def coach_points_of_sale(*, tenant: Tenant, coach: Membership) -> QuerySet[PointOfSale]:
    """The points of sale a coach is assigned to, directly or through their zone or region."""
    mine = coach_assignments(tenant=tenant).filter(coach=coach)
    return (
        PointOfSale.objects.filter(tenant=tenant, is_active=True)
        .filter(
            Q(pk__in=mine.exclude(point_of_sale=None).values("point_of_sale_id"))
            | Q(zone_id__in=mine.exclude(zone=None).values("zone_id"))
            | Q(zone__region_id__in=mine.exclude(region=None).values("region_id"))
        )
        .select_related("zone")
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class CoachActivity:
    coach: Membership
    held: int
    planned: int
    last_day: dt.date | None
    ratings: int
    average: float | None


def coaches_activity(*, tenant: Tenant, today: dt.date) -> list[CoachActivity]:
    """Head office's view: every active coach's days and ratings (three queries)."""
    coaches = list(
        Membership.objects.filter(tenant=tenant, role=Role.COACH, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    held = Q(date__lte=today) & ~Q(work_done="")
    days: dict[int, dict[str, Any]] = {
        row["coach_id"]: dict(row)
        for row in CoachingDay.objects.filter(tenant=tenant)
        .values("coach_id")
        .annotate(
            held=Count("pk", filter=held),
            planned=Count("pk", filter=~held),
            last=Max("date", filter=held),
        )
    }
    ratings: dict[int, dict[str, Any]] = {
        row["coach_id"]: dict(row)
        for row in CoachRating.objects.filter(tenant=tenant)
        .values("coach_id")
        .annotate(count=Count("pk"), average=Avg("score"))
    }
    return [
        _activity(coach, days.get(coach.pk, {}), ratings.get(coach.pk, {})) for coach in coaches
    ]


def _activity(coach: Membership, days: dict[str, Any], ratings: dict[str, Any]) -> CoachActivity:
    return CoachActivity(
        coach,
        held=days.get("held", 0),
        planned=days.get("planned", 0),
        last_day=days.get("last"),
        ratings=ratings.get("count", 0),
        average=ratings.get("average"),
    )


def ratings_list(*, tenant: Tenant) -> QuerySet[CoachRating]:
    """Each rating, the latest first: for head office only (the view checks)."""
    return CoachRating.objects.filter(tenant=tenant).select_related(
        "coach__user", "rater__user", "coaching_day__point_of_sale"
    )
