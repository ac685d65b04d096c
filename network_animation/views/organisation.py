"""The organisation pages: network, region, zone and point of sale, each for those in charge."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .. import permissions, selectors
from ..organisation_rows import point_of_sale_of_page, zone_of_page
from ..panels import panels_for
from .common import TenantRequest, require


@require(permissions.can_view_network)
def network(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant = request.tenant
    return render(
        request,
        "network_animation/network.html",
        {"panels": panels_for("network", request, tenant)},
    )


def region(request: TenantRequest, tenant_slug: str, region_id: int) -> HttpResponse:
    region = selectors.region_get(tenant=request.tenant, id=region_id)
    if not permissions.can_view_region(request.membership, region):
        raise PermissionDenied
    return render(
        request,
        "network_animation/region.html",
        {
            "region": region,
            "zones": selectors.zone_list(tenant=request.tenant, region=region),
            "panels": panels_for("region", request, region),
        },
    )


def my_zones(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    zones = list(selectors.zone_list_visible(tenant=request.tenant, membership=request.membership))
    if len(zones) == 1:
        return redirect("zone", tenant_slug, zones[0].pk)
    return render(request, "network_animation/my_zones.html", {"zones": zones})


def zone(request: TenantRequest, tenant_slug: str, zone_id: int) -> HttpResponse:
    zone = zone_of_page(request, zone_id)
    if not permissions.can_view_zone(request.membership, zone):
        raise PermissionDenied
    return render(
        request,
        "network_animation/zone.html",
        {
            "zone": zone,
            "panels": panels_for("zone", request, zone),
        },
    )


def point_of_sale(request: TenantRequest, tenant_slug: str, point_of_sale_id: int) -> HttpResponse:
    point = point_of_sale_of_page(request, point_of_sale_id)
    if not permissions.can_view_point_of_sale(request.membership, point):
        raise PermissionDenied
    return render(
        request,
        "network_animation/point_of_sale.html",
        {
            "point_of_sale": point,
            "panels": panels_for("point_of_sale", request, point),
        },
    )
