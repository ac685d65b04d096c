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
