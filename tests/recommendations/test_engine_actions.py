"""rank_actions: challenges to launch, where past challenges on the KPI really helped."""

import pandas as pd
import pytest
from django.utils import translation

from recommendations.engine import ACTION_COLUMNS, off_target_pairs, rank_actions
from recommendations.simulator import NetworkShape, simulate_network

from .simulated import TEST_SHAPE


@pytest.fixture(scope="module")
def simulated():
    """The tests' network, plus 30 past challenges, each for the 15 worst points of sale on its
    KPI; a challenge on a KPI really lifts it for some types of point of sale only."""
    shape = NetworkShape(**(vars(TEST_SHAPE) | {"challenges": 30}))
    return simulate_network(shape)


@pytest.fixture(scope="module")
def actions(simulated):
    with translation.override("en"):
        return rank_actions(
            profiles=simulated.profiles,
            kpi_months=simulated.kpi_months,
            challenges=simulated.challenges,
            k=2,
        )


def _invited(actions, simulated):
    listed = actions.explode("points_of_sale").rename(columns={"points_of_sale": "point_of_sale"})
    return listed.merge(simulated.profiles, on="point_of_sale", suffixes=("", "_of_pos"))


def test_suggests_challenges_where_past_ones_really_worked(simulated, actions):
    assert list(actions.columns) == ACTION_COLUMNS
    invited = _invited(actions, simulated).merge(
        simulated.challenge_truth, on=["kpi", "type"], how="left"
    )
    assert len(invited) > 20
    # Past challenges work for 8 of the 18 (KPI, type) pairs: the invitations hit them 8 in 10.
    assert invited["effect"].notna().mean() >= 0.8
    useless = set(simulated.challenges["kpi"]) - set(simulated.challenge_truth["kpi"])
    assert useless
    assert not set(actions["kpi"]) & useless


def test_each_zone_gets_at_most_k_actions_for_its_own_off_target_points_of_sale(simulated, actions):
    assert actions.groupby("zone")["rank"].max().max() <= 2
    invited = _invited(actions, simulated)
    assert (invited["zone_of_pos"] == invited["zone"]).all()
    off = off_target_pairs(simulated.profiles, simulated.kpi_months)
    assert len(invited.merge(off, on=["point_of_sale", "kpi"])) == len(invited)


def test_every_action_says_what_past_challenges_did(actions):
    assert (
        actions["reason"]
        .str.contains(
            r"challenge on K\d\d did \d+(?:\.\d)?% better on it .*; \d+ took part[ .]", regex=True
        )
        .all()
    )
    assert (actions["expected_uplift"] >= 0.02).all()


def test_no_past_challenge_gives_no_action(simulated):
    none = pd.DataFrame(columns=["challenge", "kpi", "point_of_sale", "start"])
    result = rank_actions(
        profiles=simulated.profiles, kpi_months=simulated.kpi_months, challenges=none, k=2
    )
    assert result.empty
    assert list(result.columns) == ACTION_COLUMNS
