"""The measurement against the hold-out group (recommendations/measurement.py), on hand-made
figures: who is compared, their change in achievement, the difference and its interval."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from recommendations.measurement import (
    achievement_changes,
    uplift_against_holdout,
    welch_interval,
)

QUARTER = dt.date(2026, 7, 1)
UNTIL = dt.date(2026, 9, 1)  # September in progress: July and August are measured


def _months(rows: list[tuple[int, int, dt.date, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["point_of_sale", "kpi", "month", "value", "target"])


def _quarter_of(point: int, kpi: int, before: float, during: float, target: float = 100.0):
    """Three months at `before` (April to June), then July to September at `during`, plus a
    month of March that is not read."""
    months = [dt.date(2026, month, 1) for month in range(3, 10)]
    values = [0.0, before, before, before, during, during, 999.0]
    return [(point, kpi, month, value, target) for month, value in zip(months, values, strict=True)]


def test_the_change_is_of_those_below_target_before_over_the_closed_months():
    rows = [
        *_quarter_of(1, 10, before=80, during=90),  # below target, then 10 points better
        *_quarter_of(2, 10, before=110, during=90),  # on target before: not compared
        *_quarter_of(3, 20, before=120, during=110),  # lower is better: above is off target
        *_quarter_of(4, 10, before=80, during=70, target=0),  # no target: no achievement
    ]
    changes = achievement_changes(_months(rows), quarter=QUARTER, until=UNTIL, lower_is_better={20})
    assert changes.to_dict("records") == [
        {"point_of_sale": 1, "kpi": 10, "change": pytest.approx(10.0)},
        {"point_of_sale": 3, "kpi": 20, "change": pytest.approx(10.0)},
    ]


def test_a_quarter_without_a_closed_month_has_no_change():
    rows = _quarter_of(1, 10, before=80, during=90)
    changes = achievement_changes(
        _months(rows), quarter=QUARTER, until=QUARTER, lower_is_better=set()
    )
    assert changes.empty


def test_the_interval_is_welchs():
    first, second = np.array([1.0, 2.0, 3.0, 4.0, 7.0]), np.array([0.0, 0.0, 1.0, 1.0])
    low, high = welch_interval(first, second)
    reference = stats.ttest_ind(first, second, equal_var=False).confidence_interval(0.95)
    assert (low, high) == pytest.approx((reference.low, reference.high))
    assert low < first.mean() - second.mean() < high


def _changes(by_kpi: dict[int, list[tuple[int, float]]]) -> pd.DataFrame:
    rows = [(point, kpi, change) for kpi, pairs in by_kpi.items() for point, change in pairs]
    return pd.DataFrame(rows, columns=["point_of_sale", "kpi", "change"])


def test_the_uplift_per_kpi_with_the_sizes_of_both_groups_and_its_reading():
    held_out = {1, 2, 3}
    changes = _changes(
        {
            # Recommended: +10 to +16 points; held out: about 0.
            7: [(1, 0.0), (2, 2.0), (3, -1.0), (4, 10.0), (5, 12.0), (6, 14.0), (7, 16.0)],
            # The same spread in both groups: no telling them apart.
            8: [(1, -5.0), (2, 5.0), (4, -6.0), (5, 6.0), (6, 1.0)],
            # Worse than the held-out ones.
            9: [(1, 10.0), (2, 11.0), (4, 1.0), (5, 0.0), (6, -1.0)],
            # A single held-out point of sale: no spread, no interval.
            10: [(1, 3.0), (4, 5.0), (5, 6.0)],
        }
    )
    better, unclear, worse, single = uplift_against_holdout(changes, held_out)
    assert (better.kpi, better.recommended, better.held_out) == (7, 4, 3)
    assert better.difference == pytest.approx(13.0 - 1 / 3)
    assert 0 < better.low < better.difference < better.high
    assert better.reading == "better"
    assert unclear.reading == "too_early"
    assert unclear.low < 0 < unclear.high
    assert worse.reading == "worse"
    assert worse.high < 0
    assert worse.magnitude == pytest.approx(10.5)
    assert (single.recommended, single.held_out, single.difference) == (2, 1, None)
    assert single.reading == "too_early"
