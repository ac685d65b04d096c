"""The simulator hides a truth the easy answers get wrong, and is the same for the same seed."""

import pandas as pd
import pytest

from recommendations.simulator import NetworkShape, simulate_network

from .simulated import simulated_network


@pytest.fixture(scope="module")
def simulated():
    return simulated_network()


def test_the_same_seed_gives_the_same_network_and_another_seed_another(simulated):
    again = simulate_network(NetworkShape(seed=0))
    for name in ("profiles", "kpi_months", "exposures", "items", "truth", "future"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(simulated, name))
    other = simulate_network(NetworkShape(seed=1, points_of_sale=50))
    assert not other.truth.equals(simulated.truth)


def test_the_engine_inputs_carry_nothing_of_the_truth(simulated):
    assert list(simulated.profiles.columns) == ["point_of_sale", "zone", "type", "size_class"]
    assert list(simulated.kpi_months.columns) == [
        "point_of_sale",
        "kpi",
        "month",
        "value",
        "target",
    ]
    assert list(simulated.exposures.columns) == ["point_of_sale", "item", "date"]
    assert list(simulated.items.columns) == ["item", "kind", "kpis"]


def test_popular_content_is_not_the_effective_content(simulated):
    done = simulated.exposures.groupby("item").size()
    effective = done.index.isin(simulated.truth["item"])
    assert done[effective].mean() < done[~effective].mean() / 1.5


def test_some_effective_content_is_tagged_with_a_kpi_it_does_not_move(simulated):
    moved = simulated.truth.groupby("item")["kpi"].first()
    tags = simulated.items.set_index("item")["kpis"]
    wrong = [item for item, kpi in moved.items() if kpi not in tags[item]]
    assert 0 < len(wrong) < len(moved)


def test_animators_push_content_to_points_of_sale_having_a_bad_month(simulated):
    months = simulated.kpi_months.assign(
        achievement=lambda f: f["value"] / f["target"],
        month=lambda f: f["month"].dt.to_period("M"),
    )
    exposed = simulated.exposures.assign(month=lambda f: f["date"].dt.to_period("M") - 1)
    before = exposed.merge(months, on=["point_of_sale", "month"])
    tagged = simulated.items.set_index("item")["kpis"]
    on_tag = before[[k in tagged[i] for i, k in zip(before["item"], before["kpi"], strict=True)]]
    busiest = on_tag.groupby(["month", "point_of_sale"]).size()
    # Points of sale that got the most content tagged with a KPI in a month were behind on it.
    pushed = on_tag.set_index(["month", "point_of_sale"]).loc[busiest[busiest >= 2].index]
    assert pushed["achievement"].mean() < months["achievement"].mean() - 0.03


def test_the_future_lists_only_unseen_items_that_really_help(simulated):
    future = simulated.future
    assert (future["true_uplift"] > 0).all()
    done = simulated.exposures[["point_of_sale", "item"]]
    assert future.merge(done, on=["point_of_sale", "item"]).empty
    kinds = simulated.profiles.set_index("point_of_sale")
    sample = future.head(50).join(kinds, on="point_of_sale")
    truth = simulated.truth.set_index(["item", "kpi", "type", "size_class"])["effect"]
    keys = list(
        zip(sample["item"], sample["kpi"], sample["type"], sample["size_class"], strict=True)
    )
    assert truth.loc[keys].to_numpy() == pytest.approx(sample["true_uplift"].to_numpy())


def test_challenges_are_simulated_only_when_asked_and_leave_the_rest_alone(simulated):
    assert simulated.challenges.empty
    with_challenges = simulate_network(
        NetworkShape(seed=0, points_of_sale=60, items=20, kpis=3, challenges=4)
    )
    without = simulate_network(NetworkShape(seed=0, points_of_sale=60, items=20, kpis=3))
    assert with_challenges.challenges.groupby("challenge").size().tolist() == [15] * 4
    assert list(with_challenges.challenges.columns) == [
        "challenge",
        "kpi",
        "point_of_sale",
        "start",
    ]
    pd.testing.assert_frame_equal(with_challenges.items, without.items)
    pd.testing.assert_frame_equal(with_challenges.truth, without.truth)
