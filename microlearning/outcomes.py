"""Which modules preceded a KPI improvement, in raw figures (head office's completion page):
pure, frames in, rows out; the nightly step loads and stores (services/outcomes.py).

For a module and a KPI, each point of sale whose people first finished the module in month m
is compared with itself: its achievement over the two months after m (m + 1, m + 2) less its
achievement over the two months before (m - 2, m - 1), in points of achievement (a month with
no figure is left out of its window; a window with none leaves the point of sale out). Beside
it, the same change over the same months at the comparable points of sale, those of the same
type and size class that had not finished the module by m + 2. Only closed months are given.
What it says is what came after, not what caused it: the recommendations' engine builds its
estimates on this kind of evidence with a control model (recommendations/engine).

    module_kpi_outcomes(*, profiles, kpi_months, completions) -> list[Outcome]

- `profiles`: point_of_sale, type, size_class (one row per point of sale);
- `kpi_months`: point_of_sale, kpi, month (its first day), value, target, higher_is_better;
- `completions`: point_of_sale, module, month: the month someone of it first finished it.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

BEFORE = AFTER = 2  # months
NEVER = 10**9  # the month index of a point of sale that never finished the module


@dataclass(frozen=True)
class Outcome:
    module: int
    kpi: int
    completed_points: int  # points of sale that finished it, with figures before and after
    completed_change: float  # their mean change of achievement (points)
    compared_points: int  # comparable points of sale that had not, over the same months
    compared_change: float  # the mean, over the former, of their comparable ones' mean change


def _ordinal(months: pd.Series) -> np.ndarray:
    when = pd.to_datetime(months)
    return (when.dt.year * 12 + when.dt.month).to_numpy(dtype=int)


def _achievement(kpi_months: pd.DataFrame) -> pd.Series:
    """Value against target, in %, as the rollups count it (lower is better: 200 - that)."""
    value = pd.to_numeric(kpi_months["value"], errors="coerce").astype(float)
    target = pd.to_numeric(kpi_months["target"], errors="coerce").astype(float)
    ratio = 100 * value / target.where(target > 0)
    return ratio.where(kpi_months["higher_is_better"].astype(bool), 200 - ratio)


def _window(values: np.ndarray, offsets: range) -> np.ndarray:
    """(points, kpis, months): the mean over `values[..., t + o]` for o in offsets (NaN when
    none is known or t + o falls outside)."""
    months = values.shape[2]
    total, count = np.zeros(values.shape), np.zeros(values.shape)
    for offset in offsets:
        shifted = np.full(values.shape, np.nan)
        lo = max(0, -offset)
        hi = max(lo, min(months, months - offset))
        shifted[:, :, lo:hi] = values[:, :, lo + offset : hi + offset]
        known = np.isfinite(shifted)
        total += np.where(known, shifted, 0.0)
        count += known
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


@dataclass(frozen=True)
class _Grid:
    points: pd.Index
    kpis: pd.Index
    segments: np.ndarray  # (points,) code of type x size class
    first: int  # ordinal of the first month
    change: np.ndarray  # (points, kpis, months): after m less before m


def _grid(profiles: pd.DataFrame, kpi_months: pd.DataFrame) -> _Grid:
    unique = profiles.drop_duplicates("point_of_sale").sort_values("point_of_sale")
    points = pd.Index(unique["point_of_sale"])
    segments = pd.MultiIndex.from_frame(unique[["type", "size_class"]].astype(str)).factorize()[0]
    facts = kpi_months[kpi_months["point_of_sale"].isin(points)]
    kpis = pd.Index(sorted(facts["kpi"].unique()))
    ordinal = _ordinal(facts["month"])
    first = int(ordinal.min()) if len(facts) else 0
    months = int(ordinal.max()) - first + 1 if len(facts) else 0
    values = np.full((len(points), len(kpis), months), np.nan)
    where = (points.get_indexer(facts["point_of_sale"]), kpis.get_indexer(facts["kpi"]))
    values[(*where, ordinal - first)] = _achievement(facts).to_numpy(dtype=float)
    change = _window(values, range(1, AFTER + 1)) - _window(values, range(-BEFORE, 0))
    # Both windows within the months given: the months after m are over.
    change[:, :, :BEFORE] = np.nan
    change[:, :, max(BEFORE, months - AFTER) :] = np.nan
    return _Grid(points, kpis, np.asarray(segments), first, change)


def _module_outcomes(grid: _Grid, module: int, finished: np.ndarray) -> list[Outcome]:
    """`finished`: (points,) month index of each point of sale's first finish (NEVER if none)."""
    _points, kpis, months = grid.change.shape
    done = finished[:, None] <= np.arange(months)[None, :] + AFTER  # (points, months)
    pool = ~done[:, None, :] & np.isfinite(grid.change)
    members = np.eye(grid.segments.max() + 1)[grid.segments].T  # (segments, points)
    pool_sum = np.einsum("sp,pkt->skt", members, np.where(pool, grid.change, 0.0))
    pool_count = np.einsum("sp,pkt->skt", members, pool.astype(float))
    event = np.flatnonzero((finished >= 0) & (finished < months))
    month, segment = finished[event], grid.segments[event]
    own = grid.change[event, :, month]  # (events, kpis)
    controls = pool_count[segment, :, month]
    counted = np.isfinite(own) & (controls > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        control_mean = pool_sum[segment, :, month] / controls
    used = np.zeros(pool_count.shape, dtype=bool)  # (segments, kpis, months) compared
    for kpi in range(kpis):
        used[segment[counted[:, kpi]], kpi, month[counted[:, kpi]]] = True
    compared = (pool & used[grid.segments]).any(axis=2).sum(axis=0)  # (kpis,)
    outcomes = []
    for kpi in map(int, np.flatnonzero(counted.any(axis=0))):
        rows = counted[:, kpi]
        outcomes.append(
            Outcome(
                module=module,
                kpi=int(grid.kpis[kpi]),
                completed_points=int(rows.sum()),
                completed_change=float(own[rows, kpi].mean()),
                compared_points=int(compared[kpi]),
                compared_change=float(control_mean[rows, kpi].mean()),
            )
        )
    return outcomes


def module_kpi_outcomes(
    *, profiles: pd.DataFrame, kpi_months: pd.DataFrame, completions: pd.DataFrame
) -> list[Outcome]:
    """Each (module, KPI) with at least one point of sale that finished the module and could
    be compared: their change and their comparable points of sale's."""
    grid = _grid(profiles, kpi_months)
    if grid.change.size == 0 or completions.empty:
        return []
    month = _ordinal(completions["month"]) - grid.first
    first = completions.assign(month=month).groupby(["module", "point_of_sale"])["month"].min()
    outcomes = []
    for module in sorted(set(first.index.get_level_values("module"))):
        finished = first.loc[module].reindex(grid.points).fillna(NEVER)
        outcomes += _module_outcomes(grid, int(module), finished.to_numpy(dtype=np.int64))
    return outcomes
