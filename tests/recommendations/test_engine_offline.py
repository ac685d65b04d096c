"""On the simulator with a fixed seed, the engine beats every baseline by the issue's margins,
and an engine whose recommendations are shuffled does not."""

import numpy as np
import pytest

from recommendations import evaluation
from recommendations.engine import rank_content

from .simulated import simulated_network


@pytest.fixture(scope="module")
def simulated():
    return simulated_network()


def margins_missed(figures: dict[str, evaluation.Figures]) -> list[str]:
    """The issue's margins that the "engine" row of the figures misses (none: it passes)."""
    engine = figures["engine"]
    baselines = {name: row for name, row in figures.items() if name != "engine"}
    missed = []
    if engine.precision_at_3 < 2 * figures["kpi_tag"].precision_at_3:
        missed.append("precision@3 under twice the KPI-gap heuristic's")
    if engine.precision_at_3 <= figures["popularity"].precision_at_3:
        missed.append("precision@3 not above popularity's")
    if engine.ndcg_at_5 <= figures["popularity"].ndcg_at_5:
        missed.append("nDCG@5 not above popularity's")
    missed += [
        f"Qini not above {name}'s" for name, row in baselines.items() if engine.qini <= row.qini
    ]
    return missed


@pytest.fixture(scope="module")
def engine_ranked(simulated):
    return evaluation.recommend(rank_content, simulated)


@pytest.fixture(scope="module")
def baseline_figures(simulated):
    return {
        name: evaluation.figures(evaluation.recommend(method, simulated), simulated)
        for name, method in evaluation.METHODS.items()
        if name != "engine"
    }


def test_the_engine_beats_every_baseline_by_the_margins(simulated, engine_ranked, baseline_figures):
    figures = baseline_figures | {"engine": evaluation.figures(engine_ranked, simulated)}
    assert margins_missed(figures) == []
    assert figures["engine"].lists > 500


def test_a_shuffled_engine_misses_the_margins(simulated, engine_ranked, baseline_figures):
    # Same lists, same items, same ranks: only which item goes to which list is shuffled.
    shuffled = engine_ranked.copy()
    shuffled["item"] = shuffled["item"].to_numpy()[
        np.random.default_rng(3).permutation(len(shuffled))
    ]
    figures = baseline_figures | {"engine": evaluation.figures(shuffled, simulated)}
    missed = margins_missed(figures)
    assert "precision@3 under twice the KPI-gap heuristic's" in missed
    assert "Qini not above kpi_tag's" in missed


def test_the_engine_ignores_popularity_and_tags_that_mislead(simulated, engine_ranked):
    # Pushed, popular content that moves nothing is nearly absent from the first places.
    effective = set(simulated.truth["item"])
    top = engine_ranked[engine_ranked["rank"] == 1]
    assert top["item"].isin(effective).mean() > 0.9
