"""A challenge's period as people choose it, and when its figures come. Pure: dates in, dates out.

Figures arrive the day after: a day's facts come with the night's import, and the nightly chain
scores the challenges on them, so the standings of a day are read the morning after. A period is
worth offering only if figures arrive while it runs; the default leaves a few days of them."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ONE_DAY = dt.timedelta(days=1)
# The default period shows standings on at least this many days before it ends.
USEFUL_DAYS = 3

REST_OF_WEEK = "rest_of_week"
NEXT_WEEK = "next_week"
NEXT_MONTH = "next_month"
OTHER_DATES = "other"
PRESET_LABELS = {
    REST_OF_WEEK: _("Rest of this week"),
    NEXT_WEEK: _("Next week"),
    NEXT_MONTH: pgettext_lazy("challenge period", "Next month"),
}


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


def presets(today: dt.date) -> list[Period]:
    """The rest of this week (to Sunday), the next week (Monday to Sunday), the next month."""
    sunday = today + dt.timedelta(days=6 - today.weekday())
    next_month = _month_end(today) + ONE_DAY
    return [
        Period(REST_OF_WEEK, today, sunday),
        Period(NEXT_WEEK, sunday + ONE_DAY, sunday + dt.timedelta(days=7)),
        Period(NEXT_MONTH, next_month, _month_end(next_month)),
    ]


def next_figures_on(today: dt.date, last_figures: dt.date | None) -> dt.date:
    """The day the next figures arrive: those of the first day not covered yet, the day after
    it. Tomorrow, unless figures of today are already in (`last_figures`, the last day with
    facts); figures that lag are expected with the next night's import."""
    first_missing = max(today, last_figures + ONE_DAY) if last_figures else today
    return first_missing + ONE_DAY


def first_figures_on(start: dt.date, today: dt.date, last_figures: dt.date | None) -> dt.date:
    """When a challenge starting on `start` that has no figures yet gets its first ones."""
    return max(start + ONE_DAY, next_figures_on(today, last_figures))


def offered(today: dt.date, last_figures: dt.date | None) -> list[Period]:
    """The presets that do not end before their first figures arrive."""
    return [
        period
        for period in presets(today)
        if first_figures_on(period.start, today, last_figures) <= period.end
    ]


def default_period(today: dt.date, last_figures: dt.date | None) -> Period:
    """The rest of this week while it leaves a few days of standings, else the next week (or,
    when even that would not, the next month)."""
    choices = offered(today, last_figures)
    for period in choices:
        shown_from = first_figures_on(period.start, today, last_figures)
        if (period.end - shown_from).days + 1 >= USEFUL_DAYS:
            return period
    return choices[-1] if choices else presets(today)[-1]
