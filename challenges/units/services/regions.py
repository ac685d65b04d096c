"""Writes of a region's own project: starting it, its diagnostic, its stages and its plan.

As for a unit's: every service checks the actor's right (challenges/units/rights.py) as well as
the view, renews the projects' data version at commit, and tells an action's owner. The action
plan's writes are plans.py's, with the region's plan; the project's own are excellence.py's, with
the region's kind."""

import datetime as dt

from network_animation.models import Membership, Region, Tenant

from ...models import RegionAction, RegionActionComment, RegionProject
from .. import errors, rights
from .excellence import (
    ProjectKind,
    excellence_diagnostic_save,
    excellence_project_start,
    excellence_stage_set,
)
from .plans import (
    ActionSpec,
    Plan,
    plan_action_comment_add,
    plan_action_create,
    plan_action_status_set,
    plan_action_update,
)

REGION_PROJECT_STARTED = "region_project_started"
DIAGNOSTIC_TEXTS = ("customer_voice", "units_voice", "cooperation")


REGION_PROJECT: ProjectKind[Region, RegionProject] = ProjectKind(
    projects=RegionProject.objects,
    subject_field="region",
    subject_of=lambda project: project.region,
    may_run=lambda tenant, actor, region: rights.can_edit_region_project(actor, region),
    cannot_run=errors.REGION_CANNOT_EDIT,
    diagnostic_texts=DIAGNOSTIC_TEXTS,
    started=REGION_PROJECT_STARTED,
)


def _owned_in_team(tenant: Tenant, project: RegionProject, owner: Membership) -> bool:
    return (
        owner.tenant_id == tenant.pk
        and owner.is_active
        and rights.is_region_team(owner, project.region)
    )


REGION_PLAN: Plan[RegionProject, RegionAction, RegionActionComment] = Plan(
    new_action=RegionAction.objects.create,
    new_comment=RegionActionComment.objects.create,
    project_of=lambda action: action.project,
    may_edit=REGION_PROJECT.may_edit,
    may_comment=lambda tenant, actor, project: rights.can_comment_region(actor, project.region),
    may_move=lambda tenant, actor, action: rights.can_update_region_status(
        actor, action.project.region, action
    ),
    may_own=_owned_in_team,
    action_route="challenges:region_action",
    cannot_edit=REGION_PROJECT.cannot_run,
    cannot_comment=errors.REGION_CANNOT_COMMENT,
    owner_outside=errors.OWNER_OUTSIDE_REGION,
)


def region_project_start(
    *, tenant: Tenant, actor: Membership, region: Region, today: dt.date
) -> RegionProject:
    """The region's project, started today if it had none (starting twice is harmless)."""
    return excellence_project_start(
        tenant=tenant, actor=actor, kind=REGION_PROJECT, subject=region, today=today
    )


def region_diagnostic_save(
    *, tenant: Tenant, actor: Membership, project: RegionProject, **texts: str
) -> RegionProject:
    """The diagnostic's syntheses: customers', the units', the team's own (any of them)."""
    return excellence_diagnostic_save(
        tenant=tenant, actor=actor, kind=REGION_PROJECT, project=project, texts=texts
    )


def region_stage_set(
    *,
    tenant: Tenant,
    actor: Membership,
    project: RegionProject,
    stage: str,
    reached: bool,
    today: dt.date,
) -> RegionProject:
    """Mark the diagnostic done or the plan written (or undo it): the board's stages."""
    return excellence_stage_set(
        tenant=tenant,
        actor=actor,
        kind=REGION_PROJECT,
        project=project,
        stage=stage,
        reached=reached,
        today=today,
    )


def region_action_url(action: RegionAction) -> str:
    return REGION_PLAN.action_url(action)


def region_action_create(
    *, tenant: Tenant, actor: Membership, project: RegionProject, spec: ActionSpec
) -> RegionAction:
    return plan_action_create(
        tenant=tenant, actor=actor, plan=REGION_PLAN, project=project, spec=spec
    )


def region_action_update(
    *, tenant: Tenant, actor: Membership, action: RegionAction, spec: ActionSpec
) -> RegionAction:
    return plan_action_update(
        tenant=tenant, actor=actor, plan=REGION_PLAN, action=action, spec=spec
    )


def region_action_status_set(
    *, tenant: Tenant, actor: Membership, action: RegionAction, status: str, today: dt.date
) -> RegionAction:
    """The team moves the actions it owns; the editors any action."""
    return plan_action_status_set(
        tenant=tenant, actor=actor, plan=REGION_PLAN, action=action, status=status, today=today
    )


def region_action_comment_add(
    *, tenant: Tenant, actor: Membership, action: RegionAction, text: str
) -> RegionActionComment:
    return plan_action_comment_add(
        tenant=tenant, actor=actor, plan=REGION_PLAN, action=action, text=text
    )
