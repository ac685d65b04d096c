"""Spaced review's scheduling and streak, pure: FSRS (the `fsrs` package) says when a card comes
back; the streak counts working days with a review.

FSRS is used for whole days: no learning or relearning steps of minutes (a dealer reviews once a
day, between two customers), so a missed question comes back the next day and a right one after
a few days, then further apart; a question missed again and again keeps a low stability and
comes back soon. Fuzzing is off: the same answers give the same dates (tests, support).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, cast

from fsrs import Card, Rating, Scheduler

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
REVIEW_SECONDS_MAX = 5 * 60  # a daily review lasts five minutes at most
SUNDAY = 6  # the point of sale is closed


def card_reviewed(state: dict[str, Any] | None, *, correct: bool, at: dt.datetime) -> Card:
    """The card after an answer (a new card when there is no state yet): Again when it was
    missed, Good when it was right."""
    at = at.astimezone(dt.UTC)
    card = Card.from_dict(cast(Any, state)) if state else Card(card_id=1, due=at)
    reviewed, _log = SCHEDULER.review_card(card, Rating.Good if correct else Rating.Again, at)
    return reviewed


def cards_within(seconds: Sequence[int], budget: int, *, first_free: bool) -> int:
    """How many of the cards (in order, each with its estimated seconds) fit in the budget; with
    `first_free`, the first always does (a question longer than the review is still asked)."""
    taken, spent = 0, 0
    for cost in seconds:
        if spent + cost > budget and not (first_free and taken == 0):
            break
        taken, spent = taken + 1, spent + cost
    return taken


def due_days(windows: Iterable[tuple[dt.date, dt.date]], *, since: dt.date) -> set[dt.date]:
    """The days something was waiting to be reviewed: each window runs from the day a card fell
    due to the day before it was answered (or to yesterday), both included."""
    days: set[dt.date] = set()
    for first, last in windows:
        day = max(first, since)
        while day <= last:
            days.add(day)
            day += dt.timedelta(days=1)
    return days


def review_streak(
    review_days: Iterable[dt.date],
    days_off: Iterable[dt.date],
    *,
    today: dt.date,
    due: Iterable[dt.date] | None = None,
) -> int:
    """Consecutive working days with a review, counted back from today (not yet reviewed today:
    from yesterday, the day is not over). A day without a review breaks it only if it was a
    working day with something to review: Sundays, the person's days off and the days nothing
    was due (`due`, all days when not given) neither count nor break it; a review made on any
    day counts."""
    reviewed, off = set(review_days), set(days_off)
    waiting = set(due) if due is not None else None
    if not reviewed:
        return 0
    first = min(reviewed)
    day = today if today in reviewed else today - dt.timedelta(days=1)
    streak = 0
    while day >= first:
        if day in reviewed:
            streak += 1
        elif day.weekday() != SUNDAY and day not in off and (waiting is None or day in waiting):
            break
        day -= dt.timedelta(days=1)
    return streak
