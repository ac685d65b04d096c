"""The offline metrics on tiny cases computed by hand, and the baselines' rules."""

from io import StringIO

import pandas as pd
import pytest
from django.core.management import call_command

from recommendations.evaluation import (
    SECTION_END,
    SECTION_START,
    ndcg_at,
    precision_at,
    rank_at_random,
    rank_by_kpi_tag,
    rank_by_popularity,
    rank_by_zone,
    uplift_curves,
    with_figures,
)
from recommendations.models import OfflineEvaluation


def _recommendations(*rows):
    return pd.DataFrame(rows, columns=["point_of_sale", "kpi", "item", "rank"])


@pytest.fixture
def future():
    # Point of sale A, off target on K1: x would bring +10 %, y +5 %; z and w nothing.
    return pd.DataFrame(
        {
            "point_of_sale": ["A", "A"],
            "kpi": ["K1", "K1"],
            "item": ["x", "y"],
            "true_uplift": [0.10, 0.05],
        }
    )


LIST_A = pd.DataFrame({"point_of_sale": ["A"], "kpi": ["K1"]})
FOUR_CANDIDATES = pd.Series({"A": 4, "B": 4})
Z_X_Y = _recommendations(("A", "K1", "z", 1), ("A", "K1", "x", 2), ("A", "K1", "y", 3))


def test_precision_at_3_counts_the_helpful_items_among_the_first_three(future):
    assert precision_at(Z_X_Y, future, LIST_A, k=3) == pytest.approx(2 / 3)
    assert precision_at(Z_X_Y, future, LIST_A, k=1) == 0.0


def test_a_list_without_recommendations_counts_as_misses(future):
    lists = pd.DataFrame({"point_of_sale": ["A", "B"], "kpi": ["K1", "K1"]})
    assert precision_at(Z_X_Y, future, lists, k=3) == pytest.approx(2 / 6)


def test_ndcg_at_5_discounts_the_true_uplift_by_rank(future):
    # DCG = 0.10 / log2(3) + 0.05 / log2(4); ideal = 0.10 / log2(2) + 0.05 / log2(3).
    assert ndcg_at(Z_X_Y, future, LIST_A, k=5) == pytest.approx(0.088093 / 0.131546, abs=1e-5)
    perfect = _recommendations(("A", "K1", "x", 1), ("A", "K1", "y", 2))
    assert ndcg_at(perfect, future, LIST_A, k=5) == pytest.approx(1.0)


def test_qini_and_auuc_on_the_true_uplifts(future):
    # Order z, x, y then w: cumulative uplift 0, .10, .15, .15 -> area .40. Random: .15 * 5 / 2
    # = .375. Perfect x, y, z, w: .10, .15, .15, .15 -> .55. Qini = .025 / .175; AUUC = .4 / .6.
    curves = uplift_curves(Z_X_Y, future, LIST_A, FOUR_CANDIDATES)
    assert curves.qini == pytest.approx(1 / 7)
    assert curves.auuc == pytest.approx(2 / 3)


def test_qini_is_one_for_the_perfect_order_and_zero_for_no_order(future):
    perfect = _recommendations(("A", "K1", "x", 1), ("A", "K1", "y", 2))
    assert uplift_curves(perfect, future, LIST_A, FOUR_CANDIDATES).qini == pytest.approx(1.0)
    nothing = _recommendations()
    assert uplift_curves(nothing, future, LIST_A, FOUR_CANDIDATES).qini == pytest.approx(0.0)
    worst = _recommendations(("A", "K1", "z", 1), ("A", "K1", "w", 2), ("A", "K1", "y", 3))
    assert uplift_curves(worst, future, LIST_A, FOUR_CANDIDATES).qini < 0


@pytest.fixture
def network():
    profiles = pd.DataFrame(
        {
            "point_of_sale": ["A", "B", "C", "D"],
            "zone": ["north", "north", "south", "south"],
            "type": ["mall"] * 4,
            "size_class": ["S"] * 4,
        }
    )
    # A is off target on K1 (and only on K1) over the last three months.
    months = pd.date_range("2025-01-01", periods=3, freq="MS")
    kpi_months = pd.DataFrame(
        [
            (pos, kpi, month, 90.0 if (pos, kpi) == ("A", "K1") else 110.0, 100.0)
            for pos in "ABCD"
            for kpi in ("K1", "K2")
            for month in months
        ],
        columns=["point_of_sale", "kpi", "month", "value", "target"],
    )
    # Done in the north: north_hit (once); in the network: network_hit (twice, by one point of
    # sale twice and by another); A already did "done".
    exposures = pd.DataFrame(
        [
            ("B", "north_hit", "2025-01-05"),
            ("C", "network_hit", "2025-01-05"),
            ("C", "network_hit", "2025-02-05"),
            ("D", "network_hit", "2025-01-09"),
            ("A", "done", "2025-01-05"),
        ],
        columns=["point_of_sale", "item", "date"],
    )
    items = pd.DataFrame(
        {
            "item": ["north_hit", "network_hit", "tagged", "done"],
            "kind": ["module"] * 4,
            "kpis": [["K2"], ["K2"], ["K1"], ["K1"]],
        }
    )
    return {"profiles": profiles, "kpi_months": kpi_months, "exposures": exposures, "items": items}


def test_popularity_ranks_what_most_points_of_sale_did(network):
    ranked = rank_by_popularity(**network, k=2)
    assert ranked[["point_of_sale", "kpi", "item", "rank"]].values.tolist() == [
        ["A", "K1", "network_hit", 1],
        ["A", "K1", "north_hit", 2],
    ]


def test_zone_ranks_what_the_zone_did_first(network):
    ranked = rank_by_zone(**network, k=1)
    assert ranked["item"].tolist() == ["north_hit"]


def test_kpi_tag_ranks_only_unseen_content_tagged_with_the_off_target_kpi(network):
    ranked = rank_by_kpi_tag(**network, k=5)
    assert ranked["item"].tolist() == ["tagged"]


def test_random_ranks_every_unseen_item_once(network):
    ranked = rank_at_random(**network, k=10)
    assert sorted(ranked["item"]) == ["network_hit", "north_hit", "tagged"]
    assert ranked["rank"].tolist() == [1, 2, 3]


def test_the_figures_section_is_replaced_and_the_rest_of_the_document_kept():
    document = f"# Title\n\nIntro.\n\n{SECTION_START}\nold figures\n{SECTION_END}\n\nAfter.\n"
    section = f"{SECTION_START}\nnew figures\n{SECTION_END}"
    rewritten = with_figures(document, section)
    assert rewritten == f"# Title\n\nIntro.\n\n{section}\n\nAfter.\n"
    assert with_figures(rewritten, section) == rewritten
    assert with_figures("# Title\n", section) == f"# Title\n\n{section}\n"


@pytest.mark.django_db
def test_the_command_writes_the_figures_of_every_method_into_the_document(tmp_path):
    document = tmp_path / "recommendations.md"
    document.write_text(f"# Recommendations\n\n{SECTION_START}\n{SECTION_END}\n", "utf-8")
    call_command(
        "recommendations_evaluate",
        seeds=[0],
        points_of_sale=80,
        kpis=3,
        items=20,
        no_speed=True,
        document=document,
        stdout=StringIO(),
    )
    text = document.read_text("utf-8")
    assert text.startswith("# Recommendations\n\n")
    for label in ("Engine (uplift)", "Popularity", "Most done in the zone", "KPI-gap", "Random"):
        assert f"| {label}" in text
    assert "80 points of sale, 3 KPIs, 24 months, 20 content items" in text
    # And keeps them for head office's measurement page (test_offline_figures.py).
    assert OfflineEvaluation.objects.get().shape["points_of_sale"] == 80
