"""The uplift of each item on each KPI for each kind of point of sale, estimated from history."""

from dataclasses import dataclass, replace
from statistics import NormalDist

import numpy as np
import pandas as pd

from .control import content_in_window, control_model
from .history import Panel, windows


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


# A mean counts as evidence only this many standard errors above nothing: with hundreds of
# items x KPIs x kinds of point of sale looked at, a mean two standard errors up is common chance.
SIGNIFICANCE = 2.8
# A type or a size class speaks for itself only with this many points of sale behind its mean.
MIN_GROUP_EVIDENCE = 8
# An item done by a handful of points of sale proves nothing yet, whatever they did after.
MIN_ITEM_EVIDENCE = 3


@dataclass(frozen=True)
class Evidence:
    """Uplift per (item, kpi, segment) as arrays, with what it rests on."""

    expected: np.ndarray  # (items, kpis, segments) probability it is real x effect if real
    claim: np.ndarray  # what is claimed: 0 unless a mean stands out from its noise (see below)
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
    """Twice: a first reading of every item's effect, then again with the effects of the point of
    sale's other content done around the same months taken out of each outcome (of content and
    control months alike), so that an item does not share the credit of another."""
    window = windows(panel)
    exposed = _exposed_months(panel, events)
    inside = (events.month >= 0) & (events.month < exposed.shape[1])
    done = Events(events.pos[inside], events.item[inside], events.month[inside])
    segment = panel.segments[done.pos]
    first = _evidence(panel, done, n_items, window.change, window.features, exposed, None)
    # Only what stands out is taken out (the chance means of content that does nothing would
    # move the outcomes around it by as much chance), at its best estimate, not at the cautious
    # claim: taking out less than the effect leaves the rest to the other content.
    best = np.where(first.claim > 0, first.expected, 0.0)
    own = best[done.item, :, segment]  # (exposures, kpis)
    around = content_in_window(window.change.shape, done.pos, done.month, own)
    change = window.change - around
    found = _evidence(panel, done, n_items, change, window.features, exposed, own)
    # Measured on the log of the ratio (symmetric where small counts make the ratio skewed),
    # told as a relative change.
    return replace(
        found,
        expected=np.expm1(found.expected),
        claim=np.expm1(found.claim),
        segment_mean=np.expm1(found.segment_mean),
        item_mean=np.expm1(found.item_mean),
    )


def _evidence(
    panel: Panel,
    events: Events,
    n_items: int,
    change: np.ndarray,
    features: np.ndarray,
    exposed: np.ndarray,
    own: np.ndarray | None,
) -> Evidence:
    control = control_model(panel, change, features, exposed)
    residual = change - control.predicted  # (pos, kpis, months)
    k, s = residual.shape[1], len(panel.segment_labels)
    segment = panel.segments[events.pos]
    uplift = residual[events.pos, :, events.month]  # (events, kpis)
    if own is not None:  # its own effect was taken out with the others'
        uplift = uplift + own
    usable = np.isfinite(uplift)
    variance = control.noise.T[segment]  # (events, kpis)
    cell = (events.item[:, None] * k + np.arange(k)[None, :]) * s + segment[:, None]
    size = n_items * k * s

    def summed(weights: np.ndarray | None) -> np.ndarray:
        found = np.bincount(cell[usable], weights=weights, minlength=size)
        return found.reshape(n_items, k, s)

    count = summed(None)
    total, spread = summed(uplift[usable]), summed(variance[usable])
    item = _Means(count.sum(axis=2), total.sum(axis=2), spread.sum(axis=2))
    real, slab_mean, slab_variance = _spike_and_slab(item)
    kinds = _by_kind(panel, _Means(count, total, spread), slab_mean, slab_variance)
    expected = np.maximum(real[:, :, None], kinds.real) * kinds.estimate
    # Claimed: the least of the shrunk estimate and one standard error below the mean that
    # stands out: the item's over every point of sale that did it, else (an item may help
    # malls only) its type's or size class's. Chance findings and lucky means are not sold at
    # face value, nor the best of seven groups when the whole network already says it.
    overall = _lower_bound(item, MIN_ITEM_EVIDENCE, SIGNIFICANCE)[:, :, None]
    lower = np.where(np.isfinite(overall), overall, kinds.lower)
    claim = np.where(np.isfinite(lower), np.minimum(expected, lower), 0.0)
    segment_mean = _Means(count, total, spread).mean
    return Evidence(expected, claim, count, segment_mean, item.count, item.mean)


@dataclass(frozen=True)
class _Means:
    """Sums of uplifts over exposures, and of their noise variances, with their means."""

    count: np.ndarray
    total: np.ndarray
    variance_total: np.ndarray

    @property
    def mean(self) -> np.ndarray:
        result: np.ndarray = np.where(self.count > 0, self.total / np.maximum(self.count, 1), 0.0)
        return result

    @property
    def sampling(self) -> np.ndarray:
        """Variance of the mean; 1 (no information) where nothing was measured."""
        result: np.ndarray = np.where(
            self.count > 0, self.variance_total / np.maximum(self.count, 1) ** 2, 1.0
        )
        return result


def _lower_bound(means: _Means, min_count: int, threshold: float) -> np.ndarray:
    """One standard error below the mean where the mean stands `threshold` standard errors
    above nothing on at least `min_count` points of sale; -inf elsewhere."""
    error = np.sqrt(means.sampling)
    stands = (means.count >= min_count) & (means.mean >= threshold * error)
    result: np.ndarray = np.where(stands, means.mean - error, -np.inf)
    return result


def _spike_and_slab(means: _Means) -> tuple[np.ndarray, np.ndarray, float]:
    """Empirical Bayes where most items do nothing: each observed mean uplift (of an item on a
    KPI, possibly for one kind of point of sale), of known sampling variance, comes from an
    effect that is 0 with probability 1 - share, else drawn from N(centre, spread); fitted by EM.
    Returns the probability that the effect is real, its mean if real, and the spread."""
    measured, sampling = means.count > 0, means.sampling
    observed = np.where(measured, means.mean, 0.0)
    share, centre, spread = 0.05, 0.03, 0.03**2
    for _iteration in range(50):
        odds = np.log(share / (1 - share)) + _log_normal(observed, centre, spread + sampling)
        real = 1 / (1 + np.exp(np.clip(_log_normal(observed, 0.0, sampling) - odds, -50, 50)))
        real = np.where(measured, real, 0.0)
        precision = 1 / spread + 1 / sampling
        posterior = (centre / spread + observed / sampling) / precision
        weight = real.sum()
        if weight <= 1e-9:
            break
        share = float(np.clip(weight / (int(measured.sum()) or 1), 1e-4, 0.5))
        centre = float((real * posterior).sum() / weight)
        # Real effects spread at least a point around their centre: the slab may not collapse
        # onto the null.
        spread = float(
            max((real * ((posterior - centre) ** 2 + 1 / precision)).sum() / weight, 1e-4)
        )
    precision = 1 / spread + 1 / sampling
    slab_mean = (centre / spread + observed / sampling) / precision
    return np.where(measured, real, 0.0), np.where(measured, slab_mean, 0.0), spread


def _log_normal(value: np.ndarray, centre: float, variance: np.ndarray | float) -> np.ndarray:
    """Log-density of a normal distribution, up to the constant both hypotheses share."""
    density: np.ndarray = -0.5 * (value - centre) ** 2 / variance - 0.5 * np.log(variance)
    return density


@dataclass(frozen=True)
class _ByKind:
    estimate: np.ndarray  # (items, kpis, segments) effect if real
    real: np.ndarray  # probability it is real for the segment's type or size class
    lower: np.ndarray  # the best lower bound of a type's or size class's mean that stands out


def _by_kind(panel: Panel, cells: _Means, item_estimate: np.ndarray, prior: float) -> _ByKind:
    """Per (item, kpi, segment): the item's estimate moved by its type's and its size class's
    own evidence, then by the segment's, each as far as its sampling variance allows; the
    probability that the item really works for the segment's type or size class (an item may
    help malls only, which the network's average hides); and the lower bound of their means
    where one stands out on enough points of sale."""
    centre = item_estimate[:, :, None]
    estimate = centre.copy()
    real = np.zeros_like(cells.mean)
    lower = np.full(cells.mean.shape, -np.inf)
    threshold = _group_threshold(panel)
    for level in (0, 1):
        codes = pd.factorize(panel.segment_labels.get_level_values(level))[0]
        members = np.eye(codes.max() + 1)[codes]  # (segments, groups)
        group = _Means(cells.count @ members, cells.total @ members, cells.variance_total @ members)
        deviation = (group.mean - centre) * _weight(group, prior)
        estimate = estimate + deviation @ members.T
        real = np.maximum(real, _spike_and_slab(group)[0] @ members.T)
        bound = _lower_bound(group, MIN_GROUP_EVIDENCE, threshold)[:, :, codes]
        lower = np.maximum(lower, bound)
    estimate = estimate + (cells.mean - estimate) * _weight(cells, prior)
    return _ByKind(estimate, real, lower)


def _group_threshold(panel: Panel) -> float:
    """The standard errors a type's or size class's mean must stand above nothing: an item is
    looked at in every type and size class, so the best of them beats SIGNIFICANCE by chance
    that many times more often; this asks the same chance of the best of them as of one mean
    (about 3.4 for 3 types and 4 size classes)."""
    groups = sum(len(set(panel.segment_labels.get_level_values(level))) for level in (0, 1))
    tail = 1 - NormalDist().cdf(SIGNIFICANCE)
    return NormalDist().inv_cdf(1 - tail / max(groups, 1))


def _weight(means: _Means, prior: float) -> np.ndarray:
    """How far a mean moves an estimate: its share of the information (0 where none)."""
    weight: np.ndarray = prior / (prior + means.sampling)
    return np.where(means.count > 0, weight, 0.0)
