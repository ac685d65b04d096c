"""Scoring a challenge: read the figures set-based, score them (pure), store the standings."""

import datetime as dt
from collections.abc import Hashable
from typing import cast

from django.db import transaction
from django.utils import timezone

from kpis import challenge_reads as reads
from kpis.models import Direction, KpiDefinition
from network_animation.data_versions import data_changed
from network_animation.models import Tenant

from .. import scoring
from ..cache import CHALLENGES
from ..models import (
    Challenge,
    ChallengeKpi,
    ChallengeParticipant,
    ChallengeStanding,
    ScoringRule,
    Status,
)

Key = tuple[int, int]  # (point of sale id, person id or 0)


def _year_before(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


def _references(
    challenge: Challenge, kpis: list[KpiDefinition], ids: list[int], end: dt.date, people: list[int]
) -> dict[reads.Key, float]:
    tenant, start = challenge.tenant, challenge.start_date
    if challenge.scoring_rule == ScoringRule.ACHIEVEMENT:
        # People are measured against their own objectives, points of sale against theirs.
        return reads.objectives_over(
            tenant=tenant,
            kpis=kpis,
            start=start,
            end=end,
            point_of_sale_ids=ids,
            person_ids=people if challenge.is_individual else None,
        )
    if challenge.scoring_rule == ScoringRule.PROGRESS:
        return reads.kpi_values_over(
            tenant=tenant,
            kpis=kpis,
            start=_year_before(start),
            end=_year_before(end),
            point_of_sale_ids=ids,
            by_person=challenge.is_individual,
        )
    return {}


def challenge_figures(
    challenge: Challenge,
    participants: list[ChallengeParticipant],
    kpis: list[KpiDefinition],
    through: dt.date | None,
) -> dict[Hashable, dict[int, scoring.Figure]]:
    """Each participant's value and reference per KPI, over the period up to `through`."""
    ids = sorted({p.point_of_sale_id for p in participants})
    values: dict[reads.Key, float] = {}
    references: dict[reads.Key, float] = {}
    if through is not None:
        values = reads.kpi_values_over(
            tenant=challenge.tenant,
            kpis=kpis,
            start=challenge.start_date,
            end=through,
            point_of_sale_ids=ids,
            by_person=challenge.is_individual,
        )
        people = sorted({p.person_id for p in participants if p.person_id})
        references = _references(challenge, kpis, ids, through, people)
    figures: dict[Hashable, dict[int, scoring.Figure]] = {}
    for p in participants:
        own = p.person_key if challenge.is_individual else p.point_of_sale_id
        figures[(p.point_of_sale_id, p.person_key)] = {
            kpi.pk: scoring.Figure(values.get((own, kpi.pk)), references.get((own, kpi.pk)))
            for kpi in kpis
        }
    return figures


def _rules(choices: list[ChallengeKpi]) -> list[scoring.KpiRule]:
    return [
        scoring.KpiRule(c.kpi_id, float(c.weight), c.kpi.direction == Direction.HIGHER, c.target)
        for c in choices
    ]


def _details(
    figures: dict[int, scoring.Figure], scores: dict[int, float | None]
) -> dict[str, dict[str, float | None]]:
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
    through = _data_through(tenant, challenge, kpis, today)
    figures = challenge_figures(challenge, participants, kpis, through)
    order: dict[Hashable, str] = {
        (p.point_of_sale_id, p.person_key): p.point_of_sale.code for p in participants
    }
    rules = _rules(choices)
    scored = scoring.score_participants(challenge.scoring_rule, rules, figures, order)
    board = scoring.leaderboard(scored, tie_break=challenge.tie_break, kpis=rules)
    now = timezone.now()
    rows = [_standing_row(tenant, challenge, s, figures[s.key], now) for s in board]
    with transaction.atomic():
        ChallengeStanding.objects.filter(tenant=tenant, challenge=challenge).delete()
        ChallengeStanding.objects.bulk_create(rows, batch_size=1000)
        Challenge.objects.filter(pk=challenge.pk).update(
            standings_computed_at=now, data_through=through
        )
        data_changed(tenant=tenant, kinds=[CHALLENGES])
    return len(rows)


def _data_through(
    tenant: Tenant, challenge: Challenge, kpis: list[KpiDefinition], today: dt.date
) -> dt.date | None:
    """The last day the standings count: the last day with facts, the whole period once over."""
    end = min(challenge.end_date, today)
    through = reads.last_fact_date(tenant=tenant, kpis=kpis, start=challenge.start_date, end=end)
    if through is not None and today > challenge.end_date:
        through = challenge.end_date  # the period is over: compared with whole objectives
    return through


def _standing_row(
    tenant: Tenant,
    challenge: Challenge,
    standing: scoring.Standing,
    figures: dict[int, scoring.Figure],
    now: dt.datetime,
) -> ChallengeStanding:
    point_of_sale_id, person_key = cast(Key, standing.key)
    return ChallengeStanding(
        tenant=tenant,
        challenge=challenge,
        point_of_sale_id=point_of_sale_id,
        person_id=person_key or None,
        rank=standing.rank,
        score=standing.score,
        gap_to_above=standing.gap_to_above,
        computed_at=now,
        details=_details(figures, standing.kpi_scores),
    )
