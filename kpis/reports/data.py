"""What the monthly network report says, read from the rollups in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from network_animation.models import Tenant

from ..models import KpiDefinition, KpiRollup, RollupLevel, RollupPeriod

HISTORY_MONTHS = 12
PODIUM = 5


@dataclass
class KpiSection:
    kpi: KpiDefinition
    month: KpiRollup | None = None
    year: KpiRollup | None = None
    regions: list[KpiRollup] = field(default_factory=list)
    zones: list[KpiRollup] = field(default_factory=list)
    history: list[KpiRollup] = field(default_factory=list)
    points_of_sale: list[KpiRollup] = field(default_factory=list)

    @property
    def best(self) -> list[KpiRollup]:
        return self.points_of_sale[:PODIUM]

    @property
    def worst(self) -> list[KpiRollup]:
        return list(reversed(self.points_of_sale[-PODIUM:])) if self.points_of_sale else []


@dataclass
class MonthlyReport:
    tenant_name: str
    month: dt.date
    generated_at: dt.datetime
    sections: list[KpiSection]


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
            sections[rollup.kpi_id].points_of_sale.append(rollup)
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
    """Only the podium and the last places of each KPI, not every point of sale."""
    return rollups.filter(
        Q(network_rank__lte=PODIUM) | Q(network_rank__gt=F("network_peers") - PODIUM),
        period=RollupPeriod.MONTH,
        period_start=month,
        level=RollupLevel.POINT_OF_SALE,
    ).order_by("network_rank", "scope_id")


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
