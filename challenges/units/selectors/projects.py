"""Reads of unit projects: a project and its parts, its progress board, a zone's stages.

KPIs are read through the KPIs' selectors: the month rollups of the point of sale (never the
facts), so a board costs the same whatever the number of facts."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Max, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from kpis.models import Direction, KpiDefinition, RollupLevel, RollupPeriod
from kpis.selectors import kpi_list, rollup_list
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

# The voice of the customer shows the KPIs of the satisfaction family: a family whose name
# holds "satisf" (Satisfaction client, Customer satisfaction), whatever its case.
SATISFACTION_FAMILY = "satisf"
NEXT_ACTIONS = 5


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
    return (
        UnitAction.objects.filter(tenant=tenant, project=project)
        .select_related("owner__user", "kpi")
        .annotate(comment_count=Count("comments"))
        .annotate(
            finished=Case(When(status=ActionStatus.DONE, then=1), default=0),
            undated=Case(When(due_on__isnull=True, then=1), default=0),
        )
        .order_by("finished", "undated", "due_on", "pk")
    )


def next_actions(*, tenant: Tenant, project: UnitProject) -> list[UnitAction]:
    open_actions = actions_of(tenant=tenant, project=project).exclude(status=ActionStatus.DONE)
    return list(open_actions[:NEXT_ACTIONS])


def comments_of(*, tenant: Tenant, action: UnitAction) -> QuerySet[ActionComment]:
    return ActionComment.objects.filter(tenant=tenant, action=action).select_related("author__user")


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


@dataclass(frozen=True)
class KpiFigure:
    kpi: KpiDefinition
    move: progress.KpiMove


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


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


def scope_kpi_figures(
    *,
    tenant: Tenant,
    level: RollupLevel,
    scope_id: int,
    started_on: dt.date,
    kpis: list[KpiDefinition],
) -> list[KpiFigure]:
    """kpi_figures for any rollup level: a point of sale's, a region's (one query)."""
    if not kpis:
        return []
    start = _month(started_on)
    rows = (
        rollup_list(tenant=tenant)
        .filter(
            level=level,
            period=RollupPeriod.MONTH,
            scope_id=scope_id,
            kpi_id__in=[kpi.pk for kpi in kpis],
            period_start__gte=start,
        )
        # A month not over yet counts at its projection: ten days of sales are no drop.
        .annotate(figure=Coalesce("projection", "value"))
        .values_list("kpi_id", "period_start", "figure")
    )
    moves = progress.kpi_moves(
        kpis=[(kpi.pk, kpi.direction != Direction.LOWER) for kpi in kpis],
        start_month=start,
        values=rows,
    )
    return [KpiFigure(kpi, move) for kpi, move in zip(kpis, moves, strict=True)]


def satisfaction_kpis(*, tenant: Tenant) -> list[KpiDefinition]:
    return list(
        kpi_list(tenant=tenant, active_only=True).filter(family__icontains=SATISFACTION_FAMILY)
    )


@dataclass(frozen=True)
class Board:
    """A point of sale's progress board: its stage and how far its plan went."""

    project: UnitProject | None
    stage: progress.Stage
    actions_total: int = 0
    actions_done: int = 0
    overdue: int = 0
    kpis: list[KpiFigure] = field(default_factory=list)
    last_coaching_day: dt.date | None = None

    @property
    def share_done(self) -> float | None:
        return progress.share_done(self.actions_done, self.actions_total)

    @property
    def kpis_improved(self) -> int:
        return sum(1 for figure in self.kpis if figure.move.improved)


def _stage(project: UnitProject | None, done: int, total: int) -> progress.Stage:
    return progress.stage_of(
        started=project is not None,
        diagnostic_done=bool(project and project.diagnostic_done_on),
        plan_written=bool(project and project.plan_written_on),
        done=done,
        total=total,
    )


def progress_board(*, tenant: Tenant, point_of_sale: PointOfSale, today: dt.date) -> Board:
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
    counts = UnitAction.objects.filter(tenant=tenant, project=project).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        overdue=Count("pk", filter=~Q(status=ActionStatus.DONE) & Q(due_on__lt=today)),
    )
    targeted = kpi_list(tenant=tenant).filter(
        pk__in=UnitAction.objects.filter(tenant=tenant, project=project).values("kpi_id")
    )
    return Board(
        project,
        _stage(project, counts["done"], counts["total"]),
        actions_total=counts["total"],
        actions_done=counts["done"],
        overdue=counts["overdue"],
        kpis=kpi_figures(tenant=tenant, project=project, kpis=list(targeted)),
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
                _stage(project, done, total),
                progress.share_done(done, total),
                last_days.get(point.pk),
                getattr(point, "last_visit", None),  # annotated above
            )
        )
    return rows
