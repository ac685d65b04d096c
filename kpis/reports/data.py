"""What the monthly network report says, read from the rollups in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import Rank, RowNumber
from django.utils import timezone

from network_animation.models import Tenant

from ..models import KpiDefinition, KpiRollup, RollupLevel, RollupPeriod

HISTORY_MONTHS = 12
PODIUM = 5


@dataclass
class PlacedPointOfSale:
    """A point of sale's month, placed by achievement among the network's points of sale that
    have one for the KPI: `position` is shared by equal achievements (1 is the best), `order`
    is the unique place that breaks those ties by name, code and id."""

    rollup: KpiRollup
    position: int
    order: int
    ranked: int


@dataclass
class Podium:
    """The best and the worst points of sale of a KPI: never the same one twice."""

    best: list[PlacedPointOfSale] = field(default_factory=list)
    worst: list[PlacedPointOfSale] = field(default_factory=list)


def podium_split(placed: list[PlacedPointOfSale], size: int = PODIUM) -> Podium:
    """The first `size` places (best first) and the last `size` (lowest achievement first),
    disjoint: with fewer than `2 * size` points of sale, the better half (the middle one
    included) is the best list and the rest the worst."""
    if not placed:
        return Podium()
    ranked = placed[0].ranked
    best_count = min(size, (ranked + 1) // 2)
    worst_count = min(size, ranked - best_count)
    best = sorted((p for p in placed if p.order <= best_count), key=lambda p: p.order)
    worst = sorted(
        (p for p in placed if p.order > ranked - worst_count),
        key=lambda p: p.order,
        reverse=True,
    )
    return Podium(best=best, worst=worst)


@dataclass
class KpiSection:
    kpi: KpiDefinition
    month: KpiRollup | None = None
    year: KpiRollup | None = None
    regions: list[KpiRollup] = field(default_factory=list)
    zones: list[KpiRollup] = field(default_factory=list)
    history: list[KpiRollup] = field(default_factory=list)
    points_of_sale: list[PlacedPointOfSale] = field(default_factory=list)

    @property
    def podium(self) -> Podium:
        return podium_split(self.points_of_sale)

    @property
    def best(self) -> list[PlacedPointOfSale]:
        return self.podium.best

    @property
    def worst(self) -> list[PlacedPointOfSale]:
        return self.podium.worst


@dataclass
class MonthlyReport:
    tenant_name: str
    month: dt.date
    generated_at: dt.datetime
    sections: list[KpiSection]

    @property
    def month_end(self) -> dt.date:
        return months_back(self.month, 0) - dt.timedelta(days=1)

    @property
    def data_through(self) -> dt.date | None:
        """The last day the month's figures cover: its end once it is over."""
        days = [s.month.data_through for s in self.sections if s.month is not None]
        return max(days) if days else None

    @property
    def is_running(self) -> bool:
        through = self.data_through
        return through is not None and through < self.month_end


def months_back(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - (count - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def monthly_report_data(*, tenant: Tenant, month: dt.date) -> MonthlyReport:
    kpis = list(KpiDefinition.objects.filter(tenant=tenant, is_active=True))
    sections = {kpi.pk: KpiSection(kpi) for kpi in kpis}
    rollups = KpiRollup.objects.filter(tenant=tenant).select_related(
        "kpi", "zone", "region", "point_of_sale"
    )
    for rollup in _network_regions_and_zones(rollups, month):
        _place(sections, rollup)
    year = rollups.filter(
        period=RollupPeriod.YEAR, period_start=month.replace(month=1), level=RollupLevel.NETWORK
    )
    for rollup in year:
        if rollup.kpi_id in sections:
            sections[rollup.kpi_id].year = rollup
    for rollup in _network_history(rollups, month):
        if rollup.kpi_id in sections:
            sections[rollup.kpi_id].history.append(rollup)
    for rollup in _first_and_last_points_of_sale(rollups, month):
        if rollup.kpi_id in sections:
            sections[rollup.kpi_id].points_of_sale.append(_placed(rollup))
    return MonthlyReport(tenant.name, month, timezone.now(), list(sections.values()))


def _network_regions_and_zones(rollups: QuerySet[KpiRollup], month: dt.date) -> QuerySet[KpiRollup]:
    return rollups.filter(
        period=RollupPeriod.MONTH,
        period_start=month,
        level__in=[RollupLevel.NETWORK, RollupLevel.REGION, RollupLevel.ZONE],
    ).order_by("level", "network_rank", "scope_id")


def _network_history(rollups: QuerySet[KpiRollup], month: dt.date) -> QuerySet[KpiRollup]:
    return rollups.filter(
        period=RollupPeriod.MONTH,
        level=RollupLevel.NETWORK,
        period_start__gte=months_back(month, HISTORY_MONTHS),
        period_start__lte=month,
    ).order_by("period_start")


def _first_and_last_points_of_sale(
    rollups: QuerySet[KpiRollup], month: dt.date
) -> QuerySet[KpiRollup]:
    """Only the first and the last places of each KPI by achievement, not every point of sale.

    Places are numbered once, in one total order (ties broken by name, code and id), from the
    top and from the bottom: the stored ranks follow the value, share places between equals and
    count the points of sale without a target, so they cannot pick the lists."""
    by_kpi = [F("kpi_id")]
    best_first = [
        F("achievement_rate").desc(),
        F("point_of_sale__name").asc(),
        F("point_of_sale__code").asc(),
        F("scope_id").asc(),
    ]
    # The order is total (the id breaks every tie), so the place from the bottom is the place
    # from the top read backwards: no second sort of the month's points of sale for it.
    return (
        rollups.filter(
            period=RollupPeriod.MONTH,
            period_start=month,
            level=RollupLevel.POINT_OF_SALE,
            achievement_rate__isnull=False,
        )
        .annotate(
            position=Window(Rank(), partition_by=by_kpi, order_by=F("achievement_rate").desc()),
            order=Window(RowNumber(), partition_by=by_kpi, order_by=best_first),
            ranked=Window(Count("pk"), partition_by=by_kpi),
        )
        .filter(Q(order__lte=PODIUM) | Q(order__gt=F("ranked") - PODIUM))
        .order_by("kpi_id", "order")
    )


def _placed(rollup: KpiRollup) -> PlacedPointOfSale:
    # The window annotations of _first_and_last_points_of_sale, set on the instance.
    places = vars(rollup)
    return PlacedPointOfSale(rollup, places["position"], places["order"], places["ranked"])


def _place(sections: dict[int, KpiSection], rollup: KpiRollup) -> None:
    section = sections.get(rollup.kpi_id)
    if section is None:
        return
    if rollup.level == RollupLevel.NETWORK:
        section.month = rollup
    elif rollup.level == RollupLevel.REGION:
        section.regions.append(rollup)
    else:
        section.zones.append(rollup)


def scope_name(rollup: KpiRollup) -> str:
    if rollup.level == RollupLevel.POINT_OF_SALE and rollup.point_of_sale is not None:
        return str(rollup.point_of_sale.name)
    if rollup.level == RollupLevel.ZONE and rollup.zone is not None:
        return str(rollup.zone.name)
    if rollup.level == RollupLevel.REGION and rollup.region is not None:
        return str(rollup.region.name)
    return ""
