"""Under-performance with confidence: for each point of sale and KPI, the gap to target and to
peers over the recent months, and how sure we are that it is real rather than noise. Pure:
frames in, a frame out, no ORM.

Each month of a point of sale's KPI is read as a ratio where 1 means "as expected":
- against target: its achievement (value / target; 2 - value / target when lower is better),
  the month in progress counted at its projection, as the dashboards do;
- against peers: its value divided by the median value of its peer group that month (likewise
  mirrored when lower is better). Both ratios take the season out: targets and peers follow it.

The gap is the median ratio of the last `WINDOW` closed months, minus 1: a median, so one bad
month among three does not make a gap. Its noise is the series' own: the month-to-month
differences over the last `HISTORY` closed months, their robust spread (1.4826 × median
absolute deviation, divided by √2 since a difference carries two months' noise), floored at
`NOISE_FLOOR`. The median of `n` months has a standard error of about 1.2533 σ / √n; the gap
divided by it is `z`, and the confidence that a shortfall is real is 1 - p, the two-sided
p-value of that z (0 for a gap at or above 1: no shortfall). One bad month in a steady series
barely moves the median: low confidence. A gap that persists, in a steady series: high.

The trend is the least-squares slope of the ratio over the last `TREND_MONTHS` closed months,
per month (-0.02: two points of achievement lost each month): whether a shortfall is deepening
or has set in after a fall, rather than a point of sale that has always been where it is.
"""

import datetime as dt

import numpy as np
import pandas as pd
from scipy.stats import norm

WINDOW = 3  # recent closed months the gap is measured on
HISTORY = 12  # closed months the noise is estimated on
NOISE_FLOOR = 0.02  # two points of achievement: no series is known better than that
MEDIAN_ERROR = 1.2533  # standard error of a median of normal values, per σ / √n
MIN_MONTHS = 2  # closed months needed in the window
TREND_MONTHS = 6  # closed months the trend is fitted on
HIGH, MEDIUM = 0.95, 0.8  # confidence words' thresholds (panels)

COLUMNS = [
    "point_of_sale",
    "kpi",
    "month",
    "achievement",
    "gap_to_target",
    "confidence",
    "z",
    "gap_to_peers",
    "peer_confidence",
    "peers",
    "off_target",
    "trend",
]

# kpi_months: point_of_sale, kpi, month (first day), value, target, projection, higher_is_better
# groups: point of sale id -> peer group id


def monthly_ratios(kpi_months: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Each row's achievement (None without a target) and its ratio to its peers' median."""
    rows = kpi_months.copy()
    for column in ("value", "target", "projection"):
        rows[column] = pd.to_numeric(rows[column], errors="coerce").astype(float)
    higher = rows["higher_is_better"].astype(bool)
    basis = rows["projection"].where(rows["projection"].notna(), rows["value"])
    share = basis / rows["target"].where(rows["target"].abs() > 1e-12)
    rows["achievement"] = share.where(higher, 2 - share)
    rows["group"] = rows["point_of_sale"].map(groups)
    medians = rows.groupby(["kpi", "month", "group"])["value"].transform("median")
    relative = rows["value"] / medians.where(medians.abs() > 1e-12)
    rows["relative"] = relative.where(higher, 2 - relative)
    return rows


def kpi_gaps(kpi_months: pd.DataFrame, groups: pd.Series, *, current: dt.date) -> pd.DataFrame:
    """One row per point of sale and KPI with at least `MIN_MONTHS` closed months (`COLUMNS`).
    `current` is the month in progress (its first day): it only says whether the point of sale
    is off target now; the gaps are read on the months before it."""
    if kpi_months.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows = monthly_ratios(kpi_months, groups)
    months = _closed_months(current)
    closed = rows[rows["month"].isin(months)]
    target = _series_gaps(closed, "achievement", months)
    peers = _series_gaps(closed, "relative", months)
    gaps = target.join(peers, how="outer", suffixes=("_target", "_peers"))
    now = rows[rows["month"] == current].set_index(["point_of_sale", "kpi"])["achievement"]
    sizes = groups.groupby(groups).transform("size")
    return _assembled(gaps, now, sizes, months[-1])


def _closed_months(current: dt.date) -> list[dt.date]:
    first = pd.Timestamp(current) - pd.DateOffset(months=HISTORY)
    return [month.date() for month in pd.date_range(first, periods=HISTORY, freq="MS")]


def _series_gaps(rows: pd.DataFrame, column: str, months: list[dt.date]) -> pd.DataFrame:
    """Per (point of sale, KPI): the window's median ratio minus 1, its z and confidence."""
    wide = rows.pivot_table(
        index=["point_of_sale", "kpi"], columns="month", values=column, aggfunc="first"
    ).reindex(columns=months)
    values = wide.to_numpy(dtype=float)
    window = values[:, -WINDOW:]
    counted = np.sum(~np.isnan(window), axis=1)
    with np.errstate(all="ignore"):
        gap = _nan_median(window) - 1
        sigma = np.maximum(_noise(values), NOISE_FLOOR)
        z = gap / (MEDIAN_ERROR * sigma / np.sqrt(np.maximum(counted, 1)))
    confidence = np.where(gap < 0, 1 - 2 * norm.sf(np.abs(z)), 0.0)
    trend = _slope(values[:, -TREND_MONTHS:])
    found = pd.DataFrame(
        {"gap": gap, "z": z, "confidence": confidence, "trend": trend}, index=wide.index
    )
    return found[(counted >= MIN_MONTHS) & ~np.isnan(gap)]


def _nan_median(values: np.ndarray) -> np.ndarray:
    result = np.full(values.shape[0], np.nan)
    known = ~np.all(np.isnan(values), axis=1)
    result[known] = np.nanmedian(values[known], axis=1)
    return result


def _slope(values: np.ndarray) -> np.ndarray:
    """Each row's least-squares slope per column over its known values (NaN with fewer than
    `MIN_MONTHS`)."""
    known = ~np.isnan(values)
    counted = known.sum(axis=1)
    months = np.broadcast_to(np.arange(values.shape[1], dtype=float), values.shape)
    with np.errstate(all="ignore"):
        month_mean = np.where(known, months, 0).sum(axis=1) / counted
        value_mean = np.where(known, values, 0).sum(axis=1) / counted
        apart = np.where(known, months - month_mean[:, None], 0)
        spread = (apart * np.where(known, values - value_mean[:, None], 0)).sum(axis=1)
        slope = spread / (apart**2).sum(axis=1)
    return np.where(counted >= MIN_MONTHS, slope, np.nan)


def _noise(values: np.ndarray) -> np.ndarray:
    """The robust month-to-month spread of each series (NaN with fewer than two differences)."""
    differences = np.diff(values, axis=1)
    enough = np.sum(~np.isnan(differences), axis=1) >= 2
    spread = np.full(values.shape[0], np.nan)
    if enough.any():
        kept = differences[enough]
        centre = np.nanmedian(kept, axis=1, keepdims=True)
        spread[enough] = 1.4826 * np.nanmedian(np.abs(kept - centre), axis=1) / np.sqrt(2)
    return np.where(np.isnan(spread), NOISE_FLOOR * 5, spread)


def _assembled(
    gaps: pd.DataFrame, now: pd.Series, sizes: pd.Series, month: dt.date
) -> pd.DataFrame:
    found = gaps.reset_index()
    keys = pd.MultiIndex.from_frame(found[["point_of_sale", "kpi"]])
    achieved_now = now.reindex(keys).to_numpy()
    return pd.DataFrame(
        {
            "point_of_sale": found["point_of_sale"].astype(int),
            "kpi": found["kpi"].astype(int),
            "month": month,
            "achievement": found["gap_target"] + 1,
            "gap_to_target": found["gap_target"],
            "confidence": found["confidence_target"],
            "z": found["z_target"],
            "gap_to_peers": found["gap_peers"],
            "peer_confidence": found["confidence_peers"],
            "peers": found["point_of_sale"].map(sizes).fillna(1).astype(int) - 1,
            "off_target": np.nan_to_num(achieved_now, nan=2.0) < 1,
            "trend": found["trend_target"],
        },
        columns=COLUMNS,
    )


def confidence_word(confidence: float | None) -> str:
    """ "high", "medium" or "low": what the panels say of a confidence."""
    if confidence is None or np.isnan(confidence):
        return "low"
    return "high" if confidence >= HIGH else "medium" if confidence >= MEDIUM else "low"
