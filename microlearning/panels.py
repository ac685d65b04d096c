"""Learning's panels of the core pages: on a dealer's own page, their next five minutes (the
module to resume, else today's review, else the next module assigned); and their plan and
certifications; on a zone's, the training status of its people (assigned, started, done, late)
by point of sale. Who was certified lately shows in the zone's recognition feed (challenges'
panel, from `selectors.plans.recently_certified`).

Both are cached as rendered HTML (network_animation/panels.py): the dealer's under learning's
version, their own (renewed by their steps, review answers and enrolments) and the day; the
zone's under learning's and the organisation's versions, the day (lateness moves with it) and
whether the viewer may push a module to a point of sale.
"""

from typing import Any

from django.utils import timezone

from network_animation.data_versions import ORGANISATION, request_object_version, request_version
from network_animation.models import PointOfSale, Role, Zone
from network_animation.panels import Panel, register_panel
from network_animation.permissions import membership_zone_ids
from network_animation.views.common import TenantRequest

from . import selectors
from .cache import LEARNER, LEARNING
from .selectors import plans


def _may_push(request: TenantRequest, zone: Zone) -> bool:
    membership = request.membership
    if membership.role == Role.HEAD_OFFICE:
        return True
    return membership.role == Role.ANIMATOR and zone.pk in membership_zone_ids(membership)


def next_five_minutes_panel(request: TenantRequest, point: PointOfSale) -> dict[str, Any] | None:
    """The viewer's own, on their own point of sale's page."""
    if request.membership.point_of_sale_id != point.pk:
        return None
    found = selectors.next_five_minutes(tenant=request.tenant, membership=request.membership)
    if found is None:
        return None
    return {"next": found, "tenant_slug": request.tenant.slug}


def next_five_minutes_key(request: TenantRequest, point: PointOfSale) -> str:
    membership_id = request.membership.pk
    parts = (
        request_version(request, LEARNING),
        request_object_version(request, LEARNER, membership_id),
        timezone.localdate(),
        membership_id,
        point.pk,
    )
    return ":".join(str(part) for part in parts)


def zone_training_panel(request: TenantRequest, zone: Zone) -> dict[str, Any] | None:
    points = selectors.zone_training(tenant=request.tenant, zone=zone, today=timezone.localdate())
    if not points:
        return None
    return {
        "points": points,
        "tenant_slug": request.tenant.slug,
        "may_push": _may_push(request, zone),
    }


def zone_training_key(request: TenantRequest, zone: Zone) -> str:
    parts = (
        request_version(request, LEARNING),
        request_version(request, ORGANISATION),
        timezone.localdate(),
        zone.pk,
        _may_push(request, zone),
    )
    return ":".join(str(part) for part in parts)


def your_plan_panel(request: TenantRequest, point: PointOfSale) -> dict[str, Any] | None:
    """The viewer's own plan and certifications, on their own point of sale's page."""
    if request.membership.point_of_sale_id != point.pk:
        return None
    tenant, membership, today = request.tenant, request.membership, timezone.localdate()
    view = plans.plan_of(tenant=tenant, membership=membership, today=today)
    held = plans.certifications_of(tenant=tenant, membership=membership, on=today)
    if not view.total and not held:
        return None
    return {"view": view, "certifications": held, "tenant_slug": tenant.slug}


def register() -> None:
    register_panel(
        "point_of_sale",
        Panel(
            "your_plan",
            "microlearning/panel_plan.html",
            your_plan_panel,
            order=5,
            cache_key=next_five_minutes_key,  # the same: learning's, the person's, the day
        ),
    )
    register_panel(
        "point_of_sale",
        Panel(
            "next_five_minutes",
            "microlearning/panel_next.html",
            next_five_minutes_panel,
            order=4,
            cache_key=next_five_minutes_key,
        ),
    )
    register_panel(
        "zone",
        Panel(
            "training",
            "microlearning/panel_training.html",
            zone_training_panel,
            order=28,
            cache_key=zone_training_key,
        ),
    )
