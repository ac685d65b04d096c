"""Under-performance, pure: a gap to target and to peers with a confidence from the series' own
noise. One bad month in a steady series does not raise an alarm; a lasting gap does."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from recommendations.underperformance import COLUMNS, confidence_word, kpi_gaps

MONTHS = list(pd.date_range("2025-01-01", periods=13, freq="MS").date)
CURRENT = MONTHS[-1]
STEADY = [1.01, 0.99, 1.02, 1.0, 0.98, 1.01, 1.0, 0.99, 1.02, 1.0, 1.01, 0.99, 1.0]


def _rows(point: int, achievements: list[float], *, target: float = 100.0, kpi: int = 1):
    return [
        (point, kpi, month, rate * target, target, None, True)
        for month, rate in zip(MONTHS, achievements, strict=True)
    ]


def _frame(*series) -> pd.DataFrame:
    rows = [row for rows in series for row in rows]
    columns = ["point_of_sale", "kpi", "month", "value", "target", "projection", "higher_is_better"]
    return pd.DataFrame(rows, columns=columns)


def _gap(frame: pd.DataFrame, point: int, groups: pd.Series | None = None) -> pd.Series:
    found = kpi_gaps(frame, groups if groups is not None else pd.Series(dtype=int), current=CURRENT)
    return found.set_index("point_of_sale").loc[point]


def test_one_bad_month_in_a_steady_series_gives_low_confidence():
    bad_month = [*STEADY[:11], 0.7, 1.0]
    gap = _gap(_frame(_rows(1, bad_month)), 1)
    assert gap["confidence"] < 0.5
    assert confidence_word(gap["confidence"]) == "low"


def test_a_persistent_gap_in_a_steady_series_gives_high_confidence():
    lasting = [*STEADY[:9], 0.8, 0.79, 0.81, 0.8]
    gap = _gap(_frame(_rows(1, lasting)), 1)
    assert gap["gap_to_target"] == pytest.approx(-0.2, abs=0.01)
    assert gap["confidence"] > 0.95
    assert confidence_word(gap["confidence"]) == "high"
    assert bool(gap["off_target"]) is True


def test_the_same_gap_in_a_noisy_series_is_less_certain():
    rng = np.random.default_rng(5)
    noisy = list(np.clip(1 + rng.normal(0, 0.25, 13), 0.2, None))
    noisy[9:12] = [0.9, 0.88, 0.92]
    steady = [*STEADY[:9], 0.9, 0.88, 0.92, 0.9]
    frame = _frame(_rows(1, noisy), _rows(2, steady))
    assert _gap(frame, 1)["confidence"] < _gap(frame, 2)["confidence"]


def test_above_target_has_no_confidence_of_a_shortfall():
    gap = _gap(_frame(_rows(1, [1.2] * 13)), 1)
    assert gap["gap_to_target"] == pytest.approx(0.2)
    assert gap["confidence"] == 0


def test_lower_is_better_is_mirrored():
    rows = [(p, k, m, v, t, pr, False) for p, k, m, v, t, pr, _h in _rows(1, [1.2] * 13)]
    gap = _gap(_frame(rows), 1)
    assert gap["gap_to_target"] == pytest.approx(-0.2)
    assert gap["confidence"] > 0.95


def test_the_gap_to_peers_is_to_the_groups_median():
    frame = _frame(
        _rows(1, [0.8] * 13),
        _rows(2, [1.0] * 13),
        _rows(3, [1.0] * 13),
        _rows(4, [0.5] * 13),  # another group: not a peer
    )
    groups = pd.Series({1: 1, 2: 1, 3: 1, 4: 2})
    gap = _gap(frame, 1, groups)
    assert gap["gap_to_peers"] == pytest.approx(-0.2)
    assert gap["peers"] == 2
    assert gap["peer_confidence"] > 0.95


def test_a_kpi_without_target_has_a_gap_to_peers_only():
    rows = [(p, k, m, v, None, None, h) for p, k, m, v, _t, _pr, h in _rows(1, [0.8] * 13)]
    peers = [(p, k, m, v, None, None, h) for p, k, m, v, _t, _pr, h in _rows(2, [1.0] * 13)]
    gap = _gap(_frame(rows, peers), 1, pd.Series({1: 1, 2: 1}))
    assert np.isnan(gap["gap_to_target"])
    assert gap["gap_to_peers"] < 0


def test_the_month_in_progress_only_says_whether_it_is_off_target_now():
    """A projection below target this month is an alert; its confidence comes from the closed
    months, which were on target."""
    rows = _rows(1, [*STEADY[:12], 0.5])
    gap = _gap(_frame(rows), 1)
    assert bool(gap["off_target"]) is True
    assert gap["confidence"] < 0.5
    assert gap["month"] == dt.date(2025, 12, 1)


def test_too_short_a_history_gives_no_gap():
    frame = _frame(_rows(1, [1.0] * 13))
    frame = frame[frame["month"] >= dt.date(2025, 12, 1)]
    assert kpi_gaps(frame, pd.Series(dtype=int), current=CURRENT).empty


def test_no_rows_give_an_empty_frame_with_the_columns():
    empty = _frame()
    assert list(kpi_gaps(empty, pd.Series(dtype=int), current=CURRENT).columns) == COLUMNS


def test_the_trend_says_whether_a_shortfall_is_falling_or_has_always_been_there():
    falling = [*STEADY[:9], 0.85, 0.8, 0.75, 0.75]  # losing five points a month lately
    always = [0.8, 0.79, 0.81, 0.8, 0.8, 0.79, 0.81, 0.8, 0.8, 0.79, 0.81, 0.8, 0.8]
    recovering = [*STEADY[:6], 0.6, 0.6, 0.65, 0.7, 0.75, 0.8, 0.8]
    frame = _frame(_rows(1, falling), _rows(2, always), _rows(3, recovering))
    assert _gap(frame, 1)["trend"] < -0.04
    assert _gap(frame, 2)["trend"] == pytest.approx(0.0, abs=0.005)
    assert _gap(frame, 3)["trend"] > 0.03
