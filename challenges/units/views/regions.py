"""The regional team's own project: its page (board, plan, diagnostic), starting it, its
stages, its diagnostic, and its actions, where the team comments and moves what it owns."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpis.selectors import kpi_list
from network_animation import permissions
from network_animation import selectors as organisation
from network_animation.models import Region
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest

from ...models import RegionAction, RegionAxis, RegionProject
from .. import rights, selectors, services
from ..forms import CommentForm, RegionActionForm, RegionDiagnosticForm, StatusForm
from ..services import ActionSpec

TEMPLATES = "challenges/units/"


def _readable_region(request: TenantRequest, region_id: int) -> Region:
    region = organisation.region_get(tenant=request.tenant, id=region_id)
    if not rights.can_read_region_project(request.membership, region):
        raise PermissionDenied
    return region


def _editable_project(request: TenantRequest, region_project_id: int) -> RegionProject:
    project = selectors.region_project_get(tenant=request.tenant, id=region_project_id)
    if not rights.can_edit_region_project(request.membership, project.region):
        raise PermissionDenied
    return project


def _readable_action(request: TenantRequest, region_action_id: int) -> RegionAction:
    action = selectors.region_action_get(tenant=request.tenant, id=region_action_id)
    if not rights.can_read_region_project(request.membership, action.project.region):
        raise PermissionDenied
    return action


def _diagnostic(request: TenantRequest, project: RegionProject) -> dict[str, object]:
    satisfaction = selectors.satisfaction_kpis(tenant=request.tenant)
    return {
        "voice_kpis": selectors.region_kpi_figures(
            tenant=request.tenant, project=project, kpis=satisfaction
        ),
        "diagnostic": [  # each text under its axis: the plan's actions answer them
            (name, RegionAxis(name).label, markdown_render(getattr(project, name)))
            for name in services.regions.DIAGNOSTIC_TEXTS
        ],
    }


def region_project(request: TenantRequest, tenant_slug: str, region_id: int) -> HttpResponse:
    region = _readable_region(request, region_id)
    tenant = request.tenant
    board = selectors.region_board(tenant=tenant, region=region, today=timezone.localdate())
    context: dict[str, object] = {
        "region": region,
        "board": board,
        "project": board.project,
        "can_edit": rights.can_edit_region_project(request.membership, region),
        "region_page": permissions.can_view_region(request.membership, region),
        "today": timezone.localdate(),
    }
    if board.project is not None:
        context |= _diagnostic(request, board.project)
        context["actions"] = selectors.region_actions_of(tenant=tenant, project=board.project)
    return render(request, TEMPLATES + "region_project.html", context)


@require_POST
def region_project_start(request: TenantRequest, tenant_slug: str, region_id: int) -> HttpResponse:
    region = _readable_region(request, region_id)
    if not rights.can_edit_region_project(request.membership, region):
        raise PermissionDenied
    services.region_project_start(
        tenant=request.tenant, actor=request.membership, region=region, today=timezone.localdate()
    )
    messages.success(request, _("The region's project is started: begin with its diagnostic."))
    return redirect("challenges:region_project", tenant_slug, region.pk)


@require_POST
def region_project_stage(
    request: TenantRequest, tenant_slug: str, region_project_id: int
) -> HttpResponse:
    project = _editable_project(request, region_project_id)
    stage = request.POST.get("stage", "")
    if stage not in services.regions.STAGE_FIELDS:
        return HttpResponse(status=400)
    services.region_stage_set(
        tenant=request.tenant,
        actor=request.membership,
        project=project,
        stage=stage,
        reached=request.POST.get("reached") == "1",
        today=timezone.localdate(),
    )
    return redirect("challenges:region_project", tenant_slug, project.region_id)


def region_diagnostic(
    request: TenantRequest, tenant_slug: str, region_project_id: int
) -> HttpResponse:
    project = _editable_project(request, region_project_id)
    initial = {name: getattr(project, name) for name in services.regions.DIAGNOSTIC_TEXTS}
    form = RegionDiagnosticForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.region_diagnostic_save(
            tenant=request.tenant, actor=request.membership, project=project, **form.cleaned_data
        )
        messages.success(request, _("The region's diagnostic is saved."))
        return redirect("challenges:region_project", tenant_slug, project.region_id)
    satisfaction = selectors.satisfaction_kpis(tenant=request.tenant)
    context = {
        "project": project,
        "form": form,
        "region_page": True,  # its editors see the region's page
        "voice_kpis": selectors.region_kpi_figures(
            tenant=request.tenant, project=project, kpis=satisfaction
        ),
    }
    status = 400 if form.errors else 200
    return render(request, TEMPLATES + "region_diagnostic.html", context, status=status)


def _action_form(
    request: TenantRequest, project: RegionProject, **kwargs: object
) -> RegionActionForm:
    return RegionActionForm(
        request.POST or None,
        people=selectors.region_team(tenant=request.tenant, region=project.region),
        kpis=kpi_list(tenant=request.tenant, active_only=True),
        **kwargs,
    )


def _action_saved(
    form: RegionActionForm, save: Callable[[ActionSpec], RegionAction]
) -> RegionAction | None:
    try:
        return save(form.spec())
    except ValidationError as refused:
        form.add_error(None, refused)
        return None


def _action_form_page(
    request: TenantRequest, form: RegionActionForm, project: RegionProject, action: object
) -> HttpResponse:
    context = {
        "project": project,
        "form": form,
        "action": action,
        "region_page": True,  # its editors see the region's page
    }
    status = 400 if form.errors else 200
    return render(request, TEMPLATES + "region_action_form.html", context, status=status)


def region_action_new(
    request: TenantRequest, tenant_slug: str, region_project_id: int
) -> HttpResponse:
    project = _editable_project(request, region_project_id)
    form = _action_form(request, project)
    if request.method == "POST" and form.is_valid():
        created = _action_saved(
            form,
            lambda spec: services.region_action_create(
                tenant=request.tenant, actor=request.membership, project=project, spec=spec
            ),
        )
        if created is not None:
            messages.success(request, _("The action is in the plan."))
            return redirect("challenges:region_project", tenant_slug, project.region_id)
    return _action_form_page(request, form, project, None)


def region_action_edit(
    request: TenantRequest, tenant_slug: str, region_action_id: int
) -> HttpResponse:
    action = _readable_action(request, region_action_id)
    project = action.project
    if not rights.can_edit_region_project(request.membership, project.region):
        raise PermissionDenied
    form = _action_form(request, project, initial=RegionActionForm.initial_of(action))
    if request.method == "POST" and form.is_valid():
        saved = _action_saved(
            form,
            lambda spec: services.region_action_update(
                tenant=request.tenant, actor=request.membership, action=action, spec=spec
            ),
        )
        if saved is not None:
            return redirect("challenges:region_action", tenant_slug, action.pk)
    return _action_form_page(request, form, project, action)


def _action_page(
    request: TenantRequest, action: RegionAction, comment_form: CommentForm | None = None
) -> HttpResponse:
    membership, region = request.membership, action.project.region
    comments = selectors.region_comments_of(tenant=request.tenant, action=action)
    may_move = rights.can_update_region_status(membership, region, action)
    context = {
        "action": action,
        "project": action.project,
        "description_html": markdown_render(action.description),
        "comments": [(c, markdown_render(c.text)) for c in comments],
        "comment_form": (comment_form or CommentForm())
        if rights.can_comment_region(membership, region)
        else None,
        "status_form": StatusForm(initial={"status": action.status}) if may_move else None,
        "can_edit": rights.can_edit_region_project(membership, region),
        "region_page": permissions.can_view_region(membership, region),
    }
    status = 400 if comment_form is not None and comment_form.errors else 200
    return render(request, TEMPLATES + "region_action.html", context, status=status)


def region_action(request: TenantRequest, tenant_slug: str, region_action_id: int) -> HttpResponse:
    return _action_page(request, _readable_action(request, region_action_id))


@require_POST
def region_action_status(
    request: TenantRequest, tenant_slug: str, region_action_id: int
) -> HttpResponse:
    action = _readable_action(request, region_action_id)
    if not rights.can_update_region_status(request.membership, action.project.region, action):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    services.region_action_status_set(
        tenant=request.tenant,
        actor=request.membership,
        action=action,
        status=form.cleaned_data["status"],
        today=timezone.localdate(),
    )
    messages.success(request, _("The status is saved."))
    return redirect("challenges:region_action", tenant_slug, action.pk)


@require_POST
def region_action_comment(
    request: TenantRequest, tenant_slug: str, region_action_id: int
) -> HttpResponse:
    action = _readable_action(request, region_action_id)
    if not rights.can_comment_region(request.membership, action.project.region):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _action_page(request, action, form)
    services.region_action_comment_add(
        tenant=request.tenant,
        actor=request.membership,
        action=action,
        text=form.cleaned_data["text"],
    )
    return redirect("challenges:region_action", tenant_slug, action.pk)
