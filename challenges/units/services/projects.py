"""Writes of unit projects: starting one, its diagnostic, its stages and its action plan.

Every service checks the actor's right (challenges/units/rights.py) as well as the view, renews
the projects' data version at commit, and tells people what concerns them."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kpis.models import KpiDefinition
from microlearning.selectors.plans import observed_gaps_of
from microlearning.services import observed_gaps_set
from network_animation.audit import audit_record
from network_animation.data_versions import data_changed
from network_animation.models import Membership, PointOfSale, Tenant
from network_animation.services.notifications import notify

from ...models import (
    ActionComment,
    ActionStatus,
    SkillAssessment,
    SkillLevel,
    UnitAction,
    UnitProject,
)
from .. import errors, notifications, rights
from ..cache import UNITS

PROJECT_STARTED = "unit_project_started"
STAGES = ("diagnostic", "plan")


def _check_editor(tenant: Tenant, actor: Membership, point: PointOfSale) -> None:
    if not rights.can_edit_project(tenant=tenant, membership=actor, point=point):
        raise PermissionDenied(errors.CANNOT_EDIT)


def _touched(tenant: Tenant, project: UnitProject) -> None:
    project.updated_at = timezone.now()
    project.save(update_fields=["updated_at"])
    data_changed(tenant=tenant, kinds=[UNITS])


def _name(membership: Membership) -> str:
    return membership.user.get_full_name() or membership.user.email


@transaction.atomic
def project_start(
    *, tenant: Tenant, actor: Membership, point_of_sale: PointOfSale, today: dt.date
) -> UnitProject:
    """The point of sale's project, started today if it had none (starting twice is harmless)."""
    _check_editor(tenant, actor, point_of_sale)
    project, created = UnitProject.objects.get_or_create(
        tenant=tenant,
        point_of_sale=point_of_sale,
        defaults={"started_on": today, "started_by": actor},
    )
    if created:
        audit_record(
            tenant=tenant, actor=actor.user, action=PROJECT_STARTED, target=str(point_of_sale)
        )
        data_changed(tenant=tenant, kinds=[UNITS])
    return project


@transaction.atomic
def project_diagnostic_save(
    *, tenant: Tenant, actor: Membership, project: UnitProject, **texts: str
) -> UnitProject:
    """The voice of the customer's synthesis and the sensory walk's findings (any of them)."""
    _check_editor(tenant, actor, project.point_of_sale)
    allowed = {"customer_voice", "sense_sight", "sense_touch", "sense_smell", "sense_hearing"}
    for name, text in texts.items():
        if name not in allowed:
            raise ValueError(name)
        setattr(project, name, text)
    project.save(update_fields=list(texts))
    _touched(tenant, project)
    return project


@transaction.atomic
def project_stage_set(
    *,
    tenant: Tenant,
    actor: Membership,
    project: UnitProject,
    stage: str,
    reached: bool,
    today: dt.date,
) -> UnitProject:
    """Mark the diagnostic done or the plan written (or undo it): the board's stages."""
    _check_editor(tenant, actor, project.point_of_sale)
    field = {"diagnostic": "diagnostic_done_on", "plan": "plan_written_on"}[stage]
    setattr(project, field, today if reached else None)
    project.save(update_fields=[field])
    _touched(tenant, project)
    return project


@dataclass(frozen=True)
class SkillEntry:
    person: Membership
    level: int | None  # None: not assessed (an assessment there is removed)
    notes: str = ""


@transaction.atomic
def skills_save(
    *, tenant: Tenant, actor: Membership, project: UnitProject, entries: list[SkillEntry]
) -> None:
    _check_editor(tenant, actor, project.point_of_sale)
    for entry in entries:
        if entry.person.point_of_sale_id != project.point_of_sale_id:
            raise ValidationError(errors.OWNER_OUTSIDE_UNIT)
    now = timezone.now()
    for entry in entries:
        found = SkillAssessment.objects.filter(tenant=tenant, project=project, person=entry.person)
        if entry.level is None:
            found.delete()
            continue
        SkillAssessment.objects.update_or_create(
            tenant=tenant,
            project=project,
            person=entry.person,
            defaults={"level": entry.level, "notes": entry.notes, "updated_at": now},
        )
    _gaps_closed(tenant, actor, entries)
    _touched(tenant, project)


def _gaps_closed(tenant: Tenant, actor: Membership, entries: list[SkillEntry]) -> None:
    """Who now meets the standard (or is no longer assessed) has no competence left to work on
    from the skills axis: their plan drops the modules it took for them (unless the manager
    kept them or they are done)."""
    closed = [e.person for e in entries if e.level is None or e.level >= SkillLevel.MEETS]
    named = observed_gaps_of(tenant=tenant, membership_ids=[person.pk for person in closed])
    for person in closed:
        if named[person.pk]:
            observed_gaps_set(
                tenant=tenant,
                actor=actor,
                person=person,
                competences=[],
                today=timezone.localdate(),
            )


@dataclass(frozen=True)
class ActionSpec:
    title: str
    axis: str
    description: str = ""
    owner: Membership | None = None
    due_on: dt.date | None = None
    kpi: KpiDefinition | None = None


def _check_spec(tenant: Tenant, project: UnitProject, spec: ActionSpec) -> None:
    owner = spec.owner
    if owner is not None and (
        owner.tenant_id != tenant.pk or owner.point_of_sale_id != project.point_of_sale_id
    ):
        raise ValidationError({"owner": errors.OWNER_OUTSIDE_UNIT})
    if spec.kpi is not None and spec.kpi.tenant_id != tenant.pk:
        raise ValidationError({"kpi": errors.KPI_OF_ANOTHER_NETWORK})


def action_url(action: UnitAction) -> str:
    return reverse("challenges:unit_action", args=[action.tenant.slug, action.pk])


def _tell_owner(tenant: Tenant, actor: Membership, action: UnitAction, kind: str) -> None:
    if action.owner is None or not action.owner.is_active:
        return
    notify(
        tenant=tenant,
        kind=kind,
        recipients=[action.owner],
        actor=actor,
        target=action,
        url=action_url(action),
        params={"actor": _name(actor), "title": action.title},
    )


@transaction.atomic
def action_create(
    *, tenant: Tenant, actor: Membership, project: UnitProject, spec: ActionSpec
) -> UnitAction:
    _check_editor(tenant, actor, project.point_of_sale)
    _check_spec(tenant, project, spec)
    action = UnitAction.objects.create(
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
def action_update(
    *, tenant: Tenant, actor: Membership, action: UnitAction, spec: ActionSpec
) -> UnitAction:
    project = action.project
    _check_editor(tenant, actor, project.point_of_sale)
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
def action_status_set(
    *, tenant: Tenant, actor: Membership, action: UnitAction, status: str, today: dt.date
) -> UnitAction:
    """The unit's people move their own actions; the editors any action."""
    point = action.project.point_of_sale
    if not rights.can_update_status(tenant=tenant, membership=actor, point=point, action=action):
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
def action_comment_add(
    *, tenant: Tenant, actor: Membership, action: UnitAction, text: str
) -> ActionComment:
    point = action.project.point_of_sale
    if not rights.can_comment(tenant=tenant, membership=actor, point=point):
        raise PermissionDenied(errors.CANNOT_COMMENT)
    comment = ActionComment.objects.create(tenant=tenant, action=action, author=actor, text=text)
    _tell_owner(tenant, actor, action, notifications.ACTION_COMMENT)
    data_changed(tenant=tenant, kinds=[UNITS])
    return comment
