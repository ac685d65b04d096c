"""Writes of an action plan, one implementation for a unit's project and a region's: an
action's creation, edit, status and comments, telling its owner.

What differs between the two is a `Plan`: the models, who may edit (the project's kind:
excellence.py), comment and move an action (challenges/units/rights.py), who may own one, and
the action's page. projects.py and regions.py keep the named entry points, each a call of
these with its plan."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kpis.models import KpiDefinition
from network_animation.data_versions import data_changed
from network_animation.models import Membership, Tenant
from network_animation.services.notifications import notify

from ...models import ActionStatus, ExcellenceProject, PlanAction, PlanActionComment
from .. import errors, notifications
from ..cache import UNITS
from .excellence import project_touched

if TYPE_CHECKING:  # a development package: the type of a lazy translated message
    from django_stubs_ext import StrPromise

SPEC_FIELDS = ("title", "axis", "description", "owner", "due_on", "kpi")


@dataclass(frozen=True)
class ActionSpec:
    title: str
    axis: str
    description: str = ""
    owner: Membership | None = None
    due_on: dt.date | None = None
    kpi: KpiDefinition | None = None


@dataclass(frozen=True)
class Plan[P: ExcellenceProject, A: PlanAction, C: PlanActionComment]:
    """A kind of project's plan: its models, its rights, its action's page."""

    new_action: Callable[..., A]  # the model's create(), keyword arguments
    new_comment: Callable[..., C]
    project_of: Callable[[A], P]
    may_edit: Callable[[Tenant, Membership, P], bool]
    may_comment: Callable[[Tenant, Membership, P], bool]
    may_move: Callable[[Tenant, Membership, A], bool]
    may_own: Callable[[Tenant, P, Membership], bool]
    action_route: str
    cannot_edit: "StrPromise"
    cannot_comment: "StrPromise"
    owner_outside: "StrPromise"

    def check_editor(self, tenant: Tenant, actor: Membership, project: P) -> None:
        if not self.may_edit(tenant, actor, project):
            raise PermissionDenied(self.cannot_edit)

    def check_spec(self, tenant: Tenant, project: P, spec: ActionSpec) -> None:
        if spec.owner is not None and not self.may_own(tenant, project, spec.owner):
            raise ValidationError({"owner": self.owner_outside})
        if spec.kpi is not None and spec.kpi.tenant_id != tenant.pk:
            raise ValidationError({"kpi": errors.KPI_OF_ANOTHER_NETWORK})

    def action_url(self, action: A) -> str:
        return reverse(self.action_route, args=[action.tenant.slug, action.pk])


def _owner_told[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    plan: Plan[P, A, C],
    tenant: Tenant,
    actor: Membership,
    action: A,
    kind: str,
) -> None:
    if action.owner is None or not action.owner.is_active:
        return
    notify(
        tenant=tenant,
        kind=kind,
        recipients=[action.owner],
        actor=actor,
        target=action,
        url=plan.action_url(action),
        params={"actor": actor.user.get_full_name() or actor.user.email, "title": action.title},
    )


@transaction.atomic
def plan_action_create[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    *,
    tenant: Tenant,
    actor: Membership,
    plan: Plan[P, A, C],
    project: P,
    spec: ActionSpec,
) -> A:
    plan.check_editor(tenant, actor, project)
    plan.check_spec(tenant, project, spec)
    fields = {name: getattr(spec, name) for name in SPEC_FIELDS}
    action = plan.new_action(tenant=tenant, project=project, created_by=actor, **fields)
    _owner_told(plan, tenant, actor, action, notifications.ACTION_ASSIGNED)
    project_touched(tenant, project)
    return action


@transaction.atomic
def plan_action_update[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    *,
    tenant: Tenant,
    actor: Membership,
    plan: Plan[P, A, C],
    action: A,
    spec: ActionSpec,
) -> A:
    project = plan.project_of(action)
    plan.check_editor(tenant, actor, project)
    plan.check_spec(tenant, project, spec)
    new_owner = spec.owner is not None and spec.owner.pk != action.owner_id
    for name in SPEC_FIELDS:
        setattr(action, name, getattr(spec, name))
    action.updated_at = timezone.now()
    action.save()
    if new_owner:
        _owner_told(plan, tenant, actor, action, notifications.ACTION_ASSIGNED)
    project_touched(tenant, project)
    return action


@transaction.atomic
def plan_action_status_set[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    *,
    tenant: Tenant,
    actor: Membership,
    plan: Plan[P, A, C],
    action: A,
    status: str,
    today: dt.date,
) -> A:
    """The team moves the actions it owns; the editors any action (the plan's rights)."""
    if not plan.may_move(tenant, actor, action):
        raise PermissionDenied(errors.CANNOT_UPDATE_STATUS)
    if status not in ActionStatus.values:
        raise ValidationError({"status": errors.CANNOT_UPDATE_STATUS})
    action.status = status
    action.done_on = today if status == ActionStatus.DONE else None
    action.updated_at = timezone.now()
    action.save(update_fields=["status", "done_on", "updated_at"])
    project_touched(tenant, plan.project_of(action))
    return action


@transaction.atomic
def plan_action_comment_add[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    *,
    tenant: Tenant,
    actor: Membership,
    plan: Plan[P, A, C],
    action: A,
    text: str,
) -> C:
    if not plan.may_comment(tenant, actor, plan.project_of(action)):
        raise PermissionDenied(plan.cannot_comment)
    comment = plan.new_comment(tenant=tenant, action=action, author=actor, text=text)
    _owner_told(plan, tenant, actor, action, notifications.ACTION_COMMENT)
    data_changed(tenant=tenant, kinds=[UNITS])
    return comment
