"""Actions for animators, pure: which module to push where, which point of sale to visit, and how
an animator's own feedback weighs each kind of action. Frames in, frames out, no ORM (the
challenges to launch come from `engine.rank_actions`; the service loads, calls and stores).

Every suggestion has a score on one scale, the KPI gain it promises in total: a fraction of a
month's KPI, summed over the points of sale concerned (0.06 for one point of sale expected to do
6 % better; 0.12 for four expected to do 3 % better).

- A challenge: its expected uplift times the points of sale invited (`rank_actions`' promise).
- A module: the expected uplifts of the points of sale it is recommended to, on its KPI, summed.
- A visit: no measured effect exists (no visit is recorded with its outcome), so a visit is
  credited with `VISIT_SHARE` of the lasting shortfall it addresses, times the confidence that
  the shortfall is real: a point of sale 30 % below target with a 0.95 confidence scores 0.029,
  about a module expected to lift one point of sale by 3 %. A visit is suggested only where the
  KPI is also falling (its trend over the recent closed months loses at least `VISIT_FALL` a
  month): a point of sale that has always stood where it is needs something else than a visit
  to notice it.
"""

import datetime as dt

import numpy as np
import pandas as pd

PER_KIND = 3  # suggestions of each kind kept per zone and night
# A visit is suggested for a point of sale whose shortfall on a KPI is lasting (confidence at
# least VISIT_CONFIDENCE) and at least VISIT_SHORTFALL, and falling (a trend of at most
# -VISIT_FALL a month), without a coaching day or a field visit for VISIT_WEEKS.
VISIT_WEEKS = 8
VISIT_CONFIDENCE = 0.8
VISIT_SHORTFALL = 0.05
VISIT_FALL = 0.01  # a point of achievement lost each month
VISIT_SHARE = 0.1
# The per-animator prior on kinds: a Beta(PRIOR_ACCEPT, PRIOR_DISMISS) on their acceptance rate,
# updated by what they accepted and dismissed, divided by its mean without feedback (0.5).
PRIOR_ACCEPT = 2.0
PRIOR_DISMISS = 2.0
PRIOR_MEAN = PRIOR_ACCEPT / (PRIOR_ACCEPT + PRIOR_DISMISS)

MODULE_COLUMNS = ["zone", "module", "kpi", "points_of_sale", "expected_uplift", "score", "item"]
VISIT_COLUMNS = [
    "zone",
    "point_of_sale",
    "kpi",
    "shortfall",
    "confidence",
    "trend",
    "last_day",
    "score",
]


def kind_prior(accepted: int, dismissed: int) -> float:
    """How much more (or less) than others this kind of action is worth showing to a person who
    accepted `accepted` and dismissed `dismissed` of them: their Beta-smoothed acceptance rate
    over the prior's mean. 1.0 without feedback; never 0, so a kind dismissed often sinks
    but may come back when it promises much more."""
    rate = (accepted + PRIOR_ACCEPT) / (accepted + dismissed + PRIOR_ACCEPT + PRIOR_DISMISS)
    return rate / PRIOR_MEAN


def module_candidates(recommended: pd.DataFrame, k: int = PER_KIND) -> pd.DataFrame:
    """Modules to push in each zone, from the content recommended to its points of sale
    (zone, point_of_sale, kpi, module, expected_uplift, item: one row per recommendation, the
    item being the recommendation's id). For each zone and module, the KPI on which it is
    recommended to most points of sale (then the largest total gain); at most `k` per zone, the
    largest total first. `item` is the best recommendation's id: its reason is the evidence."""
    if recommended.empty:
        return pd.DataFrame(columns=MODULE_COLUMNS)
    ordered = recommended.sort_values(
        ["zone", "module", "kpi", "expected_uplift", "point_of_sale"],
        ascending=[True, True, True, False, True],
    )
    per_kpi = ordered.groupby(["zone", "module", "kpi"], sort=False).agg(
        points_of_sale=("point_of_sale", lambda points: sorted(set(points))),
        expected_uplift=("expected_uplift", "mean"),
        score=("expected_uplift", "sum"),
        item=("item", "first"),
    )
    per_kpi = per_kpi.reset_index()
    per_kpi["count"] = per_kpi["points_of_sale"].str.len()
    per_kpi = per_kpi.sort_values(
        ["zone", "module", "count", "score", "kpi"], ascending=[True, True, False, False, True]
    )
    best = per_kpi.groupby(["zone", "module"], sort=False).head(1)
    best = best.sort_values(["zone", "score", "module"], ascending=[True, False, True])
    return best.groupby("zone", sort=False).head(k)[MODULE_COLUMNS].reset_index(drop=True)


def visit_candidates(
    gaps: pd.DataFrame, last_days: dict[int, dt.date], today: dt.date, k: int = PER_KIND
) -> pd.DataFrame:
    """Points of sale to visit in each zone, from their KPI gaps (zone, point_of_sale, kpi,
    gap_to_target, confidence, off_target, trend) and their last visit (a coaching day or a
    field visit): a lasting shortfall that is falling, and no visit for `VISIT_WEEKS` weeks (or
    never). Each point of sale once, for its surest large shortfall; at most `k` per zone, the
    largest score first."""
    if gaps.empty:
        return pd.DataFrame(columns=VISIT_COLUMNS)
    shortfall = -gaps["gap_to_target"].astype(float)
    confidence = gaps["confidence"].astype(float).fillna(0.0)
    trend = pd.to_numeric(gaps["trend"], errors="coerce").astype(float)
    lasting = (
        gaps["off_target"].astype(bool)
        & (shortfall >= VISIT_SHORTFALL)
        & (confidence >= VISIT_CONFIDENCE)
        & (trend <= -VISIT_FALL)
    )
    horizon = today - dt.timedelta(weeks=VISIT_WEEKS)
    last = gaps["point_of_sale"].map(lambda point: last_days.get(int(point)))
    unvisited = last.map(lambda day: not isinstance(day, dt.date) or day < horizon)
    chosen = gaps.assign(shortfall=shortfall, confidence=confidence, trend=trend, last_day=last)[
        lasting & unvisited.astype(bool)
    ]
    if chosen.empty:
        return pd.DataFrame(columns=VISIT_COLUMNS)
    chosen = chosen.assign(score=VISIT_SHARE * chosen["shortfall"] * chosen["confidence"])
    chosen = chosen.sort_values(
        ["point_of_sale", "score", "kpi"], ascending=[True, False, True]
    ).drop_duplicates("point_of_sale")
    chosen = chosen.sort_values(["zone", "score", "point_of_sale"], ascending=[True, False, True])
    return chosen.groupby("zone", sort=False).head(k)[VISIT_COLUMNS].reset_index(drop=True)


def weeks_since(day: object, today: dt.date) -> int | None:
    """Whole weeks since `day`; None when there was none (None or NaN)."""
    if not isinstance(day, dt.date):
        return None
    return int(np.floor((today - day).days / 7))
