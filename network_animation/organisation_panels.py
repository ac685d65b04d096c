"""The organisation's own panels of the core pages, below the other apps' panels: a point of
sale's details and team, a zone's animators and points of sale, the network's regions and zones
and what is left to complete.

Cached as rendered HTML like the other panels (panels.py), under the organisation's version
(data_versions.py): a page seen before reads none of these rows.
"""

from typing import Any

from . import permissions, selectors
from .data_versions import ORGANISATION, request_version
from .health import organisation_health
from .models import PointOfSale, Tenant, Zone
from .panels import Panel, PanelCacheKey, PanelContext, register_panel
from .request import TenantRequest

ORDER = 1000  # after every other panel


def point_of_sale_panel(request: TenantRequest, point: PointOfSale) -> dict[str, Any]:
    tenant = request.tenant
    staff = selectors.membership_list(tenant=tenant, point_of_sale=point).filter(is_active=True)
    return {
        "point_of_sale": point,
        "staff": list(staff),
        "animators": list(selectors.animators_of_zone(tenant=tenant, zone=point.zone)),
    }


def point_of_sale_key(request: TenantRequest, point: PointOfSale) -> str:
    return f"{request_version(request, ORGANISATION)}:{point.pk}"


def zone_panel(request: TenantRequest, zone: Zone) -> dict[str, Any]:
    tenant = request.tenant
    return {
        "tenant_slug": tenant.slug,
        "animators": list(selectors.animators_of_zone(tenant=tenant, zone=zone)),
        # The table shows each point of sale's own fields: no join to its zone and region.
        "points_of_sale": list(
            selectors.point_of_sale_list(tenant=tenant, zone=zone).select_related(None)
        ),
    }


def zone_key(request: TenantRequest, zone: Zone) -> str:
    return f"{request_version(request, ORGANISATION)}:{zone.pk}"


def _can_manage(request: TenantRequest) -> bool:
    return permissions.can_manage_organisation(request.membership)


def network_panel(request: TenantRequest, tenant: Tenant) -> dict[str, Any]:
    can_manage = _can_manage(request)
    return {
        "tenant_slug": tenant.slug,
        "regions": selectors.network_summary(tenant=tenant),
        # What is left to complete, for those who can complete it.
        "health": organisation_health(tenant=tenant) if can_manage else None,
        "can_manage_organisation": can_manage,
    }


def network_key(request: TenantRequest, tenant: Tenant) -> str:
    return f"{request_version(request, ORGANISATION)}:{_can_manage(request)}"


def register() -> None:
    pages: dict[str, tuple[PanelContext, PanelCacheKey]] = {
        "point_of_sale": (point_of_sale_panel, point_of_sale_key),
        "zone": (zone_panel, zone_key),
        "network": (network_panel, network_key),
    }
    for page, (context, cache_key) in pages.items():
        template = f"network_animation/panels/{page}.html"
        register_panel(page, Panel("organisation", template, context, ORDER, cache_key))
