"""The pure part of the actions for animators: the per-animator prior on kinds, the modules to
push per zone, the points of sale to visit, and a challenge's reason worded again."""

import datetime as dt

import pandas as pd
import pytest
from django.utils import translation

from recommendations.engine import challenge_reason
from recommendations.suggestions import (
    VISIT_FALL,
    VISIT_SHARE,
    kind_prior,
    module_candidates,
    visit_candidates,
    weeks_since,
)

TODAY = dt.date(2026, 1, 20)


def test_the_prior_is_neutral_without_feedback_and_follows_what_a_person_does():
    assert kind_prior(0, 0) == pytest.approx(1.0)
    assert kind_prior(4, 0) == pytest.approx((6 / 8) / 0.5)  # 1.5: takes this kind up
    assert kind_prior(0, 4) == pytest.approx((2 / 8) / 0.5)  # 0.5: dismisses it
    # Smoothed: one answer moves it a little, many answers a lot, never to zero.
    assert 0.5 < kind_prior(0, 1) < 1.0
    assert 0 < kind_prior(0, 100) < 0.05
    assert kind_prior(3, 3) == pytest.approx(1.0)


def _recommended(rows) -> pd.DataFrame:
    columns = ["item", "zone", "point_of_sale", "kpi", "module", "expected_uplift"]
    return pd.DataFrame(rows, columns=columns)


def test_a_module_is_pushed_per_zone_for_the_kpi_it_is_recommended_on_most():
    recommended = _recommended(
        [
            (1, 10, 101, 7, 500, 0.04),
            (2, 10, 102, 7, 500, 0.03),
            (3, 10, 103, 8, 500, 0.09),  # one point of sale on another KPI
            (4, 10, 101, 7, 600, 0.02),
            (5, 20, 201, 7, 500, 0.05),  # another zone: its own suggestion
        ]
    )
    found = module_candidates(recommended, k=3)
    zone = found[found["zone"] == 10].set_index("module")
    assert list(zone.index) == [500, 600]  # the largest total first
    assert zone.loc[500, "kpi"] == 7
    assert zone.loc[500, "points_of_sale"] == [101, 102]
    assert zone.loc[500, "score"] == pytest.approx(0.07)
    assert zone.loc[500, "expected_uplift"] == pytest.approx(0.035)
    assert zone.loc[500, "item"] == 1  # the best recommendation's evidence
    assert found[found["zone"] == 20]["points_of_sale"].tolist() == [[201]]
    assert len(module_candidates(recommended, k=1).query("zone == 10")) == 1
    assert module_candidates(recommended.iloc[0:0]).empty


def _gaps(rows) -> pd.DataFrame:
    columns = ["zone", "point_of_sale", "kpi", "gap_to_target", "confidence", "off_target"]
    return pd.DataFrame(rows, columns=[*columns, "trend"])


def test_a_visit_is_suggested_for_a_lasting_shortfall_without_a_recent_coaching_day():
    gaps = _gaps(
        [
            (1, 11, 7, -0.30, 0.99, True, -0.05),  # never coached: suggested
            (1, 11, 8, -0.10, 0.99, True, -0.05),  # the same point of sale: once, for its largest
            (1, 12, 7, -0.30, 0.99, True, -0.05),  # coached three weeks ago: not yet
            (1, 13, 7, -0.20, 0.95, True, -0.05),  # coached ten weeks ago: suggested
            (1, 14, 7, -0.30, 0.50, True, -0.05),  # may be noise: not suggested
            (1, 15, 7, -0.02, 0.99, True, -0.05),  # too small
            (1, 16, 7, -0.30, 0.99, False, -0.05),  # on target this month
        ]
    )
    last = {12: TODAY - dt.timedelta(weeks=3), 13: TODAY - dt.timedelta(weeks=10)}
    found = visit_candidates(gaps, last, TODAY)
    assert list(found["point_of_sale"]) == [11, 13]
    first = found.iloc[0]
    assert first["kpi"] == 7
    assert first["score"] == pytest.approx(VISIT_SHARE * 0.30 * 0.99)
    assert weeks_since(first["last_day"], TODAY) is None  # never coached
    assert found.iloc[1]["last_day"] == TODAY - dt.timedelta(weeks=10)
    assert weeks_since(found.iloc[1]["last_day"], TODAY) == 10
    assert weeks_since(None, TODAY) is None
    assert visit_candidates(gaps.iloc[0:0], {}, TODAY).empty


def test_a_visit_needs_the_kpi_to_be_falling_not_only_below_target():
    gaps = _gaps(
        [
            (1, 11, 7, -0.30, 0.99, True, -0.05),  # losing five points a month: suggested
            (1, 12, 7, -0.30, 0.99, True, 0.0),  # as far below, but steady: not suggested
            (1, 13, 7, -0.30, 0.99, True, 0.02),  # recovering on its own: not suggested
            (1, 14, 7, -0.30, 0.99, True, -VISIT_FALL / 2),  # noise, not a fall
            (1, 15, 7, -0.30, 0.99, True, None),  # too short a history to tell
        ]
    )
    found = visit_candidates(gaps, {}, TODAY)
    assert list(found["point_of_sale"]) == [11]
    assert found.iloc[0]["trend"] == pytest.approx(-0.05)


def test_a_challenges_reason_is_worded_again_in_each_language():
    values = {"gained": 0.077, "took_part": 26, "expected": 0.034, "points": 2}
    with translation.override("en"):
        english = challenge_reason(kpi_name="accessories", **values)
    assert english == (
        "Points of sale like these that took part in a challenge on accessories did 7.7% better "
        "on it than comparable ones in the 2 months after it started; 26 took part. Expected "
        "here: 3.4% better; points of sale off target concerned: 2."
    )
    with translation.override("fr"):
        french = challenge_reason(kpi_name="accessoires", **values)
    assert "accessoires" in french
    assert "7,7" in french


def test_a_challenges_reason_cites_the_network_when_too_few_like_these_took_part():
    values = {"gained": 0.031, "took_part": 14, "expected": 0.031, "points": 3}
    with translation.override("en"):
        english = challenge_reason(kpi_name="accessories", across_network=True, **values)
    assert english.startswith(
        "Across the network, points of sale that took part in a challenge on accessories did "
        "3.1% better on it"
    )
    assert "14 took part (too few like these to tell them apart)" in english
