"""The challenge and label panels of the core pages: a dealer's standings, rewards and label;
a zone's (region's, network's) challenges, launch button and recognition feed.

Both are cached as rendered HTML (network_animation/panels.py) under a key naming all they
depend on: the versions of the challenges (challenges/cache.py), of the rollups and the KPI
definitions (a label's progress and the gaps come from the rollups), of the organisation (the
names of points of sale and people), the day, and what differs from one viewer to the next: the
person on a dealer's page (their standing, their notifications), the rights to launch a
challenge or edit the label grids on the others.
"""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from kpis.dashboards.panels import request_kpis_version, request_rollups_version
from network_animation import permissions
from network_animation.data_versions import ORGANISATION, request_version
from network_animation.models import PointOfSale, Region, Tenant, Zone
from network_animation.panels import Panel, register_panel

from . import selectors
from .cache import CHALLENGES
from .models import Status
from .services.labels import label_years

SCOPE_CHALLENGES = 8


def _url(request: HttpRequest, name: str, *args: object) -> str:
    return reverse(name, args=[request.tenant.slug, *args])  # type: ignore[attr-defined]


def point_of_sale_panel(request: HttpRequest, point: PointOfSale) -> dict:
    tenant, membership = request.tenant, request.membership  # type: ignore[attr-defined]
    year, _ = label_years()
    history = list(selectors.label_awards_of(tenant=tenant, point_of_sale=point)[:5])
    preview = selectors.label_preview(tenant=tenant, point_of_sale=point, year=year)
    mine = membership.point_of_sale_id == point.pk
    return {
        "point_of_sale": point,
        "boards": selectors.boards_for_point_of_sale(
            tenant=tenant, point_of_sale=point, person=membership
        ),
        "points": selectors.points_total(tenant=tenant, point_of_sale=point),
        "rewards": list(selectors.rewards_of_point_of_sale(tenant=tenant, point_of_sale=point)[:5]),
        "label": history[0] if history else None,
        "preview": preview,
        "missing": selectors.evidence_rows(
            tenant=tenant, evidence=[e.as_dict() for e in preview.missing_for_next]
        ) if preview else [],
        "year": year,
        "notifications": list(
            selectors.notifications_for(tenant=tenant, membership=membership)[:5]
        ) if mine else [],
        "rewards_url": _url(request, "challenges:point_of_sale_rewards", point.pk),
        "labels_url": _url(request, "challenges:point_of_sale_labels", point.pk),
        "tenant_slug": tenant.slug,
    }  # fmt: skip


def _key(request: HttpRequest, *parts: object) -> str:
    shared = (request_version(request, CHALLENGES), request_rollups_version(request),
              request_kpis_version(request), request_version(request, ORGANISATION),
              timezone.localdate())  # fmt: skip
    return ":".join(str(part) for part in (*shared, *parts))


def point_of_sale_key(request: HttpRequest, point: PointOfSale) -> str:
    return _key(request, "point_of_sale", point.pk, request.membership.pk)  # type: ignore[attr-defined]


def scope_key(request: HttpRequest, scope: Zone | Region | None) -> str:
    """A zone's, a region's or (None) the network's panel."""
    membership = request.membership  # type: ignore[attr-defined]
    return _key(
        request, type(scope).__name__, scope.pk if scope else "",
        permissions.can_launch_challenge(membership, scope),
        scope is None and permissions.can_edit_label_grids(membership),
    )  # fmt: skip


def network_key(request: HttpRequest, tenant: Tenant) -> str:
    return scope_key(request, None)


def _scope_panel(request: HttpRequest, zone: Zone | None, region: Region | None) -> dict:
    tenant, membership = request.tenant, request.membership  # type: ignore[attr-defined]
    can_launch = permissions.can_launch_challenge(membership, zone or region)
    challenges = selectors.challenge_list_for_scope(tenant=tenant, zone=zone, region=region)
    if not can_launch:
        challenges = challenges.exclude(status=Status.DRAFT)
    shown = list(challenges.order_by("status", "-end_date")[:SCOPE_CHALLENGES])
    kpis = selectors.challenge_kpis(tenant=tenant, challenges=shown)
    excerpts = selectors.standings_excerpts(tenant=tenant, challenges=shown)
    feed = selectors.recognition_feed(tenant=tenant, zone=zone, region=region)
    return {
        "boards": [selectors.board(c, kpis[c.pk], excerpts[c.pk]) for c in shown],
        "can_launch": can_launch, "feed": list(feed),
        "can_edit_labels": zone is None and region is None
        and permissions.can_edit_label_grids(membership),
        "tenant_slug": tenant.slug,
    }  # fmt: skip


def zone_panel(request: HttpRequest, zone: Zone) -> dict:
    panel = _scope_panel(request, zone, None)
    panel["launch_url"] = _url(request, "challenges:launch_zone", zone.pk)
    panel["feed_url"] = _url(request, "challenges:zone_recognition", zone.pk)
    return panel


def region_panel(request: HttpRequest, region: Region) -> dict:
    panel = _scope_panel(request, None, region)
    panel["launch_url"] = _url(request, "challenges:launch_region", region.pk)
    return panel


def network_panel(request: HttpRequest, tenant: Tenant) -> dict:
    panel = _scope_panel(request, None, None)
    panel["launch_url"] = _url(request, "challenges:launch_network")
    panel["labels_url"] = _url(request, "challenges:label_grids")
    return panel


def register() -> None:
    register_panel("point_of_sale", Panel("challenges", "challenges/panel_point_of_sale.html",
                                          point_of_sale_panel, order=20,
                                          cache_key=point_of_sale_key))  # fmt: skip
    for page, build, key in (("zone", zone_panel, scope_key), ("region", region_panel, scope_key),
                             ("network", network_panel, network_key)):  # fmt: skip
        register_panel(page, Panel("challenges", "challenges/panel_scope.html", build, order=20,
                                   cache_key=key))  # fmt: skip
