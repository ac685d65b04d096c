"""A point of sale's excellence project: its page (board, diagnostic, plan), starting it, its
stages, and the diagnostic's four axes (the project's own pages are excellence.py's, with the
unit's pages; flows.py writes the reference week)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from network_animation import selectors as organisation
from network_animation.models import PointOfSale, Tenant
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest

from ...models import UnitProject
from .. import rights, selectors, services
from ..forms import CustomerVoiceForm, SensesForm, SkillsForm
from ..selectors.plans import KpiFigure
from ..services.projects import UNIT_PROJECT
from . import excellence
from .common import WEEKDAYS, editable_project, flow_week
from .plans import TEMPLATES

SENSE_LABELS = {
    "sense_sight": gettext_lazy("Sight"),
    "sense_touch": gettext_lazy("Touch"),
    "sense_smell": gettext_lazy("Smell"),
    "sense_hearing": gettext_lazy("Hearing"),
}


def _readable_point(request: TenantRequest, point_of_sale_id: int) -> PointOfSale:
    point = organisation.point_of_sale_get(tenant=request.tenant, id=point_of_sale_id)
    if not rights.can_read_project(request.membership, point):
        raise PermissionDenied
    return point


def _voice_kpis(tenant: Tenant, project: UnitProject) -> list[KpiFigure]:
    satisfaction = selectors.satisfaction_kpis(tenant=tenant)
    return selectors.kpi_figures(tenant=tenant, project=project, kpis=satisfaction)


def _diagnostic(request: TenantRequest, project: UnitProject, can_edit: bool) -> dict[str, object]:
    tenant, membership = request.tenant, request.membership
    skills = selectors.skills_of(tenant=tenant, project=project)
    if not can_edit:  # a person's gaps are theirs, their manager's, coach's and head office's
        skills = [row for row in skills if row.person.pk == membership.pk]
    return {
        "voice_html": markdown_render(project.customer_voice),
        "voice_kpis": _voice_kpis(tenant, project),
        "senses": [
            (label, markdown_render(getattr(project, name))) for name, label in SENSE_LABELS.items()
        ],
        "week": flow_week(project, selectors.flow_grid(tenant=tenant, project=project)),
        "weekdays": WEEKDAYS,
        "skills": [
            (row, markdown_render(row.assessment.notes if row.assessment else "")) for row in skills
        ],
    }


UNIT_PROJECT_PAGES: excellence.ProjectPages[PointOfSale, UnitProject] = excellence.ProjectPages(
    kind=UNIT_PROJECT,
    project_route="challenges:unit_project",
    template=TEMPLATES + "project.html",
    subject_get=_readable_point,
    project_get=editable_project,
    board=lambda tenant, point, today: selectors.progress_board(
        tenant=tenant, point_of_sale=point, today=today
    ),
    actions=lambda tenant, project: selectors.actions_of(tenant=tenant, project=project),
    subject_context=lambda request, point: {},
    diagnostic=_diagnostic,
    started=gettext_lazy("The project is started: begin with its diagnostic."),
)

VOICE: excellence.DiagnosticStep[UnitProject] = excellence.DiagnosticStep(
    form_class=CustomerVoiceForm,
    template=TEMPLATES + "voice.html",
    saved=gettext_lazy("The voice of the customer is saved."),
    context=lambda request, project: {"voice_kpis": _voice_kpis(request.tenant, project)},
)

SENSORY_WALK: excellence.DiagnosticStep[UnitProject] = excellence.DiagnosticStep(
    form_class=SensesForm,
    template=TEMPLATES + "senses.html",
    saved=gettext_lazy("The sensory walk is saved."),
    context=lambda request, project: {},
)


def unit_project(request: TenantRequest, tenant_slug: str, point_of_sale_id: int) -> HttpResponse:
    return excellence.project_page(request, UNIT_PROJECT_PAGES, point_of_sale_id)


@require_POST
def unit_project_start(
    request: TenantRequest, tenant_slug: str, point_of_sale_id: int
) -> HttpResponse:
    return excellence.project_start(request, UNIT_PROJECT_PAGES, point_of_sale_id)


@require_POST
def unit_project_stage(
    request: TenantRequest, tenant_slug: str, unit_project_id: int
) -> HttpResponse:
    return excellence.project_stage(request, UNIT_PROJECT_PAGES, unit_project_id)


def unit_voice(request: TenantRequest, tenant_slug: str, unit_project_id: int) -> HttpResponse:
    return excellence.diagnostic_form(request, UNIT_PROJECT_PAGES, unit_project_id, VOICE)


def unit_senses(request: TenantRequest, tenant_slug: str, unit_project_id: int) -> HttpResponse:
    return excellence.diagnostic_form(request, UNIT_PROJECT_PAGES, unit_project_id, SENSORY_WALK)


def unit_skills(request: TenantRequest, tenant_slug: str, unit_project_id: int) -> HttpResponse:
    project = editable_project(request, unit_project_id)
    rows = selectors.skills_of(tenant=request.tenant, project=project)
    initial: dict[str, object] = {}
    for row in rows:
        if row.assessment:
            initial[f"level_{row.person.pk}"] = row.assessment.level
            initial[f"notes_{row.person.pk}"] = row.assessment.notes
    form = SkillsForm(request.POST or None, initial=initial, people=[r.person for r in rows])
    if request.method == "POST" and form.is_valid():
        try:
            services.skills_save(
                tenant=request.tenant,
                actor=request.membership,
                project=project,
                entries=form.entries(),
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The skills are saved."))
            return redirect("challenges:unit_project", tenant_slug, project.point_of_sale_id)
    status = 400 if form.errors else 200
    context = {"project": project, "form": form}
    return render(request, TEMPLATES + "skills.html", context, status=status)
