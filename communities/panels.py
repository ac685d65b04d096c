"""The communities' panels of the core pages: on a dealer's page, the best practices for the KPIs
it is off target on and the person's unread announcements; on a zone's, the questions nobody
has settled for two days, the read rate of the latest announcements there, and the ideas and
problems it sent that wait for the viewer.

The communities' panels are cached as rendered HTML (network_animation/panels.py) per viewer
(what one may see depends on one's communities) under the communities', rollups' and
organisation's versions and the day. The zone page's announcements (read rates) and feedback are
cached too, their key also naming the minute: a read moves a rate without renewing any version,
so a rate is at most a minute old. The dealer's unread announcements are cached under the
reader's own version too, which opening an announcement renews: the panel forgets it at once.
"""

import time
from typing import Any

from django.urls import reverse
from django.utils import timezone

from kpis.dashboards.panels import request_period, request_period_kind, request_rollups_version
from kpis.selectors import off_target_kpi_ids
from network_animation.data_versions import ORGANISATION, request_object_version, request_version
from network_animation.models import PointOfSale, Zone
from network_animation.panels import Panel, register_panel
from network_animation.views.common import TenantRequest

from . import selectors
from .cache import COMMUNITIES, READER

UNREAD_SHOWN = 5


def _key(request: TenantRequest, *parts: object) -> str:
    shared = (
        request_version(request, COMMUNITIES),
        request_version(request, ORGANISATION),
        timezone.localdate(),
        request.membership.pk,
    )
    return ":".join(str(part) for part in (*shared, *parts))


def point_of_sale_panel(request: TenantRequest, point: PointOfSale) -> dict[str, Any] | None:
    period = request_period(request)
    if period is None:
        return None
    tenant = request.tenant
    off_target = off_target_kpi_ids(
        tenant=tenant, point_of_sale=point, period=period.kind, period_start=period.start
    )
    practices = selectors.best_practices_for_kpis(
        tenant=tenant, membership=request.membership, kpi_ids=off_target, limit=3
    )
    if not practices:
        return None
    return {
        "practices": practices,
        "tenant_slug": tenant.slug,
        "all_url": reverse("communities:best_practices", args=[tenant.slug]),
    }


def point_of_sale_key(request: TenantRequest, point: PointOfSale) -> str:
    # The rollups' version fixes the latest period: no need to look it up to name the fragment.
    return _key(request, request_rollups_version(request), request_period_kind(request), point.pk)


def zone_panel(request: TenantRequest, zone: Zone) -> dict[str, Any] | None:
    questions = selectors.questions_unanswered(
        tenant=request.tenant, membership=request.membership, zone=zone
    )
    if not questions:
        return None
    return {"questions": questions, "tenant_slug": request.tenant.slug}


def zone_key(request: TenantRequest, zone: Zone) -> str:
    return _key(request, zone.pk)


def announcements_panel(request: TenantRequest, point: PointOfSale) -> dict[str, Any] | None:
    """The viewer's own unread announcements, on their own point of sale's page."""
    membership = request.membership
    if membership.point_of_sale_id != point.pk:
        return None
    unread = list(
        selectors.announcements_unread(tenant=request.tenant, membership=membership)[:UNREAD_SHOWN]
    )
    if not unread:
        return None
    return {"unread": unread, "tenant_slug": request.tenant.slug}


def announcements_key(request: TenantRequest, point: PointOfSale) -> str:
    reader = request_object_version(request, READER, request.membership.pk)
    return _key(request, reader, point.pk)


def zone_announcements_panel(request: TenantRequest, zone: Zone) -> dict[str, Any] | None:
    latest = selectors.announcements_of_zone(
        tenant=request.tenant, membership=request.membership, zone=zone
    )
    if not latest:
        return None
    return {"latest": latest, "zone": zone, "tenant_slug": request.tenant.slug}


def zone_feedback_panel(request: TenantRequest, zone: Zone) -> dict[str, Any] | None:
    waiting = selectors.feedback_open_of_zone(
        tenant=request.tenant, membership=request.membership, zone=zone
    )
    if not waiting:
        return None
    return {"waiting": waiting, "tenant_slug": request.tenant.slug}


def zone_minute_key(request: TenantRequest, zone: Zone) -> str:
    return _key(request, zone.pk, int(time.time() // 60))


def register() -> None:
    register_panel(
        "point_of_sale",
        Panel(
            "announcements",
            "communities/panel_announcements.html",
            announcements_panel,
            order=5,
            cache_key=announcements_key,
        ),
    )
    register_panel(
        "zone",
        Panel(
            "announcement_read_rates",
            "communities/panel_read_rates.html",
            zone_announcements_panel,
            order=26,
            cache_key=zone_minute_key,
        ),
    )
    register_panel(
        "zone",
        Panel(
            "open_feedback",
            "communities/panel_feedback.html",
            zone_feedback_panel,
            order=27,
            cache_key=zone_key,
        ),
    )
    register_panel(
        "point_of_sale",
        Panel(
            "best_practices",
            "communities/panel_best_practices.html",
            point_of_sale_panel,
            order=15,
            cache_key=point_of_sale_key,
        ),
    )
    register_panel(
        "zone",
        Panel(
            "unanswered_questions",
            "communities/panel_questions.html",
            zone_panel,
            order=25,
            cache_key=zone_key,
        ),
    )
