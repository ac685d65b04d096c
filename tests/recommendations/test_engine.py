"""The engine's output contract: columns, at most k per list, nothing already done, a reason."""

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from recommendations.engine import COLUMNS, off_target_pairs, rank_content, reasons

from .simulated import engine_inputs as simulated_inputs


@pytest.fixture(scope="module")
def engine_inputs():
    return simulated_inputs()


ROOT = Path(__file__).resolve().parents[2]
ENGINE = sorted((ROOT / "recommendations" / "engine").glob("*.py"))


@pytest.fixture(scope="module")
def ranked(engine_inputs):
    with translation.override("en"):
        return rank_content(**engine_inputs, k=3)


def test_columns_and_at_most_k_ranked_rows_per_point_of_sale_and_kpi(ranked):
    assert list(ranked.columns) == COLUMNS
    assert len(ranked) > 100
    per_list = ranked.groupby(["point_of_sale", "kpi"])["rank"]
    assert per_list.size().max() <= 3
    assert (per_list.apply(list) == per_list.size().map(lambda n: list(range(1, n + 1)))).all()


def test_only_off_target_kpis_get_recommendations(ranked, engine_inputs):
    off = off_target_pairs(engine_inputs["profiles"], engine_inputs["kpi_months"])
    lists = ranked[["point_of_sale", "kpi"]].drop_duplicates()
    assert len(lists.merge(off)) == len(lists)


def test_never_recommends_what_the_point_of_sale_already_did(ranked, engine_inputs):
    done = engine_inputs["exposures"][["point_of_sale", "item"]].drop_duplicates()
    assert ranked.merge(done, on=["point_of_sale", "item"]).empty


def test_every_row_has_a_positive_uplift_in_rank_order_and_a_reason_with_evidence(ranked):
    assert (ranked["expected_uplift"] > 0).all()
    in_order = ranked.groupby(["point_of_sale", "kpi"])["expected_uplift"].apply(
        lambda uplifts: uplifts.is_monotonic_decreasing
    )
    assert in_order.all()
    assert ranked["reason"].str.contains(r"did \d+(?:\.\d)?% better on K\d\d", regex=True).all()
    assert ranked["reason"].str.contains(r"\d+ of them", regex=True).all()
    example = ranked["reason"][ranked["reason"].str.startswith("Points of sale like yours")]
    assert not example.empty


def test_the_same_inputs_in_any_order_give_the_same_recommendations(ranked, engine_inputs):
    rng = np.random.default_rng(7)
    shuffled = {
        name: frame.iloc[rng.permutation(len(frame))] for name, frame in engine_inputs.items()
    }
    with translation.override("en"):
        again = rank_content(**shuffled, k=3)
    pd.testing.assert_frame_equal(
        again.sort_values(["point_of_sale", "kpi", "rank"], ignore_index=True),
        ranked.sort_values(["point_of_sale", "kpi", "rank"], ignore_index=True),
    )


@pytest.mark.parametrize("empty", ["profiles", "kpi_months", "exposures", "items"])
def test_an_empty_input_gives_an_empty_frame_with_the_columns(engine_inputs, empty):
    inputs = dict(engine_inputs)
    inputs[empty] = inputs[empty].iloc[0:0]
    result = rank_content(**inputs, k=3)
    assert result.empty
    assert list(result.columns) == COLUMNS


def test_no_history_before_the_last_months_gives_no_recommendation(engine_inputs):
    months = engine_inputs["kpi_months"]
    recent = months[months["month"] >= months["month"].max() - pd.DateOffset(months=2)]
    assert rank_content(**(engine_inputs | {"kpi_months": recent}), k=3).empty


def test_reasons_name_the_kpi_when_a_name_is_given(engine_inputs, ranked):
    months = engine_inputs["kpi_months"]
    named = months.assign(kpi_name=months["kpi"].map({"K00": "accessories"}).fillna(months["kpi"]))
    with translation.override("en"):
        result = rank_content(**(engine_inputs | {"kpi_months": named}), k=3)
    on_k00 = result[result["kpi"] == "K00"]
    assert not on_k00.empty
    assert on_k00["reason"].str.contains("better on accessories than").all()
    others = result[result["kpi"] != "K00"]
    assert (
        others["reason"].to_numpy() == ranked[ranked["kpi"] != "K00"]["reason"].to_numpy()
    ).all()


def test_a_lower_is_better_kpi_is_off_target_above_its_target():
    profiles = pd.DataFrame(
        {"point_of_sale": ["A", "B"], "zone": "z", "type": "mall", "size_class": "S"}
    )
    months = pd.date_range("2025-01-01", periods=3, freq="MS")
    kpi_months = pd.DataFrame(
        [
            (pos, "returns", month, 12.0 if pos == "A" else 8.0, 10.0, True)
            for pos in "AB"
            for month in months
        ],
        columns=["point_of_sale", "kpi", "month", "value", "target", "lower_is_better"],
    )
    assert off_target_pairs(profiles, kpi_months).values.tolist() == [["A", "returns"]]


def test_reasons_stay_in_english_when_django_is_not_configured(monkeypatch):
    def unconfigured(message):
        raise ImproperlyConfigured("settings are not configured")

    monkeypatch.setattr(reasons, "gettext", unconfigured)
    assert reasons._("did %(gain)s%% better") == "did %(gain)s%% better"


def test_percentages_follow_the_active_language():
    with translation.override("fr"):
        assert reasons.percent(0.0734) == "7,3"
    with translation.override("en"):
        assert reasons.percent(0.0734) == "7.3"
        assert reasons.percent(0.153) == "15"


def test_the_pure_modules_use_no_orm_nor_settings():
    pure = ["simulator.py", "evaluation.py", *(f"engine/{path.name}" for path in ENGINE)]
    for module in pure:
        source = (ROOT / "recommendations" / module).read_text(encoding="utf-8")
        imported = {
            node.module
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ImportFrom) and node.module
        }
        django = {name for name in imported if name.startswith("django")}
        assert django <= {
            "django.core.exceptions",
            "django.utils.formats",
            "django.utils.translation",
        }


def test_one_ranking_words_the_reasons_in_each_language_asked(engine_inputs, ranked):
    months = engine_inputs["kpi_months"]
    profiles = engine_inputs["profiles"]
    named = months.assign(
        kpi_name_fr=months["kpi"].map({"K00": "accessoires"}),
        kpi_name_en=months["kpi"].map({"K00": "accessories"}),
    )
    kinds = profiles.assign(type_name_fr=profiles["type"].map({"mall": "galerie"}))
    inputs = engine_inputs | {"kpi_months": named, "profiles": kinds}
    with translation.override("en"):
        both = rank_content(**inputs, k=3, languages=("fr", "en"))
    assert list(both.columns) == [*COLUMNS, "reason_fr", "reason_en"]
    # The same rows as one ranking in the active language.
    pd.testing.assert_frame_equal(both[COLUMNS], ranked)
    on_k00 = both[both["kpi"] == "K00"]
    assert on_k00["reason_en"].str.contains("better on accessories than").all()
    assert on_k00["reason_fr"].str.contains("accessoires").all()
    assert (both["reason_fr"] != both["reason_en"]).all()
    in_malls = both[both["reason_en"].str.contains(r"\(mall, size")]
    assert not in_malls.empty
    french = both.loc[in_malls.index, "reason_fr"]
    assert french.str.contains(r"\(galerie, ").all()


def test_no_recommendation_still_has_the_columns_of_each_language(engine_inputs):
    result = rank_content(
        **(engine_inputs | {"items": engine_inputs["items"].iloc[0:0]}), k=3, languages=("fr", "en")
    )
    assert list(result.columns) == [*COLUMNS, "reason_fr", "reason_en"]
