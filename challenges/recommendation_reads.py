"""Reads for recommendations (DESIGN section 1): who took part in which challenge on which KPI,
the challenges launched lately, and when the points of sale were last visited (a coaching day or
a field visit of challenges/visits), as plain rows. One query per kind of row read, whatever the
size of the network."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max

from network_animation.models import Tenant

from .models import ChallengeKpi, ChallengeParticipant, CoachingDay, Status, Visit

# (challenge id, KPI id, point of sale id, start date): one row per participant and KPI
type ParticipationRow = tuple[int, int, int, dt.date]
# (challenge id, zone id or None, launched by (membership id or None), KPI id, created at)
type LaunchRow = tuple[int, int | None, int | None, int, dt.datetime]
# ("coaching_day:<id>" or "visit:<id>", point of sale id, created at)
type VisitRow = tuple[str, int, dt.datetime]


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


def last_visit_days(*, tenant: Tenant, on: dt.date) -> dict[int, dt.date]:
    """Each point of sale's latest visit on or before `on`: a coaching day (planned or held)
    or a field visit, whichever is later. Two queries."""
    last: dict[int, dt.date] = {}
    for model in (CoachingDay, Visit):
        days = model.objects.filter(tenant=tenant, date__lte=on).order_by()
        for row in days.values("point_of_sale_id").annotate(last=Max("date")):
            point = row["point_of_sale_id"]
            last[point] = max(row["last"], last.get(point, row["last"]))
    return last


def visits_recorded_since(
    *, tenant: Tenant, since: dt.datetime, point_of_sale_ids: Iterable[int]
) -> list[VisitRow]:
    """The coaching days and field visits recorded at these points of sale since `since`, each
    named "coaching_day:<id>" or "visit:<id>", oldest first. Two queries."""
    points = list(point_of_sale_ids)
    rows: list[VisitRow] = []
    for model, name in ((CoachingDay, "coaching_day"), (Visit, "visit")):
        recorded = model.objects.filter(
            tenant=tenant, created_at__gte=since, point_of_sale_id__in=points
        )
        for pk, point, created in recorded.order_by().values_list(
            "pk", "point_of_sale_id", "created_at"
        ):
            rows.append((f"{name}:{pk}", point, created))
    return sorted(rows, key=lambda row: row[2])
