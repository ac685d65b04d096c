"""Reads of a region's own project: the project, its plan and comments, its team, its board.

Its KPIs are the region's month rollups, read as a unit's are its own (projects.py)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Q, QuerySet, When
from django.http import Http404

from kpis.models import KpiDefinition, RollupLevel
from kpis.selectors import kpi_list
from network_animation.models import Membership, MembershipZone, Region, Role, Tenant

from ...models import ActionStatus, RegionAction, RegionActionComment, RegionProject
from .. import progress
from .projects import NEXT_ACTIONS, KpiFigure, scope_kpi_figures


def region_project_of(*, tenant: Tenant, region: Region) -> RegionProject | None:
    return RegionProject.objects.filter(tenant=tenant, region=region).first()


def region_project_get(*, tenant: Tenant, id: int) -> RegionProject:
    found = RegionProject.objects.filter(tenant=tenant, pk=id).select_related("region").first()
    if found is None:
        raise Http404
    return found


def region_action_get(*, tenant: Tenant, id: int) -> RegionAction:
    found = (
        RegionAction.objects.filter(tenant=tenant, pk=id)
        .select_related("project__region", "owner__user", "kpi")
        .first()
    )
    if found is None:
        raise Http404
    return found


def region_actions_of(*, tenant: Tenant, project: RegionProject) -> QuerySet[RegionAction]:
    """The plan, the soonest due first (undated last), done actions at the end."""
    return (
        RegionAction.objects.filter(tenant=tenant, project=project)
        .select_related("owner__user", "kpi")
        .annotate(comment_count=Count("comments"))
        .annotate(
            finished=Case(When(status=ActionStatus.DONE, then=1), default=0),
            undated=Case(When(due_on__isnull=True, then=1), default=0),
        )
        .order_by("finished", "undated", "due_on", "pk")
    )


def region_next_actions(*, tenant: Tenant, project: RegionProject) -> list[RegionAction]:
    plan = region_actions_of(tenant=tenant, project=project).exclude(status=ActionStatus.DONE)
    return list(plan[:NEXT_ACTIONS])


def region_comments_of(*, tenant: Tenant, action: RegionAction) -> QuerySet[RegionActionComment]:
    return RegionActionComment.objects.filter(tenant=tenant, action=action).select_related(
        "author__user"
    )


def region_team(*, tenant: Tenant, region: Region) -> QuerySet[Membership]:
    """The regional team, who own its actions: the region's active directors and the animators
    of its zones."""
    animators = MembershipZone.objects.filter(tenant=tenant, zone__region=region).values(
        "membership_id"
    )
    return (
        Membership.objects.filter(tenant=tenant, is_active=True)
        .filter(
            Q(role=Role.REGIONAL_DIRECTOR, region=region) | Q(role=Role.ANIMATOR, pk__in=animators)
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def region_kpi_figures(
    *, tenant: Tenant, project: RegionProject, kpis: list[KpiDefinition]
) -> list[KpiFigure]:
    """The KPIs' moves since the project started, from the region's month rollups."""
    return scope_kpi_figures(
        tenant=tenant,
        level=RollupLevel.REGION,
        scope_id=project.region_id,
        started_on=project.started_on,
        kpis=kpis,
    )


@dataclass(frozen=True)
class RegionBoard:
    """A region's progress board, read by the units' board template."""

    project: RegionProject | None
    stage: progress.Stage
    actions_total: int = 0
    actions_done: int = 0
    overdue: int = 0
    kpis: list[KpiFigure] = field(default_factory=list)
    last_coaching_day: None = None  # coaches' days are spent at points of sale

    @property
    def share_done(self) -> float | None:
        return progress.share_done(self.actions_done, self.actions_total)

    @property
    def kpis_improved(self) -> int:
        return sum(1 for figure in self.kpis if figure.move.improved)


def region_board(*, tenant: Tenant, region: Region, today: dt.date) -> RegionBoard:
    """The board of a region (with or without a project): four queries at most."""
    project = region_project_of(tenant=tenant, region=region)
    if project is None:
        return RegionBoard(None, progress.Stage.NOT_STARTED)
    project.region = region  # the same row: its pages read it without a query
    plan = RegionAction.objects.filter(tenant=tenant, project=project)
    counts = plan.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        overdue=Count("pk", filter=~Q(status=ActionStatus.DONE) & Q(due_on__lt=today)),
    )
    targeted = list(kpi_list(tenant=tenant).filter(pk__in=plan.values("kpi_id")))
    stage = progress.stage_of(
        started=True,
        diagnostic_done=project.diagnostic_done_on is not None,
        plan_written=project.plan_written_on is not None,
        done=counts["done"],
        total=counts["total"],
    )
    return RegionBoard(
        project,
        stage,
        actions_total=counts["total"],
        actions_done=counts["done"],
        overdue=counts["overdue"],
        kpis=region_kpi_figures(tenant=tenant, project=project, kpis=targeted),
    )
