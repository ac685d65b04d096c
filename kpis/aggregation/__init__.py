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
from django.utils import timezone

from network_animation.jobs import JobProgress
from network_animation.models import Tenant

from ..cache import rollups_changed
from ..models import Aggregation, KpiDefinition, KpiRollup
from ..services.dirty import months_between, months_mark_dirty
from . import statements as sql

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
        cursor.execute(sql.LAST_DIRTY_ID, params)
        last = cursor.fetchone()[0]
        if last is None:
            if full:  # no facts at all: no rollups either
                cursor.execute(sql.DELETE_ALL, params)
            return RefreshResult(months=0, periods=0, rollups=0)
        params["last"] = last
        cursor.execute(sql.CLAIMED_MONTHS, params)
        months = [(kpi_id, _as_date(start)) for kpi_id, start in cursor.fetchall()]
        work = work_periods(months, kpis=kpis)
        _fill_work_tables(cursor, work)
        try:
            _data_through(cursor, params)
            for statement in _rollup_statements(connection.vendor, full=full):
                cursor.execute(statement, params)
        finally:
            for table in (sql.WORK, sql.PARTS, sql.NEW, sql.YEAR_MONTHS, sql.TARGETS):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(sql.RELEASE_CLAIMED, params)
    rollups_changed(tenant)
    rollups = KpiRollup.objects.filter(tenant=tenant).count()
    return RefreshResult(months=len(months), periods=len(work), rollups=rollups)


def _rollup_statements(vendor: str, *, full: bool) -> list[str]:
    """The targets first, then months from the facts and years from the months (each row with
    its target), the upper levels, and everything written to the rollup table at once. A full
    rebuild on PostgreSQL reads all the facts in one scan; a nightly run probes its few months
    (see statements.PROBE)."""
    reading = sql.SCAN if full and vendor == "postgresql" else sql.PROBE
    return [
        sql.CREATE_TARGETS,
        *sql.TARGET_RULES,
        sql.ANALYZE_TARGETS,
        *sql.months_from_facts(reading),
        sql.ANALYZE_NEW,
        sql.CREATE_YEAR_MONTHS,
        *([] if full else [sql.KEPT_YEAR_MONTHS]),
        sql.ANALYZE_YEAR_MONTHS,
        *sql.years_from_months(vendor),
        *sql.UPPER_LEVELS,
        sql.ANALYZE_NEW,
        sql.EXPLICIT_TARGETS_UPPER,
        *([sql.FULL_BEFORE_WRITE[vendor]] if full and vendor in sql.FULL_BEFORE_WRITE else []),
        sql.WRITE_NEW,
        sql.BEFORE_UNWRITTEN[vendor],
        sql.DELETE_ALL_UNWRITTEN if full else sql.DELETE_UNWRITTEN,
    ]


def _tune(cursor) -> None:
    """PostgreSQL settings for this transaction: a batch job of a few big statements.

    Sorts and hash tables of hundreds of thousands of rows stay in memory instead of spilling to
    disk in batches, and no statement pays just-in-time compilation (about 0.7 s each, for
    statements that are I/O- and sort-bound)."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")


def _mark_every_month_dirty(cursor, tenant: Tenant, kpis: list[KpiDefinition]) -> None:
    """Every month from each KPI's first fact to its last (a month without facts gives no
    rollups), found by two probes of the facts' index per KPI."""
    months: list[tuple[int, dt.date]] = []
    for kpi in kpis:
        cursor.execute(sql.FACT_RANGE, {"tenant": tenant.pk, "kpi": kpi.pk})
        first, last = cursor.fetchone()
        if first is not None:
            months += [(kpi.pk, m) for m in months_between(_as_date(first), _as_date(last))]
    months_mark_dirty(tenant=tenant, months=months)


def _lock(cursor, tenant: Tenant) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, tenant.pk])


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
    work: dict[tuple[int, str, dt.date], WorkPeriod] = {}
    for kpi_id, month in sorted(dirty):
        kpi, year = by_id[kpi_id], month.replace(month=1)
        quarter = month.replace(month=(month.month - 1) // 3 * 3 + 1)
        work[(kpi_id, "month", month)] = WorkPeriod(
            kpi, "month", month, _next_month(month), quarter, year
        )
        work[(kpi_id, "year", year)] = WorkPeriod(
            kpi, "year", year, year.replace(year=year.year + 1), None, year
        )
    return list(work.values())


def _fill_work_tables(cursor, work: list[WorkPeriod]) -> None:
    tables = ((sql.WORK, sql.CREATE_WORK), (sql.PARTS, sql.CREATE_PARTS), (sql.NEW, sql.CREATE_NEW))
    for table, create in tables:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(create)
    cursor.executemany(
        sql.INSERT_WORK,
        [
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
            for index, p in enumerate(work, start=1)
        ],
    )
    kpis = {p.kpi.pk: p.kpi for p in work}
    parts = []
    for kpi in kpis.values():
        if kpi.aggregation == Aggregation.RATIO:
            parts += [(kpi.pk, kpi.numerator_id, "num"), (kpi.pk, kpi.denominator_id, "den")]
        else:
            parts.append((kpi.pk, kpi.pk, "value"))
    cursor.executemany(sql.INSERT_PART, parts)
    # Temporary tables have no statistics until analysed: without them PostgreSQL plans the
    # joins on the work periods blindly.
    cursor.execute(f"ANALYZE {sql.WORK}")
    cursor.execute(f"ANALYZE {sql.PARTS}")


def _data_through(cursor, params: dict) -> None:
    cursor.execute(f"SELECT id, period_start FROM {sql.WORK}")  # noqa: S608  # a constant
    starts = {work_id: _as_date(start) for work_id, start in cursor.fetchall()}
    cursor.execute(sql.DATA_THROUGH, params)
    through = [(work_id, _as_date(last)) for work_id, last in cursor.fetchall()]
    cursor.executemany(
        sql.SET_DATA_THROUGH,
        [(last, (last - starts[work_id]).days + 1, work_id) for work_id, last in through],
    )


def kpi_aggregation_step(*, tenant: Tenant, progress: JobProgress) -> None:
    """The nightly chain's step (network_animation.jobs): the incremental refresh."""
    result = kpi_rollups_refresh(tenant=tenant)
    progress.add("dirty_months", result.months)
    progress.add("periods", result.periods)
    progress.add("rollups", result.rollups)
