"""Marking months for the incremental aggregation when something else than facts changes.

The fact loader marks the months whose facts change; these mark the months whose rollups change
because an objective or a KPI's definition did. The aggregation then recomputes each of them (and
its year) from scratch, so marking too much costs a little time and never gives a wrong result.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import connection
from django.db.models import DateField, DateTimeField, IntegerField, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from network_animation.models import Tenant

from ..models import KpiDefinition, KpiDirtyMonth, KpiFact, Period

MONTHS_IN: dict[str, int] = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}

ObjectivePeriod = tuple[int, str, dt.date]  # (KPI id, period, first day of the period)


def months_from(start: dt.date, count: int) -> list[dt.date]:
    """The first day of `count` months in a row, from `start`'s month."""
    first = start.year * 12 + start.month - 1
    return [dt.date(index // 12, index % 12 + 1, 1) for index in range(first, first + count)]


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of each month from `first`'s to `last`'s, both included."""
    return months_from(first, (last.year - first.year) * 12 + last.month - first.month + 1)


def months_of_period(period: str, start: dt.date) -> list[dt.date]:
    """The first day of each month an objective's period covers."""
    return months_from(start, MONTHS_IN[period])


def months_mark_dirty(*, tenant: Tenant, months: Iterable[tuple[int, dt.date]]) -> int:
    """Mark these (KPI id, first day of the month) pairs for the next aggregation."""
    distinct = sorted(set(months))
    now = timezone.now()
    KpiDirtyMonth.objects.bulk_create(
        [
            KpiDirtyMonth(tenant=tenant, kpi_id=kpi_id, month_start=month, created_at=now)
            for kpi_id, month in distinct
        ]
    )
    return len(distinct)


def objective_months_mark_dirty(*, tenant: Tenant, periods: Iterable[ObjectivePeriod]) -> int:
    """Mark every month of these objectives' periods: a month's target may come from its quarter
    or its year, and a year's from its months; recomputing a month recomputes its year."""
    return months_mark_dirty(
        tenant=tenant,
        months=(
            (kpi_id, month)
            for kpi_id, period, start in periods
            for month in months_of_period(period, start)
        ),
    )


def kpi_months_mark_dirty(
    *, tenant: Tenant, kpi: KpiDefinition, fact_kpi_ids: Iterable[int]
) -> int:
    """Mark, for `kpi`, every month with facts of `fact_kpi_ids` (itself, or a ratio's parts old
    and new), in one INSERT ... SELECT: the facts never leave the database."""
    months = (
        KpiFact.objects.filter(tenant=tenant, kpi_id__in=list(fact_kpi_ids))
        .order_by()
        .annotate(
            dirty_tenant=Value(tenant.pk, output_field=IntegerField()),
            dirty_kpi=Value(kpi.pk, output_field=IntegerField()),
            dirty_month=TruncMonth("date", output_field=DateField()),
            dirty_at=Value(timezone.now(), output_field=DateTimeField()),
        )
        .values_list("dirty_tenant", "dirty_kpi", "dirty_month", "dirty_at")
        .distinct()
    )
    select, params = months.query.sql_with_params()
    table = KpiDirtyMonth._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (tenant_id, kpi_id, month_start, created_at) {select}",  # noqa: S608  # a compiled ORM query; values are parameters
            params,
        )
        return max(cursor.rowcount, 0)
