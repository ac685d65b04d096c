"""The nightly KPI aggregation: rollups recomputed from the facts, by set-based SQL.

Incremental by default: the import marks each (KPI, month) whose facts changed as dirty, and a
run recomputes those months from all their facts (never patched with deltas) and their years
from their months, so a late correction, a re-run or a run after a crash gives the same
rollups. `full=True` marks every month with facts dirty and starts from empty rollups: the same
statements (but for how the facts are read), the same result.

One transaction per run: a run that dies leaves the rollups and the dirty months as they were.
On PostgreSQL an advisory lock keeps two runs of one tenant from overlapping.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import F, Q
from django.utils import timezone

from network_animation.data_versions import data_changed
from network_animation.jobs import JobProgress
from network_animation.models import Tenant

from ..cache import ROLLUPS
from ..models import Aggregation, KpiDefinition, KpiRollup, RollupLevel, RollupPeriod
from ..services.dirty import months_between, months_mark_dirty
from . import sql

LOCK_NAMESPACE = 7_301


@dataclass(frozen=True)
class WorkPeriod:
    kpi: KpiDefinition
    period: str
    start: dt.date
    end: dt.date
    quarter_start: dt.date | None
    year_start: dt.date


@dataclass(frozen=True)
class RefreshResult:
    months: int
    periods: int
    rollups: int


def kpi_rollups_refresh(*, tenant: Tenant, full: bool = False) -> RefreshResult:
    """Recompute the rollups of every dirty month (every month with `full`) of one tenant."""
    params: dict[str, Any] = {"tenant": tenant.pk, "now": timezone.now()}
    kpis = list(KpiDefinition.objects.filter(tenant=tenant))
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor, tenant)
        _tune(cursor)
        if full:
            _mark_every_month_dirty(cursor, tenant, kpis)
        cursor.execute(sql.statement(sql.run.LAST_DIRTY_ID), params)
        last = cursor.fetchone()[0]
        if last is None:
            if full:  # no facts at all: no rollups either
                cursor.execute(sql.statement(sql.run.DELETE_ALL), params)
                data_changed(tenant=tenant, kinds=[ROLLUPS])
            return RefreshResult(months=0, periods=0, rollups=0)
        params["last"] = last
        claimed = _claimed_months(cursor, params)
        periods = work_periods(claimed, kpis=kpis)
        params["brand_through"] = _brand_through(cursor, params)
        _recompute(cursor, periods, params, full=full)
        _close_passed_periods(tenant, params)
        cursor.execute(sql.statement(sql.run.RELEASE_CLAIMED), params)
        if full and connection.vendor == "postgresql":
            cursor.execute(sql.statement(sql.run.ANALYZE_ROLLUPS))
    data_changed(tenant=tenant, kinds=[ROLLUPS])
    rollups = KpiRollup.objects.filter(tenant=tenant).count()
    return RefreshResult(months=len(claimed), periods=len(periods), rollups=rollups)


def _claimed_months(cursor: CursorWrapper, params: dict[str, Any]) -> list[tuple[int, dt.date]]:
    cursor.execute(sql.statement(sql.run.CLAIMED_MONTHS), params)
    return [(kpi_id, _as_date(start)) for kpi_id, start in cursor.fetchall()]


def _recompute(
    cursor: CursorWrapper, periods: list[WorkPeriod], params: dict[str, Any], *, full: bool
) -> None:
    """The rollups of the work periods, computed in the run's temporary tables and written."""
    _fill_work_tables(cursor, periods)
    try:
        _data_through(cursor, params)
        for query in _rollup_statements(connection.vendor, full=full):
            cursor.execute(query, params)
    finally:
        for query in sql.work.dropped():
            cursor.execute(query)


def _rollup_statements(vendor: str, *, full: bool) -> list[str]:
    """The targets first, then months from the facts and years from the months (each row with
    its target), the upper levels, and everything written to the rollup table at once. A full
    rebuild on PostgreSQL reads all the facts in one scan; a nightly run probes its few months
    (see sql.months)."""
    if vendor == "postgresql":
        reading = sql.months.SCAN if full else sql.months.LATERAL
    else:
        reading = sql.months.PROBE
    return [
        *sql.targets.statements(vendor),
        *sql.months.statements(reading),
        *sql.years.statements(vendor, kept=not full),
        *sql.upper_levels.statements(),
        *sql.write.statements(vendor, full=full),
    ]


def _tune(cursor: CursorWrapper) -> None:
    """PostgreSQL settings for this transaction (see sql.run.BATCH_SETTINGS)."""
    if connection.vendor == "postgresql":
        for setting in sql.run.BATCH_SETTINGS:
            cursor.execute(setting)


def _mark_every_month_dirty(
    cursor: CursorWrapper, tenant: Tenant, kpis: list[KpiDefinition]
) -> None:
    """Every month from each KPI's first fact to its last (a month without facts gives no
    rollups), found by two probes of the facts' index per KPI."""
    dirty: list[tuple[int, dt.date]] = []
    for kpi in kpis:
        cursor.execute(sql.statement(sql.run.FACT_RANGE), {"tenant": tenant.pk, "kpi": kpi.pk})
        first, last = cursor.fetchone()
        if first is not None:
            dirty += [(kpi.pk, m) for m in months_between(_as_date(first), _as_date(last))]
    months_mark_dirty(tenant=tenant, months=dirty)


def _lock(cursor: CursorWrapper, tenant: Tenant) -> None:
    if connection.vendor == "postgresql":
        cursor.execute(sql.run.LOCK, [LOCK_NAMESPACE, tenant.pk])


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def work_periods(
    months: list[tuple[int, dt.date]], *, kpis: list[KpiDefinition]
) -> list[WorkPeriod]:
    """The months and years to recompute: each dirty month, its year, and the same periods of
    the ratios that the dirty KPI is a part of. Periods, not facts: a few hundred at most."""
    by_id = {kpi.pk: kpi for kpi in kpis}
    dirty = set(months)
    for kpi in kpis:
        if kpi.aggregation == Aggregation.RATIO:
            dirty |= {
                (kpi.pk, month)
                for part, month in months
                if part in (kpi.numerator_id, kpi.denominator_id)
            }
    periods: dict[tuple[int, str, dt.date], WorkPeriod] = {}
    for kpi_id, month in sorted(dirty):
        kpi, year = by_id[kpi_id], month.replace(month=1)
        quarter = month.replace(month=(month.month - 1) // 3 * 3 + 1)
        periods[(kpi_id, "month", month)] = WorkPeriod(
            kpi, "month", month, _next_month(month), quarter, year
        )
        periods[(kpi_id, "year", year)] = WorkPeriod(
            kpi, "year", year, year.replace(year=year.year + 1), None, year
        )
    return list(periods.values())


def _fill_work_tables(cursor: CursorWrapper, periods: list[WorkPeriod]) -> None:
    for query in sql.work.created():
        cursor.execute(query)
    cursor.executemany(sql.statement(sql.work.INSERT_WORK), _work_rows(periods))
    cursor.executemany(sql.statement(sql.work.INSERT_PART), _part_rows(periods))
    for query in sql.work.analysed():
        cursor.execute(query)


def _work_rows(periods: list[WorkPeriod]) -> list[tuple[Any, ...]]:
    return [
        (
            index,
            p.kpi.pk,
            p.period,
            p.start,
            p.end,
            p.quarter_start,
            p.year_start,
            (p.end - p.start).days,
            p.kpi.aggregation,
            p.kpi.direction,
            p.kpi.multiplier,
        )
        for index, p in enumerate(periods, start=1)
    ]


def _part_rows(periods: list[WorkPeriod]) -> list[tuple[int, int | None, str]]:
    """The KPIs whose facts each period's KPI reads: its own, or a ratio's two parts."""
    parts: list[tuple[int, int | None, str]] = []
    for kpi in {p.kpi.pk: p.kpi for p in periods}.values():
        if kpi.aggregation == Aggregation.RATIO:
            parts += [(kpi.pk, kpi.numerator_id, "num"), (kpi.pk, kpi.denominator_id, "den")]
        else:
            parts.append((kpi.pk, kpi.pk, "value"))
    return parts


def _brand_through(cursor: CursorWrapper, params: dict[str, Any]) -> dt.date | None:
    cursor.execute(sql.statement(sql.work.BRAND_THROUGH), params)
    last = cursor.fetchone()[0]
    return None if last is None else _as_date(last)


def _data_through(cursor: CursorWrapper, params: dict[str, Any]) -> None:
    """Each period's last day with facts and its days elapsed: all of its days once the brand's
    figures have passed its end, whatever day its own last fact fell on."""
    cursor.execute(sql.statement(sql.work.WORK_BOUNDS))
    bounds = {row[0]: (_as_date(row[1]), _as_date(row[2]), row[3]) for row in cursor.fetchall()}
    cursor.execute(sql.statement(sql.work.DATA_THROUGH), params)
    rows = []
    for work_id, last_day in cursor.fetchall():
        last = _as_date(last_day)
        start, end, days = bounds[work_id]
        over = params["brand_through"] is not None and end <= _next_day(params["brand_through"])
        rows.append((last, days if over else (last - start).days + 1, work_id))
    cursor.executemany(sql.statement(sql.work.SET_DATA_THROUGH), rows)


def _close_passed_periods(tenant: Tenant, params: dict[str, Any]) -> None:
    """Close the periods the brand's figures have now passed but this run did not recompute: a
    KPI with no facts on a month's last day kept the month running when that day's other
    figures came in the next night. Every row of a KPI's period shares its days elapsed, so the
    network's rows (a prefix of the unique index) tell which periods are still running."""
    if params["brand_through"] is None:
        return
    open_month = _next_day(params["brand_through"]).replace(day=1)
    passed = Q(period=RollupPeriod.MONTH, period_start__lt=open_month) | Q(
        period=RollupPeriod.YEAR, period_start__lt=open_month.replace(month=1)
    )
    running = KpiRollup.objects.filter(tenant=tenant, days_elapsed__lt=F("days_in_period"))
    stale = running.filter(passed, level=RollupLevel.NETWORK, scope_id=0)
    for kpi_id, period, start in stale.values_list("kpi_id", "period", "period_start"):
        running.filter(kpi_id=kpi_id, period=period, period_start=start).update(
            days_elapsed=F("days_in_period"), projection=F("value"), computed_at=params["now"]
        )


def _next_day(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1)


def kpi_aggregation_step(*, tenant: Tenant, progress: JobProgress) -> None:
    """The nightly chain's step (network_animation.jobs): the incremental refresh."""
    result = kpi_rollups_refresh(tenant=tenant)
    progress.add("dirty_months", result.months)
    progress.add("periods", result.periods)
    progress.add("rollups", result.rollups)
