"""Month rollups written directly (the aggregation's output), so the diagnostics' tests build a
year of history for a few dozen points of sale in one insert."""

import calendar
import datetime as dt

from django.utils import timezone

from kpis.models import KpiDefinition, KpiRollup, RollupLevel, RollupPeriod
from network_animation.models import PointOfSale
from network_animation.tenancy import tenant_scope

from ..factories import PointOfSaleFactory

# The month in progress of the tests' networks, and the twelve closed months before it.
CURRENT = dt.date(2026, 1, 1)
MONTHS = [dt.date(2025, month, 1) for month in range(1, 13)] + [CURRENT]


def month_rollups(
    kpi: KpiDefinition,
    achievements: dict[PointOfSale, list[float]],
    *,
    target: float | None = 100.0,
    scale: dict[int, float] | None = None,
) -> None:
    """One month rollup per point of sale and month of `MONTHS`: value = achievement × 100
    (× the point's scale), against `target`."""
    rows = []
    now = timezone.now()
    for point, rates in achievements.items():
        factor = (scale or {}).get(point.pk, 1.0)
        for month, rate in zip(MONTHS, rates, strict=True):
            days = calendar.monthrange(month.year, month.month)[1]
            rows.append(
                KpiRollup(
                    tenant=kpi.tenant,
                    kpi=kpi,
                    period=RollupPeriod.MONTH,
                    period_start=month,
                    level=RollupLevel.POINT_OF_SALE,
                    scope_id=point.pk,
                    point_of_sale=point,
                    zone_id=point.zone_id,
                    region_id=point.zone.region_id,
                    value=rate * 100 * factor,
                    numerator=rate * 100 * factor,
                    target=target * factor if target is not None else None,
                    data_through=month.replace(day=days),
                    days_elapsed=days,
                    days_in_period=days,
                    computed_at=now,
                )
            )
    with tenant_scope(kpi.tenant):
        KpiRollup.objects.bulk_create(rows)


def more_points(network, count: int, **fields) -> list[PointOfSale]:
    return [PointOfSaleFactory(zone=network.zone, **fields) for _ in range(count)]


def steady(level: float = 1.0, last: float | None = None) -> list[float]:
    """Thirteen months around `level` (the month in progress at `last`, if given)."""
    wobble = [0.01, -0.01, 0.02, 0.0, -0.02, 0.01, 0.0, -0.01, 0.02, 0.0, 0.01, -0.01, 0.0]
    rates = [level + w for w in wobble]
    if last is not None:
        rates[-1] = last
    return rates
