"""Unit projects on the core pages: a point of sale's progress board and next actions, a
zone's stages with each point of sale's last coaching day, the region's own project's board and
next actions, and the coach's home (coaching days planned and held, their average rating).

The point of sale's, the zone's and the region's panels are cached as rendered HTML
(network_animation/panels.py) under the projects' version (renewed by every write of
challenges/units), the rollups' and KPI definitions' versions (the KPIs moved), the
organisation's (names), the day (what is overdue) and whether the viewer may edit the project
or record a day there.
The coach's home is personal and cheap: not cached."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from kpis.dashboards.panels import request_kpis_version, request_rollups_version
from network_animation.data_versions import ORGANISATION, request_version
from network_animation.models import Membership, PointOfSale, Region, Role, Zone
from network_animation.panels import Panel, register_panel
from network_animation.views.common import TenantRequest

from ..visits.cache import VISITS
from . import rights, selectors
from .cache import UNITS

UNIT_DAYS = 5


def _key(request: TenantRequest, *parts: object) -> str:
    shared = (
        request_version(request, UNITS),
        request_version(request, ORGANISATION),
        timezone.localdate(),
    )
    return ":".join(str(part) for part in (*shared, *parts))


def _rights(request: TenantRequest, point: PointOfSale) -> tuple[bool, bool]:
    tenant, membership = request.tenant, request.membership
    return (
        rights.can_edit_project(tenant=tenant, membership=membership, point=point),
        rights.can_record_coaching_day(tenant=tenant, membership=membership, point=point),
    )


def point_of_sale_panel(request: TenantRequest, point: PointOfSale) -> dict[str, Any]:
    tenant, slug = request.tenant, request.tenant.slug
    board = selectors.progress_board(tenant=tenant, point_of_sale=point, today=timezone.localdate())
    can_edit, can_record = _rights(request, point)
    actions = selectors.next_actions(tenant=tenant, project=board.project) if board.project else []
    return {
        "board": board,
        "next_actions": actions,
        "can_edit": can_edit,
        "today": timezone.localdate(),
        "tenant_slug": slug,
        "point_of_sale": point,
        "project_url": reverse("challenges:unit_project", args=[slug, point.pk]),
        "new_day_url": reverse("challenges:coaching_day_new", args=[slug])
        + f"?point_of_sale={point.pk}"
        if can_record
        else "",
    }


def point_of_sale_key(request: TenantRequest, point: PointOfSale) -> str:
    can_edit, can_record = _rights(request, point)
    return _key(
        request,
        request_rollups_version(request),
        request_kpis_version(request),
        "point_of_sale",
        point.pk,
        can_edit,
        can_record,
    )


def zone_panel(request: TenantRequest, zone: Zone) -> dict[str, Any] | None:
    rows = selectors.zone_stages(tenant=request.tenant, zone=zone, today=timezone.localdate())
    if not rows:
        return None
    return {"rows": rows, "tenant_slug": request.tenant.slug}


def zone_key(request: TenantRequest, zone: Zone) -> str:
    return _key(request, request_version(request, VISITS), "zone", zone.pk)


def region_panel(request: TenantRequest, region: Region) -> dict[str, Any]:
    """The region's own project: its board and next actions (five queries at most)."""
    tenant, slug, today = request.tenant, request.tenant.slug, timezone.localdate()
    board = selectors.region_board(tenant=tenant, region=region, today=today)
    project = board.project
    return {
        "board": board,
        "next_actions": selectors.region_next_actions(tenant=tenant, project=project)
        if project
        else [],
        "can_edit": rights.can_edit_region_project(request.membership, region),
        "today": today,
        "tenant_slug": slug,
        "project_url": reverse("challenges:region_project", args=[slug, region.pk]),
    }


def region_key(request: TenantRequest, region: Region) -> str:
    return _key(
        request,
        request_rollups_version(request),
        request_kpis_version(request),
        "region",
        region.pk,
        rights.can_edit_region_project(request.membership, region),
    )


def coach_home_panel(request: TenantRequest, membership: Membership) -> dict[str, Any] | None:
    """A coach's coaching days and average; head office's way to the coaches' activity."""
    tenant, slug = request.tenant, request.tenant.slug
    if rights.sees_coaches_activity(membership):
        return {"activity_url": reverse("challenges:coaches_activity", args=[slug]), "days": None}
    if membership.role == Role.POS_MANAGER and membership.point_of_sale is not None:
        return _manager_days(request, membership.point_of_sale)
    if not rights.is_coaching_days_coach(membership):
        return None
    return {
        "days": selectors.coach_days(tenant=tenant, coach=membership, today=timezone.localdate()),
        "shown_from": selectors.AVERAGE_SHOWN_FROM,
        "tenant_slug": slug,
        "new_url": reverse("challenges:coaching_day_new", args=[slug]),
        "all_url": reverse("challenges:coaching_days", args=[slug]),
    }


def _manager_days(request: TenantRequest, point: PointOfSale) -> dict[str, Any] | None:
    """A unit manager's coaching days at their point of sale, the ones to rate marked."""
    tenant, today = request.tenant, timezone.localdate()
    days = list(selectors.coaching_days_of_point(tenant=tenant, point_of_sale=point)[:UNIT_DAYS])
    if not days:
        return None
    rated = selectors.rated_day_ids(tenant=tenant, day_ids=[day.pk for day in days])
    return {
        "days": None,
        "unit_days": [(day, day.is_held(today) and day.pk not in rated) for day in days],
        "tenant_slug": tenant.slug,
    }


def register() -> None:
    register_panel(
        "point_of_sale",
        Panel(
            "unit_project",
            "challenges/units/panel_point_of_sale.html",
            point_of_sale_panel,
            order=18,
            cache_key=point_of_sale_key,
        ),
    )
    register_panel(
        "zone",
        Panel(
            "unit_projects",
            "challenges/units/panel_zone.html",
            zone_panel,
            order=22,
            cache_key=zone_key,
        ),
    )
    register_panel(
        "region",
        Panel(
            "region_project",
            "challenges/units/panel_region.html",
            region_panel,
            order=22,
            cache_key=region_key,
        ),
    )
    register_panel(
        "coaching",
        Panel("coaching_days", "challenges/units/panel_coaching.html", coach_home_panel, order=10),
    )
