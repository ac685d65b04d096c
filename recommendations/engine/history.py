"""KPI history as dense arrays (point of sale, KPI, month), and the windows around each month."""

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

BASELINE_MONTHS = 3
AFTER_MONTHS = 2
RECENT_MONTHS = 3


@dataclass(frozen=True)
class Panel:
    """KPI history as dense arrays indexed (point of sale, KPI, month)."""

    points_of_sale: pd.Index
    kpis: pd.Index
    segments: np.ndarray  # (pos,) code of the point of sale's type x size class
    segment_labels: pd.MultiIndex  # (type, size_class) of each segment code
    values: np.ndarray
    targets: np.ndarray
    direction: np.ndarray  # (kpis,) 1 when higher is better, -1 when lower is
    first_ordinal: int  # year * 12 + month of the first month
    kpi_names: pd.Index  # what the sentences call each KPI: `kpi_name` if given, else its code


def build_panel(profiles: pd.DataFrame, kpi_months: pd.DataFrame) -> Panel:
    # Sorted, so that the same data in another row order gives the same arrays.
    unique = profiles.drop_duplicates("point_of_sale").sort_values("point_of_sale")
    points_of_sale = pd.Index(unique["point_of_sale"])
    kinds = unique[["type", "size_class"]].astype(str)
    segments, segment_labels = pd.MultiIndex.from_frame(kinds).factorize(sort=True)
    facts = kpi_months[kpi_months["point_of_sale"].isin(points_of_sale)]
    kpis = pd.Index(sorted(facts["kpi"].unique()))
    when = pd.to_datetime(facts["month"])
    ordinal = (when.dt.year * 12 + when.dt.month).to_numpy()
    months = int(ordinal.max() - ordinal.min() + 1) if len(facts) else 0
    shape = (len(points_of_sale), len(kpis), months)
    values, targets = np.full(shape, np.nan), np.full(shape, np.nan)
    where = (
        points_of_sale.get_indexer(facts["point_of_sale"]),
        kpis.get_indexer(facts["kpi"]),
        ordinal - (ordinal.min() if len(facts) else 0),
    )
    values[where] = pd.to_numeric(facts["value"], errors="coerce").to_numpy(dtype=float)
    targets[where] = pd.to_numeric(facts["target"], errors="coerce").to_numpy(dtype=float)
    direction = np.ones(len(kpis))
    if "lower_is_better" in facts.columns:
        lower = facts.groupby("kpi")["lower_is_better"].any()
        direction[lower.reindex(kpis, fill_value=False).to_numpy(dtype=bool)] = -1.0
    return Panel(
        points_of_sale,
        kpis,
        np.asarray(segments),
        segment_labels,
        values,
        targets,
        direction,
        int(ordinal.min()) if len(facts) else 0,
        _kpi_names(facts, kpis),
    )


def _kpi_names(facts: pd.DataFrame, kpis: pd.Index) -> pd.Index:
    if "kpi_name" not in facts.columns:
        return kpis
    names = facts.drop_duplicates("kpi").set_index("kpi")["kpi_name"]
    return pd.Index(names.reindex(kpis).fillna(pd.Series(kpis, index=kpis)).astype(str))


def off_target(panel: Panel) -> np.ndarray:
    """(pos, kpis) True where the last months add up below target (above, if lower is better)."""
    recent = slice(max(0, panel.values.shape[2] - RECENT_MONTHS), None)
    value = panel.values[:, :, recent]
    target = panel.targets[:, :, recent]
    both = np.isfinite(value) & np.isfinite(target)
    gap = np.where(both, value - target, 0.0).sum(axis=2) * panel.direction
    return (gap < 0) & both.any(axis=2)


def off_target_pairs(profiles: pd.DataFrame, kpi_months: pd.DataFrame) -> pd.DataFrame:
    """The (point_of_sale, kpi) pairs the engine recommends for: the lists to evaluate."""
    panel = build_panel(profiles, kpi_months)
    pos, kpi = np.nonzero(off_target(panel)) if panel.values.size else ([], [])
    return pd.DataFrame(
        {"point_of_sale": panel.points_of_sale[pos], "kpi": panel.kpis[kpi]}
    ).astype(object)


def _window_mean(series: np.ndarray, length: int) -> np.ndarray:
    """Mean over `length` months of every window, as (pos, kpis, windows): NaN-safe."""
    windows = np.lib.stride_tricks.sliding_window_view(series, length, axis=2)
    finite = np.isfinite(windows)
    counts = finite.sum(axis=3)
    totals = np.where(finite, windows, 0.0).sum(axis=3)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)


@dataclass(frozen=True)
class Windows:
    """For each (pos, kpi, month m): the change after m and what the point of sale looked like."""

    change: np.ndarray  # log of the after months' mean over the before months'
    features: np.ndarray  # (pos, kpis, months, features)


def windows(panel: Panel) -> Windows:
    p, k, m = panel.values.shape
    before, after = BASELINE_MONTHS, AFTER_MONTHS
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        # A KPI month with no positive figure anywhere has no network mean (NaN, as wanted);
        # numpy warns about it all the same, on every night and every demo seed.
        warnings.filterwarnings("ignore", "Mean of empty slice", RuntimeWarning)
        network = np.nanmean(np.where(panel.values > 0, panel.values, np.nan), axis=0)
        index = panel.values / network
        achievement = panel.values / panel.targets
    change = np.full((p, k, m), np.nan)
    features = np.full((p, k, m, 6), np.nan)
    if m < before + after + 1:
        return Windows(change, features)
    # Windows for the months m in [before, m - after): the `before` months up to m - 1, the
    # `after` months from m + 1.
    span = slice(before, m - after)
    pre_for_span = _window_mean(index, before)[:, :, : m - after - before]
    post = _window_mean(index, after)[:, :, before + 1 :]
    with np.errstate(invalid="ignore", divide="ignore"):
        relative = np.log(post / pre_for_span)
        last = index[:, :, before - 1 : m - after - 1]
        first = index[:, :, : m - after - before]
        ach = _window_mean(achievement, before)[:, :, : m - after - before]
        # Last month's achievement, and the pre-period's, on the log scale of the outcome:
        # points of sale are pushed content or invited to a challenge after a bad month, and
        # the control model must expect the recovery of exactly what they were chosen on.
        shortfalls = np.log(np.stack([achievement[:, :, before - 1 : m - after - 1], ach], axis=3))
    sign = panel.direction[None, :, None]
    change[:, :, span] = np.clip(relative * sign, -1, 1)
    features[:, :, span, 0] = np.clip(np.nan_to_num((ach - 1) * sign), -1, 1)
    features[:, :, span, 1] = np.clip((pre_for_span - 1) * sign, -1, 1)
    features[:, :, span, 2] = np.clip((last / pre_for_span - 1) * sign, -1, 1)
    features[:, :, span, 3] = np.clip((last - first) / pre_for_span / (before - 1) * sign, -1, 1)
    features[:, :, span, 4:] = np.clip(np.nan_to_num(shortfalls * sign[..., None]), -1, 1)
    return Windows(change, features)
