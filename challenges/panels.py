"""The challenge and label panels of the core pages: a dealer's standings, rewards and label;
a zone's (region's, network's) challenges, launch button and recognition feed.

Both are cached as rendered HTML (network_animation/panels.py) under a key naming all they
depend on: the versions of the challenges (challenges/cache.py), of the rollups and the KPI
definitions (a label's progress and the gaps come from the rollups), of the organisation (the
names of points of sale and people), of the certifications (the recognition feed's, and a
label's share of people certified), the day, and what differs from one viewer to the next: the
person on a dealer's page (their standing), the rights to launch a
challenge or edit the label grids on the others.
"""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from kpis.dashboards.panels import request_kpis_version, request_rollups_version
from microlearning.cache import CERTIFICATIONS
from network_animation import permissions
from network_animation.data_versions import ORGANISATION, request_version
from network_animation.models import PointOfSale, Region, Tenant, Zone
from network_animation.panels import Panel, register_panel
from network_animation.views.common import TenantRequest

from . import scoring, selectors
from .cache import CHALLENGES
from .models import Status
from .recognition import recognitions
from .services.labels import label_years

SCOPE_CHALLENGES = 8


def _url(request: TenantRequest, name: str, *args: object) -> str:
    return reverse(name, args=[request.tenant.slug, *args])


def point_of_sale_panel(request: TenantRequest, point: PointOfSale) -> dict[str, Any]:
    tenant, membership = request.tenant, request.membership
    year, _ = label_years()
    history = list(selectors.label_awards_of(tenant=tenant, point_of_sale=point)[:5])
    preview = selectors.label_preview(tenant=tenant, point_of_sale=point, year=year)
    return {
        "point_of_sale": point,
        "boards": selectors.boards_for_point_of_sale(
            tenant=tenant, point_of_sale=point, person=membership
        ),
        "points": selectors.points_total(tenant=tenant, point_of_sale=point),
        "rewards": list(selectors.rewards_of_point_of_sale(tenant=tenant, point_of_sale=point)[:5]),
        "label": history[0] if history else None,
        "preview": preview,
        "missing": _missing_for_next(tenant, preview),
        "year": year,
        "rewards_url": _url(request, "challenges:point_of_sale_rewards", point.pk),
        "labels_url": _url(request, "challenges:point_of_sale_labels", point.pk),
        "tenant_slug": tenant.slug,
    }


def _missing_for_next(tenant: Tenant, preview: scoring.LabelResult | None) -> list[dict[str, Any]]:
    """What the point of sale lacks for the next label level, as the page lists it."""
    if not preview:
        return []
    missing = [e.as_dict() for e in preview.missing_for_next]
    return selectors.evidence_rows(tenant=tenant, evidence=missing)


def _key(request: TenantRequest, *parts: object) -> str:
    shared = (
        request_version(request, CHALLENGES),
        request_rollups_version(request),
        request_kpis_version(request),
        request_version(request, ORGANISATION),
        # The recognition feed's certifications, and a label criterion's share certified.
        request_version(request, CERTIFICATIONS),
        timezone.localdate(),
    )
    return ":".join(str(part) for part in (*shared, *parts))


def point_of_sale_key(request: TenantRequest, point: PointOfSale) -> str:
    return _key(request, "point_of_sale", point.pk, request.membership.pk)


def scope_key(request: TenantRequest, scope: Zone | Region | None) -> str:
    """A zone's, a region's or (None) the network's panel."""
    membership = request.membership
    return _key(
        request,
        type(scope).__name__,
        scope.pk if scope else "",
        permissions.can_launch_challenge(membership, scope),
        scope is None and permissions.can_edit_label_grids(membership),
    )


def network_key(request: TenantRequest, tenant: Tenant) -> str:
    return scope_key(request, None)


def _scope_panel(
    request: TenantRequest, zone: Zone | None, region: Region | None
) -> dict[str, Any]:
    tenant, membership = request.tenant, request.membership
    can_launch = permissions.can_launch_challenge(membership, zone or region)
    challenges = selectors.challenge_list_for_scope(tenant=tenant, zone=zone, region=region)
    if not can_launch:
        challenges = challenges.exclude(status=Status.DRAFT)
    shown = list(challenges.order_by("status", "-end_date")[:SCOPE_CHALLENGES])
    kpis = selectors.challenge_kpis(tenant=tenant, challenges=shown)
    excerpts = selectors.standings_excerpts(tenant=tenant, challenges=shown)
    is_network = zone is None and region is None
    return {
        "boards": [selectors.board(c, kpis[c.pk], excerpts[c.pk]) for c in shown],
        "can_launch": can_launch,
        "feed": recognitions(tenant=tenant, on=timezone.localdate(), zone=zone, region=region),
        "can_edit_labels": is_network and permissions.can_edit_label_grids(membership),
        "tenant_slug": tenant.slug,
    }


def zone_panel(request: TenantRequest, zone: Zone) -> dict[str, Any]:
    panel = _scope_panel(request, zone, None)
    panel["launch_url"] = _url(request, "challenges:launch_zone", zone.pk)
    panel["feed_url"] = _url(request, "challenges:zone_recognition", zone.pk)
    panel["list_url"] = _url(request, "challenges:zone_challenges", zone.pk)
    return panel


def region_panel(request: TenantRequest, region: Region) -> dict[str, Any]:
    panel = _scope_panel(request, None, region)
    panel["launch_url"] = _url(request, "challenges:launch_region", region.pk)
    return panel


def network_panel(request: TenantRequest, tenant: Tenant) -> dict[str, Any]:
    panel = _scope_panel(request, None, None)
    panel["launch_url"] = _url(request, "challenges:launch_network")
    panel["labels_url"] = _url(request, "challenges:label_grids")
    return panel


def register() -> None:
    register_panel(
        "point_of_sale",
        Panel(
            "challenges",
            "challenges/panel_point_of_sale.html",
            point_of_sale_panel,
            order=20,
            cache_key=point_of_sale_key,
        ),
    )
    for page, build, key in (
        ("zone", zone_panel, scope_key),
        ("region", region_panel, scope_key),
        ("network", network_panel, network_key),
    ):
        register_panel(
            page, Panel("challenges", "challenges/panel_scope.html", build, order=20, cache_key=key)
        )
