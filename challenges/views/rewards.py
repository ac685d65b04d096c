"""Rewards: a point of sale's history, a zone's recognition feed (its rewards, and the
certifications its people hold, learning's)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from microlearning.selectors.plans import recently_certified
from network_animation import permissions
from network_animation import selectors as organisation
from network_animation.exports import table_response
from network_animation.views.common import TenantRequest

from .. import exports, selectors


def point_of_sale_rewards(
    request: TenantRequest, tenant_slug: str, point_of_sale_id: int
) -> HttpResponse:
    point = organisation.point_of_sale_get(tenant=request.tenant, id=point_of_sale_id)
    if not permissions.can_view_point_of_sale(request.membership, point):
        raise PermissionDenied
    rewards = list(selectors.rewards_of_point_of_sale(tenant=request.tenant, point_of_sale=point))
    if request.GET.get("format"):
        table = exports.rewards_table(point.name, rewards)
        return table_response(table, request.GET["format"], f"{point.code}-rewards")
    return render(
        request,
        "challenges/rewards.html",
        {
            "point_of_sale": point,
            "rewards": rewards,
            "title": point.name,
            "points": sum(r.points for r in rewards),
            "back": ("point_of_sale", point.pk),
        },
    )


def zone_recognition(request: TenantRequest, tenant_slug: str, zone_id: int) -> HttpResponse:
    zone = organisation.zone_get(tenant=request.tenant, id=zone_id)
    if not permissions.can_view_challenge(request.membership, zone=zone, region=None):
        raise PermissionDenied
    rewards = list(selectors.recognition_feed(tenant=request.tenant, zone=zone, limit=0))
    certified = recently_certified(
        tenant=request.tenant, on=timezone.localdate(), zone=zone, limit=0
    )
    if request.GET.get("format"):
        table = exports.rewards_table(zone.name, rewards)
        return table_response(table, request.GET["format"], f"{zone.code}-recognition")
    return render(
        request,
        "challenges/rewards.html",
        {
            "zone": zone,
            "rewards": rewards,
            "title": zone.name,
            "feed": True,
            "certified": certified,
            "points": sum(r.points for r in rewards),
        },
    )
