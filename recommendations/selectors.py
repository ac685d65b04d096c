"""Reads of peers, KPI gaps, the hold-out group and the content recommended. Every selector
takes `tenant=` and filters on it; each costs a fixed number of queries, whatever the size of
the network."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.functions import Round
from django.urls import reverse
from django.utils import timezone

from communities import recommendation_reads as community_reads
from kpis import recommendation_reads as kpi_reads
from kpis.alerts import alerts_grouped
from kpis.dashboards import selectors as dashboard_selectors
from kpis.models import KpiDefinition, KpiRollup
from microlearning import selectors as learning
from network_animation import permissions
from network_animation.models import Membership, PointOfSale, Tenant, Zone

from .frames import months_before
from .holdout import DEFAULT_SHARE_PERCENT, quarter_start
from .measurement import Uplift, achievement_changes, uplift_against_holdout
from .models import (
    ContentKind,
    ContentRecommendation,
    HoldoutPoint,
    HoldoutQuarter,
    HoldoutSettings,
    KpiGap,
    PeerGrouping,
    PeerMembership,
)
from .underperformance import monthly_ratios

PRIORITIES_SHOWN = 5


# The hold-out group -------------------------------------------------------------------------


def holdout_settings_get(*, tenant: Tenant) -> HoldoutSettings:
    """The tenant's settings, or the defaults (unsaved) when it never changed them."""
    found = HoldoutSettings.objects.filter(tenant=tenant).first()
    return found or HoldoutSettings(tenant=tenant, share_percent=DEFAULT_SHARE_PERCENT)


def holdout_quarter_get(*, tenant: Tenant, on: dt.date | None = None) -> HoldoutQuarter | None:
    """The draw of the quarter of `on` (today), if it was made."""
    start = quarter_start(on or timezone.localdate())
    return HoldoutQuarter.objects.filter(tenant=tenant, quarter_start=start).first()


def points_of_sale_held_out(*, tenant: Tenant, on: dt.date | None = None) -> set[int]:
    """Ids of the points of sale that receive no recommendations in the quarter of `on` (today).
    A quarter not drawn yet holds nobody out."""
    start = quarter_start(on or timezone.localdate())
    held = HoldoutPoint.objects.filter(tenant=tenant, quarter__quarter_start=start)
    return set(held.values_list("point_of_sale_id", flat=True))


def is_held_out(*, tenant: Tenant, point_of_sale: PointOfSale, on: dt.date | None = None) -> bool:
    start = quarter_start(on or timezone.localdate())
    return HoldoutPoint.objects.filter(
        tenant=tenant, quarter__quarter_start=start, point_of_sale=point_of_sale
    ).exists()


@dataclass(frozen=True)
class HoldoutDraw:
    quarter: HoldoutQuarter | None
    points: list[HoldoutPoint]


def holdout_draw_summary(*, tenant: Tenant, on: dt.date | None = None) -> HoldoutDraw:
    """The quarter's draw and its points of sale (with their zones), for head office."""
    quarter = holdout_quarter_get(tenant=tenant, on=on)
    if quarter is None:
        return HoldoutDraw(None, [])
    points = HoldoutPoint.objects.filter(tenant=tenant, quarter=quarter).select_related(
        "point_of_sale__zone"
    )
    return HoldoutDraw(quarter, list(points.order_by("point_of_sale__name")))


def holdout_quarters_drawn(*, tenant: Tenant) -> list[dt.date]:
    """The first days of the quarters drawn, the latest first."""
    quarters = HoldoutQuarter.objects.filter(tenant=tenant).order_by("-quarter_start")
    return list(quarters.values_list("quarter_start", flat=True))


@dataclass(frozen=True)
class HoldoutMeasurement:
    quarter: dt.date
    months: list[dt.date]  # the quarter's closed months measured (none: too early)
    uplifts: list[tuple[KpiDefinition, Uplift]]  # in the KPIs' order


def holdout_measurement(
    *, tenant: Tenant, membership: Membership, quarter: dt.date
) -> HoldoutMeasurement:
    """The points of sale that may receive recommendations against the held-out ones, per KPI,
    over the closed months of `quarter`, for head office. Five queries."""
    if not permissions.can_manage_organisation(membership):
        raise PermissionDenied
    current = kpi_reads.latest_point_of_sale_month(tenant=tenant) or timezone.localdate()
    until = min(current.replace(day=1), months_before(quarter, -3))
    months = [months_before(quarter, -index) for index in range(3)]
    months = [month for month in months if month < until]
    if not months:
        return HoldoutMeasurement(quarter, [], [])
    rows = kpi_reads.point_of_sale_months(tenant=tenant, start=months_before(quarter, 3), end=until)
    frame = pd.DataFrame(rows, columns=list(kpi_reads.MONTH_COLUMNS))
    for column in ("value", "target"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    directions = kpi_reads.kpi_higher_is_better(tenant=tenant)
    lower = {kpi for kpi, higher in directions.items() if not higher}
    changes = achievement_changes(frame, quarter=quarter, until=until, lower_is_better=lower)
    held = HoldoutPoint.objects.filter(tenant=tenant, quarter__quarter_start=quarter)
    uplifts = uplift_against_holdout(changes, set(held.values_list("point_of_sale_id", flat=True)))
    kpis = {kpi.pk: kpi for kpi in KpiDefinition.objects.filter(tenant=tenant, is_active=True)}
    found = [(kpis[row.kpi], row) for row in uplifts if row.kpi in kpis]
    found.sort(key=lambda pair: (pair[0].position, pair[0].pk))
    return HoldoutMeasurement(quarter, months, found)


# Peers --------------------------------------------------------------------------------------


def peer_grouping_latest(*, tenant: Tenant) -> PeerGrouping | None:
    return PeerGrouping.objects.filter(tenant=tenant).order_by("-day").first()


def peer_groups(*, tenant: Tenant) -> pd.Series:
    """Each point of sale's current peer group id (point of sale id -> group id)."""
    rows = PeerMembership.objects.filter(tenant=tenant).values_list("point_of_sale_id", "group")
    found = dict(rows)
    return pd.Series(found, dtype=int) if found else pd.Series(dtype=int)


def peer_ids(*, tenant: Tenant, point_of_sale: PointOfSale) -> list[int]:
    """The point of sale's group: its own id and its peers', in one query ([] if ungrouped)."""
    own = PeerMembership.objects.filter(tenant=tenant, point_of_sale=point_of_sale)
    members = PeerMembership.objects.filter(tenant=tenant, group__in=own.values("group"))
    return sorted(members.values_list("point_of_sale_id", flat=True))


@dataclass(frozen=True)
class PeerRank:
    kpi: KpiDefinition
    achievement: float  # this month's, at its pace (1 = on target)
    peer_median: float
    rank: int  # 1 = the best of the group
    ranked: int  # points of sale of the group with a figure on this KPI


@dataclass(frozen=True)
class PeerStanding:
    month: dt.date
    peers: int  # the other points of sale of the group
    ranks: list[PeerRank]


def peer_standing(
    *, tenant: Tenant, point_of_sale: PointOfSale, month: dt.date, kpis: list[KpiDefinition]
) -> PeerStanding | None:
    """The point of sale's rank among its peers on the month's achievement of each KPI with a
    target (KPIs in the order given), or None when it has no peers. Two queries."""
    members = peer_ids(tenant=tenant, point_of_sale=point_of_sale)
    if len(members) < 2:
        return None
    rows = kpi_reads.point_of_sale_months(
        tenant=tenant, start=month, end=month, point_of_sale_ids=members
    )
    frame = pd.DataFrame(rows, columns=list(kpi_reads.MONTH_COLUMNS))
    by_id = {kpi.pk: kpi for kpi in kpis}
    frame["higher_is_better"] = frame["kpi"].map(
        {pk: kpi.direction != "lower" for pk, kpi in by_id.items()}
    )
    frame = frame[frame["higher_is_better"].notna()]
    ranks = _ranks(frame, point_of_sale.pk, by_id)
    return PeerStanding(month=month, peers=len(members) - 1, ranks=ranks)


def _ranks(frame: pd.DataFrame, point: int, kpis: dict[int, KpiDefinition]) -> list[PeerRank]:
    if frame.empty:
        return []
    rated = monthly_ratios(frame, pd.Series(dtype=int)).dropna(subset=["achievement"])
    found = []
    for kpi_id, kpi in kpis.items():
        rows = rated[rated["kpi"] == kpi_id]
        own = rows.loc[rows["point_of_sale"] == point, "achievement"]
        if own.empty:
            continue
        mine = float(own.iloc[0])
        better = int((rows["achievement"] > mine + 1e-12).sum())
        median = float(rows["achievement"].median())
        found.append(PeerRank(kpi, mine, median, better + 1, len(rows)))
    return found


# Under-performance --------------------------------------------------------------------------


def kpi_gap_list(*, tenant: Tenant) -> QuerySet[KpiGap]:
    return KpiGap.objects.filter(tenant=tenant).select_related("point_of_sale", "kpi")


@dataclass(frozen=True)
class Alert:
    gap: KpiGap  # over the last closed months, with its confidence
    figure: KpiRollup | None  # the month's figures (value, target, pace), if it has some


@dataclass(frozen=True)
class PointOfSaleAlerts:
    point_of_sale: PointOfSale
    alerts: list[Alert]  # its KPIs off target, the one that matters most first


@dataclass(frozen=True)
class ZonePriorities:
    alerts: int  # points of sale × KPIs off target this month in the zone
    points: int  # points of sale with at least one of them
    first: list[PointOfSaleAlerts]  # those that matter first, by their alert that matters most


# The surest shortfalls first, then the largest.
ALERT_ORDER = (
    Round("confidence", 2).desc(nulls_last=True),
    "gap_to_target",
    "point_of_sale_id",
    "kpi_id",
)


def zone_priorities(*, tenant: Tenant, zone: Zone, limit: int = PRIORITIES_SHOWN) -> ZonePriorities:
    """The zone's alerts (off target this month) per point of sale, ranked by the confidence
    that the shortfall is real, then by its size: the `limit` points of sale whose alert ranks
    first, each with all its alerts in that order (as the heat map groups its own, kpis/alerts.py)
    and the month's figures of each. Two queries, whatever the zone's size."""
    alerts = KpiGap.objects.filter(tenant=tenant, zone=zone, off_target=True)
    found = list(alerts.select_related("point_of_sale", "kpi").order_by(*ALERT_ORDER))
    ranked = [gap for gap in found if gap.gap_to_target is not None]
    groups = alerts_grouped(ranked, owner=lambda gap: gap.point_of_sale_id)[:limit]
    figures = _month_figures(tenant, [gap for group in groups for gap in group])
    first = [
        PointOfSaleAlerts(
            group[0].point_of_sale,
            [Alert(gap, figures.get((gap.point_of_sale_id, gap.kpi_id))) for gap in group],
        )
        for group in groups
    ]
    points = len({gap.point_of_sale_id for gap in found})
    return ZonePriorities(alerts=len(found), points=points, first=first)


def _month_figures(tenant: Tenant, gaps: list[KpiGap]) -> dict[tuple[int, int], KpiRollup]:
    """The figures of the month the gaps call this month (the one after the last they measured:
    the night wrote them all at once)."""
    if not gaps:
        return {}
    return dashboard_selectors.point_of_sale_month_figures(
        tenant=tenant,
        month=months_before(gaps[0].month, -1),
        cells=[(gap.point_of_sale_id, gap.kpi) for gap in gaps],
    )


def kpi_alerts_ranked(*, tenant: Tenant) -> QuerySet[KpiGap]:
    """Every alert of the network (off target this month), ranked as each zone's are."""
    alerts = KpiGap.objects.filter(tenant=tenant, off_target=True, gap_to_target__isnull=False)
    return alerts.select_related("point_of_sale", "zone", "kpi").order_by(*ALERT_ORDER)


# Content --------------------------------------------------------------------------------------


def content_recommended(
    *, tenant: Tenant, point_of_sale: PointOfSale, on: dt.date | None = None
) -> list[ContentRecommendation]:
    """The content recommended to the point of sale, the largest expected uplift first, with
    their KPIs; none while it is held out (the night's rows predate a new quarter's draw).
    One query; whether the reader may see each piece of content is the owning app's to say."""
    held = HoldoutPoint.objects.filter(
        tenant=tenant, quarter__quarter_start=quarter_start(on or timezone.localdate())
    )
    rows = (
        ContentRecommendation.objects.filter(tenant=tenant, point_of_sale=point_of_sale)
        .exclude(point_of_sale_id__in=held.values("point_of_sale_id"))
        .select_related("kpi")
        .order_by("-expected_uplift", "rank", "kpi_id", "item_kind", "item_id")
    )
    return list(rows)


def content_recommendations_published(
    *, tenant: Tenant, on: dt.date | None = None
) -> QuerySet[ContentRecommendation]:
    """The content recommended to every point of sale not held out in the quarter of `on`
    (today), whose content is still published, by point of sale, KPI and rank: what head
    office would see of each point of sale."""
    held = HoldoutPoint.objects.filter(
        tenant=tenant, quarter__quarter_start=quarter_start(on or timezone.localdate())
    )
    modules = learning.modules_published(tenant=tenant).order_by().values("pk")
    published = Q(item_kind=ContentKind.MODULE, item_id__in=modules)
    for kind, ids in community_reads.published_content(tenant=tenant).items():
        published |= Q(item_kind=kind, item_id__in=ids)
    rows = ContentRecommendation.objects.filter(published, tenant=tenant).exclude(
        point_of_sale_id__in=held.values("point_of_sale_id")
    )
    return rows.select_related("point_of_sale", "kpi").order_by(
        "point_of_sale__code", "kpi__position", "kpi_id", "rank", "pk"
    )


def content_items(
    *, tenant: Tenant, rows: Iterable[ContentRecommendation]
) -> dict[tuple[str, int], dict[str, str]]:
    """The title (in the active language) and page of each piece of content of `rows` still
    published, by (kind, id): what the network's systems see. One query per kind."""
    keys = {(row.item_kind, row.item_id) for row in rows}
    ids = {pk for kind, pk in keys if kind == ContentKind.MODULE}
    modules = learning.modules_published(tenant=tenant).filter(pk__in=ids)
    modules = modules.select_related(None).prefetch_related(None)
    found = {
        (ContentKind.MODULE.value, module.pk): {
            "title": module.title,
            "url": reverse("microlearning:module", args=[tenant.slug, module.pk]),
        }
        for module in modules.only("pk", "title_fr", "title_en")
    }
    others = [key for key in keys if key[0] != ContentKind.MODULE]
    if others:
        pieces = community_reads.content_readable_among(
            tenant=tenant, membership=None, pieces=others
        )
        found.update(
            {key: {"title": piece.title, "url": piece.url} for key, piece in pieces.items()}
        )
    return found
