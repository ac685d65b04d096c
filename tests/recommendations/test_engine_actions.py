"""rank_actions: challenges to launch, where past challenges on the KPI really helped."""

import numpy as np
import pandas as pd
import pytest
from django.utils import translation

from recommendations.engine import ACTION_COLUMNS, off_target_pairs, rank_actions

from .simulated import simulated_network


@pytest.fixture(scope="module")
def simulated():
    return simulated_network()


@pytest.fixture(scope="module")
def history(simulated):
    """Past challenges on K01 lifted mall points of sale by 10 % from the month after they
    started (nobody else); past challenges on K02 changed nothing."""
    rng = np.random.default_rng(5)
    months = np.sort(simulated.kpi_months["month"].unique())
    points_of_sale = simulated.profiles["point_of_sale"].to_numpy()
    rows = [
        (f"{kpi}-{number}", kpi, pos, months[start])
        for kpi, count in (("K01", 10), ("K02", 6))
        for number, start in enumerate(rng.integers(3, 20, count))
        for pos in rng.choice(points_of_sale, 15, replace=False)
    ]
    challenges = pd.DataFrame(rows, columns=["challenge", "kpi", "point_of_sale", "start"])
    challenges = challenges.drop_duplicates(["point_of_sale", "kpi"])
    malls = simulated.profiles.loc[simulated.profiles["type"] == "mall", "point_of_sale"]
    lifted = challenges[(challenges["kpi"] == "K01") & challenges["point_of_sale"].isin(malls)]
    kpi_months = simulated.kpi_months.merge(
        lifted[["point_of_sale", "kpi", "start"]], on=["point_of_sale", "kpi"], how="left"
    )
    after = kpi_months["month"] > kpi_months["start"]
    kpi_months.loc[after, "value"] *= 1.10
    return kpi_months.drop(columns="start"), challenges


@pytest.fixture(scope="module")
def actions(simulated, history):
    kpi_months, challenges = history
    with translation.override("en"):
        return rank_actions(
            profiles=simulated.profiles, kpi_months=kpi_months, challenges=challenges, k=2
        )


def test_suggests_challenges_only_where_past_ones_worked(simulated, actions):
    assert list(actions.columns) == ACTION_COLUMNS
    assert not actions.empty
    assert set(actions["kpi"]) == {"K01"}
    kinds = simulated.profiles.set_index("point_of_sale")["type"]
    assert (actions["points_of_sale"].explode().map(kinds) == "mall").mean() >= 0.8


def test_each_zone_gets_at_most_k_actions_for_its_own_off_target_points_of_sale(
    simulated, history, actions
):
    assert actions.groupby("zone")["rank"].max().max() <= 2
    zones = simulated.profiles.set_index("point_of_sale")["zone"]
    listed = actions.explode("points_of_sale")
    assert (listed["points_of_sale"].map(zones) == listed["zone"]).all()
    off = off_target_pairs(simulated.profiles, history[0])
    concerned = listed.rename(columns={"points_of_sale": "point_of_sale"})
    assert len(concerned.merge(off, on=["point_of_sale", "kpi"])) == len(concerned)


def test_every_action_says_what_past_challenges_did(actions):
    assert (
        actions["reason"]
        .str.contains(
            r"challenge on K01 did \d+(?:\.\d)? % better on it .*; \d+ took part\.", regex=True
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
