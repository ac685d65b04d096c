"""The control model: the change a point of sale's KPI shows in a month it did no content.

Dividing a KPI by its network-wide mean takes out the network's season and trend, not a season
that differs between kinds of point of sale (a mall's December is not a roadside dealer's). So
the model adds calendar effects, month of the year x type and month of the year x size class,
fitted by back-fitting rather than as regression columns: a few turns alternating the Ridge on
the trajectory features (calendar effects subtracted) and the calendar effects as group means
of what the Ridge leaves on the control months. The same fit as with the dummies in the Ridge
(up to the penalty), at the cost of a few small regressions instead of one with 80 more
columns.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.linalg import cho_factor, cho_solve

from .history import AFTER_MONTHS, BASELINE_MONTHS, Panel

CALENDAR_TURNS = 3
# Barely a penalty: the features are small numbers (a 10 % shortfall is 0.1), and on a network
# of 48 points of sale a penalty of 1 shrank what the model learns of the recovery after a bad
# month by a fifth: past challenges for the worst points of sale were credited with the rest.
RIDGE_ALPHA = 0.01
# Pseudo-months at no effect behind every calendar mean: a group seen a few times barely moves.
CALENDAR_PRIOR = 2.0
# A kind of point of sale seen on fewer control months gets its KPI's noise, not its own.
NOISE_MIN_MONTHS = 20
MONTHS_OF_YEAR = 12


def _segment_features(panel: Panel) -> np.ndarray:
    """One-hot type and size class of every point of sale: the control model's kind of store."""
    labels = panel.segment_labels.to_frame(index=False).iloc[panel.segments]
    return pd.get_dummies(labels, dtype=float).to_numpy()


def _calendar_groups(panel: Panel, months: int) -> list[tuple[np.ndarray, int]]:
    """For rows in (pos, month) order: the group code month of the year x type, then month of
    the year x size class, each with its number of groups."""
    of_year = (panel.first_ordinal - 1 + np.arange(months)) % MONTHS_OF_YEAR
    groups = []
    for level in (0, 1):
        codes = pd.factorize(panel.segment_labels.get_level_values(level))[0]
        kind = codes[panel.segments]
        groups.append(
            (
                (kind[:, None] * MONTHS_OF_YEAR + of_year[None, :]).reshape(-1),
                int(codes.max() + 1) * MONTHS_OF_YEAR,
            )
        )
    return groups


@dataclass(frozen=True)
class Control:
    predicted: np.ndarray  # (pos, kpis, months) the change expected without content
    noise: np.ndarray  # (kpis, segments) variance of one point of sale's change around it


def control_model(
    panel: Panel, change: np.ndarray, features: np.ndarray, exposed: np.ndarray
) -> Control:
    """Fit on the months without content, per KPI; predict every month."""
    p, k, m = change.shape
    kinds = np.repeat(_segment_features(panel), m, axis=0)  # rows in (pos, month) order
    calendar = _calendar_groups(panel, m)
    segment_rows = np.repeat(panel.segments, m)
    n_segments = len(panel.segment_labels)
    predicted = np.full((p, k, m), np.nan)
    noise = np.ones((k, n_segments))
    for kpi in range(k):
        outcome = change[:, kpi, :].reshape(-1)
        columns = np.hstack([features[:, kpi, :, :].reshape(p * m, -1), kinds])
        usable = np.isfinite(outcome) & np.isfinite(columns).all(axis=1)
        train = usable & ~exposed.reshape(-1)
        if train.sum() < 10:
            continue
        out = _backfitted(columns, outcome, usable, train, calendar)
        predicted[:, kpi, :] = out.reshape(p, m)
        fitted = columns.shape[1] + 1 + sum(size for _codes, size in calendar)
        noise[kpi] = _noise(outcome - out, train, segment_rows, n_segments, fitted)
    return Control(predicted, noise)


def _backfitted(
    columns: np.ndarray,
    outcome: np.ndarray,
    usable: np.ndarray,
    train: np.ndarray,
    calendar: list[tuple[np.ndarray, int]],
) -> np.ndarray:
    """Ridge on the trajectory plus calendar effects, alternated: each part fitted on what the
    others leave, on the control months; NaN where the row is not usable."""
    seasonal = [np.zeros(outcome.size) for _group in calendar]
    fitted = np.zeros(outcome.size)
    ridge = _Ridge(columns[train])
    for _turn in range(CALENDAR_TURNS):
        for at, (codes, size) in enumerate(calendar):
            others = sum((seasonal[j] for j in range(len(calendar)) if j != at), fitted)
            rest = (outcome - others)[train]
            total = np.bincount(codes[train], weights=rest, minlength=size)
            count = np.bincount(codes[train], minlength=size)
            seasonal[at] = (total / (count + CALENDAR_PRIOR))[codes]
        season = sum(seasonal, np.zeros(outcome.size))
        fitted = np.zeros(outcome.size)
        fitted[usable] = ridge.predict(outcome[train] - season[train], columns[usable])
    result = fitted + sum(seasonal, np.zeros(outcome.size))
    result[~usable] = np.nan
    return result


class _Ridge:
    """scikit-learn's Ridge (alpha `RIDGE_ALPHA`, with an intercept) on fixed columns, fitted
    again on new outcomes at the cost of a product: the back-fitting's turns change only the
    outcome, so the factorisation of the columns is done once."""

    def __init__(self, columns: np.ndarray) -> None:
        self.centre = columns.mean(axis=0)
        self.centred = columns - self.centre
        gram = self.centred.T @ self.centred + RIDGE_ALPHA * np.eye(columns.shape[1])
        self.factor = cho_factor(gram)

    def predict(self, outcome: np.ndarray, columns: np.ndarray) -> np.ndarray:
        mean = outcome.mean()
        weights = cho_solve(self.factor, self.centred.T @ (outcome - mean))
        result: np.ndarray = (columns - self.centre) @ weights + mean
        return result


def _noise(
    error: np.ndarray, train: np.ndarray, segment_rows: np.ndarray, segments: int, fitted: int
) -> np.ndarray:
    """Variance of the control model's error per kind of point of sale, on the control months,
    corrected for the columns fitted on them (the residuals of a fit are smaller than its
    errors on new months: by n / (n - fitted))."""
    rows = int(train.sum())
    correction = rows / max(rows - fitted, 1)
    squares = np.bincount(segment_rows[train], weights=error[train] ** 2, minlength=segments)
    count = np.bincount(segment_rows[train], minlength=segments)
    overall = squares.sum() / max(rows, 1)
    own = np.where(count >= NOISE_MIN_MONTHS, squares / np.maximum(count, 1), overall)
    return own * correction + 1e-6


def _share_of_window() -> dict[int, float]:
    """How much of an effect starting the month after an exposure at month m + offset shows in
    the outcome of month m (mean of the months after against the months before): 1 for an
    exposure in m or m - 1, a part for the months around, 0 when it lifts both sides alike."""
    shares = {}
    for offset in range(-BASELINE_MONTHS - 1, AFTER_MONTHS + 1):
        after = sum(month >= offset + 1 for month in range(1, AFTER_MONTHS + 1)) / AFTER_MONTHS
        before = sum(month >= offset + 1 for month in range(-BASELINE_MONTHS, 0))
        share = after - before / BASELINE_MONTHS
        if share:
            shares[offset] = share
    return shares


def content_in_window(
    shape: tuple[int, int, int],
    pos: np.ndarray,
    month: np.ndarray,
    effect: np.ndarray,
) -> np.ndarray:
    """(pos, kpis, months): what the content done around each month adds to its outcome, given
    each exposure's `effect` ((exposures, kpis)) at point of sale `pos`, month `month`."""
    p, k, m = shape
    found = np.zeros(p * m * k)
    for offset, share in _share_of_window().items():
        row_month = month - offset
        inside = (row_month >= 0) & (row_month < m)
        at = (pos[inside] * m + row_month[inside])[:, None] * k + np.arange(k)[None, :]
        found += np.bincount(
            at.reshape(-1), weights=(effect[inside] * share).reshape(-1), minlength=p * m * k
        )
    return found.reshape(p, m, k).transpose(0, 2, 1)
