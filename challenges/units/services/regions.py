"""Writes of a region's own project: starting it, its diagnostic, its stages and its plan.

As for a unit's: every service checks the actor's right (challenges/units/rights.py) as well as
the view, renews the projects' data version at commit, and tells an action's owner."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network_animation.audit import audit_record
from network_animation.data_versions import data_changed
from network_animation.models import Membership, Region, Tenant
from network_animation.services.notifications import notify

from ...models import ActionStatus, RegionAction, RegionActionComment, RegionProject
from .. import errors, notifications, rights
from ..cache import UNITS
from .projects import ActionSpec

REGION_PROJECT_STARTED = "region_project_started"
DIAGNOSTIC_TEXTS = ("customer_voice", "units_voice", "cooperation")
STAGE_FIELDS = {"diagnostic": "diagnostic_done_on", "plan": "plan_written_on"}


def _check_editor(actor: Membership, region: Region) -> None:
    if not rights.can_edit_region_project(actor, region):
        raise PermissionDenied(errors.REGION_CANNOT_EDIT)


def _touched(tenant: Tenant, project: RegionProject) -> None:
    project.updated_at = timezone.now()
    project.save(update_fields=["updated_at"])
    data_changed(tenant=tenant, kinds=[UNITS])


@transaction.atomic
def region_project_start(
    *, tenant: Tenant, actor: Membership, region: Region, today: dt.date
) -> RegionProject:
    """The region's project, started today if it had none (starting twice is harmless)."""
    _check_editor(actor, region)
    project, created = RegionProject.objects.get_or_create(
        tenant=tenant, region=region, defaults={"started_on": today, "started_by": actor}
    )
    if created:
        audit_record(
            tenant=tenant, actor=actor.user, action=REGION_PROJECT_STARTED, target=str(region)
        )
        data_changed(tenant=tenant, kinds=[UNITS])
    return project


@transaction.atomic
def region_diagnostic_save(
    *, tenant: Tenant, actor: Membership, project: RegionProject, **texts: str
) -> RegionProject:
    """The diagnostic's syntheses: customers', the units', the team's own (any of them)."""
    _check_editor(actor, project.region)
    for name, text in texts.items():
        if name not in DIAGNOSTIC_TEXTS:
            raise ValueError(name)
        setattr(project, name, text)
    project.save(update_fields=list(texts))
    _touched(tenant, project)
    return project


@transaction.atomic
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
    _check_editor(actor, project.region)
    field = STAGE_FIELDS[stage]
    setattr(project, field, today if reached else None)
    project.save(update_fields=[field])
    _touched(tenant, project)
    return project


def _check_spec(tenant: Tenant, project: RegionProject, spec: ActionSpec) -> None:
    owner = spec.owner
    if owner is not None and (
        owner.tenant_id != tenant.pk
        or not owner.is_active
        or not rights.is_region_team(owner, project.region)
    ):
        raise ValidationError({"owner": errors.OWNER_OUTSIDE_REGION})
    if spec.kpi is not None and spec.kpi.tenant_id != tenant.pk:
        raise ValidationError({"kpi": errors.KPI_OF_ANOTHER_NETWORK})


def region_action_url(action: RegionAction) -> str:
    return reverse("challenges:region_action", args=[action.tenant.slug, action.pk])


def _tell_owner(tenant: Tenant, actor: Membership, action: RegionAction, kind: str) -> None:
    if action.owner is None or not action.owner.is_active:
        return
    notify(
        tenant=tenant,
        kind=kind,
        recipients=[action.owner],
        actor=actor,
        target=action,
        url=region_action_url(action),
        params={"actor": actor.user.get_full_name() or actor.user.email, "title": action.title},
    )


@transaction.atomic
def region_action_create(
    *, tenant: Tenant, actor: Membership, project: RegionProject, spec: ActionSpec
) -> RegionAction:
    _check_editor(actor, project.region)
    _check_spec(tenant, project, spec)
    action = RegionAction.objects.create(
        tenant=tenant,
        project=project,
        created_by=actor,
        title=spec.title,
        axis=spec.axis,
        description=spec.description,
        owner=spec.owner,
        due_on=spec.due_on,
        kpi=spec.kpi,
    )
    _tell_owner(tenant, actor, action, notifications.ACTION_ASSIGNED)
    _touched(tenant, project)
    return action


@transaction.atomic
def region_action_update(
    *, tenant: Tenant, actor: Membership, action: RegionAction, spec: ActionSpec
) -> RegionAction:
    project = action.project
    _check_editor(actor, project.region)
    _check_spec(tenant, project, spec)
    new_owner = spec.owner is not None and spec.owner.pk != action.owner_id
    for name in ("title", "axis", "description", "owner", "due_on", "kpi"):
        setattr(action, name, getattr(spec, name))
    action.updated_at = timezone.now()
    action.save()
    if new_owner:
        _tell_owner(tenant, actor, action, notifications.ACTION_ASSIGNED)
    _touched(tenant, project)
    return action


@transaction.atomic
def region_action_status_set(
    *, tenant: Tenant, actor: Membership, action: RegionAction, status: str, today: dt.date
) -> RegionAction:
    """The team moves the actions it owns; the editors any action."""
    if not rights.can_update_region_status(actor, action.project.region, action):
        raise PermissionDenied(errors.CANNOT_UPDATE_STATUS)
    if status not in ActionStatus.values:
        raise ValidationError({"status": errors.CANNOT_UPDATE_STATUS})
    action.status = status
    action.done_on = today if status == ActionStatus.DONE else None
    action.updated_at = timezone.now()
    action.save(update_fields=["status", "done_on", "updated_at"])
    _touched(tenant, action.project)
    return action


@transaction.atomic
def region_action_comment_add(
    *, tenant: Tenant, actor: Membership, action: RegionAction, text: str
) -> RegionActionComment:
    if not rights.can_comment_region(actor, action.project.region):
        raise PermissionDenied(errors.REGION_CANNOT_COMMENT)
    comment = RegionActionComment.objects.create(
        tenant=tenant, action=action, author=actor, text=text
    )
    _tell_owner(tenant, actor, action, notifications.ACTION_COMMENT)
    data_changed(tenant=tenant, kinds=[UNITS])
    return comment
