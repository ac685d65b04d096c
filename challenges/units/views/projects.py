"""A point of sale's excellence project: its page (board, diagnostic, plan), starting it, its
stages, and the diagnostic's four axes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from network_animation import selectors as organisation
from network_animation.models import PointOfSale
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest

from ...models import UnitProject
from .. import rights, selectors, services
from ..forms import CustomerVoiceForm, SensesForm, SkillsForm
from .common import WEEKDAYS, editable_project, flow_week, may_edit

SENSE_LABELS = {
    "sense_sight": gettext_lazy("Sight"),
    "sense_touch": gettext_lazy("Touch"),
    "sense_smell": gettext_lazy("Smell"),
    "sense_hearing": gettext_lazy("Hearing"),
}
SENSES = tuple(SENSE_LABELS)


def _readable_point(request: TenantRequest, point_of_sale_id: int) -> PointOfSale:
    point = organisation.point_of_sale_get(tenant=request.tenant, id=point_of_sale_id)
    if not rights.can_read_project(request.membership, point):
        raise PermissionDenied
    return point


def _diagnostic(request: TenantRequest, project: UnitProject, can_edit: bool) -> dict[str, object]:
    tenant, membership = request.tenant, request.membership
    skills = selectors.skills_of(tenant=tenant, project=project)
    if not can_edit:  # a person's gaps are theirs, their manager's, coach's and head office's
        skills = [row for row in skills if row.person.pk == membership.pk]
    satisfaction = selectors.satisfaction_kpis(tenant=tenant)
    return {
        "voice_html": markdown_render(project.customer_voice),
        "voice_kpis": selectors.kpi_figures(tenant=tenant, project=project, kpis=satisfaction),
        "senses": [
            (label, markdown_render(getattr(project, name))) for name, label in SENSE_LABELS.items()
        ],
        "week": flow_week(project, selectors.flow_grid(tenant=tenant, project=project)),
        "weekdays": WEEKDAYS,
        "skills": [
            (row, markdown_render(row.assessment.notes if row.assessment else "")) for row in skills
        ],
    }


def unit_project(request: TenantRequest, tenant_slug: str, point_of_sale_id: int) -> HttpResponse:
    point = _readable_point(request, point_of_sale_id)
    tenant, membership = request.tenant, request.membership
    today = timezone.localdate()
    board = selectors.progress_board(tenant=tenant, point_of_sale=point, today=today)
    can_edit = rights.can_edit_project(tenant=tenant, membership=membership, point=point)
    context: dict[str, object] = {
        "point_of_sale": point,
        "board": board,
        "project": board.project,
        "can_edit": can_edit,
        "today": today,
    }
    if board.project is not None:
        context |= _diagnostic(request, board.project, can_edit)
        context["actions"] = selectors.actions_of(tenant=tenant, project=board.project)
    return render(request, "challenges/units/project.html", context)


@require_POST
def unit_project_start(
    request: TenantRequest, tenant_slug: str, point_of_sale_id: int
) -> HttpResponse:
    point = _readable_point(request, point_of_sale_id)
    if not may_edit(request, point):
        raise PermissionDenied
    services.project_start(
        tenant=request.tenant,
        actor=request.membership,
        point_of_sale=point,
        today=timezone.localdate(),
    )
    messages.success(request, _("The project is started: begin with its diagnostic."))
    return redirect("challenges:unit_project", tenant_slug, point.pk)


@require_POST
def unit_project_stage(
    request: TenantRequest, tenant_slug: str, unit_project_id: int
) -> HttpResponse:
    project = editable_project(request, unit_project_id)
    stage = request.POST.get("stage", "")
    if stage not in services.projects.STAGES:
        return HttpResponse(status=400)
    services.project_stage_set(
        tenant=request.tenant,
        actor=request.membership,
        project=project,
        stage=stage,
        reached=request.POST.get("reached") == "1",
        today=timezone.localdate(),
    )
    return redirect("challenges:unit_project", tenant_slug, project.point_of_sale_id)


def unit_voice(request: TenantRequest, tenant_slug: str, unit_project_id: int) -> HttpResponse:
    project = editable_project(request, unit_project_id)
    form = CustomerVoiceForm(
        request.POST or None, initial={"customer_voice": project.customer_voice}
    )
    if request.method == "POST" and form.is_valid():
        services.project_diagnostic_save(
            tenant=request.tenant, actor=request.membership, project=project, **form.cleaned_data
        )
        messages.success(request, _("The voice of the customer is saved."))
        return redirect("challenges:unit_project", tenant_slug, project.point_of_sale_id)
    satisfaction = selectors.satisfaction_kpis(tenant=request.tenant)
    context = {
        "project": project,
        "form": form,
        "voice_kpis": selectors.kpi_figures(
            tenant=request.tenant, project=project, kpis=satisfaction
        ),
    }
    status = 400 if form.errors else 200
    return render(request, "challenges/units/voice.html", context, status=status)


def unit_senses(request: TenantRequest, tenant_slug: str, unit_project_id: int) -> HttpResponse:
    project = editable_project(request, unit_project_id)
    initial = {name: getattr(project, name) for name in SENSES}
    form = SensesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.project_diagnostic_save(
            tenant=request.tenant, actor=request.membership, project=project, **form.cleaned_data
        )
        messages.success(request, _("The sensory walk is saved."))
        return redirect("challenges:unit_project", tenant_slug, project.point_of_sale_id)
    status = 400 if form.errors else 200
    context = {"project": project, "form": form}
    return render(request, "challenges/units/senses.html", context, status=status)


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
    return render(request, "challenges/units/skills.html", context, status=status)
