"""Launching a challenge: who takes part, on which KPIs, scored how."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from kpis.models import KpiDefinition
from network_animation.audit import Action, audit_record
from network_animation.data_versions import data_changed
from network_animation.models import Membership, PointOfSale, Region, Role, Tenant, Zone
from network_animation.services.notifications import notify

from .. import errors
from ..cache import CHALLENGES
from ..models import (
    Challenge,
    ChallengeKpi,
    ChallengeParticipant,
    ParticipantKind,
    ScopeLevel,
    ScoringRule,
    Status,
    TieBreak,
)
from ..notifications import LAUNCHED


@dataclass(frozen=True)
class KpiChoice:
    kpi: KpiDefinition
    weight: int = 1
    target: float | None = None


@dataclass(frozen=True)
class ChallengeSpec:
    name: str
    start: dt.date
    end: dt.date
    kpis: list[KpiChoice]
    scoring_rule: str = ScoringRule.ACHIEVEMENT
    zone: Zone | None = None
    region: Region | None = None
    participant_kind: str = ParticipantKind.POINT_OF_SALE
    point_of_sale_type: str = ""
    size_class: str = ""
    points_of_sale: list[PointOfSale] | None = None  # explicit choice, within the scope
    rewards: dict[str, Any] = field(
        default_factory=dict
    )  # winner_count, winner_points, winner_badge...
    tie_break: str = ""
    renewal: str = ""

    @property
    def level(self) -> str:
        if self.zone is not None:
            return ScopeLevel.ZONE
        return ScopeLevel.REGION if self.region is not None else ScopeLevel.NETWORK


def scope_points_of_sale(
    *, tenant: Tenant, zone: Zone | None, region: Region | None
) -> QuerySet[PointOfSale]:
    points = PointOfSale.objects.filter(tenant=tenant, is_active=True)
    if zone is not None:
        return points.filter(zone=zone)
    return points.filter(zone__region=region) if region is not None else points


def _participating_points(tenant: Tenant, spec: ChallengeSpec) -> list[PointOfSale]:
    points = scope_points_of_sale(tenant=tenant, zone=spec.zone, region=spec.region)
    if spec.point_of_sale_type:
        points = points.filter(type=spec.point_of_sale_type)
    if spec.size_class:
        points = points.filter(size_class=spec.size_class)
    if spec.points_of_sale is not None:
        chosen = {point.pk: point for point in spec.points_of_sale}
        inside = set(points.filter(pk__in=chosen).values_list("pk", flat=True))
        outside = sorted(point.code for pk, point in chosen.items() if pk not in inside)
        if outside:
            raise ValidationError(errors.OUTSIDE_SCOPE, params={"codes": ", ".join(outside)})
        return [chosen[pk] for pk in sorted(inside)]
    found = list(points.order_by("pk"))
    if not found:
        raise ValidationError(errors.NO_PARTICIPANTS)
    return found


def _validate(tenant: Tenant, spec: ChallengeSpec, today: dt.date) -> None:
    if not spec.kpis:
        raise ValidationError(errors.NO_KPI)
    if any(choice.kpi.tenant_id != tenant.pk for choice in spec.kpis):
        raise ValidationError(errors.KPI_OF_ANOTHER_NETWORK)
    if len({choice.kpi.pk for choice in spec.kpis}) != len(spec.kpis):
        raise ValidationError(errors.SAME_KPI_TWICE)
    if spec.end < spec.start:
        raise ValidationError(errors.END_BEFORE_START)
    if spec.end < today:
        raise ValidationError(errors.ENDED_IN_THE_PAST)


def _participants(
    tenant: Tenant, challenge: Challenge, points: list[PointOfSale]
) -> list[ChallengeParticipant]:
    if not challenge.is_individual:
        return [
            ChallengeParticipant(tenant=tenant, challenge=challenge, point_of_sale=p)
            for p in points
        ]
    people = Membership.objects.filter(
        tenant=tenant,
        is_active=True,
        point_of_sale__in=points,
        role__in=[Role.POS_MANAGER, Role.POS_STAFF],
    ).order_by("pk")
    rows = [
        ChallengeParticipant(
            tenant=tenant, challenge=challenge, point_of_sale_id=m.point_of_sale_id or 0, person=m
        )
        for m in people
    ]
    if not rows:
        raise ValidationError(errors.NO_PEOPLE)
    return rows


def _challenge_kpis(
    tenant: Tenant, challenge: Challenge, choices: list[KpiChoice]
) -> list[ChallengeKpi]:
    return [
        ChallengeKpi(
            tenant=tenant, challenge=challenge, kpi=c.kpi, weight=c.weight, target=c.target
        )
        for c in choices
    ]


def status_for(start: dt.date, today: dt.date) -> str:
    return Status.RUNNING if start <= today else Status.SCHEDULED


@transaction.atomic
def challenge_launch(
    *,
    tenant: Tenant,
    actor: Membership | None,
    spec: ChallengeSpec,
    draft: bool = False,
    today: dt.date | None = None,
) -> Challenge:
    """Create a challenge with its KPIs and participants: a draft, or scheduled / running."""
    today = today or timezone.localdate()
    _validate(tenant, spec, today)
    points = _participating_points(tenant, spec)
    status = Status.DRAFT if draft else status_for(spec.start, today)
    challenge = _create_challenge(tenant, actor, spec, status)
    ChallengeKpi.objects.bulk_create(_challenge_kpis(tenant, challenge, spec.kpis))
    ChallengeParticipant.objects.bulk_create(_participants(tenant, challenge, points))
    data_changed(tenant=tenant, kinds=[CHALLENGES])
    if not draft:
        _announce(tenant, challenge)
    audit_record(
        tenant=tenant,
        actor=actor.user if actor else None,
        action=Action.CHALLENGE_LAUNCHED,
        target=f"challenge:{challenge.pk}",
        after={"name": challenge.name, "status": challenge.status, "scope": challenge.level},
    )
    return challenge


def _create_challenge(
    tenant: Tenant, actor: Membership | None, spec: ChallengeSpec, status: str
) -> Challenge:
    return Challenge.objects.create(
        tenant=tenant,
        name=spec.name,
        level=spec.level,
        zone=spec.zone,
        region=spec.region,
        participant_kind=spec.participant_kind,
        point_of_sale_type=spec.point_of_sale_type,
        size_class=spec.size_class,
        start_date=spec.start,
        end_date=spec.end,
        scoring_rule=spec.scoring_rule,
        tie_break=spec.tie_break or TieBreak.HEAVIEST_KPI,
        renewal=spec.renewal,
        created_by=actor,
        **spec.rewards,
        status=status,
    )


def challenge_publish(
    *, tenant: Tenant, challenge: Challenge, today: dt.date | None = None
) -> Challenge:
    """A draft goes live: scheduled, or running if its period has begun."""
    today = today or timezone.localdate()
    if challenge.status != Status.DRAFT:
        raise ValidationError(errors.NOT_A_DRAFT)
    if challenge.end_date < today:
        raise ValidationError(errors.ENDED_IN_THE_PAST)
    challenge.status = status_for(challenge.start_date, today)
    challenge.save(update_fields=["status"])
    data_changed(tenant=tenant, kinds=[CHALLENGES])
    _announce(tenant, challenge)
    return challenge


def _announce(tenant: Tenant, challenge: Challenge) -> None:
    """Tell the people taking part that the challenge is on (once, a draft when published)."""
    participants = ChallengeParticipant.objects.filter(tenant=tenant, challenge=challenge)
    people = Membership.objects.filter(
        tenant=tenant,
        is_active=True,
        role__in=[Role.POS_MANAGER, Role.POS_STAFF],
        point_of_sale__in=participants.values("point_of_sale"),
    )
    if challenge.is_individual:
        people = people.filter(pk__in=participants.values("person"))
    notify(
        tenant=tenant,
        kind=LAUNCHED,
        recipients=people,
        actor=challenge.created_by,
        target=challenge,
        url=reverse("challenges:detail", args=[tenant.slug, challenge.pk]),
        params={
            "name": challenge.name,
            "start": challenge.start_date.isoformat(),
            "end": challenge.end_date.isoformat(),
        },
        once_key=f"challenge:{challenge.pk}",
    )


def challenge_scoring_change(
    *,
    tenant: Tenant,
    challenge: Challenge,
    scoring_rule: str,
    tie_break: str,
    weights: dict[int, int],
) -> Challenge:
    """Change the rule, the tie rule or the weights, only before the challenge runs."""
    if challenge.status in (Status.RUNNING, Status.CLOSED):
        raise ValidationError(errors.SCORING_LOCKED)
    with transaction.atomic():
        challenge.scoring_rule, challenge.tie_break = scoring_rule, tie_break
        challenge.save(update_fields=["scoring_rule", "tie_break"])
        for kpi_id, weight in weights.items():
            ChallengeKpi.objects.filter(tenant=tenant, challenge=challenge, kpi_id=kpi_id).update(
                weight=weight
            )
        data_changed(tenant=tenant, kinds=[CHALLENGES])
    return challenge


def challenges_start_due(*, tenant: Tenant, today: dt.date) -> int:
    started = Challenge.objects.filter(
        tenant=tenant, status=Status.SCHEDULED, start_date__lte=today
    ).update(status=Status.RUNNING)
    if started:
        data_changed(tenant=tenant, kinds=[CHALLENGES])
    return started
