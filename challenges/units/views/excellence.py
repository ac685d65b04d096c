"""A project's own pages, one implementation for a unit's project and a region's: its page (the
board, the plan, the diagnostic), starting it, marking its stages, and the forms that write its
diagnostic.

What differs is `ProjectPages`: the services' kind (the subject, who runs the project), how the
subject and the project are fetched through the tenant, the board, the plan and the diagnostic
shown, the routes, the template and the messages. projects.py and regions.py keep the views the
URLs name, each a call of these."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from network_animation.models import Tenant, TenantOwnedModel
from network_animation.views.common import TenantRequest

from ...models import ExcellenceProject, PlanAction
from ..selectors.plans import Board
from ..services.excellence import (
    STAGE_FIELDS,
    ProjectKind,
    excellence_diagnostic_save,
    excellence_project_start,
    excellence_stage_set,
)

if TYPE_CHECKING:  # a development package: the type of a lazy translated message
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class ProjectPages[S: TenantOwnedModel, P: ExcellenceProject]:
    kind: ProjectKind[S, P]
    project_route: str  # takes the subject's id
    template: str  # the project's page
    subject_get: Callable[[TenantRequest, int], S]  # 404 elsewhere, 403 to who may not read
    project_get: Callable[[TenantRequest, int], P]  # 404 elsewhere, 403 to who may not run it
    board: Callable[[Tenant, S, dt.date], Board[P]]
    actions: Callable[[Tenant, P], Iterable[PlanAction]]  # the plan, in its order
    subject_context: Callable[[TenantRequest, S], dict[str, object]]  # the breadcrumb's
    diagnostic: Callable[[TenantRequest, P, bool], dict[str, object]]  # what the page shows
    started: "StrPromise"

    def may_run(self, request: TenantRequest, subject: S) -> bool:
        return self.kind.may_run(request.tenant, request.membership, subject)

    def project_url(self, tenant: Tenant, project: P) -> str:
        return reverse(self.project_route, args=[tenant.slug, self.kind.subject_id(project)])


@dataclass(frozen=True)
class DiagnosticStep[P: ExcellenceProject]:
    """A form that writes some of the diagnostic's texts, each field one of the kind's."""

    form_class: type[forms.Form]
    template: str
    saved: "StrPromise"
    context: Callable[[TenantRequest, P], dict[str, object]]  # what the form shows beside


def project_page[S: TenantOwnedModel, P: ExcellenceProject](
    request: TenantRequest, pages: ProjectPages[S, P], subject_id: int
) -> HttpResponse:
    subject = pages.subject_get(request, subject_id)
    today = timezone.localdate()
    board = pages.board(request.tenant, subject, today)
    can_edit = pages.may_run(request, subject)
    context: dict[str, object] = {
        pages.kind.subject_field: subject,
        "board": board,
        "project": board.project,
        "can_edit": can_edit,
        **pages.subject_context(request, subject),
        "today": today,
    }
    if board.project is not None:
        context |= pages.diagnostic(request, board.project, can_edit)
        context["actions"] = pages.actions(request.tenant, board.project)
    return render(request, pages.template, context)


def project_start[S: TenantOwnedModel, P: ExcellenceProject](
    request: TenantRequest, pages: ProjectPages[S, P], subject_id: int
) -> HttpResponse:
    subject = pages.subject_get(request, subject_id)
    if not pages.may_run(request, subject):
        raise PermissionDenied
    excellence_project_start(
        tenant=request.tenant,
        actor=request.membership,
        kind=pages.kind,
        subject=subject,
        today=timezone.localdate(),
    )
    messages.success(request, pages.started)
    return redirect(pages.project_route, request.tenant.slug, subject.pk)


def project_stage[S: TenantOwnedModel, P: ExcellenceProject](
    request: TenantRequest, pages: ProjectPages[S, P], project_id: int
) -> HttpResponse:
    project = pages.project_get(request, project_id)
    stage = request.POST.get("stage", "")
    if stage not in STAGE_FIELDS:
        return HttpResponse(status=400)
    excellence_stage_set(
        tenant=request.tenant,
        actor=request.membership,
        kind=pages.kind,
        project=project,
        stage=stage,
        reached=request.POST.get("reached") == "1",
        today=timezone.localdate(),
    )
    return redirect(pages.project_url(request.tenant, project))


def diagnostic_form[S: TenantOwnedModel, P: ExcellenceProject](
    request: TenantRequest, pages: ProjectPages[S, P], project_id: int, step: DiagnosticStep[P]
) -> HttpResponse:
    project = pages.project_get(request, project_id)
    initial = {name: getattr(project, name) for name in step.form_class.base_fields}
    form = step.form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        excellence_diagnostic_save(
            tenant=request.tenant,
            actor=request.membership,
            kind=pages.kind,
            project=project,
            texts=form.cleaned_data,
        )
        messages.success(request, step.saved)
        return redirect(pages.project_url(request.tenant, project))
    context = {"project": project, "form": form, **step.context(request, project)}
    status = 400 if form.errors else 200
    return render(request, step.template, context, status=status)
