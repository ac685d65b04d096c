"""The regional team's own project: its page (board, plan, diagnostic), starting it, its
stages, its diagnostic, and its actions, where the team comments and moves what it owns."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from network_animation import permissions
from network_animation import selectors as organisation
from network_animation.models import Region, Tenant
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest

from ...models import RegionAction, RegionActionComment, RegionAxis, RegionProject
from .. import rights, selectors
from ..forms import RegionActionForm, RegionDiagnosticForm
from ..selectors.plans import KpiFigure
from ..services.regions import DIAGNOSTIC_TEXTS, REGION_PLAN, REGION_PROJECT
from . import excellence, plans

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


def _voice_kpis(tenant: Tenant, project: RegionProject) -> list[KpiFigure]:
    satisfaction = selectors.satisfaction_kpis(tenant=tenant)
    return selectors.region_kpi_figures(tenant=tenant, project=project, kpis=satisfaction)


def _diagnostic(
    request: TenantRequest, project: RegionProject, can_edit: bool
) -> dict[str, object]:
    return {
        "voice_kpis": _voice_kpis(request.tenant, project),
        "diagnostic": [  # each text under its axis: the plan's actions answer them
            (name, RegionAxis(name).label, markdown_render(getattr(project, name)))
            for name in DIAGNOSTIC_TEXTS
        ],
    }


REGION_PROJECT_PAGES: excellence.ProjectPages[Region, RegionProject] = excellence.ProjectPages(
    kind=REGION_PROJECT,
    project_route="challenges:region_project",
    template=TEMPLATES + "region_project.html",
    subject_get=_readable_region,
    project_get=_editable_project,
    board=lambda tenant, region, today: selectors.region_board(
        tenant=tenant, region=region, today=today
    ),
    actions=lambda tenant, project: selectors.region_actions_of(tenant=tenant, project=project),
    subject_context=lambda request, region: {
        "region_page": permissions.can_view_region(request.membership, region)
    },
    diagnostic=_diagnostic,
    started=gettext_lazy("The region's project is started: begin with its diagnostic."),
)

REGION_DIAGNOSTIC: excellence.DiagnosticStep[RegionProject] = excellence.DiagnosticStep(
    form_class=RegionDiagnosticForm,
    template=TEMPLATES + "region_diagnostic.html",
    saved=gettext_lazy("The region's diagnostic is saved."),
    context=lambda request, project: {
        "region_page": True,  # its editors see the region's page
        "voice_kpis": _voice_kpis(request.tenant, project),
    },
)

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


def region_project(request: TenantRequest, tenant_slug: str, region_id: int) -> HttpResponse:
    return excellence.project_page(request, REGION_PROJECT_PAGES, region_id)


@require_POST
def region_project_start(request: TenantRequest, tenant_slug: str, region_id: int) -> HttpResponse:
    return excellence.project_start(request, REGION_PROJECT_PAGES, region_id)


@require_POST
def region_project_stage(
    request: TenantRequest, tenant_slug: str, region_project_id: int
) -> HttpResponse:
    return excellence.project_stage(request, REGION_PROJECT_PAGES, region_project_id)


def region_diagnostic(
    request: TenantRequest, tenant_slug: str, region_project_id: int
) -> HttpResponse:
    return excellence.diagnostic_form(
        request, REGION_PROJECT_PAGES, region_project_id, REGION_DIAGNOSTIC
    )


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
