"""The action plan's pages, one implementation for a unit's project and a region's: writing and
editing an action, its page where the team comments and the owner moves its status.

What differs is `PlanPages`: the services' plan (models and rights), how an action and a
project are fetched through the tenant, the form and who may own an action, the routes and the
breadcrumb. actions.py and regions.py keep the views the URLs name, each a call of these."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kpis.selectors import kpi_list
from network_animation.models import Membership, Tenant
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest

from ...models import ExcellenceProject, PlanAction, PlanActionComment
from ..forms import ActionForm, CommentForm, StatusForm
from ..services import ActionSpec
from ..services.plans import (
    Plan,
    plan_action_comment_add,
    plan_action_create,
    plan_action_status_set,
    plan_action_update,
)

TEMPLATES = "challenges/units/"


@dataclass(frozen=True)
class PlanRoutes:
    """The URL names of a plan's pages."""

    project: str  # takes the project's subject: a point of sale, a region
    action: str
    action_edit: str
    action_status: str
    action_comment: str


@dataclass(frozen=True)
class PlanPages[P: ExcellenceProject, A: PlanAction, C: PlanActionComment]:
    plan: Plan[P, A, C]
    routes: PlanRoutes
    crumb: str  # the breadcrumb's template, back to the project
    action_get: Callable[[TenantRequest, int], A]  # 404 elsewhere, 403 to who may not read
    project_get: Callable[[TenantRequest, int], P]  # 404 elsewhere; editing is checked here
    subject_id: Callable[[P], int]  # the project's point of sale, region
    crumb_context: Callable[[TenantRequest, P], dict[str, object]]
    form_class: type[ActionForm]
    people: Callable[[Tenant, P], QuerySet[Membership]]  # who may own an action
    comments: Callable[[Tenant, A], QuerySet[C]]

    def project_url(self, tenant: Tenant, project: P) -> str:
        return reverse(self.routes.project, args=[tenant.slug, self.subject_id(project)])

    def action_url(self, tenant: Tenant, action: A, route: str | None = None) -> str:
        return reverse(route or self.routes.action, args=[tenant.slug, action.pk])

    def may_edit(self, request: TenantRequest, project: P) -> bool:
        return self.plan.may_edit(request.tenant, request.membership, project)

    def may_comment(self, request: TenantRequest, action: A) -> bool:
        project = self.plan.project_of(action)
        return self.plan.may_comment(request.tenant, request.membership, project)

    def may_move(self, request: TenantRequest, action: A) -> bool:
        return self.plan.may_move(request.tenant, request.membership, action)


def _form[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    request: TenantRequest, pages: PlanPages[P, A, C], project: P, **kwargs: object
) -> ActionForm:
    return pages.form_class(
        request.POST or None,
        people=pages.people(request.tenant, project),
        kpis=kpi_list(tenant=request.tenant, active_only=True),
        **kwargs,
    )


def _saved[A: PlanAction](form: ActionForm, save: Callable[[ActionSpec], A]) -> A | None:
    try:
        return save(form.spec())
    except ValidationError as refused:
        form.add_error(None, refused)
        return None


def _form_page[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    request: TenantRequest,
    pages: PlanPages[P, A, C],
    form: ActionForm,
    project: P,
    action: A | None,
) -> HttpResponse:
    context = {
        "project": project,
        "form": form,
        "action": action,
        "crumb": pages.crumb,
        **pages.crumb_context(request, project),
    }
    status = 400 if form.errors else 200
    return render(request, TEMPLATES + "action_form.html", context, status=status)


def action_new[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    request: TenantRequest, pages: PlanPages[P, A, C], project_id: int
) -> HttpResponse:
    project = pages.project_get(request, project_id)
    if not pages.may_edit(request, project):
        raise PermissionDenied
    form = _form(request, pages, project)
    if request.method == "POST" and form.is_valid():
        created = _saved(
            form,
            lambda spec: plan_action_create(
                tenant=request.tenant,
                actor=request.membership,
                plan=pages.plan,
                project=project,
                spec=spec,
            ),
        )
        if created is not None:
            messages.success(request, _("The action is in the plan."))
            return redirect(pages.project_url(request.tenant, project))
    return _form_page(request, pages, form, project, None)


def action_edit[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    request: TenantRequest, pages: PlanPages[P, A, C], action_id: int
) -> HttpResponse:
    action = pages.action_get(request, action_id)
    project = pages.plan.project_of(action)
    if not pages.may_edit(request, project):
        raise PermissionDenied
    form = _form(request, pages, project, initial=ActionForm.initial_of(action))
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            form,
            lambda spec: plan_action_update(
                tenant=request.tenant,
                actor=request.membership,
                plan=pages.plan,
                action=action,
                spec=spec,
            ),
        )
        if saved is not None:
            return redirect(pages.action_url(request.tenant, action))
    return _form_page(request, pages, form, project, action)


def action_page[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    request: TenantRequest,
    pages: PlanPages[P, A, C],
    action: A,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    tenant, routes, project = request.tenant, pages.routes, pages.plan.project_of(action)
    comments = pages.comments(tenant, action)
    context = {
        "action": action,
        "project": project,
        "crumb": pages.crumb,
        "description_html": markdown_render(action.description),
        "comments": [(c, markdown_render(c.text)) for c in comments],
        "comment_form": (comment_form or CommentForm())
        if pages.may_comment(request, action)
        else None,
        "status_form": StatusForm(initial={"status": action.status})
        if pages.may_move(request, action)
        else None,
        "can_edit": pages.may_edit(request, project),
        "edit_url": pages.action_url(tenant, action, routes.action_edit),
        "status_url": pages.action_url(tenant, action, routes.action_status),
        "comment_url": pages.action_url(tenant, action, routes.action_comment),
        **pages.crumb_context(request, project),
    }
    status = 400 if comment_form is not None and comment_form.errors else 200
    return render(request, TEMPLATES + "action.html", context, status=status)


def action_status[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    request: TenantRequest, pages: PlanPages[P, A, C], action_id: int
) -> HttpResponse:
    action = pages.action_get(request, action_id)
    if not pages.may_move(request, action):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    plan_action_status_set(
        tenant=request.tenant,
        actor=request.membership,
        plan=pages.plan,
        action=action,
        status=form.cleaned_data["status"],
        today=timezone.localdate(),
    )
    messages.success(request, _("The status is saved."))
    return redirect(pages.action_url(request.tenant, action))


def action_comment[P: ExcellenceProject, A: PlanAction, C: PlanActionComment](
    request: TenantRequest, pages: PlanPages[P, A, C], action_id: int
) -> HttpResponse:
    action = pages.action_get(request, action_id)
    if not pages.may_comment(request, action):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if not form.is_valid():
        return action_page(request, pages, action, form)
    plan_action_comment_add(
        tenant=request.tenant,
        actor=request.membership,
        plan=pages.plan,
        action=action,
        text=form.cleaned_data["text"],
    )
    return redirect(pages.action_url(request.tenant, action))
