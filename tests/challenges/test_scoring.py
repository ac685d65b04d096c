"""challenges/scoring.py: each rule against hand-computed examples, and its fairness properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from challenges import scoring
from challenges.scoring import Figure, KpiRule, Scored

FAST = settings(max_examples=25, deadline=None)


def test_achievement_compares_each_one_with_its_own_objective():
    kpis = [KpiRule(1)]
    figures = {"small": {1: Figure(45, 50)}, "large": {1: Figure(400, 500)}}
    scores = {s.key: s.score for s in scoring.score_participants("achievement", kpis, figures)}
    assert scores == {"small": pytest.approx(0.9), "large": pytest.approx(0.8)}


def test_progress_compares_with_the_same_period_a_year_before():
    kpis = [KpiRule(1)]
    figures = {"a": {1: Figure(110, 100)}, "b": {1: Figure(30, 20)}, "new": {1: Figure(5, None)}}
    scores = {s.key: s.score for s in scoring.score_participants("progress", kpis, figures)}
    assert scores == {"a": pytest.approx(1.1), "b": pytest.approx(1.5), "new": None}


def test_lower_is_better_scores_two_minus_the_rate():
    assert scoring.rate_score(80, 100, higher_is_better=False) == pytest.approx(1.2)


def test_absolute_without_a_goal_is_relative_to_the_best_and_mixes_kpis_by_weight():
    kpis = [KpiRule(1, weight=3), KpiRule(2, weight=1)]
    figures = {"a": {1: Figure(10), 2: Figure(200)}, "b": {1: Figure(5), 2: Figure(400)}}
    scores = {s.key: s.score for s in scoring.score_participants("absolute", kpis, figures)}
    # a: (3 * 10/10 + 1 * 200/400) / 4 = 0.875; b: (3 * 0.5 + 1 * 1) / 4 = 0.625
    assert scores == {"a": pytest.approx(0.875), "b": pytest.approx(0.625)}


def test_absolute_with_a_goal_divides_by_it():
    scored = scoring.score_participants("absolute", [KpiRule(1, target=20)], {"a": {1: Figure(5)}})
    assert scored[0].score == pytest.approx(0.25)


def test_a_missing_kpi_counts_zero_and_no_figure_at_all_is_unranked():
    kpis = [KpiRule(1), KpiRule(2)]
    figures = {"half": {1: Figure(1, 1)}, "none": {}}
    scores = {s.key: s.score for s in scoring.score_participants("achievement", kpis, figures)}
    assert scores == {"half": pytest.approx(0.5), "none": None}


def test_ranks_share_equal_scores_and_give_the_gap_to_the_one_above():
    entries = [
        Scored("a", 1.2, {}),
        Scored("b", 1.0, {}),
        Scored("c", 1.0, {}),
        Scored("d", 0.7, {}),
        Scored("e", None, {}),
    ]
    board = scoring.leaderboard(entries, tie_break="shared")
    assert [(s.key, s.rank) for s in board] == [("a", 1), ("b", 2), ("c", 2), ("d", 4), ("e", None)]
    assert [s.gap_to_above for s in board][:4] == [
        None,
        pytest.approx(0.2),
        pytest.approx(0.2),
        pytest.approx(0.3),
    ]


def test_the_heaviest_kpi_breaks_ties():
    kpis = [KpiRule(1, weight=2), KpiRule(2, weight=1)]
    entries = [Scored("a", 1.0, {1: 0.9, 2: 1.2}), Scored("b", 1.0, {1: 1.05, 2: 0.9})]
    board = scoring.leaderboard(entries, tie_break="heaviest_kpi", kpis=kpis)
    assert [(s.key, s.rank) for s in board] == [("b", 1), ("a", 2)]


def test_the_window_shows_the_top_and_the_neighbours():
    assert scoring.window(14, 9) == [0, 1, 2, None, 8, 9, 10]
    assert scoring.window(4, 2) == [0, 1, 2, 3]
    assert scoring.window(5, -1) == [0, 1, 2]


values = st.floats(min_value=0, max_value=10_000, allow_nan=False)
positive = st.floats(min_value=1, max_value=10_000, allow_nan=False)


@FAST
@given(
    others=st.lists(st.tuples(values, positive), min_size=1, max_size=12),
    mine=st.tuples(values, positive),
    gain=st.floats(min_value=0, max_value=5_000, allow_nan=False),
)
def test_a_point_of_sale_that_improves_never_drops_in_a_progress_leaderboard(others, mine, gain):
    kpis = [KpiRule(1)]

    def rank(value: float) -> int:
        figures = {i: {1: Figure(v, ref)} for i, (v, ref) in enumerate(others)}
        figures["me"] = {1: Figure(value, mine[1])}
        scored = scoring.score_participants("progress", kpis, figures)
        board = scoring.leaderboard(scored, tie_break="shared")
        return next(s.rank for s in board if s.key == "me")

    assert rank(mine[0] + gain) <= rank(mine[0])


@FAST
@given(
    rate=st.floats(min_value=0, max_value=3, allow_nan=False),
    small=positive,
    factor=st.floats(min_value=1, max_value=50, allow_nan=False),
)
def test_a_small_and_a_large_point_of_sale_with_the_same_rate_are_equal(rate, small, factor):
    large = small * factor
    figures = {"small": {1: Figure(rate * small, small)}, "large": {1: Figure(rate * large, large)}}
    for rule in ("achievement", "progress"):
        scored = scoring.score_participants(rule, [KpiRule(1)], figures)
        board = scoring.leaderboard(scored, tie_break="shared")
        assert board[0].rank == board[1].rank == 1


def test_a_label_needs_every_criterion_of_its_level_and_below():
    rules = [
        scoring.LabelRule(1, 1, "sales", "achievement", 0.9),
        scoring.LabelRule(2, 1, "sales", "achievement", 1.0),
        scoring.LabelRule(2, 2, "csat", "value", 8.0),
        scoring.LabelRule(3, 2, "csat", "value", 9.0),
    ]
    result = scoring.evaluate_label(
        rules, {1: scoring.YearFigure(120, 1.02), 2: scoring.YearFigure(8.5, None)}
    )
    assert result.level == 2
    assert result.next_level == 3
    assert [(e.kpi_code, e.actual) for e in result.missing_for_next] == [("csat", 8.5)]
    assert scoring.evaluate_label(rules, {}).level is None


def test_a_lower_is_better_value_criterion_is_met_below_the_threshold():
    rule = scoring.LabelRule(1, 1, "stock", "value", 30, higher_is_better=False)
    assert scoring.criterion_evidence(rule, scoring.YearFigure(25, None)).met
    assert not scoring.criterion_evidence(rule, scoring.YearFigure(35, None)).met
