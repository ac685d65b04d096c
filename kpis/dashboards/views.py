"""Heat-map fragments (sorted, or for another period, without a page reload) and their exports."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from network_animation import permissions
from network_animation import selectors as organisation
from network_animation.exports import Table, table_response
from network_animation.fragments import fragment_get, fragment_set
from network_animation.views.common import TenantRequest, require

from ..models import RollupLevel
from . import panels
from .selectors import HeatMap

TEMPLATE = "kpis/dashboards/heat_map_panel.html#table"
TABLE_FRAGMENT = "kpi_heat_map_table"


def _respond(
    request: TenantRequest,
    build: Callable[[], HeatMap | None],
    name: str,
    page: str,
    page_args: list[int],
    table_url: str,
) -> HttpResponse:
    """The heat map sorted as asked: a download, or the table's HTML (from the cache when this
    sort of these figures was rendered before)."""
    sort = request.GET.get("sort", "")
    sort_id = int(sort) if sort.isdigit() else None
    descending = request.GET.get("dir", "desc") != "asc"
    export_format = request.GET.get("format", "")
    key = panels.figures_key(request, table_url, sort_id, descending)
    cached = fragment_get(request, TABLE_FRAGMENT, key) if not export_format else None
    if cached is not None:
        return HttpResponse(cached)
    heat_map = build()
    if heat_map is None:
        return redirect(page, request.tenant.slug, *page_args)
    heat_map = heat_map.sorted_by(sort_id, descending)
    if export_format in ("csv", "xlsx"):
        return table_response(heat_map_table(heat_map, name), export_format, name)
    html = _table_html(request, heat_map, table_url, sort_id, descending)
    return HttpResponse(fragment_set(request, TABLE_FRAGMENT, key, html))


def _table_html(
    request: TenantRequest,
    heat_map: HeatMap,
    table_url: str,
    sort_id: int | None,
    descending: bool,
) -> str:
    panel = {
        "heat_map": panels.with_links(request, heat_map),
        "period": panels.request_period(request),
        "table_url": table_url,
        "sort": str(sort_id) if sort_id is not None else "",
        "descending": descending,
    }
    return render_to_string(TEMPLATE, {"panel": panel})


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
    return _respond(
        request, lambda: panels.zone_heat_map(request, zone), zone.name, "zone", [zone.pk], url
    )


def region_heat_map(request: TenantRequest, tenant_slug: str, region_id: int) -> HttpResponse:
    region = organisation.region_get(tenant=request.tenant, id=region_id)
    if not permissions.can_view_region(request.membership, region):
        raise PermissionDenied
    url = panels.table_url(request, "kpis:region_heat_map", region.pk)
    return _respond(
        request,
        lambda: panels.region_heat_map(request, region),
        region.name,
        "region",
        [region.pk],
        url,
    )


@require(permissions.can_view_network)
def network_heat_map(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    level = RollupLevel.ZONE if request.GET.get("level") == "zone" else RollupLevel.REGION
    url = panels.table_url(request, "kpis:network_heat_map") + f"?level={level}"
    return _respond(
        request,
        lambda: panels.network_heat_map(request, level),
        f"{request.tenant.name} {level}",
        "network",
        [],
        url,
    )
