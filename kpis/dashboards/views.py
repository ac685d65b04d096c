"""Heat-map fragments (sorted, or for another period, without a page reload) and their exports."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from network_animation import permissions
from network_animation import selectors as organisation
from network_animation.exports import Table, table_response
from network_animation.views.common import TenantRequest, require

from ..models import RollupLevel
from . import panels
from .selectors import HeatMap

TEMPLATE = "kpis/dashboards/heat_map_panel.html#table"


def _respond(request: TenantRequest, heat_map: HeatMap | None, name: str, page: str,
             page_args: list, table_url: str) -> HttpResponse:  # fmt: skip
    if heat_map is None:
        return redirect(page, request.tenant.slug, *page_args)
    sort = request.GET.get("sort", "")
    descending = request.GET.get("dir", "desc") != "asc"
    heat_map = heat_map.sorted_by(int(sort) if sort.isdigit() else None, descending)
    export_format = request.GET.get("format", "")
    if export_format in ("csv", "xlsx"):
        return table_response(heat_map_table(heat_map, name), export_format, name)
    return render(request, TEMPLATE, {"panel": {
        "heat_map": panels.with_links(request, heat_map), "period": panels.request_period(request),
        "table_url": table_url, "sort": sort, "descending": descending,
    }})  # fmt: skip


def heat_map_table(heat_map: HeatMap, title: str) -> Table:
    headers = [_("Name")]
    for kpi in heat_map.kpis:
        headers += [kpi.name, _("Target"), _("Achievement")]
    rows = []
    for row in heat_map.rows:
        cells: list[object] = [row.label]
        for cell in row.cells:
            cells += [cell.value, cell.target, cell.achievement_rate] if cell else [None] * 3
        rows.append(cells)
    return Table(title, headers, rows)


def zone_heat_map(request: TenantRequest, tenant_slug: str, zone_id: int) -> HttpResponse:
    zone = organisation.zone_get(tenant=request.tenant, id=zone_id)
    if not permissions.can_view_zone(request.membership, zone):
        raise PermissionDenied
    url = panels.table_url(request, "kpis:zone_heat_map", zone.pk)
    return _respond(request, panels.zone_heat_map(request, zone), zone.name, "zone", [zone.pk],
                    url)  # fmt: skip


def region_heat_map(request: TenantRequest, tenant_slug: str, region_id: int) -> HttpResponse:
    region = organisation.region_get(tenant=request.tenant, id=region_id)
    if not permissions.can_view_region(request.membership, region):
        raise PermissionDenied
    url = panels.table_url(request, "kpis:region_heat_map", region.pk)
    return _respond(request, panels.region_heat_map(request, region), region.name, "region",
                    [region.pk], url)  # fmt: skip


@require(permissions.can_view_network)
def network_heat_map(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    level = RollupLevel.ZONE if request.GET.get("level") == "zone" else RollupLevel.REGION
    heat_map = panels.network_heat_map(request, request.tenant, level)
    url = panels.table_url(request, "kpis:network_heat_map") + f"?level={level}"
    return _respond(request, heat_map, f"{request.tenant.name} {level}", "network", [], url)
