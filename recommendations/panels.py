"""Recommendations' panels of the core pages: on a point of sale's page, the content recommended
for its off-target KPIs and where it stands among its peers; on a zone's, the alerts that matter
first (the surest shortfalls) and the actions suggested to its animators; on the network's, for
head office, this quarter's hold-out group.

Peers and gaps are diagnostics, not recommendations: they are shown for every point of sale,
held out or not. Both panels are cached as rendered HTML (network_animation/panels.py) under
the diagnostics' version (renewed by the nightly step), the rollups' (the month ranked), the KPI
definitions' (their names) and the organisation's (the points of sale's names). The content is
a recommendation: never shown for a held-out point of sale; cached likewise, and also under
learning's version and per reader, since what a reader may open depends on who they are, and
under the actions' version and the day, since what a reader dismissed there is kept from them
for a quiet period. The
suggested actions are cached per reader too (their ranking and dismissals are their own), under
the actions' version and the day; their forms get the reader's CSRF token when shown. The
hold-out group is drawn on a quarter's first night, by the nightly step that renews the
diagnostics' version: cached under it and the quarter, for head office alone.
"""

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from communities import recommendation_reads as community_reads
from communities.cache import COMMUNITIES
from kpis.cache import KPI_DEFINITIONS, ROLLUPS
from kpis.dashboards.panels import request_kpis, request_period
from microlearning import selectors as learning
from microlearning.cache import LEARNING
from network_animation import permissions
from network_animation.data_versions import ORGANISATION, request_version
from network_animation.models import PointOfSale, Tenant, Zone
from network_animation.panels import Panel, register_panel
from network_animation.views.common import TenantRequest

from . import action_selectors, selectors
from .action_services import DISMISS_QUIET_DAYS
from .cache import ACTIONS, DIAGNOSTICS
from .forms import DismissForm, content_dismiss_form, dismiss_form
from .holdout import quarter_start
from .models import ContentKind, ContentRecommendation
from .permissions import can_act_on_zone_suggestions
from .underperformance import confidence_word


def _key(request: TenantRequest, *parts: object) -> str:
    shared = (
        request_version(request, DIAGNOSTICS),
        request_version(request, ROLLUPS),
        request_version(request, KPI_DEFINITIONS),
        request_version(request, ORGANISATION),
    )
    return ":".join(str(part) for part in (*shared, *parts))


def _own(request: TenantRequest, point: PointOfSale) -> bool:
    return request.membership.point_of_sale_id == point.pk


def peers_panel(request: TenantRequest, point: PointOfSale) -> dict[str, Any] | None:
    period = request_period(request)  # read once for the page's KPI panels too
    if period is None:
        return None
    standing = selectors.peer_standing(
        tenant=request.tenant, point_of_sale=point, month=period.month, kpis=request_kpis(request)
    )
    if standing is None:
        return None
    return {
        "standing": standing,
        "own": _own(request, point),
        "main": next(iter(standing.ranks), None),
    }


def peers_key(request: TenantRequest, point: PointOfSale) -> str:
    # Said to the point of sale's own people as "you", to others as "this point of sale".
    return _key(request, point.pk, _own(request, point))


def priorities_panel(request: TenantRequest, zone: Zone) -> dict[str, Any] | None:
    """The points of sale that matter first, each with its figures off target (two queries)."""
    priorities = selectors.zone_priorities(tenant=request.tenant, zone=zone)
    if not priorities.alerts:
        return None
    slug = request.tenant.slug
    groups = [
        {
            "point_of_sale": shown.point_of_sale,
            "url": reverse("point_of_sale", args=[slug, shown.point_of_sale.pk]),
            "rows": [
                {
                    "gap": alert.gap,
                    "figure": alert.figure,
                    "confidence": confidence_word(alert.gap.confidence),
                }
                for alert in shown.alerts
            ],
        }
        for shown in priorities.first
    ]
    return {
        "alerts": priorities.alerts,
        "points": priorities.points,
        "groups": groups,
        "more": priorities.points - len(groups),
    }


def priorities_key(request: TenantRequest, zone: Zone) -> str:
    return _key(request, zone.pk)


CONTENT_SHOWN = 3


def content_panel(request: TenantRequest, point: PointOfSale) -> dict[str, Any] | None:
    """Up to three pieces of content for the point of sale's off-target KPIs, with their reasons,
    among those the reader may open (nothing for a point of sale held out)."""
    recommended = selectors.content_recommended(tenant=request.tenant, point_of_sale=point)
    if not recommended:
        return None
    dismissed = action_selectors.content_dismissed(
        tenant=request.tenant, membership=request.membership, point_of_sale=point
    )
    readable = _readable(request, recommended)
    rows: list[dict[str, Any]] = []
    for row in recommended:
        key = (row.item_kind, row.item_id)
        if key not in readable or key in dismissed or any(shown["key"] == key for shown in rows):
            continue
        title, url = readable[key]
        rows.append(content_row(row, title, url))
        if len(rows) == CONTENT_SHOWN:
            break
    if not rows:
        return None
    context = {"slug": request.tenant.slug, "quiet_days": DISMISS_QUIET_DAYS}
    return {"rows": rows, "own": _own(request, point), **context}


def content_row(
    recommendation: ContentRecommendation, title: str, url: str, form: DismissForm | None = None
) -> dict[str, Any]:
    """One piece of content of the panel, with its dismissal form."""
    return {
        "recommendation": recommendation,
        "key": (recommendation.item_kind, recommendation.item_id),
        "title": title,
        "url": url,
        "form": form or content_dismiss_form(recommendation),
    }


def content_item(
    request: TenantRequest, recommendation: ContentRecommendation, form: DismissForm | None = None
) -> dict[str, Any]:
    """One piece of content of the panel, shown again after its form was sent (404 when the
    reader may no longer open it)."""
    readable = _readable(request, [recommendation])
    key = (recommendation.item_kind, recommendation.item_id)
    if key not in readable:
        raise Http404
    return content_row(recommendation, *readable[key], form=form)


def _readable(
    request: TenantRequest, recommended: list[ContentRecommendation]
) -> dict[tuple[str, int], tuple[str, str]]:
    """(title, page) of each recommended piece of content the reader may open, by (kind, id):
    a query per kind recommended."""
    tenant, membership = request.tenant, request.membership
    modules = learning.modules_learnable_among(
        tenant=tenant,
        membership=membership,
        ids={row.item_id for row in recommended if row.item_kind == ContentKind.MODULE},
    )
    found = {
        (ContentKind.MODULE.value, pk): (
            module.title,
            reverse("microlearning:module", args=[tenant.slug, pk]),
        )
        for pk, module in modules.items()
    }
    others = [
        (row.item_kind, row.item_id) for row in recommended if row.item_kind != ContentKind.MODULE
    ]
    if others:
        pieces = community_reads.content_readable_among(
            tenant=tenant, membership=membership, pieces=others
        )
        found.update({key: (piece.title, piece.url) for key, piece in pieces.items()})
    return found


def content_key(request: TenantRequest, point: PointOfSale) -> str:
    # What may be shown depends on who reads (the modules of their part of the network) and
    # what they dismissed (the actions' version, and the day: a quiet period ends).
    return _key(
        request,
        "content",
        request_version(request, LEARNING),
        request_version(request, COMMUNITIES),
        request_version(request, ACTIONS),
        timezone.localdate(),
        point.pk,
        request.membership.pk,
    )


def actions_panel(request: TenantRequest, zone: Zone) -> dict[str, Any] | None:
    """The zone's suggested actions, for its animators and head office, ranked for the reader
    (three queries at most)."""
    if not can_act_on_zone_suggestions(request.membership, zone):
        return None
    found = action_selectors.zone_suggestions(
        tenant=request.tenant, membership=request.membership, zone=zone
    )
    rows = [
        {
            "suggestion": shown.suggestion,
            "points": shown.points,
            "form": dismiss_form(shown.suggestion),
        }
        for shown in (*found.accepted, *found.open, *found.done)
    ]
    return {
        "rows": rows,
        "more": found.more,
        "slug": request.tenant.slug,
        "quiet_days": DISMISS_QUIET_DAYS,
    }


def actions_key(request: TenantRequest, zone: Zone) -> str:
    """Per reader (their own ranking and dismissals), under the actions' version, and per day
    (a done suggestion stays shown for two weeks, a dismissed one is kept away for days)."""
    return _key(
        request,
        "actions",
        request_version(request, ACTIONS),
        zone.pk,
        request.membership.pk,
        timezone.localdate(),
    )


def holdout_panel(request: TenantRequest, tenant: Tenant) -> dict[str, Any] | None:
    """Head office's: this quarter's hold-out group, and where to set its share."""
    if not permissions.can_manage_organisation(request.membership):
        return None
    quarter = selectors.holdout_quarter_get(tenant=tenant)
    return {
        "quarter": quarter,
        "held": quarter.points.count() if quarter else 0,
        "url": reverse("recommendations:holdout", args=[tenant.slug]),
        "measurement_url": reverse("recommendations:measurement", args=[tenant.slug]),
    }


def holdout_key(request: TenantRequest, tenant: Tenant) -> str | None:
    # Not cached for those who are not shown it (the panel is then nothing, at no cost).
    if not permissions.can_manage_organisation(request.membership):
        return None
    return _key(request, "holdout", quarter_start(timezone.localdate()))


def register() -> None:
    register_panel(
        "network",
        Panel(
            "holdout",
            "recommendations/panel_holdout.html",
            holdout_panel,
            order=90,
            cache_key=holdout_key,
        ),
    )
    register_panel(
        "point_of_sale",
        Panel(
            "peers",
            "recommendations/panel_peers.html",
            peers_panel,
            order=12,
            cache_key=peers_key,
        ),
    )
    register_panel(
        "point_of_sale",
        Panel(
            "content",
            "recommendations/panel_content.html",
            content_panel,
            order=11,
            cache_key=content_key,
        ),
    )
    register_panel(
        "zone",
        Panel(
            "actions",
            "recommendations/panel_actions.html",
            actions_panel,
            order=9,
            cache_key=actions_key,
        ),
    )
    register_panel(
        "zone",
        Panel(
            "priorities",
            "recommendations/panel_priorities.html",
            priorities_panel,
            order=8,
            cache_key=priorities_key,
        ),
    )
