"""The regional team's own project: its page (board, plan, diagnostic), starting it, its
stages, its diagnostic, and its actions, where the team comments and moves what it owns."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_animation import permissions
from network_animation import selectors as organisation
from network_animation.models import Region
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest

from ...models import RegionAction, RegionActionComment, RegionAxis, RegionProject
from .. import rights, selectors, services
from ..forms import RegionActionForm, RegionDiagnosticForm
from ..services.regions import REGION_PLAN
from . import plans

TEMPLATES = plans.TEMPLATES


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


REGION_PAGES: plans.PlanPages[RegionProject, RegionAction, RegionActionComment] = plans.PlanPages(
    plan=REGION_PLAN,
    routes=plans.PlanRoutes(
        project="challenges:region_project",
        action="challenges:region_action",
        action_edit="challenges:region_action_edit",
        action_status="challenges:region_action_status",
        action_comment="challenges:region_action_comment",
    ),
    crumb=TEMPLATES + "_region_crumb.html",
    action_get=_readable_action,
    project_get=lambda request, id: selectors.region_project_get(tenant=request.tenant, id=id),
    subject_id=lambda project: project.region_id,
    crumb_context=lambda request, project: {
        "region_page": permissions.can_view_region(request.membership, project.region)
    },
    form_class=RegionActionForm,
    people=lambda tenant, project: selectors.region_team(tenant=tenant, region=project.region),
    comments=lambda tenant, action: selectors.region_comments_of(tenant=tenant, action=action),
)


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
    if stage not in services.plans.STAGE_FIELDS:
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


def region_action_new(
    request: TenantRequest, tenant_slug: str, region_project_id: int
) -> HttpResponse:
    return plans.action_new(request, REGION_PAGES, region_project_id)


def region_action_edit(
    request: TenantRequest, tenant_slug: str, region_action_id: int
) -> HttpResponse:
    return plans.action_edit(request, REGION_PAGES, region_action_id)


def region_action(request: TenantRequest, tenant_slug: str, region_action_id: int) -> HttpResponse:
    return plans.action_page(request, REGION_PAGES, _readable_action(request, region_action_id))


@require_POST
def region_action_status(
    request: TenantRequest, tenant_slug: str, region_action_id: int
) -> HttpResponse:
    return plans.action_status(request, REGION_PAGES, region_action_id)


@require_POST
def region_action_comment(
    request: TenantRequest, tenant_slug: str, region_action_id: int
) -> HttpResponse:
    return plans.action_comment(request, REGION_PAGES, region_action_id)
