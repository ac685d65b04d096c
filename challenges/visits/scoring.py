"""A visit's score from its answers, on plain values (no ORM): the weighted share of the grid
met, 0 to 100. A yes counts whole, a no nothing; a scale answer counts its share of the scale's
top (3 on a scale up to 5 counts 0.6)."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ScoredAnswer:
    weight: int
    value: int
    top: int  # 1 for yes/no, the scale's top otherwise


def visit_score(answers: Iterable[ScoredAnswer]) -> float:
    """100 × Σ weight × value / top, over Σ weight; 0 for a grid without weight."""
    weights = 0
    met = 0.0
    for answer in answers:
        weights += answer.weight
        met += answer.weight * min(answer.value, answer.top) / answer.top
    return round(100 * met / weights, 2) if weights else 0.0
