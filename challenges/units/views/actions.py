"""The action plan: writing and editing actions, an action's page where the team comments and
the owner moves its status."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpis.selectors import kpi_list
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest

from ...models import UnitAction, UnitProject
from .. import rights, selectors, services
from ..forms import ActionForm, CommentForm, StatusForm
from .common import editable_project, may_edit, readable_action


def _form(request: TenantRequest, project: UnitProject, **kwargs: object) -> ActionForm:
    return ActionForm(
        request.POST or None,
        people=selectors.unit_people(tenant=request.tenant, point_of_sale=project.point_of_sale),
        kpis=kpi_list(tenant=request.tenant, active_only=True),
        **kwargs,
    )


def _saved(request: TenantRequest, form: ActionForm, save: object) -> UnitAction | None:
    try:
        return save(spec=form.spec())  # type: ignore[operator]  # a service's partial
    except ValidationError as refused:
        form.add_error(None, refused)
        return None


def unit_action_new(request: TenantRequest, tenant_slug: str, unit_project_id: int) -> HttpResponse:
    project = editable_project(request, unit_project_id)
    form = _form(request, project)
    if request.method == "POST" and form.is_valid():
        created = _saved(
            request,
            form,
            lambda spec: services.action_create(
                tenant=request.tenant, actor=request.membership, project=project, spec=spec
            ),
        )
        if created is not None:
            messages.success(request, _("The action is in the plan."))
            return redirect("challenges:unit_project", tenant_slug, project.point_of_sale_id)
    context = {"project": project, "form": form, "action": None}
    return render(
        request, "challenges/units/action_form.html", context, status=400 if form.errors else 200
    )


def unit_action_edit(request: TenantRequest, tenant_slug: str, unit_action_id: int) -> HttpResponse:
    action = readable_action(request, unit_action_id)
    project = action.project
    if not may_edit(request, project.point_of_sale):
        raise PermissionDenied
    form = _form(request, project, initial=ActionForm.initial_of(action))
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            request,
            form,
            lambda spec: services.action_update(
                tenant=request.tenant, actor=request.membership, action=action, spec=spec
            ),
        )
        if saved is not None:
            return redirect("challenges:unit_action", tenant_slug, action.pk)
    context = {"project": project, "form": form, "action": action}
    return render(
        request, "challenges/units/action_form.html", context, status=400 if form.errors else 200
    )


def _action_page(
    request: TenantRequest, action: UnitAction, comment_form: CommentForm | None = None
) -> HttpResponse:
    tenant, membership, point = request.tenant, request.membership, action.project.point_of_sale
    can_comment = rights.can_comment(tenant=tenant, membership=membership, point=point)
    comments = selectors.comments_of(tenant=tenant, action=action)
    context = {
        "action": action,
        "project": action.project,
        "description_html": markdown_render(action.description),
        "comments": [(c, markdown_render(c.text)) for c in comments],
        "comment_form": (comment_form or CommentForm()) if can_comment else None,
        "status_form": StatusForm(initial={"status": action.status})
        if rights.can_update_status(
            tenant=tenant, membership=membership, point=point, action=action
        )
        else None,
        "can_edit": may_edit(request, point),
    }
    status = 400 if comment_form is not None and comment_form.errors else 200
    return render(request, "challenges/units/action.html", context, status=status)


def unit_action(request: TenantRequest, tenant_slug: str, unit_action_id: int) -> HttpResponse:
    return _action_page(request, readable_action(request, unit_action_id))


@require_POST
def unit_action_status(
    request: TenantRequest, tenant_slug: str, unit_action_id: int
) -> HttpResponse:
    action = readable_action(request, unit_action_id)
    point = action.project.point_of_sale
    if not rights.can_update_status(
        tenant=request.tenant, membership=request.membership, point=point, action=action
    ):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    services.action_status_set(
        tenant=request.tenant,
        actor=request.membership,
        action=action,
        status=form.cleaned_data["status"],
        today=timezone.localdate(),
    )
    messages.success(request, _("The status is saved."))
    return redirect("challenges:unit_action", tenant_slug, action.pk)


@require_POST
def unit_action_comment(
    request: TenantRequest, tenant_slug: str, unit_action_id: int
) -> HttpResponse:
    action = readable_action(request, unit_action_id)
    point = action.project.point_of_sale
    if not rights.can_comment(tenant=request.tenant, membership=request.membership, point=point):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _action_page(request, action, form)
    services.action_comment_add(
        tenant=request.tenant,
        actor=request.membership,
        action=action,
        text=form.cleaned_data["text"],
    )
    return redirect("challenges:unit_action", tenant_slug, action.pk)
