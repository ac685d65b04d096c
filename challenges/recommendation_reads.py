"""Reads for recommendations (DESIGN section 1): who took part in which challenge on which KPI,
the challenges launched lately, and the coaching days of the points of sale, as plain rows. One
query per call, whatever the size of the network."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max

from network_animation.models import Tenant

from .models import ChallengeKpi, ChallengeParticipant, CoachingDay, Status

# (challenge id, KPI id, point of sale id, start date): one row per participant and KPI
type ParticipationRow = tuple[int, int, int, dt.date]
# (challenge id, zone id or None, launched by (membership id or None), KPI id, created at)
type LaunchRow = tuple[int, int | None, int | None, int, dt.datetime]
# (coaching day id, point of sale id, created at)
type CoachingDayRow = tuple[int, int, dt.datetime]


def challenge_participations(*, tenant: Tenant) -> list[ParticipationRow]:
    """Each point of sale that took part in a challenge (launched, not a draft), per KPI of the
    challenge, with the challenge's start."""
    participants = ChallengeParticipant.objects.filter(tenant=tenant).exclude(
        challenge__status=Status.DRAFT
    )
    rows = (
        participants.filter(challenge__kpis__isnull=False)
        .order_by()
        .values_list(
            "challenge_id", "challenge__kpis__kpi_id", "point_of_sale_id", "challenge__start_date"
        )
        .distinct()
    )
    return list(rows)


def challenges_launched_since(
    *, tenant: Tenant, since: dt.datetime, zone_ids: Iterable[int]
) -> list[LaunchRow]:
    """The challenges of these zones created since `since` and launched (not drafts), one row per
    KPI."""
    kpis = ChallengeKpi.objects.filter(
        tenant=tenant,
        challenge__zone_id__in=list(zone_ids),
        challenge__created_at__gte=since,
    ).exclude(challenge__status=Status.DRAFT)
    rows = kpis.order_by("challenge_id").values_list(
        "challenge_id",
        "challenge__zone_id",
        "challenge__created_by_id",
        "kpi_id",
        "challenge__created_at",
    )
    return list(rows)


def last_coaching_days(*, tenant: Tenant, on: dt.date) -> dict[int, dt.date]:
    """Each point of sale's latest coaching day on or before `on` (planned or held)."""
    days = CoachingDay.objects.filter(tenant=tenant, date__lte=on).order_by()
    rows = days.values("point_of_sale_id").annotate(last=Max("date"))
    return {row["point_of_sale_id"]: row["last"] for row in rows}


def coaching_days_recorded_since(
    *, tenant: Tenant, since: dt.datetime, point_of_sale_ids: Iterable[int]
) -> list[CoachingDayRow]:
    days = CoachingDay.objects.filter(
        tenant=tenant, created_at__gte=since, point_of_sale_id__in=list(point_of_sale_ids)
    )
    return list(days.order_by("pk").values_list("pk", "point_of_sale_id", "created_at"))
