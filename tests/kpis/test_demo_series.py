"""The demo's figures vary as real ones do (kpis/demo_series.py): busy Saturdays, good and bad
months, stocks that wander around their norm, and points of sale that meet their targets
unevenly. Pure code: drawn without a database, as a visitor would see them once rolled up."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from kpis import demo_series
from kpis.demo import CAR_MAKER_KPIS, COSMETICS_KPIS
from kpis.demo_series import DemoStory

TODAY = dt.date(2026, 12, 1)
POINTS = 60


def _spec(code: str):
    return next(spec for spec in [*CAR_MAKER_KPIS, *COSMETICS_KPIS] if spec.code == code)


def _network(seed: int = 7, points: int = POINTS):
    generator = np.random.default_rng(seed)
    classes = ["S", "M", "M", "L", "XL", "S"]
    frame = pd.DataFrame(
        {
            "pk": range(1, points + 1),
            "size_class": [classes[row % len(classes)] for row in range(points)],
            "zone_id": [row % 6 for row in range(points)],
        }
    )
    profile = demo_series.demo_profiles(frame, generator)
    dates = pd.date_range(end=TODAY - dt.timedelta(days=1), periods=730, freq="D")
    return profile, dates, generator


def _draw(code: str, profile, dates, generator, story=None):
    spec = _spec(code)
    performance = demo_series.performance_grid(code, profile, dates, generator, story)
    return demo_series.daily_values(
        spec.daily, spec.aggregation, profile, dates, generator, performance
    )


def _monthly(values: np.ndarray, dates: pd.DatetimeIndex) -> pd.DataFrame:
    """Each point of sale's (rows) totals by month (columns)."""
    codes, months = demo_series.month_codes(dates)
    return pd.DataFrame(values).T.groupby(codes).sum().T.set_axis(months, axis=1)


def test_saturdays_are_busier_and_the_week_adds_up_the_same():
    profile, dates, generator = _network()
    tickets = _draw("tickets", profile, dates, generator)
    weekday = dates.day_of_week
    saturday = tickets[:, weekday == 5].mean()
    monday_to_friday = tickets[:, weekday < 5].mean()
    assert 1.25 < saturday / monday_to_friday < 1.45
    # The other days give up a little: over a week, the rhythm neither adds nor takes away.
    rhythm = demo_series.weekday_rhythm(dates[:7])
    assert rhythm.sum() == pytest.approx(7)
    dealers = dates[dates.day_of_week != 6]  # closed on Sundays
    assert demo_series.weekday_rhythm(dealers[:6]).sum() == pytest.approx(6)


def test_a_point_of_sale_has_good_and_bad_months():
    profile, dates, generator = _network()
    expected = demo_series.performance_grid("ca", profile, dates, generator)
    codes, _months = demo_series.month_codes(dates)
    by_month = pd.DataFrame(expected).T.groupby(codes).first().T.to_numpy()
    # Within a month the performance holds; from one month to the next it moves, some 5 %.
    swing = by_month / by_month.mean(axis=1, keepdims=True)
    assert 0.03 < swing.std(axis=1).mean() < 0.07
    # So the months of a point of sale, season aside (against their targets), differ.
    revenue = _monthly(_draw("ca", profile, dates, generator), dates).iloc[:, 1:-1]
    targets = np.stack(
        [
            demo_series.month_targets(3100.0, "sum", profile, month, dates[0], 30)
            for month in revenue.columns
        ],
        axis=1,
    )
    achievement = revenue.to_numpy() / targets
    spread = achievement.max(axis=1) / achievement.min(axis=1)
    assert (spread > 1.01).all()
    assert np.median(spread) > 1.15


@pytest.mark.parametrize("code", ["stock_vn", "ruptures"])
def test_a_stock_wanders_around_its_norm_and_stays_positive(code):
    profile, dates, generator = _network()
    stock = _draw(code, profile, dates, generator).astype(float)
    assert (stock > 0).all()
    # Yesterday's stock says much of today's: a walk, not noise around a constant.
    gaps = stock - stock.mean(axis=1, keepdims=True)
    lag_one = [np.corrcoef(row[:-1], row[1:])[0, 1] for row in gaps]
    assert np.median(lag_one) > 0.7
    assert min(lag_one) > 0.5
    # ... that strays from its norm and comes back to it, each point of sale at its own level.
    relative = stock / stock.mean(axis=1, keepdims=True)
    assert 0.08 < np.median(relative.std(axis=1)) < 0.3
    assert np.percentile(stock.mean(axis=1), 90) > 2 * np.percentile(stock.mean(axis=1), 10)


def test_points_of_sale_meet_their_yearly_targets_unevenly():
    profile, dates, generator = _network(points=120)
    revenue = _monthly(_draw("ca", profile, dates, generator), dates)
    year = [month for month in revenue.columns if month.year == TODAY.year - 1]
    targets = sum(
        demo_series.month_targets(3100.0, "sum", profile, month, dates[0], 30) for month in year
    )
    achievement = revenue[year].sum(axis=1).to_numpy() / targets
    low, median, high = np.percentile(achievement, [25, 50, 75])
    assert high - low > 0.1
    assert 0.9 < median < 1.02
    assert (achievement < 0.8).sum() >= 5  # clearly behind
    assert (achievement > 1.1).sum() >= 5  # well ahead


def test_the_same_seed_draws_the_same_figures():
    first = _draw("vn", *_network(seed=3))
    again = _draw("vn", *_network(seed=3))
    other = _draw("vn", *_network(seed=4))
    assert (first == again).all()
    assert (first != other).any()


def test_a_story_sets_or_scales_some_months_of_some_points_of_sale():
    profile, dates, generator = _network()
    november, october = pd.Timestamp(2026, 11, 1), pd.Timestamp(2026, 10, 1)
    story = DemoStory(
        levels=pd.DataFrame(
            [{"point_of_sale_id": 1, "kpi": "vn", "month": november, "value": 1.4}]
        ),
        factors=pd.DataFrame(
            [{"point_of_sale_id": 2, "kpi": "vn", "month": october, "value": 0.5}]
        ),
    )
    told = demo_series.performance_grid("vn", profile, dates, np.random.default_rng(1), story)
    plain = demo_series.performance_grid("vn", profile, dates, np.random.default_rng(1))
    in_november = np.asarray(dates.month == 11) & np.asarray(dates.year == 2026)
    in_october = np.asarray(dates.month == 10) & np.asarray(dates.year == 2026)
    assert (told[0, in_november] == 1.4).all()
    assert told[1, in_october] == pytest.approx(0.5 * plain[1, in_october])
    assert (told[2:] == plain[2:]).all()
    # Other KPIs are not in the story.
    assert (
        demo_series.performance_grid("vo", profile, dates, np.random.default_rng(1), story) == plain
    ).all()


def test_the_first_month_of_history_asks_for_the_part_it_holds():
    profile, _dates, _generator = _network(points=3)
    first = pd.Timestamp(2025, 10, 28)  # four days of October
    october = pd.Timestamp(2025, 10, 1)
    partial = demo_series.month_targets(100.0, "sum", profile, october, first, 31)
    whole = demo_series.month_targets(100.0, "sum", profile, october, october, 31)
    assert partial == pytest.approx(whole * 4 / 31, rel=0.01)
