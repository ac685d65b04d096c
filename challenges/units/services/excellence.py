"""Writes of a project itself, one implementation for a unit's project and a region's: starting
it, writing its diagnostic, marking its stages.

What differs between the two is a `ProjectKind`: the project's subject (a point of sale, a
region), who runs the project (challenges/units/rights.py), the texts its diagnostic writes and
the audit's name for its start. projects.py and regions.py keep the named entry points, each a
call of these with its kind; plans.py writes the action plan."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from network_animation.audit import audit_record
from network_animation.data_versions import data_changed
from network_animation.models import Membership, Tenant, TenantOwnedModel

from ...models import ExcellenceProject
from ..cache import UNITS

if TYPE_CHECKING:  # a development package: the type of a lazy translated message
    from django_stubs_ext import StrPromise

STAGE_FIELDS = {"diagnostic": "diagnostic_done_on", "plan": "plan_written_on"}


@dataclass(frozen=True)
class ProjectKind[S: TenantOwnedModel, P: ExcellenceProject]:
    """A kind of project: its subject, who runs it, its diagnostic, its start's audit."""

    projects: "models.Manager[P]"  # the start's get_or_create
    subject_field: str  # the project's foreign key to its subject
    subject_of: Callable[[P], S]
    may_run: Callable[[Tenant, Membership, S], bool]  # start it, its diagnostic, stages, plan
    cannot_run: "StrPromise"
    diagnostic_texts: tuple[str, ...]
    started: str  # the audit's action

    def subject_id(self, project: P) -> int:
        return int(project.serializable_value(self.subject_field))  # its foreign key, no query

    def may_edit(self, tenant: Tenant, actor: Membership, project: P) -> bool:
        return self.may_run(tenant, actor, self.subject_of(project))

    def check_runner(self, tenant: Tenant, actor: Membership, subject: S) -> None:
        if not self.may_run(tenant, actor, subject):
            raise PermissionDenied(self.cannot_run)


def project_touched(tenant: Tenant, project: ExcellenceProject) -> None:
    project.updated_at = timezone.now()
    project.save(update_fields=["updated_at"])
    data_changed(tenant=tenant, kinds=[UNITS])


@transaction.atomic
def excellence_project_start[S: TenantOwnedModel, P: ExcellenceProject](
    *, tenant: Tenant, actor: Membership, kind: ProjectKind[S, P], subject: S, today: dt.date
) -> P:
    """The subject's project, started today if it had none (starting twice is harmless)."""
    kind.check_runner(tenant, actor, subject)
    project, created = kind.projects.get_or_create(
        tenant=tenant,
        **{kind.subject_field: subject},
        defaults={"started_on": today, "started_by": actor},
    )
    if created:
        audit_record(tenant=tenant, actor=actor.user, action=kind.started, target=str(subject))
        data_changed(tenant=tenant, kinds=[UNITS])
    return project


@transaction.atomic
def excellence_diagnostic_save[S: TenantOwnedModel, P: ExcellenceProject](
    *, tenant: Tenant, actor: Membership, kind: ProjectKind[S, P], project: P, texts: dict[str, str]
) -> P:
    """Any of the diagnostic's texts (the kind's own: a unit's sensory walk, a region's team)."""
    kind.check_runner(tenant, actor, kind.subject_of(project))
    for name, text in texts.items():
        if name not in kind.diagnostic_texts:
            raise ValueError(name)
        setattr(project, name, text)
    project.save(update_fields=list(texts))
    project_touched(tenant, project)
    return project


@transaction.atomic
def excellence_stage_set[S: TenantOwnedModel, P: ExcellenceProject](
    *,
    tenant: Tenant,
    actor: Membership,
    kind: ProjectKind[S, P],
    project: P,
    stage: str,
    reached: bool,
    today: dt.date,
) -> P:
    """Mark the diagnostic done or the plan written (or undo it): the board's stages."""
    kind.check_runner(tenant, actor, kind.subject_of(project))
    field = STAGE_FIELDS[stage]
    setattr(project, field, today if reached else None)
    project.save(update_fields=[field])
    project_touched(tenant, project)
    return project
