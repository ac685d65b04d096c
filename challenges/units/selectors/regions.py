"""Reads of a region's own project: the project, its plan and comments, its team, its board.

The plan and the board are plans.py's, as a unit's, read over the region's actions and its month
rollups."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from kpis.models import KpiDefinition, RollupLevel
from network_animation.models import Membership, MembershipZone, Region, Role, Tenant

from ...models import RegionAction, RegionActionComment, RegionProject
from .. import progress
from .plans import (
    Board,
    KpiFigure,
    plan_board,
    plan_comments,
    plan_next,
    plan_ordered,
    scope_kpi_figures,
)


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
    return plan_ordered(RegionAction.objects.filter(tenant=tenant, project=project))


def region_next_actions(*, tenant: Tenant, project: RegionProject) -> list[RegionAction]:
    return plan_next(RegionAction.objects.filter(tenant=tenant, project=project))


def region_comments_of(*, tenant: Tenant, action: RegionAction) -> QuerySet[RegionActionComment]:
    return plan_comments(RegionActionComment.objects.filter(tenant=tenant, action=action))


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


def region_board(*, tenant: Tenant, region: Region, today: dt.date) -> Board[RegionProject]:
    """The board of a region (with or without a project): four queries at most."""
    project = region_project_of(tenant=tenant, region=region)
    if project is None:
        return Board(None, progress.Stage.NOT_STARTED)
    project.region = region  # the same row: its pages read it without a query
    return plan_board(
        tenant=tenant,
        project=project,
        actions=RegionAction.objects.filter(tenant=tenant, project=project),
        level=RollupLevel.REGION,
        scope_id=region.pk,
        today=today,
    )
