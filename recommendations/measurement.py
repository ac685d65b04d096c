"""The measurement against the hold-out group: per KPI and quarter, how much more the points of
sale that may receive recommendations improved than the held-out ones. Pure: frames in, rows
out, no ORM.

Who is compared: the points of sale below target on the KPI over the quarter before (those the
engine recommends content for, as it reads the last three closed months), in each group. The
group was drawn at random before the quarter, so the two groups differ only by chance and by
the recommendations; the comparison is of everyone drawn (intention to treat), whether or not
they opened what was recommended.

What is compared: each point of sale's change in achievement (value / target, over the
quarter's closed months against the three months before), in points of achievement, with the
sign turned for a KPI where lower is better. The uplift is the difference between the groups'
mean changes, with a Welch interval (unequal variances, Welch-Satterthwaite degrees of
freedom). An interval that includes 0 says it is too early to tell.
"""

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .frames import months_before

CONFIDENCE = 0.95
MIN_GROUP = 2  # points of sale per group for a spread, hence an interval


@dataclass(frozen=True)
class Uplift:
    kpi: int
    recommended: int  # points of sale compared in each group
    held_out: int
    recommended_change: float  # mean change in achievement, in points (3.0 = 3 points better)
    held_out_change: float
    difference: float | None  # recommended minus held out, in points; None: a group too small
    low: float | None  # the interval's bounds
    high: float | None

    @property
    def magnitude(self) -> float | None:
        return None if self.difference is None else abs(self.difference)

    @property
    def reading(self) -> str:
        """ "better", "worse" or "too_early" (the interval includes no difference, or there is
        none)."""
        if self.low is None or self.high is None or self.low <= 0 <= self.high:
            return "too_early"
        return "better" if self.low > 0 else "worse"


def achievement_changes(
    months: pd.DataFrame, *, quarter: dt.date, until: dt.date, lower_is_better: set[int]
) -> pd.DataFrame:
    """point_of_sale, kpi, change: for the points of sale below target on the KPI over the three
    months before `quarter`, the change of their achievement from those months to the quarter's
    months before `until` (closed months), in points. `months`: point_of_sale, kpi, month,
    value, target (month rollups)."""
    before = months_before(quarter, 3)
    frame = months[months["target"].notna() & (months["target"] > 0)]
    frame = frame.assign(period=np.where(frame["month"] < quarter, "before", "during"))
    frame = frame[(frame["month"] >= before) & (frame["month"] < until)]
    totals = frame.groupby(["point_of_sale", "kpi", "period"])[["value", "target"]].sum()
    achievement = (totals["value"] / totals["target"] * 100).unstack("period")
    if "before" not in achievement or "during" not in achievement:
        return pd.DataFrame({"point_of_sale": [], "kpi": [], "change": []})
    achievement = achievement.dropna(subset=["before", "during"]).reset_index()
    lower = achievement["kpi"].isin(lower_is_better)
    sign = np.where(lower, -1.0, 1.0)
    off_target = (achievement["before"] - 100) * sign < 0
    achievement["change"] = (achievement["during"] - achievement["before"]) * sign
    return achievement.loc[off_target, ["point_of_sale", "kpi", "change"]].reset_index(drop=True)


def uplift_against_holdout(
    changes: pd.DataFrame, held_out: set[int], *, confidence: float = CONFIDENCE
) -> list[Uplift]:
    """One row per KPI of `changes` (point_of_sale, kpi, change), by KPI id."""
    found = []
    for kpi, rows in changes.groupby("kpi", sort=True):
        held = rows["point_of_sale"].isin(held_out)
        found.append(
            _uplift(int(kpi), rows.loc[~held, "change"], rows.loc[held, "change"], confidence)
        )
    return found


def _uplift(kpi: int, treated: pd.Series, control: pd.Series, confidence: float) -> Uplift:
    mean_treated = float(treated.mean()) if len(treated) else math.nan
    mean_control = float(control.mean()) if len(control) else math.nan
    if len(treated) < MIN_GROUP or len(control) < MIN_GROUP:
        return Uplift(kpi, len(treated), len(control), mean_treated, mean_control, None, None, None)
    difference = mean_treated - mean_control
    low, high = welch_interval(treated.to_numpy(float), control.to_numpy(float), confidence)
    return Uplift(
        kpi, len(treated), len(control), mean_treated, mean_control, difference, low, high
    )


def welch_interval(
    first: np.ndarray, second: np.ndarray, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """The interval of mean(first) - mean(second), variances not assumed equal."""
    share_first = first.var(ddof=1) / len(first)
    share_second = second.var(ddof=1) / len(second)
    spread = share_first + share_second
    difference = float(first.mean() - second.mean())
    if spread <= 0:
        return difference, difference
    freedom = spread**2 / (share_first**2 / (len(first) - 1) + share_second**2 / (len(second) - 1))
    margin = float(stats.t.ppf(0.5 + confidence / 2, freedom)) * math.sqrt(spread)
    return difference - margin, difference + margin
