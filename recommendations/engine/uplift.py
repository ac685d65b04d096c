"""The uplift of each item on each KPI for each kind of point of sale, estimated from history."""

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge

from .history import Panel, Windows, windows


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

    expected: np.ndarray  # (items, kpis, segments) probability it is real x effect if real
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
    exposed = _exposed_months(panel, events)
    predicted = control_predictions(panel, window, exposed)
    residual = window.change - predicted  # (pos, kpis, months)
    _p, k, m = residual.shape
    s = len(panel.segment_labels)
    inside = (events.month >= 0) & (events.month < m)
    pos, item, month = events.pos[inside], events.item[inside], events.month[inside]
    uplift = residual[pos, :, month]  # (events, kpis)
    usable = np.isfinite(uplift)
    noise = _noise(residual, exposed)  # (kpis,)
    cell = (item[:, None] * k + np.arange(k)[None, :]) * s + panel.segments[pos][:, None]
    size = n_items * k * s
    count = np.bincount(cell[usable], minlength=size).reshape(n_items, k, s)
    total = np.bincount(cell[usable], weights=uplift[usable], minlength=size)
    total = total.reshape(n_items, k, s)
    item_count, item_total = count.sum(axis=2), total.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        item_mean = np.where(item_count > 0, item_total / np.maximum(item_count, 1), 0.0)
        segment_mean = np.where(count > 0, total / np.maximum(count, 1), 0.0)
    real, slab_mean, slab_variance = _spike_and_slab(item_mean, item_count, noise[None, :])
    by_kind, real_by_kind = _by_kind(
        panel, count, total, slab_mean, np.full(k, slab_variance), noise
    )
    expected = np.maximum(real[:, :, None], real_by_kind) * by_kind
    return Evidence(expected, count, segment_mean, item_count, item_mean)


def _spike_and_slab(
    mean: np.ndarray, count: np.ndarray, noise: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """Empirical Bayes where most items do nothing: each observed mean uplift (of an item on a
    KPI, possibly for one kind of point of sale) comes from an effect that is 0 with probability
    1 - share, else drawn from N(centre, spread); fitted by EM. Returns the probability that the
    effect is real, its mean if real, and the spread."""
    measured = count > 0
    sampling = np.where(measured, noise / np.maximum(count, 1), 1.0)
    observed = np.where(measured, mean, 0.0)
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


def _by_kind(
    panel: Panel,
    count: np.ndarray,
    total: np.ndarray,
    item_estimate: np.ndarray,
    prior: np.ndarray,
    noise: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Per (item, kpi, segment): the item's estimate moved by its type's and its size class's
    own evidence, then by the segment's, each as far as its number of points of sale allows;
    and the probability that the item really works for the segment's type or size class (an
    item may help malls only, which the network's average hides)."""
    prior, noise = prior[None, :, None], noise[None, :, None]
    centre = item_estimate[:, :, None]
    estimate = centre.copy()
    real = np.zeros_like(estimate * count)
    for level in (0, 1):
        codes = pd.factorize(panel.segment_labels.get_level_values(level))[0]
        members = np.eye(codes.max() + 1)[codes]  # (segments, groups)
        group_count, group_total = count @ members, total @ members
        with np.errstate(invalid="ignore", divide="ignore"):
            group_mean = np.where(group_count > 0, group_total / np.maximum(group_count, 1), 0.0)
        deviation = (group_mean - centre) * _weight(group_count, prior, noise)
        estimate = estimate + deviation @ members.T
        real = np.maximum(real, _spike_and_slab(group_mean, group_count, noise)[0] @ members.T)
    with np.errstate(invalid="ignore", divide="ignore"):
        segment_mean = np.where(count > 0, total / np.maximum(count, 1), 0.0)
    result: np.ndarray = estimate + (segment_mean - estimate) * _weight(count, prior, noise)
    return result, real


def _noise(residual: np.ndarray, exposed: np.ndarray) -> np.ndarray:
    """Variance of the control model's error per KPI, on the months without content."""
    quiet = np.where(exposed[:, None, :], np.nan, residual).transpose(1, 0, 2)
    variance = _variance(quiet.reshape(residual.shape[1], -1), axis=1)
    return np.where(np.isfinite(variance), variance, 1.0) + 1e-6


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
