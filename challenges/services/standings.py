"""Scoring a challenge: read the figures set-based, score them (pure), store the standings."""

import datetime as dt
from collections.abc import Hashable

from django.db import transaction
from django.utils import timezone

from kpis import challenge_reads as reads
from kpis.models import Direction
from network_animation.data_versions import data_changed
from network_animation.models import Tenant

from .. import scoring
from ..cache import CHALLENGES
from ..models import Challenge, ChallengeParticipant, ChallengeStanding, ScoringRule, Status

Key = tuple[int, int]  # (point of sale id, person id or 0)


def _year_before(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


def _references(
    challenge: Challenge, kpis, ids: list[int], end: dt.date, people: list[int]
) -> dict:
    tenant, start = challenge.tenant, challenge.start_date
    if challenge.scoring_rule == ScoringRule.ACHIEVEMENT:
        # People are measured against their own objectives, points of sale against theirs.
        return reads.objectives_over(
            tenant=tenant, kpis=kpis, start=start, end=end, point_of_sale_ids=ids,
            person_ids=people if challenge.is_individual else None,
        )  # fmt: skip
    if challenge.scoring_rule == ScoringRule.PROGRESS:
        return reads.kpi_values_over(
            tenant=tenant, kpis=kpis, start=_year_before(start), end=_year_before(end),
            point_of_sale_ids=ids, by_person=challenge.is_individual,
        )  # fmt: skip
    return {}


def challenge_figures(
    challenge: Challenge, participants: list[ChallengeParticipant], kpis: list,
    through: dt.date | None,
) -> dict[Hashable, dict[int, scoring.Figure]]:  # fmt: skip
    """Each participant's value and reference per KPI, over the period up to `through`."""
    ids = sorted({p.point_of_sale_id for p in participants})
    values: dict = {}
    references: dict = {}
    if through is not None:
        values = reads.kpi_values_over(
            tenant=challenge.tenant, kpis=kpis, start=challenge.start_date, end=through,
            point_of_sale_ids=ids, by_person=challenge.is_individual,
        )  # fmt: skip
        people = sorted({p.person_id for p in participants if p.person_id})
        references = _references(challenge, kpis, ids, through, people)
    figures: dict[Hashable, dict[int, scoring.Figure]] = {}
    for p in participants:
        own = p.person_id if challenge.is_individual else p.point_of_sale_id
        figures[(p.point_of_sale_id, p.person_key)] = {
            kpi.pk: scoring.Figure(values.get((own, kpi.pk)), references.get((own, kpi.pk)))
            for kpi in kpis
        }
    return figures


def _rules(choices: list) -> list[scoring.KpiRule]:
    return [
        scoring.KpiRule(c.kpi_id, float(c.weight), c.kpi.direction == Direction.HIGHER, c.target)
        for c in choices
    ]


def _details(figures: dict[int, scoring.Figure], scores: dict[int, float | None]) -> dict:
    return {
        str(kpi_id): {"value": f.value, "reference": f.reference, "score": scores.get(kpi_id)}
        for kpi_id, f in figures.items()
    }


def challenge_standings_refresh(
    *, tenant: Tenant, challenge: Challenge, today: dt.date | None = None
) -> int:
    """Recompute a challenge's leaderboard from the facts; a closed challenge's stays frozen."""
    if challenge.status in (Status.CLOSED, Status.DRAFT):
        return 0
    return _refresh(tenant, challenge, today or timezone.localdate())


def _refresh(tenant: Tenant, challenge: Challenge, today: dt.date) -> int:
    participants = list(
        ChallengeParticipant.objects.filter(tenant=tenant, challenge=challenge).select_related(
            "point_of_sale"
        )
    )
    choices = list(challenge.kpis.select_related("kpi"))
    kpis = [choice.kpi for choice in choices]
    end = min(challenge.end_date, today)
    through = reads.last_fact_date(tenant=tenant, kpis=kpis, start=challenge.start_date, end=end)
    if through is not None and today > challenge.end_date:
        through = challenge.end_date  # the period is over: compared with whole objectives
    figures = challenge_figures(challenge, participants, kpis, through)
    order: dict[Hashable, str] = {
        (p.point_of_sale_id, p.person_key): p.point_of_sale.code for p in participants
    }
    rules = _rules(choices)
    scored = scoring.score_participants(challenge.scoring_rule, rules, figures, order)
    board = scoring.leaderboard(scored, tie_break=challenge.tie_break, kpis=rules)
    now = timezone.now()
    rows = [
        ChallengeStanding(
            tenant=tenant, challenge=challenge, point_of_sale_id=s.key[0],  # type: ignore[index]  # keys are (point of sale, person) tuples
            person_id=s.key[1] or None, rank=s.rank, score=s.score,  # type: ignore[index]  # idem
            gap_to_above=s.gap_to_above, computed_at=now,
            details=_details(figures[s.key], s.kpi_scores),
        )
        for s in board
    ]  # fmt: skip
    with transaction.atomic():
        ChallengeStanding.objects.filter(tenant=tenant, challenge=challenge).delete()
        ChallengeStanding.objects.bulk_create(rows, batch_size=1000)
        Challenge.objects.filter(pk=challenge.pk).update(
            standings_computed_at=now, data_through=through
        )
        data_changed(tenant=tenant, kinds=[CHALLENGES])
    return len(rows)
