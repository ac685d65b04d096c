"""The demo's daily figures and monthly targets, drawn with numpy: pure code, no ORM.

A point of sale's figure on a day is its KPI's daily level times its size, its own performance
and trend, its good or bad month, the brand's season and the weekday. Head office sets targets
from what it plans (the size as it sees it, a yearly growth, a little stretch), not from how the
point of sale really performs, so achievement spreads as in a real network: most between 80 and
115 %, some clearly behind. Stocks follow their own dynamics (`_stock_cover`, `_stock_outs`).
The story of the README (a zone's slump and recovery, a dealer's climb, a label winner) is
written into the monthly factors by `story.py`.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..models import Aggregation
from .specs import STOCK_OUTS, DemoBrandKpis, DemoKpi

SIZE_FACTOR = {"S": 0.6, "M": 1.0, "L": 1.6, "XL": 2.4}
OFF_TARGET_SHARE = 0.12
STRETCH = 1.03  # targets ask a little more than the planned pace
PLANNED_GROWTH = 0.04  # a year, built into the targets
# The manufacturer's stock push by month (January first): stock is built before the March and
# September peaks, stays high while August sells little, and is cleared at the end of the year.
STOCK_PUSH = (1.0, 1.1, 1.2, 1.0, 1.05, 1.15, 1.1, 1.3, 1.05, 0.95, 1.0, 0.85)
CAR_DELIVERY_DAYS = (0,)  # Monday's truck
STORE_DELIVERY_DAYS = (1, 4)  # Tuesday and Friday


@dataclass(frozen=True)
class Calendar:
    """The open days from the first day of history to the end of the year."""

    days: pd.DatetimeIndex
    weekday: np.ndarray  # each day's weight in its week (1 on average over a week)
    month: np.ndarray  # each day's month, as an index into `months`
    months: pd.DatetimeIndex  # the first day of each month
    history: int  # the first `history` days are past: they have facts
    current: int  # today's month, as an index into `months`

    @property
    def past(self) -> pd.DatetimeIndex:
        return self.days[: self.history]

    def years(self, days: pd.DatetimeIndex) -> np.ndarray:
        return np.asarray((days - self.days[0]).days / 365.25)


def demo_calendar(*, today: dt.date, days: int, week: tuple[float, ...]) -> Calendar:
    """The last `days` days before today on which the brand's points of sale open (dealers
    close on Sundays), then the rest of the year (for its targets)."""
    every_day = pd.date_range(today - dt.timedelta(days=days), dt.date(today.year, 12, 31))
    weights = np.asarray(week)[every_day.day_of_week]
    open_days = every_day[weights > 0]
    first = open_days[0].replace(day=1)
    months = pd.date_range(first, open_days[-1], freq="MS")
    return Calendar(
        days=open_days,
        weekday=weights[weights > 0] / np.mean([w for w in week if w > 0]),
        month=np.asarray((open_days.year - first.year) * 12 + open_days.month - first.month),
        months=months,
        history=int((open_days < pd.Timestamp(today)).sum()),
        current=(today.year - first.year) * 12 + today.month - first.month,
    )


@dataclass
class Profile:
    """Each point of sale (rows, in creation order) as the figures are drawn from."""

    size: np.ndarray  # its level: size class and its own
    plan: np.ndarray  # the level head office sets its targets on
    performance: np.ndarray  # against the plan
    trend: np.ndarray  # yearly
    monthly: np.ndarray  # points of sale x months: good and bad months, and the story
    satisfaction: np.ndarray  # its customers' average score
    kpi_spread: np.ndarray  # points of sale x KPIs: each KPI's own share of the performance
    steady: np.ndarray  # points of sale drawn without daily noise (the story's cast)


def demo_profile(
    size_classes: list[str], months: int, kpis: int, generator: np.random.Generator
) -> Profile:
    count = len(size_classes)
    size = np.array([SIZE_FACTOR.get(c, 1.0) for c in size_classes]) * generator.lognormal(
        0, 0.2, count
    )
    off_target = generator.random(count) < OFF_TARGET_SHARE
    performance = np.where(
        off_target, generator.uniform(0.65, 0.85, count), generator.lognormal(0, 0.08, count)
    )
    shocks = np.zeros((count, months))
    shocks[:, 0] = generator.normal(0, 0.07, count)
    for month in range(1, months):
        shocks[:, month] = 0.5 * shocks[:, month - 1] + generator.normal(0, 0.06, count)
    return Profile(
        size=size,
        plan=size * generator.lognormal(0, 0.06, count),
        performance=performance,
        trend=generator.normal(0.04, 0.04, count),
        monthly=np.exp(shocks),
        satisfaction=generator.normal(0, 0.25, count) + 1.5 * (performance - 1),
        kpi_spread=generator.lognormal(0, 0.05, (count, kpis)),
        steady=np.zeros(count, dtype=bool),
    )


def seasons(brand: DemoBrandKpis, spec: DemoKpi, calendar: Calendar) -> np.ndarray:
    """Each day's weight in the year, for `spec`."""
    return np.asarray(spec.season or brand.season)[calendar.days.month - 1]


def daily_values(
    spec: DemoKpi,
    position: int,
    brand: DemoBrandKpis,
    profile: Profile,
    calendar: Calendar,
    generator: np.random.Generator,
    sales: np.ndarray | None = None,
) -> np.ndarray:
    """A value per point of sale (rows) and past day (columns), as the KPI's aggregation
    suits. A stock runs on `sales` (the brand's first KPI's values)."""
    past = slice(0, calendar.history)
    monthly = profile.monthly[:, calendar.month[past]]
    if spec.aggregation == Aggregation.AVERAGE:
        mean = spec.daily + profile.satisfaction[:, None] + 2 * np.log(monthly)
        return np.clip(generator.normal(mean, 0.8), 0, 10).round(1)
    if spec.aggregation == Aggregation.LAST:
        if spec.stock == STOCK_OUTS:
            return _stock_outs(spec, profile, calendar, seasons(brand, spec, calendar), generator)
        return _stock_cover(spec, profile, calendar, sales, generator)
    growth = 1 + profile.trend[:, None] * calendar.years(calendar.past)[None, :]
    performance = (profile.performance * profile.kpi_spread[:, position])[:, None]
    rhythm = (seasons(brand, spec, calendar) * calendar.weekday)[past]
    mean = spec.daily * profile.size[:, None] * performance * growth * monthly * rhythm
    counted = spec.daily < 100
    values = generator.poisson(mean) if counted else generator.gamma(4.0, mean / 4.0).round(2)
    steady = mean[profile.steady]
    if counted:  # whole units whose running total follows the mean's
        running = np.cumsum(steady, axis=1).round()
        steady = np.diff(running, axis=1, prepend=0)
    values[profile.steady] = steady.round(2)
    return values


def _stock_cover(
    spec: DemoKpi,
    profile: Profile,
    calendar: Calendar,
    sales: np.ndarray | None,
    generator: np.random.Generator,
) -> np.ndarray:
    """New cars in stock at closing: sold down every day, refilled by Monday's truck towards a
    level the manufacturer pushes up or down by month, with the dealer's own overstock
    episodes; a well-run dealer keeps less."""
    count, days = len(profile.size), calendar.history
    sold = sales if sales is not None else np.zeros((count, days))
    level = spec.daily * profile.size * np.clip(2 - profile.performance, 0.6, 1.4)
    drift = np.zeros(count)
    stock = level.round()
    values = np.empty((count, days))
    weekdays = calendar.days.day_of_week.to_numpy()
    months = calendar.days.month.to_numpy()
    for day in range(days):
        if weekdays[day] in CAR_DELIVERY_DAYS:
            drift = 0.8 * drift + generator.normal(0, 0.08, count)
            wanted = level * STOCK_PUSH[months[day] - 1] * np.exp(drift)
            delivered = np.maximum(0, wanted - stock) * generator.uniform(0.6, 1.25, count)
            stock = stock + delivered.round()
        stock = np.maximum(0, stock - sold[:, day])
        values[:, day] = stock
    return values


def _stock_outs(
    spec: DemoKpi,
    profile: Profile,
    calendar: Calendar,
    season: np.ndarray,
    generator: np.random.Generator,
) -> np.ndarray:
    """References out of stock at closing: they pile up until the next delivery (Tuesdays and
    Fridays), more when the season sells, in a store's supply troubles (episodes of a few
    weeks) and in a store that orders badly."""
    count, days = len(profile.size), calendar.history
    base = spec.daily * np.sqrt(profile.size) * np.clip(1.5 - 0.5 * profile.performance, 0.8, 1.4)
    trouble = np.zeros(count)
    waited = np.zeros(count)
    values = np.empty((count, days))
    weekdays = calendar.days.day_of_week.to_numpy()
    for day in range(days):
        waited = np.zeros(count) if weekdays[day] in STORE_DELIVERY_DAYS else waited + 1
        trouble = 0.95 * trouble + generator.normal(0, 0.06, count)
        mean = base * (0.7 + 0.15 * waited) * season[day] ** 0.7 * np.exp(trouble)
        values[:, day] = generator.poisson(mean)
    return values


def month_targets(
    spec: DemoKpi, brand: DemoBrandKpis, profile: Profile, calendar: Calendar
) -> np.ndarray:
    """Each point of sale's (rows) target for each month (columns): an average KPI's score,
    else the month's planned total: the planned level over the month's open days with their
    season and weekday, a yearly growth and a stretch."""
    count, months = len(profile.plan), len(calendar.months)
    if spec.aggregation == Aggregation.AVERAGE:
        return np.full((count, months), spec.daily)
    rhythm = seasons(brand, spec, calendar) * calendar.weekday
    month_weight = np.bincount(calendar.month, weights=rhythm, minlength=months)
    middle = calendar.months + pd.Timedelta(days=14)
    growth = 1 + PLANNED_GROWTH * calendar.years(middle)
    planned = spec.daily * profile.plan[:, None] * (month_weight * growth * STRETCH)[None, :]
    return planned.round(0)
