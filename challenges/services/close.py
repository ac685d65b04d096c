"""Closing a challenge: final standings frozen, rewards, notifications; then its renewal.

Each step is idempotent: the close claims the challenge with a row lock and a status check,
rewards and notifications have unique keys, and a renewal is unique per challenge renewed.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from communities.services.best_practices import best_practice_invite
from network_animation.audit import Action, audit_record
from network_animation.data_versions import data_changed
from network_animation.jobs import JobProgress
from network_animation.models import Membership, Role, Tenant
from network_animation.services.notifications import notify

from ..cache import CHALLENGES
from ..models import (
    Challenge,
    ChallengeKpi,
    ChallengeParticipant,
    ChallengeStanding,
    Renewal,
    Reward,
    Status,
)
from ..notifications import CLOSED
from .launch import challenges_start_due, status_for
from .standings import _refresh, challenge_standings_refresh


def _reward_for(
    challenge: Challenge, standing: ChallengeStanding, now: dt.datetime
) -> Reward | None:
    common = {
        "tenant": challenge.tenant,
        "challenge": challenge,
        "awarded_at": now,
        "point_of_sale_id": standing.point_of_sale_id,
        "person_id": standing.person_id,
        "rank": standing.rank,
    }
    if standing.rank is not None and standing.rank <= challenge.winner_count:
        return Reward(
            reason=Reward.Reason.WINNER,
            points=challenge.winner_points,
            badge=challenge.winner_badge,
            **common,
        )
    threshold = challenge.threshold
    if threshold is not None and standing.score is not None and standing.score >= threshold:
        return Reward(reason=Reward.Reason.THRESHOLD, points=challenge.threshold_points, **common)
    return None


def _recipients(
    challenge: Challenge, standing: ChallengeStanding, people: dict[int, Membership]
) -> list[Membership]:
    if standing.person_id is not None:
        person = people.get(standing.person_id)
        return [person] if person else []
    return [m for m in people.values() if m.point_of_sale_id == standing.point_of_sale_id]


def _staff_of(tenant: Tenant, standings: list[ChallengeStanding]) -> dict[int, Membership]:
    """The active staff of the participating points of sale, by membership id."""
    staff = Membership.objects.filter(
        tenant=tenant,
        is_active=True,
        role__in=[Role.POS_MANAGER, Role.POS_STAFF],
        point_of_sale_id__in=[s.point_of_sale_id for s in standings],
    ).select_related("user")
    return {m.pk: m for m in staff}


def _notify(
    challenge: Challenge,
    standings: list[ChallengeStanding],
    rewards: dict[tuple[int, int | None], Reward],
) -> int:
    """Tell every participant where they finished and what they earn, once."""
    tenant = challenge.tenant
    people = _staff_of(tenant, standings)
    recipients, personal = [], {}
    for standing in standings:
        reward = rewards.get((standing.point_of_sale_id, standing.person_id))
        for person in _recipients(challenge, standing, people):
            recipients.append(person)
            personal[person.pk] = {"rank": standing.rank, "points": reward.points if reward else 0}
    told = notify(
        tenant=tenant,
        kind=CLOSED,
        recipients=recipients,
        target=challenge,
        url=reverse("challenges:detail", args=[tenant.slug, challenge.pk]),
        params={"name": challenge.name, "peers": sum(1 for s in standings if s.rank is not None)},
        personal=personal,
        once_key=f"challenge:{challenge.pk}",
    )
    return len(told)


def challenge_close(
    *,
    tenant: Tenant,
    challenge: Challenge,
    today: dt.date | None = None,
) -> bool:
    """Close a running challenge once: False when it was not running (already closed)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _claim(tenant, challenge)
        if locked is None:
            return False
        _refresh(tenant, locked, today)
        now = timezone.now()
        Challenge.objects.filter(pk=locked.pk).update(status=Status.CLOSED, closed_at=now)
        data_changed(tenant=tenant, kinds=[CHALLENGES])
        locked.status = challenge.status = Status.CLOSED
        rewarded = _reward_and_notify(tenant, locked, now)
        audit_record(
            tenant=tenant,
            actor=None,
            action=Action.CHALLENGE_CLOSED,
            target=f"challenge:{locked.pk}",
            actor_label="nightly",
            after={"rewards": rewarded},
        )
    _invite_winners(tenant, locked)
    challenge_renew(tenant=tenant, challenge=locked, today=today)
    return True


def _invite_winners(tenant: Tenant, challenge: Challenge) -> int:
    """Each winning point of sale is invited to tell how it won (seed 003): a prefilled draft
    for its manager, once per challenge and point of sale; how many were invited."""
    winners = ChallengeStanding.objects.filter(
        tenant=tenant, challenge=challenge, rank__lte=challenge.winner_count
    ).select_related("point_of_sale__zone")
    kpis = [
        link.kpi
        for link in ChallengeKpi.objects.filter(tenant=tenant, challenge=challenge).select_related(
            "kpi"
        )
    ]
    invited, seen = 0, set()
    for standing in winners:
        point = standing.point_of_sale
        if point.pk in seen:
            continue
        seen.add(point.pk)
        draft = best_practice_invite(
            tenant=tenant,
            point_of_sale=point,
            kpis=kpis,
            what=challenge.name,
            once_key=f"challenge:{challenge.pk}:{point.pk}",
        )
        invited += draft is not None
    return invited


def _claim(tenant: Tenant, challenge: Challenge) -> Challenge | None:
    """The challenge locked for this transaction, if it is still running."""
    running = Challenge.objects.select_for_update().filter(
        tenant=tenant, pk=challenge.pk, status=Status.RUNNING
    )
    return running.first()


def _reward_and_notify(tenant: Tenant, challenge: Challenge, now: dt.datetime) -> int:
    """Reward the final standings and tell every participant; returns the rewards given."""
    standings = list(ChallengeStanding.objects.filter(tenant=tenant, challenge=challenge))
    rewards = [r for s in standings if (r := _reward_for(challenge, s, now)) is not None]
    Reward.objects.bulk_create(rewards, ignore_conflicts=True)
    by_participant = {(r.point_of_sale_id, r.person_id): r for r in rewards}
    _notify(challenge, standings, by_participant)
    return len(rewards)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def next_period(start: dt.date, renewal: str) -> tuple[dt.date, dt.date]:
    """The next occurrence's period: the week, month or quarter that follows."""
    if renewal == Renewal.WEEKLY:
        return start, start + dt.timedelta(days=6)
    months = 3 if renewal == Renewal.QUARTERLY else 1
    if start.day == 1:
        return start, _add_months(start, months) - dt.timedelta(days=1)
    end = _add_months(start.replace(day=1), months) + dt.timedelta(days=start.day - 2)
    return start, end


def challenge_renew(
    *, tenant: Tenant, challenge: Challenge, today: dt.date | None = None
) -> Challenge | None:
    """The next occurrence of a closed, renewing challenge, created once (unique `previous`)."""
    if not challenge.renewal or challenge.status != Status.CLOSED:
        return None
    if Challenge.objects.filter(tenant=tenant, previous=challenge).exists():
        return None
    start, end = next_period(challenge.end_date + dt.timedelta(days=1), challenge.renewal)
    try:
        with transaction.atomic():
            return _copy(challenge, start, end, today or timezone.localdate())
    except IntegrityError:  # another run renewed it first
        return None


def _copy(challenge: Challenge, start: dt.date, end: dt.date, today: dt.date) -> Challenge:
    tenant, source_pk = challenge.tenant, challenge.pk
    kpis = list(ChallengeKpi.objects.filter(tenant=tenant, challenge_id=source_pk))
    participants = list(ChallengeParticipant.objects.filter(tenant=tenant, challenge_id=source_pk))
    renewed = Challenge.objects.get(pk=source_pk)
    renewed.pk = None
    renewed._state.adding = True
    renewed.previous_id = source_pk
    renewed.start_date, renewed.end_date = start, end
    renewed.status = status_for(start, today)
    renewed.closed_at = renewed.standings_computed_at = renewed.data_through = None
    renewed.save()
    for row in kpis + participants:
        row.pk, row.challenge = None, renewed
    ChallengeKpi.objects.bulk_create(kpis)
    ChallengeParticipant.objects.bulk_create(participants)
    data_changed(tenant=tenant, kinds=[CHALLENGES])
    return renewed


def challenges_nightly_step(*, tenant: Tenant, progress: JobProgress) -> None:
    """Start what is due, rescore what runs, close what is over, renew what was closed."""
    today = timezone.localdate()
    progress.add("started", challenges_start_due(tenant=tenant, today=today))
    for challenge in Challenge.objects.filter(tenant=tenant, status=Status.RUNNING):
        if challenge.end_date < today:
            closed = challenge_close(tenant=tenant, challenge=challenge, today=today)
            progress.add("closed", int(closed))
        else:
            scored = challenge_standings_refresh(tenant=tenant, challenge=challenge, today=today)
            progress.add("scored", int(bool(scored)))
    renewed = Challenge.objects.filter(tenant=tenant, previous__isnull=False).values("previous_id")
    unrenewed = Challenge.objects.filter(tenant=tenant, status=Status.CLOSED, renewal__gt="")
    for challenge in unrenewed.exclude(pk__in=renewed):
        created = challenge_renew(tenant=tenant, challenge=challenge, today=today)
        progress.add("renewed", int(created is not None))
