"""The KPI panels of the core pages: tiles on a point of sale's page, heat maps above it.

Each panel has a cache key (see network_animation/panels.py): the page reads its rendered HTML
from the cache as long as the versions of the rollups (hence the period: the latest month they
hold), of the KPI definitions and of the organisation (the rows' names) are the same. A page seen
before reads those versions, in one round trip, and nothing else.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation import selectors as organisation
from network_animation.data_versions import ORGANISATION, request_version
from network_animation.models import PointOfSale, Region, Tenant, Zone
from network_animation.panels import Panel, register_panel
from network_animation.views.common import TenantRequest

from ..cache import KPI_DEFINITIONS, ROLLUPS
from ..models import KpiDefinition, RollupLevel
from . import selectors


def _once[T](request: HttpRequest, name: str, load: Callable[[], T]) -> T:
    """Read once per request, however many panels and cache keys ask for it."""
    memo: dict[str, Any] = request.__dict__.setdefault("_kpi_dashboard", {})
    if name not in memo:
        memo[name] = load()
    return memo[name]


def request_period_kind(request: HttpRequest) -> str:
    return selectors.period_kind(request.GET.get("period", ""))


def request_period(request: TenantRequest) -> selectors.Period | None:
    """The period the page shows."""
    tenant = request.tenant
    kind = request_period_kind(request)
    return _once(request, "period", lambda: selectors.dashboard_period(tenant=tenant, kind=kind))


def request_rollups_version(request: HttpRequest) -> str:
    """The tenant's rollups version, read once per request however many keys hold it."""
    return request_version(request, ROLLUPS)


def request_kpis_version(request: HttpRequest) -> str:
    """The version of the tenant's KPI definitions (what the panels show of each KPI)."""
    return request_version(request, KPI_DEFINITIONS)


def request_kpis(request: TenantRequest) -> list[KpiDefinition]:
    """The tenant's active KPIs."""
    tenant = request.tenant
    return _once(request, "kpis", lambda: selectors.dashboard_kpis(tenant=tenant))


def _rows(
    tenant: Tenant, level: str, parent: Zone | Region | None
) -> QuerySet[PointOfSale] | QuerySet[Zone] | QuerySet[Region]:
    """In the lists' own order, but only what a row shows (its id and name): no joins, and not
    the lists' counts of zones and points of sale."""
    if isinstance(parent, Zone):
        points = organisation.point_of_sale_list(tenant=tenant, zone=parent).select_related(None)
        return points.only("pk", "name")
    if isinstance(parent, Region) or level == RollupLevel.ZONE:
        zones = Zone.objects.filter(tenant=tenant)
        zones = zones.filter(region=parent) if parent is not None else zones
        return zones.only("pk", "name")
    return Region.objects.filter(tenant=tenant).only("pk", "name")


def heat_map_rows(
    request: TenantRequest, level: str, parent: Zone | Region | None
) -> list[selectors.Scope]:
    """A heat map's rows: a zone's points of sale, a region's zones, or the network's zones or
    regions (`parent` None)."""
    tenant = request.tenant
    name = f"rows:{level}:{parent.pk if parent else ''}"
    return _once(request, name, lambda: list(_rows(tenant, level, parent)))


def figures_key(request: TenantRequest, *parts: object) -> str:
    """The cache key of a KPI fragment of this page: what every one of them shows (the rollups'
    version, which fixes the period, the KPIs' and the organisation's versions), then its own
    `parts`."""
    shared = (
        request_rollups_version(request),
        request_period_kind(request),
        request_kpis_version(request),
        request_version(request, ORGANISATION),
    )
    return ":".join(str(part) for part in (*shared, *parts))


def point_of_sale_panel(request: TenantRequest, point_of_sale: PointOfSale) -> dict[str, Any]:
    tenant = request.tenant
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


def point_of_sale_key(request: TenantRequest, point_of_sale: PointOfSale) -> str:
    # The freshness line says "updated yesterday at 03:12": it changes with the day it is read.
    return figures_key(request, "point_of_sale", point_of_sale.pk, timezone.localdate())


def person_panel(request: TenantRequest, point_of_sale: PointOfSale) -> dict[str, Any] | None:
    """A person's own figures, on their point of sale's page, when they have some."""
    membership = request.membership
    tenant = request.tenant
    if membership.point_of_sale_id != point_of_sale.pk:
        return None
    period = request_period(request)
    if period is None or not selectors.person_has_figures(
        tenant=tenant, membership=membership, period=period
    ):
        return None
    tiles = selectors.scope_tiles(
        tenant=tenant,
        level=RollupLevel.PERSON,
        scope_id=membership.pk,
        period=period,
        kpis=request_kpis(request),
    )
    return {"period": period, "tiles": tiles, "title": _("My own figures"), "prefix": "me-"}


def person_key(request: TenantRequest, point_of_sale: PointOfSale) -> str | None:
    membership = request.membership
    if membership.point_of_sale_id != point_of_sale.pk:
        return None
    return figures_key(request, "person", membership.pk)


def _total(parent: Zone | Region | None) -> selectors.Total:
    """The heat map's first row: what its rows add up to."""
    if isinstance(parent, Zone):
        return selectors.Total(str(parent.name), RollupLevel.ZONE, parent.pk)
    if isinstance(parent, Region):
        return selectors.Total(str(parent.name), RollupLevel.REGION, parent.pk)
    return selectors.Total(str(_("Network")), RollupLevel.NETWORK, 0)


def zone_heat_map(
    request: TenantRequest, zone: Zone, period: selectors.Period | None = None
) -> selectors.HeatMap | None:
    return _heat_map(request, RollupLevel.POINT_OF_SALE, zone, {"zone": zone}, period)


def region_heat_map(
    request: TenantRequest, region: Region, period: selectors.Period | None = None
) -> selectors.HeatMap | None:
    return _heat_map(request, RollupLevel.ZONE, region, {"region": region}, period)


def network_heat_map(
    request: TenantRequest, level: str, period: selectors.Period | None = None
) -> selectors.HeatMap | None:
    level = RollupLevel.ZONE if level == RollupLevel.ZONE else RollupLevel.REGION
    return _heat_map(request, level, None, {}, period)


def _heat_map(
    request: TenantRequest,
    level: str,
    parent: Zone | Region | None,
    within: dict[str, Zone | Region],
    period: selectors.Period | None,
) -> selectors.HeatMap | None:
    period = period or request_period(request)
    if period is None:
        return None
    return selectors.heat_map(
        tenant=request.tenant,
        period=period,
        kpis=request_kpis(request),
        level=level,
        scopes=heat_map_rows(request, level, parent),
        within=within,
        total=_total(parent),
    )


DRILL_DOWN: dict[str, str] = {
    RollupLevel.POINT_OF_SALE: "point_of_sale",
    RollupLevel.ZONE: "zone",
    RollupLevel.REGION: "region",
}


def with_links(
    request: TenantRequest, heat_map: selectors.HeatMap | None
) -> selectors.HeatMap | None:
    """Each row links to its own page (a point of sale, a zone, a region)."""
    if heat_map is not None:
        slug = request.tenant.slug
        page = DRILL_DOWN[heat_map.level]
        for row in heat_map.rows:
            row.url = reverse(page, args=[slug, row.scope.pk])
    return heat_map


def _heat_map_panel(
    request: TenantRequest,
    table_url: str,
    build: Callable[[selectors.Period], selectors.HeatMap | None],
) -> dict[str, Any]:
    """The period is read once; `build(period)` makes the heat map for it."""
    period = request_period(request)
    heat_map = build(period) if period is not None else None
    return {"period": period, "heat_map": with_links(request, heat_map), "table_url": table_url}


def table_url(request: TenantRequest, name: str, *args: object) -> str:
    return reverse(name, args=[request.tenant.slug, *args])


def zone_panel(request: TenantRequest, zone: Zone) -> dict[str, Any]:
    url = table_url(request, "kpis:zone_heat_map", zone.pk)
    return _heat_map_panel(request, url, lambda p: zone_heat_map(request, zone, p))


def zone_key(request: TenantRequest, zone: Zone) -> str:
    return figures_key(request, "zone", zone.pk)


def region_panel(request: TenantRequest, region: Region) -> dict[str, Any]:
    url = table_url(request, "kpis:region_heat_map", region.pk)
    return _heat_map_panel(request, url, lambda p: region_heat_map(request, region, p))


def region_key(request: TenantRequest, region: Region) -> str:
    return figures_key(request, "region", region.pk)


def network_panel(request: TenantRequest, tenant: Tenant) -> dict[str, Any]:
    url = table_url(request, "kpis:network_heat_map") + "?level=region"
    panel = _heat_map_panel(
        request, url, lambda p: network_heat_map(request, RollupLevel.REGION, p)
    )
    if panel["period"] is not None:
        zones = network_heat_map(request, RollupLevel.ZONE, panel["period"])
        panel["comparison"] = {
            "period": panel["period"],
            "heat_map": with_links(request, zones),
            "table_url": table_url(request, "kpis:network_heat_map") + "?level=zone",
        }
    return panel


def network_key(request: TenantRequest, tenant: Tenant) -> str:
    return figures_key(request, "network")


def register() -> None:
    tiles, heat_map = "kpis/dashboards/tiles.html", "kpis/dashboards/heat_map_panel.html"
    register_panel(
        "point_of_sale",
        Panel("kpi_person_tiles", tiles, person_panel, order=5, cache_key=person_key),
    )
    register_panel(
        "point_of_sale",
        Panel("kpi_tiles", tiles, point_of_sale_panel, order=10, cache_key=point_of_sale_key),
    )
    register_panel(
        "zone", Panel("kpi_heat_map", heat_map, zone_panel, order=10, cache_key=zone_key)
    )
    register_panel(
        "region", Panel("kpi_heat_map", heat_map, region_panel, order=10, cache_key=region_key)
    )
    register_panel(
        "network", Panel("kpi_heat_map", heat_map, network_panel, order=10, cache_key=network_key)
    )
