"""Head office defines the network's KPIs: a list (downloadable), a form to create or edit one."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from network_animation import permissions
from network_animation.exports import FORMATS, Table, table_response
from network_animation.views.common import TenantRequest, require

from .. import selectors
from ..forms import KpiDefinitionForm
from ..models import KpiDefinition
from ..services.definitions import kpi_definition_save

manages_kpis = require(permissions.can_manage_kpis)


def kpi_table(kpis: list[KpiDefinition], title: str) -> Table:
    return Table(title, _kpi_headers(), [_kpi_row(kpi) for kpi in kpis])


def _kpi_headers() -> list[str]:
    return [
        _("Code"),
        _("Name (French)"),
        _("Name (English)"),
        _("Unit"),
        _("Aggregation"),
        _("Numerator"),
        _("Denominator"),
        _("Multiplier"),
        _("Direction"),
        _("Decimals"),
        _("Position"),
        _("Active"),
    ]


def _kpi_row(kpi: KpiDefinition) -> list[object]:
    return [
        kpi.code,
        kpi.name_fr,
        kpi.name_en,
        kpi.unit,
        kpi.get_aggregation_display(),
        kpi.numerator.code if kpi.numerator else "",
        kpi.denominator.code if kpi.denominator else "",
        kpi.multiplier,
        kpi.get_direction_display(),
        kpi.decimals,
        kpi.position,
        _("yes") if kpi.is_active else _("no"),
    ]


@manages_kpis
def kpi_list(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    kpis = list(selectors.kpi_list(tenant=request.tenant).order_by("position", "code"))
    export_format = request.GET.get("format", "")
    if export_format in FORMATS:
        return table_response(kpi_table(kpis, _("KPIs")), export_format, _("KPIs"))
    return render(request, "kpis/kpi_list.html", {"kpis": kpis})


@manages_kpis
def kpi_edit(request: TenantRequest, tenant_slug: str, kpi_id: int | None = None) -> HttpResponse:
    tenant = request.tenant
    kpi = selectors.kpi_get(tenant=tenant, id=kpi_id) if kpi_id else None
    form = KpiDefinitionForm(request.POST or None, tenant=tenant, kpi=kpi)
    if request.method == "POST" and form.is_valid():
        kpi_definition_save(tenant=tenant, actor=request.user, kpi=kpi, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("kpi_list", tenant.slug)
    return render(
        request,
        "kpis/kpi_form.html",
        {"form": form, "kpi": kpi},
        status=400 if form.errors else 200,
    )
