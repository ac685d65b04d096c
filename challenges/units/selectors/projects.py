"""Reads of unit projects: a project and its parts, its progress board, a zone's stages.

The plan and the board are plans.py's, read over the unit's actions and the point of sale's
month rollups."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from kpis.models import KpiDefinition, RollupLevel
from kpis.selectors import kpi_list
from network_animation.models import Membership, PointOfSale, Role, Tenant, Zone

from ...models import (
    ActionComment,
    ActionStatus,
    CoachingDay,
    FlowSlot,
    SkillAssessment,
    UnitAction,
    UnitProject,
    Visit,
)
from .. import progress
from ..training.selectors import PersonTraining, training_of
from .plans import NEXT_ACTIONS as NEXT_ACTIONS  # the tests' and callers' name for it
from .plans import (
    Board,
    KpiFigure,
    plan_board,
    plan_comments,
    plan_next,
    plan_ordered,
    scope_kpi_figures,
    stage_of,
)

# The voice of the customer shows the KPIs of the satisfaction family: a family whose name
# holds "satisf" (Satisfaction client, Customer satisfaction), whatever its case.
SATISFACTION_FAMILY = "satisf"


def project_of(*, tenant: Tenant, point_of_sale: PointOfSale) -> UnitProject | None:
    return UnitProject.objects.filter(tenant=tenant, point_of_sale=point_of_sale).first()


def project_get(*, tenant: Tenant, id: int) -> UnitProject:
    found = (
        UnitProject.objects.filter(tenant=tenant, pk=id)
        .select_related("point_of_sale__zone__region")
        .first()
    )
    if found is None:
        raise Http404
    return found


def action_get(*, tenant: Tenant, id: int) -> UnitAction:
    found = (
        UnitAction.objects.filter(tenant=tenant, pk=id)
        .select_related("project__point_of_sale__zone__region", "owner__user", "kpi")
        .first()
    )
    if found is None:
        raise Http404
    return found


def actions_of(*, tenant: Tenant, project: UnitProject) -> QuerySet[UnitAction]:
    """The plan, the soonest due first (undated last), done actions at the end."""
    return plan_ordered(UnitAction.objects.filter(tenant=tenant, project=project))


def next_actions(*, tenant: Tenant, project: UnitProject) -> list[UnitAction]:
    return plan_next(UnitAction.objects.filter(tenant=tenant, project=project))


def comments_of(*, tenant: Tenant, action: UnitAction) -> QuerySet[ActionComment]:
    return plan_comments(ActionComment.objects.filter(tenant=tenant, action=action))


def unit_people(*, tenant: Tenant, point_of_sale: PointOfSale) -> QuerySet[Membership]:
    """The unit's team: its active manager(s) and staff, who own actions and are assessed."""
    return (
        Membership.objects.filter(
            tenant=tenant,
            point_of_sale=point_of_sale,
            role__in=[Role.POS_MANAGER, Role.POS_STAFF],
            is_active=True,
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def flow_grid(*, tenant: Tenant, project: UnitProject) -> dict[tuple[int, int], FlowSlot]:
    slots = FlowSlot.objects.filter(tenant=tenant, project=project)
    return {(slot.weekday, slot.hour): slot for slot in slots}


@dataclass(frozen=True)
class SkillRow:
    person: Membership
    assessment: SkillAssessment | None
    training: PersonTraining | None = None  # competences named, plan's progress


def skills_of(
    *, tenant: Tenant, project: UnitProject, today: dt.date | None = None
) -> list[SkillRow]:
    """Each person of the unit with their assessment, if any, and their training: the
    competences their gap names and their plan's progress (six queries)."""
    assessed = {
        a.person_id: a for a in SkillAssessment.objects.filter(tenant=tenant, project=project)
    }
    people = list(unit_people(tenant=tenant, point_of_sale=project.point_of_sale))
    training = training_of(tenant=tenant, people=people, today=today or timezone.localdate())
    return [SkillRow(p, assessed.get(p.pk), training.get(p.pk)) for p in people]


def kpi_figures(
    *, tenant: Tenant, project: UnitProject, kpis: list[KpiDefinition]
) -> list[KpiFigure]:
    """Each KPI's value in the project's first month against its latest month (at its projection
    while it is not over), from the point of sale's month rollups (one query)."""
    return scope_kpi_figures(
        tenant=tenant,
        level=RollupLevel.POINT_OF_SALE,
        scope_id=project.point_of_sale_id,
        started_on=project.started_on,
        kpis=kpis,
    )


def satisfaction_kpis(*, tenant: Tenant) -> list[KpiDefinition]:
    return list(
        kpi_list(tenant=tenant, active_only=True).filter(family__icontains=SATISFACTION_FAMILY)
    )


def progress_board(
    *, tenant: Tenant, point_of_sale: PointOfSale, today: dt.date
) -> Board[UnitProject]:
    """The board of a point of sale (with or without a project): a handful of queries."""
    project = project_of(tenant=tenant, point_of_sale=point_of_sale)
    last_day = (
        CoachingDay.objects.filter(tenant=tenant, point_of_sale=point_of_sale, date__lte=today)
        .exclude(work_done="")
        .aggregate(last=Max("date"))["last"]
    )
    if project is None:
        return Board(None, progress.Stage.NOT_STARTED, last_coaching_day=last_day)
    project.point_of_sale = point_of_sale  # the same row: its pages read it without a query
    return plan_board(
        tenant=tenant,
        project=project,
        actions=UnitAction.objects.filter(tenant=tenant, project=project),
        level=RollupLevel.POINT_OF_SALE,
        scope_id=point_of_sale.pk,
        today=today,
        last_coaching_day=last_day,
    )


@dataclass(frozen=True)
class ZoneRow:
    point_of_sale: PointOfSale
    stage: progress.Stage
    share_done: float | None
    last_coaching_day: dt.date | None
    last_visit: dt.date | None = None


def zone_stages(*, tenant: Tenant, zone: Zone, today: dt.date) -> list[ZoneRow]:
    """Each point of sale of a zone with its project's stage, share of actions done, last
    coaching day held and last field visit: three queries whatever the zone's size."""
    last_visit = (
        Visit.objects.filter(tenant=tenant, point_of_sale=OuterRef("pk"), date__lte=today)
        .order_by("-date")
        .values("date")[:1]
    )
    points = list(
        PointOfSale.objects.filter(tenant=tenant, zone=zone)
        .annotate(last_visit=Subquery(last_visit))
        .order_by("name", "pk")
    )
    projects = {
        p.point_of_sale_id: p
        for p in UnitProject.objects.filter(tenant=tenant, point_of_sale__zone=zone).annotate(
            total=Count("actions"),
            done=Count("actions", filter=Q(actions__status=ActionStatus.DONE)),
        )
    }
    last_days = dict(
        CoachingDay.objects.filter(tenant=tenant, point_of_sale__zone=zone, date__lte=today)
        .exclude(work_done="")
        .values("point_of_sale_id")
        .annotate(last=Max("date"))
        .values_list("point_of_sale_id", "last")
    )
    rows = []
    for point in points:
        project = projects.get(point.pk)
        done, total = (project.done, project.total) if project else (0, 0)
        rows.append(
            ZoneRow(
                point,
                stage_of(project, done, total),
                progress.share_done(done, total),
                last_days.get(point.pk),
                getattr(point, "last_visit", None),  # annotated above
            )
        )
    return rows
