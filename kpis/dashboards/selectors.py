"""Reads for the dashboards. Each function costs a fixed number of queries, whatever the number
of KPIs or points of sale: rollups are read in one query per table, never per tile or cell."""

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Max, Q

from network_animation.models import Membership, PointOfSale, Region, Tenant, Zone

from ..models import KpiDefinition, KpiRollup, RollupLevel, RollupPeriod
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
    "level",
)
HISTORY_SHOWN = ("kpi_id", "period_start", "value", "target", "achievement_rate")

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
    kpi: KpiDefinition
    rollup: KpiRollup | None
    history: list[KpiRollup] = field(default_factory=list)

    @property
    def is_off_target(self) -> bool:
        return self.rollup is not None and self.rollup.is_off_target

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (0 if self.is_off_target else 1, self.kpi.position, self.kpi.code)


def latest_month(*, tenant: Tenant) -> dt.date | None:
    """The newest month the nightly aggregation has written."""
    return KpiRollup.objects.filter(tenant=tenant, period=RollupPeriod.MONTH).aggregate(
        latest=Max("period_start")
    )["latest"]


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
    """A tile per KPI with the period's rollup and a year of monthly history, off target first."""
    return scope_tiles(
        tenant=tenant,
        level=RollupLevel.POINT_OF_SALE,
        scope_id=point_of_sale.pk,
        period=period,
        kpis=kpis,
    )


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
            period_start__gte=_months_back(period.month, HISTORY_MONTHS),
            period_start__lte=period.month,
        )
        .only(*HISTORY_SHOWN)
        .order_by("period_start")
    )
    for rollup in history:
        if rollup.kpi_id in tiles:
            tiles[rollup.kpi_id].history.append(rollup)
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


@dataclass
class HeatMap:
    level: str
    kpis: list[KpiDefinition]
    rows: list[HeatMapRow]
    total: HeatMapTotal | None = None

    @property
    def alerts(self) -> list[tuple[HeatMapRow, KpiRollup]]:
        return [
            (row, cell)
            for row in self.rows
            for cell in row.cells
            if cell is not None and cell.is_off_target
        ]

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
