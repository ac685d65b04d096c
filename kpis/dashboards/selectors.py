"""Reads for the dashboards. Each function costs a fixed number of queries, whatever the number
of KPIs or points of sale: rollups are read in one query per table, never per tile or cell."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Max, Q

from network_animation.models import Membership, PointOfSale, Region, Tenant, Zone

from ..alerts import alerts_grouped
from ..models import (
    Aggregation,
    Direction,
    KpiDefinition,
    KpiRollup,
    RollupLevel,
    RollupPeriod,
    Source,
)
from ..models.rollups import ROLLUP_FIGURES

HISTORY_MONTHS = 12
# What the tiles and heat maps show: loading only these keeps a page's few hundred rollups from
# costing more in model instantiation than in the query (tenant and scope keys are not shown).
SHOWN = (
    "kpi_id",
    "scope_id",
    "period",
    "period_start",
    "value",
    *ROLLUP_FIGURES,
    "data_through",
    "days_elapsed",
    "days_in_period",
    "level",
)
HISTORY_SHOWN = (
    "kpi_id",
    "period_start",
    "value",
    "target",
    "achievement_rate",
    "projection",
    "days_elapsed",
    "days_in_period",
)
# A year of history, and the same month a year before to compare with.
COMPARED_MONTHS = HISTORY_MONTHS + 1

type Scope = PointOfSale | Zone | Region  # a heat map's row


@dataclass(frozen=True)
class Period:
    """The period a dashboard shows: the month to date or the year to date, of a given month."""

    kind: str
    month: dt.date

    @property
    def start(self) -> dt.date:
        return self.month if self.kind == RollupPeriod.MONTH else self.month.replace(month=1)


@dataclass
class Tile:
    """A KPI's figure for the period, its twelve months, and what it compares with: the month
    before, the same month a year before, the zone's average point of sale (a point of sale's
    tiles only)."""

    kpi: KpiDefinition
    rollup: KpiRollup | None
    history: list[KpiRollup] = field(default_factory=list)
    last_month: KpiRollup | None = None
    last_year: KpiRollup | None = None
    zone_average: float | None = None

    @property
    def is_off_target(self) -> bool:
        return self.rollup is not None and self.rollup.is_off_target

    @property
    def comparable(self) -> float | None:
        """The period's figure as a whole month's: a month not over yet is compared by its
        projection (ten days of sales are not a drop from last month's thirty)."""
        if self.rollup is None:
            return None
        if self.rollup.projection is not None:
            return self.rollup.projection
        return self.rollup.value

    @property
    def is_projected(self) -> bool:
        return (
            self.rollup is not None
            and self.rollup.is_running
            and self.rollup.projection is not None
        )

    def _change(self, other: KpiRollup | None) -> float | None:
        basis = self.comparable
        if other is None or other.value in (None, 0) or basis is None:
            return None
        return (basis - other.value) / abs(other.value)

    @property
    def change_from_last_month(self) -> float | None:
        """The relative change from the month before (0.12: 12 % more), None without one."""
        return self._change(self.last_month)

    @property
    def change_from_last_year(self) -> float | None:
        return self._change(self.last_year)

    @property
    def running_month(self) -> KpiRollup | None:
        """The history's last month when it is not over: the charts draw it as unfinished, where
        it will end at this pace, never as a drop."""
        last = self.history[-1] if self.history else None
        return last if last is not None and last.is_running else None

    @property
    def period_end(self) -> dt.date | None:
        if self.rollup is None:
            return None
        return self.rollup.period_start + dt.timedelta(days=self.rollup.days_in_period - 1)

    @property
    def daily_pace(self) -> float | None:
        """What is left to do per remaining day to reach the target, for a KPI that adds up
        day after day and is not there yet ("3 a day until the 30th")."""
        rollup = self.rollup
        if (
            rollup is None
            or self.kpi.aggregation != Aggregation.SUM
            or self.kpi.direction != Direction.HIGHER
            or not rollup.remaining_to_target
            or rollup.remaining_to_target <= 0
        ):
            return None
        days_left = rollup.days_in_period - rollup.days_elapsed
        return rollup.remaining_to_target / days_left if days_left > 0 else None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (0 if self.is_off_target else 1, self.kpi.position, self.kpi.code)


def latest_month(*, tenant: Tenant) -> dt.date | None:
    """The newest month the nightly aggregation has written for the brand's own figures (the
    KPIs it imports), else for any: on the 1st, a certification or an assessment of the day
    (computed facts) must not turn every dashboard to a month with no sales in it yet."""
    months = KpiRollup.objects.filter(tenant=tenant, period=RollupPeriod.MONTH)
    latest = Max("period_start", filter=Q(kpi__source=Source.IMPORTED))
    found = months.aggregate(imported=latest, any=Max("period_start"))
    return found["imported"] or found["any"]


def period_kind(kind: str) -> str:
    """The month, or the year to date when asked."""
    return kind if kind in (RollupPeriod.MONTH, RollupPeriod.YEAR) else RollupPeriod.MONTH


def dashboard_period(*, tenant: Tenant, kind: str) -> Period | None:
    month = latest_month(tenant=tenant)
    if month is None:
        return None
    return Period(kind=period_kind(kind), month=month)


def dashboard_kpis(*, tenant: Tenant) -> list[KpiDefinition]:
    return list(KpiDefinition.objects.filter(tenant=tenant, is_active=True))


def _months_back(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - (count - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def point_of_sale_tiles(
    *, tenant: Tenant, point_of_sale: PointOfSale, period: Period, kpis: list[KpiDefinition]
) -> list[Tile]:
    """A tile per KPI with the period's rollup, a year of monthly history and the zone's
    average point of sale, off target first."""
    tiles = scope_tiles(
        tenant=tenant,
        level=RollupLevel.POINT_OF_SALE,
        scope_id=point_of_sale.pk,
        period=period,
        kpis=kpis,
    )
    zone = KpiRollup.objects.filter(
        tenant=tenant,
        level=RollupLevel.ZONE,
        scope_id=point_of_sale.zone_id,
        period=period.kind,
        period_start=period.start,
    ).only("kpi_id", "value")
    zone_values = {rollup.kpi_id: rollup.value for rollup in zone}
    for tile in tiles:
        tile.zone_average = _zone_average(tile, zone_values.get(tile.kpi.pk))
    return tiles


def _zone_average(tile: Tile, zone_value: float | None) -> float | None:
    """The zone's figure per point of sale: a zone's sum (or sum of levels) shared among the
    points of sale ranked in it; an average or a ratio is already one."""
    if zone_value is None or tile.rollup is None:
        return None
    if tile.kpi.aggregation in (Aggregation.AVERAGE, Aggregation.RATIO):
        return zone_value
    peers = tile.rollup.zone_peers
    return zone_value / peers if peers else None


def person_has_figures(*, tenant: Tenant, membership: Membership, period: Period) -> bool:
    return KpiRollup.objects.filter(
        tenant=tenant,
        level=RollupLevel.PERSON,
        scope_id=membership.pk,
        period=period.kind,
        period_start=period.start,
    ).exists()


def scope_tiles(
    *, tenant: Tenant, level: str, scope_id: int, period: Period, kpis: list[KpiDefinition]
) -> list[Tile]:
    """Tiles of any scope: a point of sale, or a person with facts and objectives of their own.
    A person's tiles show only the KPIs they have figures for."""
    rollups = KpiRollup.objects.filter(tenant=tenant, level=level, scope_id=scope_id)
    by_id = {kpi.pk: kpi for kpi in kpis}
    current = {
        r.kpi_id: _with_kpi(r, by_id)
        for r in rollups.filter(period=period.kind, period_start=period.start).only(*SHOWN)
    }
    tiles = {kpi.pk: Tile(kpi, current.get(kpi.pk)) for kpi in kpis}
    history = (
        rollups.filter(
            period=RollupPeriod.MONTH,
            period_start__gte=_months_back(period.month, COMPARED_MONTHS),
            period_start__lte=period.month,
        )
        .only(*HISTORY_SHOWN)
        .order_by("period_start")
    )
    shown_from = _months_back(period.month, HISTORY_MONTHS)
    compared = {
        "last_month": _months_back(period.month, 2),
        "last_year": _months_back(period.month, COMPARED_MONTHS),
    }
    for rollup in history:
        tile = tiles.get(rollup.kpi_id)
        if tile is None:
            continue
        if rollup.period_start >= shown_from:
            tile.history.append(rollup)
        if period.kind == RollupPeriod.MONTH:  # a year to date compares with no whole month
            for name, month in compared.items():
                if rollup.period_start == month:
                    setattr(tile, name, rollup)
    shown = list(tiles.values())
    if level == RollupLevel.PERSON:
        shown = [tile for tile in shown if tile.rollup and tile.rollup.value is not None]
    return sorted(shown, key=lambda tile: tile.sort_key)


def _with_kpi(rollup: KpiRollup, kpis: dict[int, KpiDefinition]) -> KpiRollup:
    """The page's KPIs are loaded once: each rollup points at them instead of a joined copy."""
    if rollup.kpi_id in kpis:
        rollup.kpi = kpis[rollup.kpi_id]
    return rollup


@dataclass
class HeatMapRow:
    label: str
    scope: Scope
    cells: list[KpiRollup | None]
    url: str = ""
    kpis: list[KpiDefinition] = field(default_factory=list, repr=False)

    @property
    def figures(self) -> list[tuple[KpiDefinition, KpiRollup | None]]:
        """Each KPI with its cell, so a cell without figures still says which KPI it is."""
        return list(zip(self.kpis, self.cells, strict=True))

    @property
    def off_target_count(self) -> int:
        return sum(1 for cell in self.cells if cell is not None and cell.is_off_target)


@dataclass(frozen=True)
class Total:
    """The scope a heat map's rows add up to (their zone, region or the network)."""

    label: str
    level: str
    scope_id: int


@dataclass
class HeatMapTotal:
    label: str
    figures: list[tuple[KpiDefinition, KpiRollup | None]]


def _shortfall(cell: KpiRollup) -> float:
    """Where an off-target cell will end against its target at this pace: lowest is worst."""
    return cell.projected_achievement if cell.projected_achievement is not None else 1.0


@dataclass
class AlertGroup:
    """A row's figures off target (a point of sale's on a zone's page), the worst first."""

    row: HeatMapRow
    cells: list[KpiRollup]

    @property
    def worst(self) -> float:
        return _shortfall(self.cells[0])


@dataclass
class HeatMap:
    level: str
    kpis: list[KpiDefinition]
    rows: list[HeatMapRow]
    total: HeatMapTotal | None = None

    @property
    def is_running(self) -> bool:
        """The period is not over: its percentages are where it will end at the current pace."""
        return any(cell is not None and cell.is_running for row in self.rows for cell in row.cells)

    @property
    def alerts(self) -> list[tuple[HeatMapRow, KpiRollup]]:
        return [(group.row, cell) for group in self.alert_groups for cell in group.cells]

    @property
    def alert_groups(self) -> list[AlertGroup]:
        """The rows with figures off target, the one with the worst gap first, each row's
        figures worst first: what to look at first, not a flat list."""
        off = [
            (row, cell)
            for row in self.rows
            for cell in row.cells
            if cell is not None and cell.is_off_target
        ]
        ranked = sorted(off, key=lambda alert: (_shortfall(alert[1]), alert[0].label))
        # A row is its own owner: rows of unsaved scopes (tests) have no id to tell them apart.
        groups = alerts_grouped(ranked, owner=lambda alert: id(alert[0]))
        return [AlertGroup(group[0][0], [cell for _, cell in group]) for group in groups]

    def sorted_by(self, kpi_id: int | None, descending: bool) -> "HeatMap":
        if kpi_id is None or kpi_id not in [kpi.pk for kpi in self.kpis]:
            return self
        column = [kpi.pk for kpi in self.kpis].index(kpi_id)

        def key(row: HeatMapRow) -> tuple[bool, float]:
            cell = row.cells[column]
            rate = cell.achievement_rate if cell is not None else None
            # Rows without a figure stay last whichever the direction.
            return (rate is None, -(rate or 0) if descending else (rate or 0))

        return replace(self, rows=sorted(self.rows, key=key))


def heat_map(
    *,
    tenant: Tenant,
    period: Period,
    kpis: list[KpiDefinition],
    level: str,
    scopes: list[Scope],
    within: dict[str, Zone | Region],
    total: Total | None = None,
) -> HeatMap:
    """Every scope of a level (the zone's points of sale, a region's zones...) against every KPI,
    and the figures of the `total` they add up to when given.

    `within` narrows the rollups to the parent (e.g. {"zone": zone}); `scopes` are the rows, in
    display order. Two queries: the scopes (given) and the rollups (the total's with them).
    """
    shown = Q(level=level, **within)
    if total is not None:
        shown |= Q(level=total.level, scope_id=total.scope_id)
    rollups = KpiRollup.objects.filter(
        shown, tenant=tenant, period=period.kind, period_start=period.start
    ).only(*SHOWN)
    by_id = {kpi.pk: kpi for kpi in kpis}
    by_cell = {(r.level, r.scope_id, r.kpi_id): _with_kpi(r, by_id) for r in rollups}
    rows = [
        HeatMapRow(
            label=str(scope.name),
            scope=scope,
            cells=[by_cell.get((level, scope.pk, kpi.pk)) for kpi in kpis],
            kpis=kpis,
        )
        for scope in scopes
    ]
    return HeatMap(level=level, kpis=kpis, rows=rows, total=_total_row(total, kpis, by_cell))


def point_of_sale_month_figures(
    *, tenant: Tenant, month: dt.date, cells: Iterable[tuple[int, KpiDefinition]]
) -> dict[tuple[int, int], KpiRollup]:
    """The month's figures of each (point of sale id, KPI) of `cells` that has some, as a heat
    map's cell shows them (value, target, achievement at the current pace), by (point of sale
    id, KPI id). One query."""
    cells = list(cells)
    if not cells:
        return {}
    kpis = {kpi.pk: kpi for _, kpi in cells}
    rollups = KpiRollup.objects.filter(
        tenant=tenant,
        level=RollupLevel.POINT_OF_SALE,
        period=RollupPeriod.MONTH,
        period_start=month,
        scope_id__in={point for point, _ in cells},
        kpi_id__in=list(kpis),
    ).only(*SHOWN)
    asked = {(point, kpi.pk) for point, kpi in cells}
    found = {(rollup.scope_id, rollup.kpi_id): rollup for rollup in rollups}
    return {key: _with_kpi(rollup, kpis) for key, rollup in found.items() if key in asked}


def _total_row(
    total: Total | None,
    kpis: list[KpiDefinition],
    by_cell: dict[tuple[str, int, int], KpiRollup],
) -> HeatMapTotal | None:
    if total is None:
        return None
    figures = [(kpi, by_cell.get((total.level, total.scope_id, kpi.pk))) for kpi in kpis]
    return HeatMapTotal(label=total.label, figures=figures)


def data_freshness(*, tenant: Tenant, period: Period) -> dt.datetime | None:
    return KpiRollup.objects.filter(
        tenant=tenant, period=period.kind, period_start=period.start, level=RollupLevel.NETWORK
    ).aggregate(latest=Max("computed_at"))["latest"]
