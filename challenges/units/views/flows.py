"""Customer flows: the reference week, a day at a time on a phone, or a whole file at once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_animation.tabular import ImportRejected
from network_animation.views.common import TenantRequest

from ...models import UnitProject
from .. import selectors, services
from ..forms import FlowDayForm, FlowHoursForm, FlowImportForm
from .common import WEEKDAYS, editable_project, flow_week


def _day(request: TenantRequest) -> int:
    value = request.GET.get("day", "0")
    return int(value) if value.isdigit() and int(value) <= 6 else 0


def _day_initial(project: UnitProject, grid: dict, day: int) -> dict[str, int]:
    initial = {}
    for (weekday, hour), slot in grid.items():
        if weekday == day:
            initial[f"traffic_{hour}"] = slot.traffic
            initial[f"needed_{hour}"] = slot.staff_needed
            initial[f"planned_{hour}"] = slot.staff_planned
    return initial


def _page(request: TenantRequest, project: UnitProject, day: int, **forms: object) -> HttpResponse:
    grid = selectors.flow_grid(tenant=request.tenant, project=project)
    context = {
        "project": project,
        "day": day,
        "weekdays": WEEKDAYS,
        "week": flow_week(project, grid),
        "day_form": forms.get("day_form")
        or FlowDayForm(initial=_day_initial(project, grid, day), project=project),
        "hours_form": forms.get("hours_form")
        or FlowHoursForm(initial={"opens_at": project.opens_at, "closes_at": project.closes_at}),
        "import_form": forms.get("import_form") or FlowImportForm(),
        "import_errors": forms.get("import_errors", []),
    }
    bad = any(getattr(f, "errors", None) for f in forms.values()) or context["import_errors"]
    return render(request, "challenges/units/flows.html", context, status=400 if bad else 200)


def unit_flows(request: TenantRequest, tenant_slug: str, unit_project_id: int) -> HttpResponse:
    project = editable_project(request, unit_project_id)
    day = _day(request)
    if request.method != "POST":
        return _page(request, project, day)
    form = FlowDayForm(request.POST, project=project)
    if not form.is_valid():
        return _page(request, project, day, day_form=form)
    services.flow_day_save(
        tenant=request.tenant,
        actor=request.membership,
        project=project,
        weekday=day,
        slots=form.slots(),
    )
    messages.success(request, _("%(day)s is saved.") % {"day": WEEKDAYS[day][1]})
    following = (day + 1) % 7
    return redirect(
        reverse("challenges:unit_flows", args=[tenant_slug, project.pk]) + f"?day={following}"
    )


@require_POST
def unit_flow_hours(request: TenantRequest, tenant_slug: str, unit_project_id: int) -> HttpResponse:
    project = editable_project(request, unit_project_id)
    form = FlowHoursForm(request.POST)
    if form.is_valid():
        try:
            services.flow_hours_save(
                tenant=request.tenant,
                actor=request.membership,
                project=project,
                **form.cleaned_data,
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            return redirect("challenges:unit_flows", tenant_slug, project.pk)
    return _page(request, project, 0, hours_form=form)


@require_POST
def unit_flow_import(
    request: TenantRequest, tenant_slug: str, unit_project_id: int
) -> HttpResponse:
    project = editable_project(request, unit_project_id)
    form = FlowImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, project, 0, import_form=form)
    upload = form.cleaned_data["file"]
    try:
        count = services.flows_import(
            tenant=request.tenant,
            actor=request.membership,
            project=project,
            content=upload.read(),
            filename=upload.name,
        )
    except ImportRejected as rejected:
        return _page(request, project, 0, import_form=form, import_errors=rejected.errors)
    messages.success(
        request, _("The reference week is imported: %(count)s hours.") % {"count": count}
    )
    return redirect("challenges:unit_flows", tenant_slug, project.pk)
