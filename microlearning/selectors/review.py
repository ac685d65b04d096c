"""Today's review of a person: the cards due today (their local day) that fit in the five
minutes left of the day's review, the most overdue first; and their streak."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Sum
from django.utils import timezone

from network_animation.models import Membership, Tenant

from ..models import Choice, DayOff, ReviewAnswer, ReviewCard
from ..spacing import REVIEW_SECONDS_MAX, cards_within, due_days, review_streak

# Read at most this many due cards: more never fit in five minutes (a question lasts 5 s or more).
DUE_READ_MAX = REVIEW_SECONDS_MAX // 5
STREAK_DAYS_READ = 400


@dataclass(frozen=True)
class ReviewDay:
    cards: list[ReviewCard]  # today's left to answer, in order, within the five minutes
    answered: int  # answers given today
    seconds_spent: int  # their estimated seconds

    @property
    def seconds_left(self) -> int:
        return sum(card.step.estimated_seconds for card in self.cards)


def _day_end(now: dt.datetime) -> dt.datetime:
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))


def review_today(
    *, tenant: Tenant, membership: Membership, now: dt.datetime | None = None
) -> ReviewDay:
    """Three queries: today's answers, the due cards with their questions, their answers."""
    now = now or timezone.now()
    done = ReviewAnswer.objects.filter(
        tenant=tenant, membership=membership, day=timezone.localdate(now)
    ).aggregate(count=Count("pk"), seconds=Sum("seconds"))
    spent = done["seconds"] or 0
    due = list(
        ReviewCard.objects.filter(tenant=tenant, membership=membership, due__lt=_day_end(now))
        .select_related("step")
        .prefetch_related(Prefetch("step__choices", queryset=Choice.objects.order_by("position")))
        .order_by("due", "pk")[:DUE_READ_MAX]
    )
    taken = cards_within(
        [card.step.estimated_seconds for card in due],
        REVIEW_SECONDS_MAX - spent,
        first_free=done["count"] == 0,
    )
    return ReviewDay(cards=due[:taken], answered=done["count"], seconds_spent=spent)


def review_due_count(*, tenant: Tenant, membership: Membership, now: dt.datetime) -> int:
    """How many cards are due today, beyond the five minutes too (one query)."""
    return ReviewCard.objects.filter(
        tenant=tenant, membership=membership, due__lt=_day_end(now)
    ).count()


def streak_of(*, tenant: Tenant, membership: Membership, today: dt.date | None = None) -> int:
    """The person's review streak over the last year or so (three queries: their answers, their
    cards, their days off); see spacing.review_streak."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=STREAK_DAYS_READ)
    answers = ReviewAnswer.objects.filter(
        tenant=tenant, membership=membership, day__gte=since
    ).order_by("card_id", "created_at", "pk")
    events: dict[int, list[tuple[dt.datetime, dt.datetime | None]]] = defaultdict(list)
    cards = ReviewCard.objects.filter(tenant=tenant, membership=membership)
    for card_id, created_at, first_due in cards.values_list("pk", "created_at", "first_due"):
        events[card_id].append((created_at, first_due))
    days = set()
    for card_id, day, created_at, due_after in answers.values_list(
        "card_id", "day", "created_at", "due_after"
    ):
        days.add(day)
        events[card_id].append((created_at, due_after))
    off = DayOff.objects.filter(tenant=tenant, membership=membership, day__gte=since)
    return review_streak(
        days,
        off.values_list("day", flat=True),
        today=today,
        due=due_days(_windows(events, today), since=since),
    )


def _windows(
    events: dict[int, list[tuple[dt.datetime, dt.datetime | None]]], today: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """Each card's waits: from the day it fell due to the day before its next answer."""
    windows = []
    for timeline in events.values():
        timeline.sort(key=lambda event: event[0])
        for (_at, due), following in zip(timeline, [*timeline[1:], None], strict=True):
            if due is None:
                continue
            until = timezone.localdate(following[0]) if following else today
            windows.append((timezone.localdate(due), until - dt.timedelta(days=1)))
    return windows


def review_answer_of(*, tenant: Tenant, membership: Membership, id: int) -> ReviewAnswer | None:
    """One of the person's own review answers, with its question and answers."""
    return (
        ReviewAnswer.objects.filter(tenant=tenant, membership=membership, pk=id)
        .select_related("card__step")
        .prefetch_related("card__step__choices")
        .first()
    )
