"""Facts the platform writes itself ("computed" KPIs): learning's completions and review days,
and later visit scores and assessment results. One mechanism for every app that has figures to
put beside the imported ones, so dashboards, challenges and labels read them like any KPI.

An app registers a *producer* (`register_fact_producer`, in its AppConfig.ready): its name, the
KPIs it owns (fixed, or per tenant from its `kpis_for(tenant=)`: learning's one per competence;
created per tenant on first use, `source=computed`, `producer=<name>`; head office
may rename them, never import into them) and, for a range of days, one SELECT per KPI giving the
facts (point of sale, person, date, value). The writer replaces the producer's facts of those
days with what the SELECTs give, set-based (the facts never pass through Python), and marks
dirty the months whose facts changed, so the nightly aggregation, which comes after, rolls them
up. The SELECTs' facts are staged in a temporary table and compared with those written: only the
facts that differ are deleted and inserted, and only their months are marked. A night rewrites
a month or more of days whose facts, but for the last day's, are nearly always the same; marking
them all made the aggregation recompute every one of those months (and their years) at every
level, people's included, each night. A full rewrite (`full=True`) deletes and inserts the whole
range and marks it all. Writing the same range twice gives the same facts (idempotent); a
run is one transaction per tenant and producer, so a run that dies changes nothing and the next
one does its work again.

The nightly step (`computed_facts_step`, before the aggregation) rewrites, for each producer,
the days its data changed since its last run (the producer says from which day), and always
the last `TRAILING_DAYS` (what leaves no trace, a deletion or a person moved, is caught there);
`full=True` (the `compute_kpi_facts --full` command) rewrites everything from its first day.

Facts follow KpiFact's rule: a producer writes either a point of sale's totals or their
breakdown by person for a KPI, never both.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Min, QuerySet
from django.utils import timezone

from network_animation.data_versions import data_changed
from network_animation.jobs import JobProgress
from network_animation.models import Tenant

from ..aggregation.sql.run import BATCH_SETTINGS
from ..cache import KPI_DEFINITIONS
from ..models import Aggregation, ComputedFactsRun, Direction, KpiDefinition, KpiFact, Source
from .dirty import months_between, months_mark_dirty

logger = logging.getLogger(__name__)

LOCK_NAMESPACE = 7_302
TRAILING_DAYS = 31
# The days of the range being written, one row each, for producers that count days (a person's
# working days): a temporary table, dropped at the end of the transaction's work.
DAYS_TABLE = "computed_kpi_days"
# The columns every producer's SELECT names (as aliases): the writer adds the tenant and the KPI.
FACT_COLUMNS = ("fact_point_of_sale", "fact_person", "fact_date", "fact_value")


@dataclass(frozen=True)
class ComputedKpi:
    """A KPI a producer owns; a ratio names two of the same producer's KPIs by their codes."""

    code: str
    name_fr: str
    name_en: str
    unit: str = ""
    family: str = ""
    aggregation: str = Aggregation.SUM
    numerator: str = ""
    denominator: str = ""
    multiplier: float = 1.0
    decimals: int = 0
    direction: str = Direction.HIGHER
    # Whether the KPI is created active (on every dashboard). A producer with many KPIs per
    # tenant creates them inactive: head office turns on those it wants shown.
    active: bool = True


@dataclass(frozen=True)
class FactQuery:
    """The facts of one KPI over the range: an SQL SELECT whose columns are FACT_COLUMNS (a
    queryset's compiled SQL, or reviewed raw SQL), with its parameters."""

    kpi: str
    sql: str
    params: Sequence[Any] = ()

    @classmethod
    def of(cls, kpi: str, queryset: QuerySet[Any]) -> "FactQuery":
        sql, params = queryset.query.sql_with_params()
        return cls(kpi, sql, params)


@dataclass(frozen=True)
class FactRange:
    """The days a run writes, both included, and the day it runs (producers write nothing
    after `today`)."""

    start: dt.date
    end: dt.date
    today: dt.date


class FactProducer(Protocol):
    name: str
    kpis: tuple[ComputedKpi, ...]

    def fact_queries(self, *, tenant: Tenant, days: FactRange) -> list[FactQuery]:
        """One SELECT per KPI with facts, within the range (it may read `DAYS_TABLE`)."""
        ...

    def changed_since(self, *, tenant: Tenant, since: dt.datetime) -> dt.date | None:
        """The first day whose facts may differ from the last run's, for changes made since."""
        ...

    def first_day(self, *, tenant: Tenant) -> dt.date | None:
        """The first day the producer could have a fact on (None: no data at all)."""
        ...


PRODUCERS: dict[str, FactProducer] = {}


def producer_kpis(producer: FactProducer, tenant: Tenant) -> tuple[ComputedKpi, ...]:
    """The producer's KPIs for this tenant: its `kpis`, or, for a producer whose KPIs follow the
    tenant's own data (one per competence of its framework), what its `kpis_for` answers."""
    kpis_for = getattr(producer, "kpis_for", None)
    return tuple(kpis_for(tenant=tenant)) if kpis_for is not None else producer.kpis


def register_fact_producer(producer: FactProducer) -> None:
    PRODUCERS.setdefault(producer.name, producer)


@dataclass
class WriteResult:
    start: dt.date | None = None
    end: dt.date | None = None
    facts: int = 0
    months: int = 0
    skipped_codes: list[str] = field(default_factory=list)


def computed_kpis_ensure(*, tenant: Tenant, producer: FactProducer) -> dict[str, KpiDefinition]:
    """The producer's KPIs of this tenant, by code, created when missing (parts before their
    ratios). A code the tenant already uses for a KPI of its own is left alone and skipped."""
    specs = producer_kpis(producer, tenant)
    existing = {
        kpi.code: kpi
        for kpi in KpiDefinition.objects.filter(
            tenant=tenant, code__in=[spec.code for spec in specs]
        )
    }
    owned: dict[str, KpiDefinition] = {}
    created = False
    for spec in sorted(specs, key=lambda spec: spec.aggregation == Aggregation.RATIO):
        kpi = existing.get(spec.code)
        if kpi is None:
            kpi = _created(tenant, producer.name, spec, owned)
            created = created or kpi is not None
        if kpi is not None and kpi.producer == producer.name:
            owned[spec.code] = kpi
    if created:
        data_changed(tenant=tenant, kinds=[KPI_DEFINITIONS])
    return owned


def _created(
    tenant: Tenant, producer: str, spec: ComputedKpi, owned: Mapping[str, KpiDefinition]
) -> KpiDefinition | None:
    parts = (owned.get(spec.numerator), owned.get(spec.denominator))
    if spec.aggregation == Aggregation.RATIO and None in parts:
        return None  # a part's code is taken by one of the tenant's own KPIs
    return KpiDefinition.objects.create(
        tenant=tenant,
        code=spec.code,
        name_fr=spec.name_fr,
        name_en=spec.name_en,
        unit=spec.unit,
        family=spec.family,
        aggregation=spec.aggregation,
        numerator=parts[0],
        denominator=parts[1],
        multiplier=spec.multiplier,
        decimals=spec.decimals,
        direction=spec.direction,
        is_active=spec.active,
        source=Source.COMPUTED,
        producer=producer,
        position=100,
    )


def computed_facts_write(
    *, tenant: Tenant, producer: FactProducer, start: dt.date, end: dt.date, today: dt.date
) -> WriteResult:
    """Replace the producer's facts from `start` to `end` (included) with those its queries
    give now, and mark dirty the months whose facts changed; one transaction. Call it inside the
    tenant's scope."""
    with transaction.atomic():
        _lock(tenant)
        owned = computed_kpis_ensure(tenant=tenant, producer=producer)
        return _write(tenant, producer, owned, FactRange(start, end, today))


def _write(
    tenant: Tenant,
    producer: FactProducer,
    owned: dict[str, KpiDefinition],
    days: FactRange,
    *,
    full: bool = False,
) -> WriteResult:
    """The range's facts as the producer's queries give them: all of them deleted and inserted
    again when `full`, else only those that differ (see the module's docstring)."""
    written = {code: kpi.pk for code, kpi in owned.items() if kpi.is_platform_written}
    result = WriteResult(start=days.start, end=days.end)
    codes = {spec.code for spec in producer_kpis(producer, tenant)}
    result.skipped_codes = sorted(codes - owned.keys())
    queries = [
        (written[query.kpi], query)
        for query in producer.fact_queries(tenant=tenant, days=days)
        if query.kpi in written
    ]
    with connection.cursor() as cursor:
        _tune(cursor)
        # Created inside the run's transaction: a failure rolls its creation back with the rest
        # (a DROP in a `finally` would fail in PostgreSQL's aborted transaction and hide why).
        _days_table_fill(cursor, days)
        if full:
            KpiFact.objects.filter(
                tenant=tenant,
                kpi_id__in=written.values(),
                date__gte=days.start,
                date__lte=days.end,
            ).delete()
            for kpi_id, query in queries:
                result.facts += _insert(cursor, tenant, kpi_id, query)
            if connection.vendor == "postgresql":
                # Up to date statistics for the nights that follow (as the aggregation keeps
                # its rollups' after a full rebuild): planned with those of before a first run,
                # which knew no facts with a person, the aggregation read every person's fact
                # of the table for each month it recomputed.
                cursor.execute("ANALYZE kpis_kpifact")
            range_months = months_between(days.start, days.end)
            months = {(kpi_id, month) for kpi_id in written.values() for month in range_months}
        else:
            changed = _replace_changed(cursor, tenant, list(written.values()), queries, days)
            result.facts, months = changed.written, changed.months
        cursor.execute(f"DROP TABLE {DAYS_TABLE}")
    result.months = months_mark_dirty(tenant=tenant, months=months)
    return result


# Composed from this module's constants and a compiled or reviewed SELECT; values are parameters.
INSERT = (
    "INSERT INTO kpis_kpifact (tenant_id, point_of_sale_id, person_id, kpi_id, date, value)"
    " SELECT %s, q.fact_point_of_sale, q.fact_person, %s, q.fact_date, q.fact_value"
    " FROM ({select}) q"
)


def _insert(cursor: CursorWrapper, tenant: Tenant, kpi_id: int, query: FactQuery) -> int:
    cursor.execute(INSERT.format(select=query.sql), [tenant.pk, kpi_id, *query.params])
    return max(cursor.rowcount, 0)


# The facts the queries give now, staged to be compared with those written. `person_key` as in
# KpiFact (no person: 0), so a fact is found by the facts' unique key.
STAGED, CHANGED = "computed_kpi_staged", "computed_kpi_changed"
STAGED_CREATE = """
CREATE TEMPORARY TABLE computed_kpi_staged (
    kpi_id bigint NOT NULL, point_of_sale_id bigint NOT NULL, person_id bigint NULL,
    person_key bigint NOT NULL, date date NOT NULL, value double precision NOT NULL
)"""
STAGE = """
INSERT INTO computed_kpi_staged (kpi_id, point_of_sale_id, person_id, person_key, date, value)
SELECT %s, q.fact_point_of_sale, q.fact_person, COALESCE(q.fact_person, 0), q.fact_date,
    q.fact_value
FROM ({select}) q"""
# The facts that differ between those written in the range and those staged, by the facts'
# unique key: gone (`written` only), new (`staged` only), or with another value (both). One
# join of the two on the whole key; an anti-join each way let PostgreSQL merge on the KPI alone.
CHANGED_CREATE = """
CREATE TEMPORARY TABLE computed_kpi_changed AS
SELECT COALESCE(s.kpi_id, f.kpi_id) AS kpi_id, COALESCE(s.date, f.date) AS date,
    COALESCE(s.point_of_sale_id, f.point_of_sale_id) AS point_of_sale_id,
    COALESCE(s.person_key, f.person_key) AS person_key,
    f.kpi_id IS NOT NULL AS written, s.kpi_id IS NOT NULL AS staged
FROM (
    SELECT kpi_id, date, point_of_sale_id, person_key, value FROM kpis_kpifact
    WHERE tenant_id = %s AND kpi_id IN ({kpis}) AND date >= %s AND date <= %s
) f
FULL JOIN computed_kpi_staged s ON s.kpi_id = f.kpi_id AND s.date = f.date
    AND s.point_of_sale_id = f.point_of_sale_id AND s.person_key = f.person_key
WHERE s.value IS DISTINCT FROM f.value"""
CHANGED_DAYS = "SELECT DISTINCT kpi_id, date FROM computed_kpi_changed"
DELETE_CHANGED = """
DELETE FROM kpis_kpifact
WHERE tenant_id = %s AND (kpi_id, date, point_of_sale_id, person_key) IN (
    SELECT kpi_id, date, point_of_sale_id, person_key FROM computed_kpi_changed WHERE written
)"""
INSERT_CHANGED = """
INSERT INTO kpis_kpifact (tenant_id, point_of_sale_id, person_id, kpi_id, date, value)
SELECT %s, s.point_of_sale_id, s.person_id, s.kpi_id, s.date, s.value FROM computed_kpi_staged s
WHERE (s.kpi_id, s.date, s.point_of_sale_id, s.person_key) IN (
    SELECT kpi_id, date, point_of_sale_id, person_key FROM computed_kpi_changed WHERE staged
)"""


@dataclass
class Changed:
    written: int = 0  # facts inserted: new, or with a new value
    days: set[tuple[int, dt.date]] = field(default_factory=set)  # (KPI id, day) of any change

    @property
    def months(self) -> set[tuple[int, dt.date]]:
        return {(kpi_id, day.replace(day=1)) for kpi_id, day in self.days}


def _replace_changed(
    cursor: CursorWrapper,
    tenant: Tenant,
    kpi_ids: list[int],
    queries: list[tuple[int, FactQuery]],
    days: FactRange,
) -> Changed:
    """Stage the queries' facts, delete the written ones that differ or are gone, insert the
    staged ones that are new or differ; answer how many were inserted and which days changed."""
    changed = Changed()
    if not kpi_ids:
        return changed
    for table in (STAGED, CHANGED):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")  # a constant name
    cursor.execute(STAGED_CREATE)
    for kpi_id, query in queries:
        cursor.execute(STAGE.format(select=query.sql), [kpi_id, *query.params])
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {STAGED}")
    marks = ", ".join(["%s"] * len(kpi_ids))
    cursor.execute(CHANGED_CREATE.format(kpis=marks), [tenant.pk, *kpi_ids, days.start, days.end])
    cursor.execute(CHANGED_DAYS)
    changed.days = {(kpi_id, _day(day)) for kpi_id, day in cursor.fetchall()}
    if changed.days:
        cursor.execute(DELETE_CHANGED, [tenant.pk])
        cursor.execute(INSERT_CHANGED, [tenant.pk])
        changed.written = max(cursor.rowcount, 0)
    for table in (STAGED, CHANGED):
        cursor.execute(f"DROP TABLE {table}")  # a constant name
    return changed


def _day(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _days_table_fill(cursor: CursorWrapper, days: FactRange) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {DAYS_TABLE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {DAYS_TABLE} (day date PRIMARY KEY, weekday smallint NOT NULL)"
    )
    count = (days.end - days.start).days + 1
    every_day = (days.start + dt.timedelta(days=n) for n in range(count))
    rows = [(day.isoformat(), day.weekday()) for day in every_day]
    cursor.executemany(f"INSERT INTO {DAYS_TABLE} (day, weekday) VALUES (%s, %s)", rows)  # noqa: S608  # a constant name
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {DAYS_TABLE}")


def _tune(cursor: CursorWrapper) -> None:
    """The aggregation's settings for this transaction: the producers' window functions and
    distinct days sort in memory rather than on disk."""
    if connection.vendor == "postgresql":
        for setting in BATCH_SETTINGS:
            cursor.execute(setting)


def _lock(tenant: Tenant) -> None:
    """One writer of computed facts per tenant at a time, from before it creates the KPIs
    (PostgreSQL; SQLite locks the file)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, tenant.pk])


def computed_facts_refresh(
    *, tenant: Tenant, producer: FactProducer, full: bool = False, now: dt.datetime | None = None
) -> WriteResult:
    """Rewrite the days the producer's data changed since its last run (every day with
    `full`, or on its first run), and move its mark forward, in one transaction."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        _lock(tenant)
        owned = computed_kpis_ensure(tenant=tenant, producer=producer)
        run = (
            ComputedFactsRun.objects.select_for_update()
            .filter(tenant=tenant, producer=producer.name)
            .first()
        )
        start = _first_day_to_write(tenant, producer, owned, run, full=full, today=today)
        result = WriteResult()
        if start is not None and start <= today:
            days = FactRange(start, today, today)
            result = _write(tenant, producer, owned, days, full=full or run is None)
        ComputedFactsRun.objects.update_or_create(
            tenant=tenant, producer=producer.name, defaults={"changes_until": now}
        )
    return result


def _first_day_to_write(
    tenant: Tenant,
    producer: FactProducer,
    owned: dict[str, KpiDefinition],
    run: ComputedFactsRun | None,
    *,
    full: bool,
    today: dt.date,
) -> dt.date | None:
    if full or run is None:
        return _earliest(
            [producer.first_day(tenant=tenant), _first_fact_day(tenant, owned.values())]
        )
    changed = producer.changed_since(tenant=tenant, since=run.changes_until)
    return _earliest([changed, today - dt.timedelta(days=TRAILING_DAYS)])


def _earliest(days: Iterable[dt.date | None]) -> dt.date | None:
    known = [day for day in days if day is not None]
    return min(known) if known else None


def _first_fact_day(tenant: Tenant, kpis: Iterable[KpiDefinition]) -> dt.date | None:
    """The first day with a fact already written (a full rewrite deletes them all)."""
    ids = [kpi.pk for kpi in kpis if kpi.is_platform_written]
    first: dt.date | None = (
        KpiFact.objects.filter(tenant=tenant, kpi_id__in=ids).aggregate(first=Min("date"))["first"]
        if ids
        else None
    )
    return first


def _applies(producer: FactProducer, tenant: Tenant) -> bool:
    """A producer may say it has nothing for a tenant yet (`applies_to`): its KPIs are then
    not created there by the night (visits' KPIs come with the tenant's first visit grid)."""
    applies_to = getattr(producer, "applies_to", None)
    return applies_to is None or bool(applies_to(tenant=tenant))


def computed_facts_step(*, tenant: Tenant, progress: JobProgress) -> None:
    """The nightly chain's step (before the aggregation): every producer, incrementally."""
    for producer in PRODUCERS.values():
        if not _applies(producer, tenant):
            continue
        result = computed_facts_refresh(tenant=tenant, producer=producer)
        progress.add(f"{producer.name}_facts", result.facts)
        progress.add(f"{producer.name}_months", result.months)
        if result.skipped_codes:
            logger.warning(
                "computed KPIs %s of %s skipped for tenant %s: their codes are taken",
                result.skipped_codes,
                producer.name,
                tenant.pk,
            )
