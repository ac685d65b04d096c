"""Reads for recommendations: the month rollups of points of sale as plain rows, ready for a
DataFrame (peers, under-performance). One query per call, whatever the number of points of sale
or KPIs; only the columns the computations use are read (no model instances)."""

import datetime as dt
from collections.abc import Collection

from django.db.models import Count, Max

from network_animation.models import Tenant

from .dashboards.selectors import latest_month
from .models import Direction, KpiDefinition, KpiRollup, RollupLevel, RollupPeriod

# (point of sale id, KPI id, month, value, target, projection)
MONTH_COLUMNS = ("point_of_sale", "kpi", "month", "value", "target", "projection")
type MonthRow = tuple[int, int, dt.date, float | None, float | None, float | None]


def latest_point_of_sale_month(*, tenant: Tenant) -> dt.date | None:
    """The month in progress, the one the dashboards show (`latest_month`): the newest of the
    brand's own figures, so that on the 1st a certification or an assessment scored that
    morning does not make every gap and alert read a month with no sales in it yet."""
    return latest_month(tenant=tenant)


def point_of_sale_months(
    *,
    tenant: Tenant,
    start: dt.date,
    end: dt.date,
    point_of_sale_ids: Collection[int] | None = None,
) -> list[MonthRow]:
    """Month rollups of points of sale from `start` to `end` (first days of months), as rows in
    the order of `MONTH_COLUMNS`."""
    rollups = KpiRollup.objects.filter(
        tenant=tenant,
        period=RollupPeriod.MONTH,
        level=RollupLevel.POINT_OF_SALE,
        period_start__gte=start,
        period_start__lte=end,
        kpi__is_active=True,
    )
    if point_of_sale_ids is not None:
        rollups = rollups.filter(scope_id__in=list(point_of_sale_ids))
    return list(
        rollups.order_by().values_list(
            "scope_id", "kpi_id", "period_start", "value", "target", "projection"
        )
    )


def point_of_sale_months_changed(
    *, tenant: Tenant, start: dt.date, end: dt.date
) -> tuple[int, dt.datetime | None]:
    """How many month rollups of points of sale there are from `start` to `end`, and when the
    last of them changed: the aggregation writes a row only when it changes, and stamps it
    then, so these two tell whether `point_of_sale_months` would read anything new. One
    query."""
    found = KpiRollup.objects.filter(
        tenant=tenant,
        period=RollupPeriod.MONTH,
        level=RollupLevel.POINT_OF_SALE,
        period_start__gte=start,
        period_start__lte=end,
    ).aggregate(rows=Count("pk"), changed=Max("computed_at"))
    return found["rows"], found["changed"]


def kpi_higher_is_better(*, tenant: Tenant) -> dict[int, bool]:
    """Each active KPI's direction: True when a higher value is better."""
    kpis = KpiDefinition.objects.filter(tenant=tenant, is_active=True)
    return {
        pk: direction != Direction.LOWER for pk, direction in kpis.values_list("pk", "direction")
    }


def kpi_names(*, tenant: Tenant) -> dict[int, tuple[str, str]]:
    """Each active KPI's names, in French and in English (the recommendations' reasons)."""
    kpis = KpiDefinition.objects.filter(tenant=tenant, is_active=True)
    return {pk: (fr, en or fr) for pk, fr, en in kpis.values_list("pk", "name_fr", "name_en")}
