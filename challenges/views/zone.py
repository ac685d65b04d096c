"""A zone's challenges, as its animator follows them: running, scheduled, past, with results."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from network_animation import permissions
from network_animation import selectors as organisation
from network_animation.views.common import TenantRequest

from .. import selectors


def zone_challenges(request: TenantRequest, tenant_slug: str, zone_id: int) -> HttpResponse:
    zone = organisation.zone_get(tenant=request.tenant, id=zone_id)
    if not permissions.can_view_challenge(request.membership, zone=zone, region=None):
        raise PermissionDenied
    can_launch = permissions.can_launch_challenge(request.membership, zone)
    listing = selectors.zone_challenges(
        tenant=request.tenant, zone=zone, with_drafts=can_launch, page=request.GET.get("page")
    )
    context = {"zone": zone, "listing": listing, "page": listing.past_page}
    return render(request, "challenges/zone_challenges.html", context)
