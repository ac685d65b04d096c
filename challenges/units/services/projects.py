"""Writes of unit projects: starting one, its diagnostic, its stages and its action plan.

Every service checks the actor's right (challenges/units/rights.py) as well as the view, renews
the projects' data version at commit, and tells people what concerns them. The action plan's
writes are plans.py's, with the unit's plan; the project's own are excellence.py's, with the
unit's kind."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from microlearning.selectors.plans import observed_gaps_of
from microlearning.services import observed_gaps_set
from network_animation.models import Membership, PointOfSale, Tenant

from ...models import ActionComment, SkillAssessment, SkillLevel, UnitAction, UnitProject
from .. import errors, rights
from .excellence import (
    ProjectKind,
    excellence_diagnostic_save,
    excellence_project_start,
    excellence_stage_set,
    project_touched,
)
from .plans import (
    ActionSpec,
    Plan,
    plan_action_comment_add,
    plan_action_create,
    plan_action_status_set,
    plan_action_update,
)

PROJECT_STARTED = "unit_project_started"


def _owned_in_unit(tenant: Tenant, project: UnitProject, owner: Membership) -> bool:
    return owner.tenant_id == tenant.pk and owner.point_of_sale_id == project.point_of_sale_id


UNIT_PROJECT: ProjectKind[PointOfSale, UnitProject] = ProjectKind(
    projects=UnitProject.objects,
    subject_field="point_of_sale",
    subject_of=lambda project: project.point_of_sale,
    may_run=lambda tenant, actor, point: rights.can_edit_project(
        tenant=tenant, membership=actor, point=point
    ),
    cannot_run=errors.CANNOT_EDIT,
    diagnostic_texts=(
        "customer_voice",
        "sense_sight",
        "sense_touch",
        "sense_smell",
        "sense_hearing",
    ),
    started=PROJECT_STARTED,
)

UNIT_PLAN: Plan[UnitProject, UnitAction, ActionComment] = Plan(
    new_action=UnitAction.objects.create,
    new_comment=ActionComment.objects.create,
    project_of=lambda action: action.project,
    may_edit=UNIT_PROJECT.may_edit,
    may_comment=lambda tenant, actor, project: rights.can_comment(
        tenant=tenant, membership=actor, point=project.point_of_sale
    ),
    may_move=lambda tenant, actor, action: rights.can_update_status(
        tenant=tenant, membership=actor, point=action.project.point_of_sale, action=action
    ),
    may_own=_owned_in_unit,
    action_route="challenges:unit_action",
    cannot_edit=UNIT_PROJECT.cannot_run,
    cannot_comment=errors.CANNOT_COMMENT,
    owner_outside=errors.OWNER_OUTSIDE_UNIT,
)


def project_start(
    *, tenant: Tenant, actor: Membership, point_of_sale: PointOfSale, today: dt.date
) -> UnitProject:
    """The point of sale's project, started today if it had none (starting twice is harmless)."""
    return excellence_project_start(
        tenant=tenant, actor=actor, kind=UNIT_PROJECT, subject=point_of_sale, today=today
    )


def project_diagnostic_save(
    *, tenant: Tenant, actor: Membership, project: UnitProject, **texts: str
) -> UnitProject:
    """The voice of the customer's synthesis and the sensory walk's findings (any of them)."""
    return excellence_diagnostic_save(
        tenant=tenant, actor=actor, kind=UNIT_PROJECT, project=project, texts=texts
    )


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
    return excellence_stage_set(
        tenant=tenant,
        actor=actor,
        kind=UNIT_PROJECT,
        project=project,
        stage=stage,
        reached=reached,
        today=today,
    )


@dataclass(frozen=True)
class SkillEntry:
    person: Membership
    level: int | None  # None: not assessed (an assessment there is removed)
    notes: str = ""


@transaction.atomic
def skills_save(
    *, tenant: Tenant, actor: Membership, project: UnitProject, entries: list[SkillEntry]
) -> None:
    UNIT_PROJECT.check_runner(tenant, actor, project.point_of_sale)
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
    project_touched(tenant, project)


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


def action_url(action: UnitAction) -> str:
    return UNIT_PLAN.action_url(action)


def action_create(
    *, tenant: Tenant, actor: Membership, project: UnitProject, spec: ActionSpec
) -> UnitAction:
    return plan_action_create(
        tenant=tenant, actor=actor, plan=UNIT_PLAN, project=project, spec=spec
    )


def action_update(
    *, tenant: Tenant, actor: Membership, action: UnitAction, spec: ActionSpec
) -> UnitAction:
    return plan_action_update(tenant=tenant, actor=actor, plan=UNIT_PLAN, action=action, spec=spec)


def action_status_set(
    *, tenant: Tenant, actor: Membership, action: UnitAction, status: str, today: dt.date
) -> UnitAction:
    """The unit's people move their own actions; the editors any action."""
    return plan_action_status_set(
        tenant=tenant, actor=actor, plan=UNIT_PLAN, action=action, status=status, today=today
    )


def action_comment_add(
    *, tenant: Tenant, actor: Membership, action: UnitAction, text: str
) -> ActionComment:
    return plan_action_comment_add(
        tenant=tenant, actor=actor, plan=UNIT_PLAN, action=action, text=text
    )
