"""The organisation's own panels of the core pages, below the other apps' panels: a point of
sale's details and team, a zone's animators and points of sale, the network's regions and zones
and what is left to complete.

Cached as rendered HTML like the other panels (panels.py), under the organisation's version
(data_versions.py): a page seen before reads none of these rows.
"""

from django.http import HttpRequest

from . import permissions, selectors
from .data_versions import ORGANISATION, request_version
from .health import organisation_health
from .models import PointOfSale, Tenant, Zone
from .panels import Panel, register_panel

ORDER = 1000  # after every other panel


def point_of_sale_panel(request: HttpRequest, point: PointOfSale) -> dict:
    tenant = request.tenant  # type: ignore[attr-defined]
    staff = selectors.membership_list(tenant=tenant, point_of_sale=point).filter(is_active=True)
    return {
        "point_of_sale": point,
        "staff": list(staff),
        "animators": list(selectors.animators_of_zone(tenant=tenant, zone=point.zone)),
    }


def point_of_sale_key(request: HttpRequest, point: PointOfSale) -> str:
    return f"{request_version(request, ORGANISATION)}:{point.pk}"


def zone_panel(request: HttpRequest, zone: Zone) -> dict:
    tenant = request.tenant  # type: ignore[attr-defined]
    return {
        "tenant_slug": tenant.slug,
        "animators": list(selectors.animators_of_zone(tenant=tenant, zone=zone)),
        # The table shows each point of sale's own fields: no join to its zone and region.
        "points_of_sale": list(
            selectors.point_of_sale_list(tenant=tenant, zone=zone).select_related(None)
        ),
    }


def zone_key(request: HttpRequest, zone: Zone) -> str:
    return f"{request_version(request, ORGANISATION)}:{zone.pk}"


def _can_manage(request: HttpRequest) -> bool:
    return permissions.can_manage_organisation(request.membership)  # type: ignore[attr-defined]


def network_panel(request: HttpRequest, tenant: Tenant) -> dict:
    can_manage = _can_manage(request)
    return {
        "tenant_slug": tenant.slug,
        "regions": selectors.network_summary(tenant=tenant),
        # What is left to complete, for those who can complete it.
        "health": organisation_health(tenant=tenant) if can_manage else None,
        "can_manage_organisation": can_manage,
    }


def network_key(request: HttpRequest, tenant: Tenant) -> str:
    return f"{request_version(request, ORGANISATION)}:{_can_manage(request)}"


def register() -> None:
    folder = "network_animation/panels"
    register_panel("point_of_sale", Panel("organisation", f"{folder}/point_of_sale.html",
                                          point_of_sale_panel, ORDER,
                                          point_of_sale_key))  # fmt: skip
    register_panel("zone", Panel("organisation", f"{folder}/zone.html", zone_panel, ORDER,
                                 zone_key))  # fmt: skip
    register_panel("network", Panel("organisation", f"{folder}/network.html", network_panel,
                                    ORDER, network_key))  # fmt: skip
