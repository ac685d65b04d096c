"""The KPI panels of the core pages: tiles on a point of sale's page, heat maps above it."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from network_animation import selectors as organisation
from network_animation.models import PointOfSale, Region, Tenant, Zone
from network_animation.panels import Panel, register_panel

from ..models import RollupLevel
from . import selectors


def request_period(request: HttpRequest) -> selectors.Period | None:
    """The period the page shows, read once per request whatever the number of panels."""
    if not hasattr(request, "_kpi_period"):
        request._kpi_period = selectors.dashboard_period(  # type: ignore[attr-defined]
            tenant=request.tenant,  # type: ignore[attr-defined]
            kind=request.GET.get("period", "month"),
        )
    return request._kpi_period  # type: ignore[attr-defined]


def request_kpis(request: HttpRequest) -> list:
    """The tenant's active KPIs, read once per request."""
    if not hasattr(request, "_kpi_definitions"):
        request._kpi_definitions = selectors.dashboard_kpis(  # type: ignore[attr-defined]
            tenant=request.tenant  # type: ignore[attr-defined]
        )
    return request._kpi_definitions  # type: ignore[attr-defined]


def point_of_sale_panel(request: HttpRequest, point_of_sale: PointOfSale) -> dict:
    tenant = request.tenant  # type: ignore[attr-defined]
    period = request_period(request)
    if period is None:
        return {"period": None}
    kpis = request_kpis(request)
    return {
        "title": _("Figures of the point of sale"),
        "prefix": "pos-",
        "period": period,
        "point_of_sale": point_of_sale,
        "tiles": selectors.point_of_sale_tiles(
            tenant=tenant, point_of_sale=point_of_sale, period=period, kpis=kpis
        ),
        "freshness": selectors.data_freshness(tenant=tenant, period=period),
    }


def person_panel(request: HttpRequest, point_of_sale: PointOfSale) -> dict | None:
    """A person's own figures, on their point of sale's page, when they have some."""
    membership = request.membership  # type: ignore[attr-defined]
    tenant = request.tenant  # type: ignore[attr-defined]
    if membership.point_of_sale_id != point_of_sale.pk:
        return None
    period = request_period(request)
    if period is None or not selectors.person_has_figures(
        tenant=tenant, membership=membership, period=period
    ):
        return None
    tiles = selectors.scope_tiles(
        tenant=tenant, level=RollupLevel.PERSON, scope_id=membership.pk, period=period,
        kpis=request_kpis(request),
    )  # fmt: skip
    return {"period": period, "tiles": tiles, "title": _("My own figures"), "prefix": "me-"}


def zone_heat_map(request: HttpRequest, zone: Zone, period=None) -> selectors.HeatMap | None:
    tenant = request.tenant  # type: ignore[attr-defined]
    period = period or request_period(request)
    if period is None:
        return None
    scopes = list(organisation.point_of_sale_list(tenant=tenant, zone=zone))
    return selectors.heat_map(
        tenant=tenant, period=period, kpis=request_kpis(request),
        level=RollupLevel.POINT_OF_SALE, scopes=scopes, within={"zone": zone},
    )  # fmt: skip


def region_heat_map(request: HttpRequest, region: Region, period=None) -> selectors.HeatMap | None:
    tenant = request.tenant  # type: ignore[attr-defined]
    period = period or request_period(request)
    if period is None:
        return None
    scopes = list(organisation.zone_list(tenant=tenant, region=region))
    return selectors.heat_map(
        tenant=tenant, period=period, kpis=request_kpis(request),
        level=RollupLevel.ZONE, scopes=scopes, within={"region": region},
    )  # fmt: skip


def network_heat_map(
    request: HttpRequest, tenant: Tenant, level: str, period=None
) -> selectors.HeatMap | None:
    period = period or request_period(request)
    if period is None:
        return None
    if level == RollupLevel.ZONE:
        scopes: list = list(organisation.zone_list(tenant=tenant))
    else:
        level, scopes = RollupLevel.REGION, list(organisation.region_list(tenant=tenant))
    return selectors.heat_map(
        tenant=tenant, period=period, kpis=request_kpis(request),
        level=level, scopes=scopes, within={},
    )  # fmt: skip


DRILL_DOWN: dict[str, str] = {
    RollupLevel.POINT_OF_SALE: "point_of_sale",
    RollupLevel.ZONE: "zone",
    RollupLevel.REGION: "region",
}


def with_links(request: HttpRequest, heat_map: selectors.HeatMap | None):
    """Each row links to its own page (a point of sale, a zone, a region)."""
    if heat_map is not None:
        slug = request.tenant.slug  # type: ignore[attr-defined]
        for row in heat_map.rows:
            row.url = reverse(DRILL_DOWN[heat_map.level], args=[slug, row.scope.pk])
    return heat_map


def _heat_map_panel(request: HttpRequest, table_url: str, build) -> dict:
    """The period is read once; `build(period)` makes the heat map for it."""
    period = request_period(request)
    heat_map = build(period) if period is not None else None
    return {"period": period, "heat_map": with_links(request, heat_map), "table_url": table_url}


def table_url(request: HttpRequest, name: str, *args: object) -> str:
    return reverse(name, args=[request.tenant.slug, *args])  # type: ignore[attr-defined]


def zone_panel(request: HttpRequest, zone: Zone) -> dict:
    url = table_url(request, "kpis:zone_heat_map", zone.pk)
    return _heat_map_panel(request, url, lambda p: zone_heat_map(request, zone, p))


def region_panel(request: HttpRequest, region: Region) -> dict:
    url = table_url(request, "kpis:region_heat_map", region.pk)
    return _heat_map_panel(request, url, lambda p: region_heat_map(request, region, p))


def network_panel(request: HttpRequest, tenant: Tenant) -> dict:
    url = table_url(request, "kpis:network_heat_map") + "?level=region"
    panel = _heat_map_panel(
        request, url, lambda p: network_heat_map(request, tenant, RollupLevel.REGION, p)
    )
    if panel["period"] is not None:
        zones = network_heat_map(request, tenant, RollupLevel.ZONE, panel["period"])
        panel["comparison"] = {
            "period": panel["period"], "heat_map": with_links(request, zones),
            "table_url": table_url(request, "kpis:network_heat_map") + "?level=zone",
        }  # fmt: skip
    return panel


def register() -> None:
    register_panel("point_of_sale", Panel("kpi_person_tiles", "kpis/dashboards/tiles.html",
                                          person_panel, order=5))  # fmt: skip
    register_panel("point_of_sale", Panel("kpi_tiles", "kpis/dashboards/tiles.html",
                                          point_of_sale_panel, order=10))  # fmt: skip
    register_panel("zone", Panel("kpi_heat_map", "kpis/dashboards/heat_map_panel.html",
                                 zone_panel, order=10))  # fmt: skip
    register_panel("region", Panel("kpi_heat_map", "kpis/dashboards/heat_map_panel.html",
                                   region_panel, order=10))  # fmt: skip
    register_panel("network", Panel("kpi_heat_map", "kpis/dashboards/heat_map_panel.html",
                                    network_panel, order=10))  # fmt: skip
