"""The recommendation engine: content ranked for each point of sale's off-target KPIs by uplift.

Pure code: plain pandas frames in, a frame out, no ORM and no Django settings needed (the reasons
are translated when Django's translation is active, English otherwise). The nightly service loads
the frames, calls `rank_content` and stores its rows; the offline evaluation calls it on the
simulator (`recommendations.simulator`).

    rank_content(*, profiles, kpi_months, exposures, items, k) -> pandas.DataFrame

Inputs (extra columns are ignored):

- `profiles`: point_of_sale, zone, type, size_class. One row per point of sale.
- `kpi_months`: point_of_sale, kpi, month, value, target. One row per point of sale, KPI and
  month (`month`: any date in the month); `target` may be missing (NaN). Higher is better, unless
  an optional boolean column `lower_is_better` says otherwise for a KPI.
- `exposures`: point_of_sale, item, date: when a point of sale did or opened a piece of content.
  Only the first exposure of a point of sale to an item counts.
- `items`: item, kind, kpis (the KPI codes the item is tagged with). Tags are not used to rank:
  they are often wrong, and the evidence says which KPI an item really moves.

Output: one row per recommendation, columns `point_of_sale, kpi, item, rank, expected_uplift,
reason`, for each point of sale and KPI off target (below target over the last three months), at
most `k` items ranked 1, 2, ...; never an item the point of sale already did. `expected_uplift` is
the relative change of the KPI expected over the two months after doing the item (0.06 = 6 %
better than without it), `reason` says it in words with the evidence behind it.

How the uplift is estimated (a T-learner on the history, robust to who gets pushed what):

1. Each KPI is divided, month by month, by its network-wide mean: seasonality and the network's
   trend cancel out, what remains is how a point of sale does against the others.
2. For every point of sale, KPI and month m, the outcome is the change of that index over the
   two months after m against the three months before it (change from its own baseline, so a
   structurally weak point of sale is compared with itself).
3. The control model (one Ridge regression per KPI, scikit-learn) predicts that change for a
   point of sale that did no content in month m, from its type, size class and its pre-period
   trajectory: gap to target, level, slope and last month's shock. Points of sale pushed content
   because they had a bad month tend to recover anyway; the control model expects that recovery,
   so the content does not get the credit for it.
4. Each exposure's uplift is its observed change minus the control model's prediction. Uplifts
   are averaged per item, KPI and kind of point of sale (type x size class), and shrunk with an
   empirical Bayes prior: towards the item's network-wide estimate, itself shrunk towards zero,
   in proportion to the noise of the KPI and the number of points of sale that did the item.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext
from sklearn.linear_model import Ridge

COLUMNS = ["point_of_sale", "kpi", "item", "rank", "expected_uplift", "reason"]
BASELINE_MONTHS = 3
AFTER_MONTHS = 2
RECENT_MONTHS = 3
MIN_UPLIFT = 0.01
MIN_SEGMENT_EVIDENCE = 3
MIN_ITEM_EVIDENCE = 5


def _(message: str) -> str:
    """gettext when Django is configured: the engine also runs on plain frames without it."""
    try:
        return gettext(message)
    except ImproperlyConfigured:
        return message


def _segment_reason(kind: str) -> str:
    reasons = {
        "module": _(
            "Points of sale like yours (%(type)s, size %(size_class)s) did %(gain)s %% better "
            "on %(kpi)s than comparable ones in the %(months)s months after this module; "
            "%(count)s of them did it."
        ),
        "document": _(
            "Points of sale like yours (%(type)s, size %(size_class)s) did %(gain)s %% better "
            "on %(kpi)s than comparable ones in the %(months)s months after reading this "
            "document; %(count)s of them read it."
        ),
        "best_practice": _(
            "Points of sale like yours (%(type)s, size %(size_class)s) did %(gain)s %% better "
            "on %(kpi)s than comparable ones in the %(months)s months after this best "
            "practice; %(count)s of them applied it."
        ),
        "lesson_sheet": _(
            "Points of sale like yours (%(type)s, size %(size_class)s) did %(gain)s %% better "
            "on %(kpi)s than comparable ones in the %(months)s months after this lesson sheet; "
            "%(count)s of them read it."
        ),
    }
    return reasons.get(
        kind,
        _(
            "Points of sale like yours (%(type)s, size %(size_class)s) did %(gain)s %% better "
            "on %(kpi)s than comparable ones in the %(months)s months after this content; "
            "%(count)s of them did it."
        ),
    )


def _network_reason() -> str:
    return _(
        "Across the network, points of sale did %(gain)s %% better on %(kpi)s than comparable "
        "ones in the %(months)s months after this content; %(count)s of them did it (too few "
        "like yours to tell them apart)."
    )


def empty_recommendations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "point_of_sale": pd.Series(dtype=object),
            "kpi": pd.Series(dtype=object),
            "item": pd.Series(dtype=object),
            "rank": pd.Series(dtype="int64"),
            "expected_uplift": pd.Series(dtype="float64"),
            "reason": pd.Series(dtype=object),
        }
    )


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


def build_panel(profiles: pd.DataFrame, kpi_months: pd.DataFrame) -> Panel:
    points_of_sale = pd.Index(profiles["point_of_sale"].drop_duplicates())
    kinds = profiles.drop_duplicates("point_of_sale")[["type", "size_class"]].astype(str)
    segments, segment_labels = pd.MultiIndex.from_frame(kinds).factorize()
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
    )


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

    change: np.ndarray
    features: np.ndarray  # (pos, kpis, months, features)


def windows(panel: Panel) -> Windows:
    p, k, m = panel.values.shape
    before, after = BASELINE_MONTHS, AFTER_MONTHS
    with np.errstate(invalid="ignore", divide="ignore"):
        network = np.nanmean(np.where(panel.values > 0, panel.values, np.nan), axis=0)
        index = panel.values / network
        achievement = panel.values / panel.targets
    change = np.full((p, k, m), np.nan)
    features = np.full((p, k, m, 4), np.nan)
    if m < before + after + 1:
        return Windows(change, features)
    # Windows for the months m in [before, m - after): the `before` months up to m - 1, the
    # `after` months from m + 1.
    span = slice(before, m - after)
    pre_for_span = _window_mean(index, before)[:, :, : m - after - before]
    post = _window_mean(index, after)[:, :, before + 1 :]
    with np.errstate(invalid="ignore", divide="ignore"):
        relative = post / pre_for_span - 1
        last = index[:, :, before - 1 : m - after - 1]
        first = index[:, :, : m - after - before]
        ach = _window_mean(achievement, before)[:, :, : m - after - before]
    sign = panel.direction[None, :, None]
    change[:, :, span] = np.clip(relative * sign, -1, 1)
    features[:, :, span, 0] = np.clip(np.nan_to_num((ach - 1) * sign), -1, 1)
    features[:, :, span, 1] = np.clip((pre_for_span - 1) * sign, -1, 1)
    features[:, :, span, 2] = np.clip((last / pre_for_span - 1) * sign, -1, 1)
    features[:, :, span, 3] = np.clip((last - first) / pre_for_span / (before - 1) * sign, -1, 1)
    return Windows(change, features)


def _segment_features(panel: Panel) -> np.ndarray:
    """One-hot type and size class of every point of sale: the control model's kind of store."""
    labels = panel.segment_labels.to_frame(index=False).iloc[panel.segments]
    return pd.get_dummies(labels, dtype=float).to_numpy()


def control_predictions(panel: Panel, window: Windows, exposed: np.ndarray) -> np.ndarray:
    """(pos, kpis, months): the change expected without content, fit on months with none."""
    p, k, m = window.change.shape
    kinds = np.repeat(_segment_features(panel), m, axis=0)  # rows in (pos, month) order
    predicted = np.full((p, k, m), np.nan)
    for kpi in range(k):
        change = window.change[:, kpi, :].reshape(-1)
        features = np.hstack([window.features[:, kpi, :, :].reshape(p * m, -1), kinds])
        usable = np.isfinite(change) & np.isfinite(features).all(axis=1)
        train = usable & ~exposed.reshape(-1)
        if train.sum() < 10:
            continue
        model = Ridge(alpha=1.0).fit(features[train], change[train])
        out = np.full(p * m, np.nan)
        out[usable] = model.predict(features[usable])
        predicted[:, kpi, :] = out.reshape(p, m)
    return predicted


@dataclass(frozen=True)
class Events:
    """First exposure of each point of sale to each item, as array positions."""

    pos: np.ndarray
    item: np.ndarray
    month: np.ndarray


def first_exposures(panel: Panel, exposures: pd.DataFrame, items: pd.Index) -> Events:
    seen = exposures[
        exposures["point_of_sale"].isin(panel.points_of_sale) & exposures["item"].isin(items)
    ]
    when = pd.to_datetime(seen["date"])
    ordinal = (when.dt.year * 12 + when.dt.month).to_numpy()
    frame = pd.DataFrame(
        {
            "pos": panel.points_of_sale.get_indexer(seen["point_of_sale"]),
            "item": items.get_indexer(seen["item"]),
            "ordinal": ordinal,
        }
    )
    first = frame.groupby(["pos", "item"], as_index=False)["ordinal"].min()
    return Events(
        first["pos"].to_numpy(),
        first["item"].to_numpy(),
        first["ordinal"].to_numpy() - panel.first_ordinal,
    )


@dataclass(frozen=True)
class Evidence:
    """Uplift per (item, kpi, segment) as arrays, with what it rests on."""

    expected: np.ndarray  # shrunk estimate
    segment_count: np.ndarray
    segment_mean: np.ndarray  # observed mean uplift of the segment's exposures
    item_count: np.ndarray  # (items, kpis)
    item_mean: np.ndarray


def _exposed_months(panel: Panel, events: Events) -> np.ndarray:
    p, _k, m = panel.values.shape
    exposed = np.zeros((p, m), dtype=bool)
    inside = (events.month >= 0) & (events.month < m)
    exposed[events.pos[inside], events.month[inside]] = True
    return exposed


def estimate_uplift(panel: Panel, events: Events, n_items: int) -> Evidence:
    window = windows(panel)
    predicted = control_predictions(panel, window, _exposed_months(panel, events))
    residual = window.change - predicted  # (pos, kpis, months)
    _p, k, m = residual.shape
    s = len(panel.segment_labels)
    inside = (events.month >= 0) & (events.month < m)
    pos, item, month = events.pos[inside], events.item[inside], events.month[inside]
    uplift = residual[pos, :, month]  # (events, kpis)
    usable = np.isfinite(uplift)
    noise = _noise(residual, _exposed_months(panel, events))  # (kpis,)
    cell = (item[:, None] * k + np.arange(k)[None, :]) * s + panel.segments[pos][:, None]
    size = n_items * k * s
    count = np.bincount(cell[usable], minlength=size).reshape(n_items, k, s)
    total = np.bincount(cell[usable], weights=uplift[usable], minlength=size)
    total = total.reshape(n_items, k, s)
    item_count, item_total = count.sum(axis=2), total.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        item_mean = np.where(item_count > 0, item_total / np.maximum(item_count, 1), 0.0)
        segment_mean = np.where(count > 0, total / np.maximum(count, 1), 0.0)
    prior = _prior_variance(item_mean, item_count, noise)  # (kpis,)
    item_shrunk = item_mean * _weight(item_count, prior, noise)
    expected = _by_kind(panel, count, total, item_shrunk, prior, noise)
    return Evidence(expected, count, segment_mean, item_count, item_mean)


def _by_kind(
    panel: Panel,
    count: np.ndarray,
    total: np.ndarray,
    item_shrunk: np.ndarray,
    prior: np.ndarray,
    noise: np.ndarray,
) -> np.ndarray:
    """Per (item, kpi, segment): the item's estimate moved by its type's and its size class's
    own evidence, then by the segment's, each as far as its number of points of sale allows."""
    prior, noise = prior[None, :, None], noise[None, :, None]
    centre = item_shrunk[:, :, None]
    estimate = centre.copy()
    for level in (0, 1):
        codes = pd.factorize(panel.segment_labels.get_level_values(level))[0]
        members = np.eye(codes.max() + 1)[codes]  # (segments, groups)
        group_count, group_total = count @ members, total @ members
        with np.errstate(invalid="ignore", divide="ignore"):
            group_mean = np.where(group_count > 0, group_total / np.maximum(group_count, 1), 0.0)
        deviation = (group_mean - centre) * _weight(group_count, prior, noise)
        estimate = estimate + deviation @ members.T
    with np.errstate(invalid="ignore", divide="ignore"):
        segment_mean = np.where(count > 0, total / np.maximum(count, 1), 0.0)
    result: np.ndarray = estimate + (segment_mean - estimate) * _weight(count, prior, noise)
    return result


def _noise(residual: np.ndarray, exposed: np.ndarray) -> np.ndarray:
    """Variance of the control model's error per KPI, on the months without content."""
    quiet = np.where(exposed[:, None, :], np.nan, residual).transpose(1, 0, 2)
    variance = _variance(quiet.reshape(residual.shape[1], -1), axis=1)
    return np.where(np.isfinite(variance), variance, 1.0) + 1e-6


def _prior_variance(mean: np.ndarray, count: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """How much items really differ, per KPI: spread of the means beyond their sampling noise."""
    measured = count > 1
    spread = _variance(np.where(measured, mean, np.nan), axis=0)
    sampling = _mean(np.where(measured, noise[None, :] / np.maximum(count, 1), np.nan), axis=0)
    return np.maximum(np.nan_to_num(spread - sampling), 1e-5)


def _mean(values: np.ndarray, axis: int) -> np.ndarray:
    """NaN-ignoring mean, NaN (without a warning) where there is nothing."""
    finite = np.isfinite(values)
    count = finite.sum(axis=axis)
    total = np.where(finite, values, 0.0).sum(axis=axis)
    result: np.ndarray = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return result


def _variance(values: np.ndarray, axis: int) -> np.ndarray:
    centre = np.expand_dims(_mean(values, axis), axis)
    return _mean((values - centre) ** 2, axis)


def _weight(count: np.ndarray, prior: Any, noise: Any) -> np.ndarray:
    weight: np.ndarray = prior / (prior + noise / np.maximum(count, 1e-9))
    return np.where(count > 0, weight, 0.0)


def _candidates(evidence: Evidence, done_most: int, k: int) -> pd.DataFrame:
    """Per (kpi, segment), the best items worth recommending, enough of them for anyone's list."""
    # The evidence a reason cites (points of sale like this one when enough of them did the item,
    # else the network) must show a gain.
    cited = np.where(
        evidence.segment_count >= MIN_SEGMENT_EVIDENCE,
        evidence.segment_mean,
        evidence.item_mean[:, :, None],
    )
    # An item done by a handful of points of sale proves nothing yet, whatever they did after.
    credible = evidence.expected >= MIN_UPLIFT
    credible &= evidence.item_count[:, :, None] >= MIN_ITEM_EVIDENCE
    item, kpi, segment = np.nonzero(credible & (cited > 0))
    frame = pd.DataFrame(
        {
            "item_at": item,
            "kpi_at": kpi,
            "segment": segment,
            "expected_uplift": evidence.expected[item, kpi, segment],
        }
    )
    frame = frame.sort_values(
        ["kpi_at", "segment", "expected_uplift", "item_at"], ascending=[True, True, False, True]
    )
    return frame.groupby(["kpi_at", "segment"]).head(k + done_most)


def _ranked(panel: Panel, evidence: Evidence, events: Events, k: int) -> pd.DataFrame:
    n_items = evidence.expected.shape[0]
    done_per_pos = np.bincount(events.pos, minlength=len(panel.points_of_sale))
    candidates = _candidates(evidence, int(done_per_pos.max(initial=0)), k)
    pos, kpi = np.nonzero(off_target(panel))
    lists = pd.DataFrame({"pos_at": pos, "kpi_at": kpi, "segment": panel.segments[pos]})
    rows = lists.merge(candidates, on=["kpi_at", "segment"])
    done = np.isin(
        rows["pos_at"].to_numpy() * n_items + rows["item_at"].to_numpy(),
        events.pos * n_items + events.item,
    )
    rows = rows[~done]
    rows = rows.sort_values(
        ["pos_at", "kpi_at", "expected_uplift", "item_at"], ascending=[True, True, False, True]
    )
    rows = rows.groupby(["pos_at", "kpi_at"]).head(k)
    rows["rank"] = rows.groupby(["pos_at", "kpi_at"]).cumcount() + 1
    return rows


def _percent(share: float) -> str:
    return f"{share * 100:.1f}" if abs(share) < 0.1 else f"{share * 100:.0f}"


def _reasons(rows: pd.DataFrame, panel: Panel, evidence: Evidence, kinds: np.ndarray) -> list[str]:
    """One sentence per distinct (item, kpi, segment), citing the evidence it rests on."""
    cells = rows[["item_at", "kpi_at", "segment"]].drop_duplicates()
    sentences = {}
    for item, kpi, segment in cells.itertuples(index=False):
        count = int(evidence.segment_count[item, kpi, segment])
        mean = float(evidence.segment_mean[item, kpi, segment])
        values = {"kpi": panel.kpis[kpi], "months": AFTER_MONTHS}
        if count >= MIN_SEGMENT_EVIDENCE:
            type_, size_class = panel.segment_labels[segment]
            template = _segment_reason(str(kinds[item]))
            values |= {"type": type_, "size_class": size_class, "gain": _percent(mean)}
        else:
            count = int(evidence.item_count[item, kpi])
            template = _network_reason()
            values["gain"] = _percent(float(evidence.item_mean[item, kpi]))
        sentences[item, kpi, segment] = template % (values | {"count": count})
    keys = zip(rows["item_at"], rows["kpi_at"], rows["segment"], strict=True)
    return [sentences[key] for key in keys]


def rank_content(
    *,
    profiles: pd.DataFrame,
    kpi_months: pd.DataFrame,
    exposures: pd.DataFrame,
    items: pd.DataFrame,
    k: int,
) -> pd.DataFrame:
    """Content for each point of sale's off-target KPIs, best expected uplift first (see above)."""
    if k < 1 or profiles.empty or kpi_months.empty or items.empty:
        return empty_recommendations()
    panel = build_panel(profiles, kpi_months)
    catalogue = items.drop_duplicates("item")
    item_index = pd.Index(catalogue["item"])
    events = first_exposures(panel, exposures, item_index)
    evidence = estimate_uplift(panel, events, len(item_index))
    rows = _ranked(panel, evidence, events, k)
    if rows.empty:
        return empty_recommendations()
    result = pd.DataFrame(
        {
            "point_of_sale": panel.points_of_sale[rows["pos_at"]].to_numpy(dtype=object),
            "kpi": panel.kpis[rows["kpi_at"]].to_numpy(dtype=object),
            "item": item_index[rows["item_at"]].to_numpy(dtype=object),
            "rank": rows["rank"].to_numpy(dtype="int64"),
            "expected_uplift": rows["expected_uplift"].to_numpy(dtype=float).round(4),
            "reason": _reasons(rows, panel, evidence, catalogue["kind"].to_numpy()),
        }
    )
    return result.reset_index(drop=True)
