"""Reads around a launch (selectors, each taking `tenant=`): how fresh the chosen KPIs' figures
are, the challenges a new one would duplicate, and each participant's goals on a challenge's
page. A fixed number of queries whatever the number of participants."""

import datetime as dt
from dataclasses import dataclass

from kpis import challenge_reads as reads
from kpis.models import KpiDefinition
from network_animation.models import Region, Tenant, Zone

from . import periods
from .models import (
    Challenge,
    ChallengeKpi,
    ChallengeParticipant,
    ChallengeStanding,
    ScoringRule,
    Status,
)
from .selectors import challenge_list_for_scope
from .services.standings import _year_before

# How far back the last day with figures is looked for: older figures say nothing of tomorrow's.
FRESHNESS_WINDOW = dt.timedelta(days=31)


def figures_last_day(
    *, tenant: Tenant, kpis: list[KpiDefinition], today: dt.date
) -> dt.date | None:
    """The last day with figures of these KPIs (their parts for a ratio), lately."""
    if not kpis:
        return None
    return reads.last_fact_date(tenant=tenant, kpis=kpis, start=today - FRESHNESS_WINDOW, end=today)


def challenge_first_figures_on(
    *, tenant: Tenant, challenge: Challenge, kpis: list[ChallengeKpi], today: dt.date
) -> dt.date | None:
    """When a scheduled or running challenge that has no figures yet gets its first ones."""
    if challenge.data_through or challenge.status not in (Status.SCHEDULED, Status.RUNNING):
        return None
    last = figures_last_day(tenant=tenant, kpis=[choice.kpi for choice in kpis], today=today)
    return periods.first_figures_on(challenge.start_date, today, last)


def challenge_namesakes(
    *,
    tenant: Tenant,
    name: str,
    start: dt.date,
    end: dt.date,
    zone: Zone | None,
    region: Region | None,
) -> list[Challenge]:
    """Launched challenges of the same name over overlapping days that the same points of sale
    take part in (the scope's own, its region's, the network's, or its zones')."""
    return list(
        challenge_list_for_scope(tenant=tenant, zone=zone, region=region)
        .filter(name__iexact=name.strip(), start_date__lte=end, end_date__gte=start)
        .exclude(status=Status.DRAFT)
        .order_by("start_date", "pk")
    )


@dataclass(frozen=True)
class Goal:
    """A participant's figure so far on one KPI, and what it is compared with."""

    choice: ChallengeKpi
    value: float | None
    goal: float | None


@dataclass(frozen=True)
class ParticipantGoals:
    label: str
    goals: list[Goal]


def participant_goals(
    *,
    tenant: Tenant,
    challenge: Challenge,
    kpis: list[ChallengeKpi],
    standings: list[ChallengeStanding],
) -> list[ParticipantGoals]:
    """Every participant with, per KPI, their value at the last scoring and their goal for the
    whole period: the challenge's goal (absolute rule), their own objective (achievement), or
    their figure over the same days a year before (progress)."""
    participants = list(
        ChallengeParticipant.objects.filter(tenant=tenant, challenge=challenge)
        .select_related("point_of_sale", "person__user")
        .order_by("point_of_sale__name", "person_key")
    )
    so_far = {(row.point_of_sale_id, row.person_key): row.details for row in standings}
    goals = _period_goals(tenant, challenge, kpis, participants)
    rows = []
    for participant in participants:
        own = participant.person_key if challenge.is_individual else participant.point_of_sale_id
        details = so_far.get((participant.point_of_sale_id, participant.person_key), {})
        rows.append(
            ParticipantGoals(
                participant.participant_label,
                [
                    Goal(
                        choice,
                        details.get(str(choice.kpi_id), {}).get("value"),
                        goals.get((own, choice.kpi_id)),
                    )
                    for choice in kpis
                ],
            )
        )
    return rows


def _period_goals(
    tenant: Tenant,
    challenge: Challenge,
    kpis: list[ChallengeKpi],
    participants: list[ChallengeParticipant],
) -> dict[reads.Key, float]:
    """(participant's own id, KPI id) -> goal over the challenge's whole period."""
    owners = sorted(
        {p.person_key if challenge.is_individual else p.point_of_sale_id for p in participants}
    )
    if challenge.scoring_rule == ScoringRule.ABSOLUTE:
        return {
            (owner, c.kpi_id): c.target for owner in owners for c in kpis if c.target is not None
        }
    definitions = [choice.kpi for choice in kpis]
    point_ids = sorted({p.point_of_sale_id for p in participants})
    if challenge.scoring_rule == ScoringRule.ACHIEVEMENT:
        return reads.objectives_over(
            tenant=tenant,
            kpis=definitions,
            start=challenge.start_date,
            end=challenge.end_date,
            point_of_sale_ids=point_ids,
            person_ids=owners if challenge.is_individual else None,
        )
    return reads.kpi_values_over(
        tenant=tenant,
        kpis=definitions,
        start=_year_before(challenge.start_date),
        end=_year_before(challenge.end_date),
        point_of_sale_ids=point_ids,
        by_person=challenge.is_individual,
    )
