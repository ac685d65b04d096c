"""Scoring challenges and evaluating labels: pure computation on plain values, no ORM.

Fairness between small and large points of sale comes from comparing each one with itself:
- achievement: its value against its own objective for the period (value / objective);
- progress: its value against its own value for the same period a year before;
- absolute: the value itself, divided by the challenge's goal when there is one, else by the
  best participant's value, so that KPIs of different units can be mixed with weights.
A lower-is-better KPI scores 2 - rate (1 on the mark either way), as the KPI rollups do.
The score is the weighted mean of the KPI scores; a KPI without a figure counts 0, a participant
without any figure is not ranked. Ties: by the stated rule, then a shared rank.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

ACHIEVEMENT, PROGRESS, ABSOLUTE = "achievement", "progress", "absolute"
HEAVIEST_KPI, SHARED = "heaviest_kpi", "shared"
PRECISION = 9  # scores equal to 9 decimals are equal: float noise never decides a rank


@dataclass(frozen=True)
class KpiRule:
    kpi_id: int
    weight: float = 1.0
    higher_is_better: bool = True
    target: float | None = None  # the challenge's goal per participant (absolute rule)


@dataclass(frozen=True)
class Figure:
    value: float | None
    reference: float | None = None  # own objective (achievement) or last year's value (progress)


@dataclass(frozen=True)
class Scored:
    key: Hashable
    score: float | None
    kpi_scores: dict[int, float | None]
    order: str = ""  # the last resort of the display order (a code), never of the rank


@dataclass(frozen=True)
class Standing:
    key: Hashable
    rank: int | None
    score: float | None
    gap_to_above: float | None
    kpi_scores: dict[int, float | None] = field(default_factory=dict)


def rate_score(
    value: float | None, reference: float | None, higher_is_better: bool
) -> float | None:
    if value is None or reference is None or reference <= 0:
        return None
    rate = value / reference
    return rate if higher_is_better else 2 - rate


def _relative_to_best(value: float | None, best: float, higher_is_better: bool) -> float | None:
    if value is None:
        return None
    if higher_is_better:
        return value / best if best > 0 else float(value == best)
    if value <= 0:
        return 1.0
    return best / value if best > 0 else 0.0


def kpi_scores(rule: str, kpi: KpiRule, figures: dict[Hashable, Figure]) -> dict[Hashable, Any]:
    """Every participant's score on one KPI."""
    if rule != ABSOLUTE:
        return {
            key: rate_score(f.value, f.reference, kpi.higher_is_better)
            for key, f in figures.items()
        }
    if kpi.target:
        return {
            key: rate_score(f.value, kpi.target, kpi.higher_is_better) for key, f in figures.items()
        }
    present = [f.value for f in figures.values() if f.value is not None]
    if not present:
        return dict.fromkeys(figures)
    best = max(present) if kpi.higher_is_better else min(present)
    return {
        key: _relative_to_best(f.value, best, kpi.higher_is_better) for key, f in figures.items()
    }


def combined_score(scores: dict[int, float | None], kpis: Sequence[KpiRule]) -> float | None:
    if all(scores.get(kpi.kpi_id) is None for kpi in kpis):
        return None
    total_weight = sum(kpi.weight for kpi in kpis) or 1.0
    return sum(kpi.weight * (scores.get(kpi.kpi_id) or 0.0) for kpi in kpis) / total_weight


def score_participants(
    rule: str,
    kpis: Sequence[KpiRule],
    figures: dict[Hashable, dict[int, Figure]],
    order: dict[Hashable, str] | None = None,
) -> list[Scored]:
    """Each participant's weighted score; `figures` maps participant -> KPI id -> figure."""
    per_kpi = {
        kpi.kpi_id: kpi_scores(
            rule, kpi, {key: row.get(kpi.kpi_id, Figure(None)) for key, row in figures.items()}
        )
        for kpi in kpis
    }
    scored = []
    for key in figures:
        own = {kpi_id: scores[key] for kpi_id, scores in per_kpi.items()}
        scored.append(Scored(key, combined_score(own, kpis), own, (order or {}).get(key, "")))
    return scored


def _tie_value(entry: Scored, heaviest: int | None) -> float:
    value = entry.kpi_scores.get(heaviest) if heaviest is not None else None
    return round(value, PRECISION) if value is not None else float("-inf")


def leaderboard(
    entries: Sequence[Scored], *, tie_break: str, kpis: Sequence[KpiRule] = ()
) -> list[Standing]:
    """Standings in rank order: competition ranking (1, 1, 3), unscored participants last."""
    heaviest = None
    if kpis and tie_break == HEAVIEST_KPI:
        heaviest = max(kpis, key=lambda k: k.weight).kpi_id

    def rank_key(entry: Scored) -> tuple[float, float]:
        return (round(entry.score or 0.0, PRECISION), _tie_value(entry, heaviest))

    ranked = sorted(
        (e for e in entries if e.score is not None),
        key=lambda e: (tuple(-v for v in rank_key(e)), e.order, str(e.key)),
    )
    standings: list[Standing] = []
    above: Standing | None = None
    for index, entry in enumerate(ranked):
        previous = ranked[index - 1] if index else None
        if previous is not None and rank_key(previous) == rank_key(entry) and standings:
            rank = standings[-1].rank
        else:
            above, rank = (standings[-1] if standings else None), index + 1
        gap = (above.score or 0.0) - (entry.score or 0.0) if above is not None else None
        standings.append(Standing(entry.key, rank, entry.score, gap, entry.kpi_scores))
    unscored = sorted((e for e in entries if e.score is None), key=lambda e: (e.order, str(e.key)))
    return standings + [Standing(e.key, None, None, None, e.kpi_scores) for e in unscored]


def window(count: int, index: int, *, top: int = 3, around: int = 1) -> list[int | None]:
    """Positions to show of a leaderboard: the top, and the neighbours around `index`; None marks
    a gap between the two."""
    wanted = set(range(min(top, count)))
    if 0 <= index < count:
        wanted |= set(range(max(0, index - around), min(count, index + around + 1)))
    positions: list[int | None] = []
    for position in sorted(wanted):
        if positions and positions[-1] is not None and position != positions[-1] + 1:
            positions.append(None)
        positions.append(position)
    return positions


# Labels -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelRule:
    level: int
    kpi_id: int | None  # None for the project's and visits' evidence
    kpi_code: str
    measure: str  # "achievement", "value", one of EVIDENCE_MEASURES, or CERTIFIED_SHARE
    threshold: float
    higher_is_better: bool = True
    certification_id: int | None = None  # CERTIFIED_SHARE's


@dataclass(frozen=True)
class YearFigure:
    value: float | None
    achievement_rate: float | None


# Measures read from a point of sale's excellence project and visits, not from a KPI.
DIAGNOSTIC_DONE, ACTIONS_DONE, VISIT_SCORE = "diagnostic_done", "actions_done", "visit_score"
EVIDENCE_MEASURES = (DIAGNOSTIC_DONE, ACTIONS_DONE, VISIT_SCORE)
# Read from learning: the share (%) of its people holding a certification at the year's end.
CERTIFIED_SHARE = "certified_share"


@dataclass(frozen=True)
class CertifiedFigure:
    """A point of sale's people holding a certification, out of those of its role."""

    holders: int
    people: int

    @property
    def share(self) -> float | None:
        return 100 * self.holders / self.people if self.people else None


@dataclass(frozen=True)
class UnitEvidence:
    """A point of sale's year beside its KPIs: its diagnostic done (by the year's end), the
    share of its plan's actions done (in %), the average score of its field visits."""

    diagnostic_done: bool = False
    actions_done_share: float | None = None
    visit_average: float | None = None

    def actual(self, measure: str) -> float | None:
        if measure == DIAGNOSTIC_DONE:
            return 1.0 if self.diagnostic_done else 0.0
        if measure == ACTIONS_DONE:
            return self.actions_done_share
        return self.visit_average


@dataclass(frozen=True)
class Evidence:
    level: int
    kpi_id: int | None
    kpi_code: str
    measure: str
    threshold: float
    actual: float | None
    met: bool
    certification_id: int | None = None
    certified: CertifiedFigure | None = None  # the counts behind a certified share

    def as_dict(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "level": self.level,
            "kpi_id": self.kpi_id,
            "kpi_code": self.kpi_code,
            "measure": self.measure,
            "threshold": self.threshold,
            "actual": self.actual,
            "met": self.met,
        }
        if self.certification_id is not None:
            row["certification_id"] = self.certification_id
            row["holders"] = self.certified.holders if self.certified else 0
            row["people"] = self.certified.people if self.certified else 0
        return row


@dataclass(frozen=True)
class LabelResult:
    level: int | None
    evidence: list[Evidence]

    @property
    def next_level(self) -> int | None:
        levels = sorted({e.level for e in self.evidence if e.level > (self.level or 0)})
        return levels[0] if levels else None

    @property
    def missing_for_next(self) -> list[Evidence]:
        """What stands between the point of sale and the next level (lower levels included)."""
        target = self.next_level
        if target is None:
            return []
        return [e for e in self.evidence if e.level <= target and not e.met]


def criterion_evidence(
    rule: LabelRule,
    figure: YearFigure | None,
    unit: UnitEvidence | None = None,
    certified: dict[int, CertifiedFigure] | None = None,
) -> Evidence:
    if rule.measure == CERTIFIED_SHARE:
        counts = (certified or {}).get(rule.certification_id or 0)
        actual = counts.share if counts else None
        met = actual is not None and actual >= rule.threshold
        return Evidence(
            rule.level,
            None,
            rule.kpi_code,
            rule.measure,
            rule.threshold,
            actual,
            met,
            rule.certification_id,
            counts,
        )
    if rule.measure in EVIDENCE_MEASURES:
        actual = (unit or UnitEvidence()).actual(rule.measure)
        met = actual is not None and actual >= rule.threshold
    elif rule.measure == ACHIEVEMENT:
        actual = figure.achievement_rate if figure else None
        met = actual is not None and actual >= rule.threshold
    else:
        actual = figure.value if figure else None
        met = actual is not None and _meets(actual, rule.threshold, rule.higher_is_better)
    return Evidence(
        rule.level, rule.kpi_id, rule.kpi_code, rule.measure, rule.threshold, actual, met
    )


def _meets(actual: float, threshold: float, higher_is_better: bool) -> bool:
    return actual >= threshold if higher_is_better else actual <= threshold


def evaluate_label(
    rules: Sequence[LabelRule],
    figures: dict[int, YearFigure],
    unit: UnitEvidence | None = None,
    certified: dict[int, CertifiedFigure] | None = None,
) -> LabelResult:
    """The highest level whose criteria, and those of every level below, are all met.

    A level without criteria neither blocks nor can be awarded. `certified`: by certification,
    the point of sale's people holding it."""
    evidence = [
        criterion_evidence(rule, figures.get(rule.kpi_id or 0), unit, certified) for rule in rules
    ]
    reached = None
    for level in sorted({e.level for e in evidence}):
        if all(e.met for e in evidence if e.level <= level):
            reached = level
        else:
            break
    return LabelResult(reached, evidence)
