"""Reads of an action plan, one implementation for a unit's project and a region's: the plan
in the order it is worked through, its next actions, and the project's progress board with the
moves of the KPIs its actions target.

KPIs are read through the KPIs' selectors: the month rollups of the project's scope (never the
facts), so a board costs the same whatever the number of facts."""

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Case, Count, Q, QuerySet, When
from django.db.models.functions import Coalesce

from kpis.models import Direction, KpiDefinition, RollupLevel, RollupPeriod
from kpis.selectors import kpi_list, rollup_list
from network_animation.models import Tenant

from ...models import ActionStatus, ExcellenceProject, PlanAction, PlanActionComment
from .. import progress

NEXT_ACTIONS = 5


def plan_ordered[A: PlanAction](actions: QuerySet[A]) -> QuerySet[A]:
    """The plan, the soonest due first (undated last), done actions at the end."""
    # The stubs type the annotated rows as the abstract base: they are the plan's own model.
    ordered = (
        actions.select_related("owner__user", "kpi")
        .annotate(comment_count=Count("comments"))
        .annotate(
            finished=Case(When(status=ActionStatus.DONE, then=1), default=0),
            undated=Case(When(due_on__isnull=True, then=1), default=0),
        )
        .order_by("finished", "undated", "due_on", "pk")
    )
    return cast("QuerySet[A]", ordered)


def plan_next[A: PlanAction](actions: QuerySet[A]) -> list[A]:
    """The first open actions of the plan, in its order."""
    return list(plan_ordered(actions).exclude(status=ActionStatus.DONE)[:NEXT_ACTIONS])


def plan_comments[C: PlanActionComment](comments: QuerySet[C]) -> QuerySet[C]:
    return comments.select_related("author__user")


@dataclass(frozen=True)
class KpiFigure:
    kpi: KpiDefinition
    move: progress.KpiMove


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def scope_kpi_figures(
    *,
    tenant: Tenant,
    level: RollupLevel,
    scope_id: int,
    started_on: dt.date,
    kpis: list[KpiDefinition],
) -> list[KpiFigure]:
    """Each KPI's value in the project's first month against its latest month (at its projection
    while it is not over), from the month rollups of any level: a point of sale's, a region's
    (one query)."""
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


@dataclass(frozen=True)
class Board[P: ExcellenceProject]:
    """A project's progress board, a unit's or a region's: its stage and how far its plan went."""

    project: P | None
    stage: progress.Stage
    actions_total: int = 0
    actions_done: int = 0
    overdue: int = 0
    kpis: list[KpiFigure] = field(default_factory=list)
    last_coaching_day: dt.date | None = None  # coaches' days are spent at points of sale

    @property
    def share_done(self) -> float | None:
        return progress.share_done(self.actions_done, self.actions_total)

    @property
    def kpis_improved(self) -> int:
        return sum(1 for figure in self.kpis if figure.move.improved)


def stage_of(project: ExcellenceProject | None, done: int, total: int) -> progress.Stage:
    return progress.stage_of(
        started=project is not None,
        diagnostic_done=bool(project and project.diagnostic_done_on),
        plan_written=bool(project and project.plan_written_on),
        done=done,
        total=total,
    )


def plan_board[P: ExcellenceProject](
    *,
    tenant: Tenant,
    project: P,
    actions: QuerySet[PlanAction],
    level: RollupLevel,
    scope_id: int,
    today: dt.date,
    last_coaching_day: dt.date | None = None,
) -> Board[P]:
    """The board of a started project from its plan's actions: three queries."""
    counts = actions.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        overdue=Count("pk", filter=~Q(status=ActionStatus.DONE) & Q(due_on__lt=today)),
    )
    targeted = list(kpi_list(tenant=tenant).filter(pk__in=actions.values("kpi_id")))
    return Board(
        project,
        stage_of(project, counts["done"], counts["total"]),
        actions_total=counts["total"],
        actions_done=counts["done"],
        overdue=counts["overdue"],
        kpis=scope_kpi_figures(
            tenant=tenant,
            level=level,
            scope_id=scope_id,
            started_on=project.started_on,
            kpis=targeted,
        ),
        last_coaching_day=last_coaching_day,
    )
