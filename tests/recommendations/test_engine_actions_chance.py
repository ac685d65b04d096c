"""rank_actions does not credit chance either (issue 17): on small networks like the demo's, past
challenges that changed nothing, each for the points of sale that did worst the month before
(they recover anyway), are not suggested, those that helped (+12 %) are on most networks, and
the reasons quote what is claimed, not the participants' lucky mean
(recommendations/small_network.py)."""

import pytest
from django.utils import translation

from recommendations.engine import rank_actions
from recommendations.small_network import SmallShape, simulate_small_network

SMALL_NETWORKS = range(20)
EFFECT = SmallShape().challenge_effect


def _suggested(shape: SmallShape):
    network = simulate_small_network(shape)
    with translation.override("en"):
        actions = rank_actions(
            profiles=network.profiles,
            kpi_months=network.kpi_months,
            challenges=network.challenges,
            k=3,
        )
    return network, actions


@pytest.fixture(scope="module")
def small_networks():
    """20 networks of 48 points of sale; 15 past challenges of 12 participants each, 3 per KPI
    but the first; those on the second KPI lift it by 12 %."""
    return [
        _suggested(SmallShape(points_of_sale=48, seed=seed, challenges=15))
        for seed in SMALL_NETWORKS
    ]


def _quoted(actions, words: str):
    pattern = words + r" (\d+(?:\.\d)?)% better"
    return actions["reason"].str.extract(pattern)[0].astype(float)


def test_past_challenges_that_changed_nothing_are_not_suggested(small_networks):
    fooled = sum(
        bool(set(actions["kpi"]) - {network.challenged_kpi}) for network, actions in small_networks
    )
    assert fooled <= 1


def test_past_challenges_that_helped_are_suggested_on_most_networks(small_networks):
    found = sum(
        network.challenged_kpi in set(actions["kpi"]) for network, actions in small_networks
    )
    assert found >= 14


def test_the_reason_quotes_what_is_claimed_never_more(small_networks):
    for _network, actions in small_networks:
        # What participants gained, as quoted, is at most what is expected here (the claim).
        assert (_quoted(actions, "did") <= _quoted(actions, "Expected here:")).all()
        assert (actions["gained"] <= actions["expected_uplift"] + 1e-4).all()


@pytest.mark.parametrize("seed", range(3))
def test_on_300_points_of_sale_the_claim_is_near_the_effect_not_above(seed):
    network, actions = _suggested(
        SmallShape(points_of_sale=300, seed=seed, challenges=15, challenge_size=40)
    )
    helped = actions[actions["kpi"] == network.challenged_kpi]
    assert set(actions["kpi"]) == {network.challenged_kpi}
    # Most zones have points of sale below target on it: they are offered a challenge.
    assert helped["zone"].nunique() == network.profiles["zone"].nunique()
    quoted = _quoted(helped, "did")
    assert (quoted <= EFFECT * 110).all()
    assert (quoted >= 3).all()
    assert (helped["expected_uplift"] <= EFFECT * 1.1).all()
