"""The shape of the demo's daily figures: pure numpy and pandas, no ORM (kpis/demo.py seeds them).

A point of sale's figure on a day is its KPI's daily level times its size, its yearly trend, its
performance (its own, with good and bad months, and whatever the demo's story makes of it), the
season and the weekday: Saturday is the busy day. A stock is a level that wanders around a
seasonal norm and is pulled back to it (a mean-reverting walk). Targets follow the planned pace,
not the actual one, so achievements spread as in a real network. Drawn from one generator: the
same seed gives the same demo.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .models import Aggregation

SIZE_FACTOR = {"S": 0.6, "M": 1.0, "L": 1.6, "XL": 2.4}
OFF_TARGET_SHARE = 0.12
PERFORMANCE_SPREAD = 0.10  # of the points of sale on target (0.06 bunched them up)
STRETCH = 1.05  # targets ask a little more than the planned pace
PLANNED_GROWTH = 0.04  # a year, built into the targets
SATURDAY = 1.35  # a Saturday's trade against another open day's
MONTHLY_SWING = 0.04  # a point of sale's good and bad months, KPI by KPI: mostly within 5 %
STOCK_MEMORY = 0.92  # the share of yesterday's gap to its norm a stock still has today
STOCK_SPREAD = 0.15  # a stock's usual gap to its norm
STOCK_SEASON = 0.12  # stock is built ahead of the spring's sales and run down in winter
STORY_COLUMNS = ["point_of_sale_id", "kpi", "month", "value"]


@dataclass(frozen=True)
class DemoStory:
    """What the demo's story makes of some points of sale's performance on some KPIs in some
    months: frames of STORY_COLUMNS (the KPI's code, the month's first day). `levels` replace
    the performance drawn (good and bad months included); `factors` multiply it."""

    levels: pd.DataFrame
    factors: pd.DataFrame

    @classmethod
    def untold(cls) -> "DemoStory":
        return cls(pd.DataFrame(columns=STORY_COLUMNS), pd.DataFrame(columns=STORY_COLUMNS))

    def __add__(self, other: "DemoStory") -> "DemoStory":
        return DemoStory(
            pd.concat([self.levels, other.levels], ignore_index=True),
            pd.concat([self.factors, other.factors], ignore_index=True),
        )


def demo_profiles(points: pd.DataFrame, generator: np.random.Generator) -> pd.DataFrame:
    """Each point of sale's (`points`: pk, size_class, zone_id) size, yearly trend and
    performance; some are clearly off target."""
    count = len(points)
    off_target = generator.random(count) < OFF_TARGET_SHARE
    on_target = generator.normal(1.02, PERFORMANCE_SPREAD, count)
    return pd.DataFrame(
        {
            "point_of_sale_id": points["pk"].to_numpy(),
            "zone_id": points["zone_id"].to_numpy() if "zone_id" in points else 0,
            "size": points["size_class"].map(SIZE_FACTOR).fillna(1.0).to_numpy()
            * generator.lognormal(0, 0.15, count),
            "trend": generator.normal(0.04, 0.06, count),
            "performance": np.where(off_target, generator.uniform(0.6, 0.8, count), on_target),
        }
    )


def month_codes(dates: pd.DatetimeIndex) -> tuple[np.ndarray, pd.DatetimeIndex]:
    """Each day's month, as an index into the months (their first days, in order)."""
    codes, months = pd.factorize(dates.to_period("M").start_time, sort=True)
    return codes, pd.DatetimeIndex(months)


def seasonality(dates: pd.DatetimeIndex) -> np.ndarray:
    day_of_year = dates.day_of_year.to_numpy()
    summer_and_august_dip = 1 + 0.18 * np.sin(2 * np.pi * (day_of_year - 60) / 365)
    return summer_and_august_dip * np.where(dates.month == 8, 0.7, 1.0)


def weekday_rhythm(dates: pd.DatetimeIndex) -> np.ndarray:
    """Each day's weight in its week: Saturdays SATURDAY times another open day, the open days
    of a week adding up to their number (a week's total as without a rhythm)."""
    weekdays = dates.day_of_week.to_numpy()
    open_days = len(np.unique(weekdays))
    if open_days < 2 or 5 not in weekdays:
        return np.ones(len(dates))
    other = open_days / (open_days - 1 + SATURDAY)
    return np.where(weekdays == 5, SATURDAY * other, other)


def performance_grid(
    code: str,
    profile: pd.DataFrame,
    dates: pd.DatetimeIndex,
    generator: np.random.Generator,
    story: DemoStory | None = None,
) -> np.ndarray:
    """Each point of sale's (rows) performance on the KPI `code` each day (columns): its own,
    swinging from month to month, as the story tells it."""
    codes, months = month_codes(dates)
    swing = np.exp(generator.normal(0, MONTHLY_SWING, (len(profile), len(months))))
    monthly = profile["performance"].to_numpy()[:, None] * swing
    if story is not None:
        points = pd.Index(profile["point_of_sale_id"])
        _told(monthly, story.levels, code, points, months, replace=True)
        _told(monthly, story.factors, code, points, months, replace=False)
    return monthly[:, codes]


def _told(
    monthly: np.ndarray,
    frame: pd.DataFrame,
    code: str,
    points: pd.Index,
    months: pd.DatetimeIndex,
    *,
    replace: bool,
) -> None:
    told = frame[frame["kpi"] == code]
    rows = points.get_indexer(told["point_of_sale_id"])
    columns = months.get_indexer(pd.DatetimeIndex(told["month"]))
    kept = (rows >= 0) & (columns >= 0)
    values = told["value"].to_numpy(dtype=float)[kept]
    if replace:
        monthly[rows[kept], columns[kept]] = values
    else:
        monthly[rows[kept], columns[kept]] *= values


def daily_values(
    spec_daily: float,
    aggregation: str,
    profile: pd.DataFrame,
    dates: pd.DatetimeIndex,
    generator: np.random.Generator,
    performance: np.ndarray,
) -> np.ndarray:
    """A value per point of sale (rows) and day (columns), as the KPI's aggregation suits:
    `spec_daily` is a medium point of sale's daily mean (a level for a last value, a score for
    an average)."""
    if aggregation == Aggregation.AVERAGE:
        mean = spec_daily + 1.5 * (performance - 1)
        return np.clip(generator.normal(mean, 0.8), 0, 10).round(1)
    if aggregation == Aggregation.LAST:
        return _stock(spec_daily, profile, dates, generator)
    years = ((dates - dates[0]).days / 365.25).to_numpy()
    trend = 1 + profile["trend"].to_numpy()[:, None] * years[None, :]
    rhythm = (seasonality(dates) * weekday_rhythm(dates))[None, :]
    mean = spec_daily * profile["size"].to_numpy()[:, None] * trend * performance * rhythm
    if spec_daily < 100:
        return generator.poisson(mean)
    return generator.gamma(4.0, mean / 4.0).round(2)


def _stock(
    level: float, profile: pd.DataFrame, dates: pd.DatetimeIndex, generator: np.random.Generator
) -> np.ndarray:
    """A level at closing (new cars in stock, references out of stock): around a norm of the
    point of sale's size and season (a well-run one keeps less), from which it strays for days
    or weeks and to which it comes back."""
    own = level * profile["size"].to_numpy() * (2 - profile["performance"].to_numpy())
    day_of_year = dates.day_of_year.to_numpy()
    season = 1 + STOCK_SEASON * np.sin(2 * np.pi * (day_of_year - 30) / 365)
    norm = own[:, None] * season[None, :]
    return np.maximum(1, (norm * np.exp(_mean_reverting(norm.shape, generator))).round())


def _mean_reverting(shape: tuple[int, ...], generator: np.random.Generator) -> np.ndarray:
    """Walks of `shape[1]` steps (an AR(1) process, one per row), each starting and staying
    about STOCK_SPREAD from 0."""
    rows, days = shape
    steps = generator.normal(0, STOCK_SPREAD * np.sqrt(1 - STOCK_MEMORY**2), shape)
    walk = np.empty(shape)
    walk[:, 0] = generator.normal(0, STOCK_SPREAD, rows)
    for day in range(1, days):  # vectorised over the points of sale
        walk[:, day] = STOCK_MEMORY * walk[:, day - 1] + steps[:, day]
    return walk


def month_targets(
    spec_daily: float,
    aggregation: str,
    profile: pd.DataFrame,
    month: pd.Timestamp,
    first: pd.Timestamp,
    open_days: int,
) -> np.ndarray:
    """Each point of sale's target for `month`: an average KPI's daily level, else the expected
    month's total with the season, the size and a yearly growth since `first` (the first day of
    history). The month `first` falls in is counted from that day: its target is the part of
    the month the history holds, so a year with that month is judged fairly (its labels)."""
    if aggregation == Aggregation.AVERAGE:
        return np.full(len(profile), spec_daily)
    season = float(seasonality(pd.DatetimeIndex([month + pd.Timedelta(days=14)]))[0])
    years = (month - first).days / 365.25
    expected = (
        spec_daily
        * open_days
        * season
        * STRETCH
        * profile["size"]
        * (1 + PLANNED_GROWTH * years)
        * _held(month, first)
    )
    return expected.round(0).to_numpy()


def _held(month: pd.Timestamp, first: pd.Timestamp) -> float:
    """The share of `month` from the first day of history on."""
    if first <= month:
        return 1.0
    following = (month + pd.offsets.MonthBegin(1)).date()
    days = (following - month.date()).days
    return (following - first.date()).days / days if first.date() < following else 0.0
