"""Head office sets objectives: a filtered list (downloadable, and importable back), a form to
create or edit one, deletion, and an import from a file."""

from collections.abc import Iterable

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network_animation import permissions
from network_animation.exports import FORMATS, Table, table_response
from network_animation.views.common import TenantRequest, paginate, require

from .. import selectors, uploads
from ..forms import ObjectiveFilterForm, ObjectiveForm
from ..models import Objective
from ..objective_table import objectives_table_from_file
from ..services.objective_import import (
    ObjectivesImportResult,
    objectives_check,
    objectives_import_file,
)
from ..services.objectives import objective_delete, objective_save
from .file_import import FileImport, import_page

manages_kpis = require(permissions.can_manage_kpis)


def scope_code(objective: Objective) -> str:
    if objective.person is not None:
        return objective.person.user.email
    scope = objective.point_of_sale or objective.zone or objective.region
    return scope.code if scope is not None else ""


def objective_table(objectives: Iterable[Objective], title: str) -> Table:
    """The columns the import reads back: a downloaded list can be edited and imported again."""
    headers = [
        _("KPI"),
        _("Scope"),
        _("Code"),
        _("Name"),
        _("Period"),
        _("Start of the period"),
        _("Target"),
    ]
    rows = [
        [
            o.kpi.code,
            o.get_level_display(),
            scope_code(o),
            str(o.scope_object or ""),
            o.get_period_display(),
            o.period_start.strftime("%d/%m/%Y"),
            o.target,
        ]
        for o in objectives
    ]
    return Table(title, headers, rows)


@manages_kpis
def objective_list(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant = request.tenant
    filters = ObjectiveFilterForm(request.GET or None, tenant=tenant)
    objectives: QuerySet[Objective]
    if filters.is_bound and not filters.is_valid():
        objectives = Objective.objects.none()
    else:
        chosen = filters.cleaned_data if filters.is_bound else {}
        objectives = selectors.objective_list(
            tenant=tenant, **{k: v for k, v in chosen.items() if v not in (None, "")}
        )
    export_format = request.GET.get("format", "")
    if export_format in FORMATS:
        table = objective_table(objectives.iterator(), _("Objectives"))
        return table_response(table, export_format, _("Objectives"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": paginate(request, objectives), "query": query}
    return render(
        request, "kpis/objective_list.html", context, status=400 if filters.errors else 200
    )


@manages_kpis
def objective_edit(
    request: TenantRequest, tenant_slug: str, objective_id: int | None = None
) -> HttpResponse:
    tenant = request.tenant
    objective = selectors.objective_get(tenant=tenant, id=objective_id) if objective_id else None
    form = ObjectiveForm(request.POST or None, tenant=tenant, objective=objective)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        objective_save(
            tenant=tenant,
            actor=request.user,
            objective=objective,
            kpi=data["kpi"],
            level=data["level"],
            scope=data["scope"],
            period=data["period"],
            period_start=data["period_start"],
            target=data["target"],
        )
        messages.success(request, _("Saved."))
        return redirect("objective_list", tenant.slug)
    context = {"form": form, "objective": objective}
    return render(request, "kpis/objective_form.html", context, status=400 if form.errors else 200)


@manages_kpis
def objective_delete_view(
    request: TenantRequest, tenant_slug: str, objective_id: int
) -> HttpResponse:
    objective = selectors.objective_get(tenant=request.tenant, id=objective_id)
    if request.method != "POST":
        return render(request, "kpis/objective_delete.html", {"objective": objective})
    objective_delete(tenant=request.tenant, actor=request.user, objective=objective)
    messages.success(request, _("The objective is deleted."))
    return redirect("objective_list", request.tenant.slug)


def _import(request: TenantRequest, kept: uploads.KeptUpload) -> HttpResponse:
    tenant = request.tenant
    result = objectives_import_file(
        tenant=tenant, actor=request.user, content=kept.content, filename=kept.filename
    )
    uploads.upload_forget(
        tenant=tenant, person_id=request.user.pk, token=kept.token, kind=uploads.OBJECTIVES
    )
    messages.success(request, _imported(result))
    return redirect("objective_list", request.tenant.slug)


def _imported(result: ObjectivesImportResult) -> str:
    message = ngettext(
        "%(received)s objective read: %(created)s created, %(updated)s updated, "
        "%(unchanged)s unchanged.",
        "%(received)s objectives read: %(created)s created, %(updated)s updated, "
        "%(unchanged)s unchanged.",
        result.received,
    )
    return message % {
        "received": result.received,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


OBJECTIVES_IMPORT = FileImport(
    kind=uploads.OBJECTIVES,
    template="kpis/objectives_import.html",
    url_name="objective_import",
    read=objectives_table_from_file,
    check=objectives_check,
    run=_import,
)


@manages_kpis
def objective_import(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    return import_page(request, OBJECTIVES_IMPORT)
