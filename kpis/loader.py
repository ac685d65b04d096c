"""The bulk loader of KPI facts: a staging table, then one set-based merge. Never row by row.

The facts go into a temporary staging table (PostgreSQL: a binary COPY; SQLite: one
executemany), then one upsert into `kpis_kpifact` on its unique key. A fact sent again with the
same value is not rewritten, so the same file sent twice changes nothing. The upsert returns the
facts it wrote (new or changed), and exactly their (KPI, month) pairs are marked dirty for the
aggregation: no second pass over the fact table to find them.

On PostgreSQL most facts skip the upsert: those of a (KPI, day) with no fact yet (a new day, a
past year), found with one probe of the unique key per pair, are inserted plainly and their
months marked from the pairs. The upsert's probe and speculative insertion per fact were a
fifth of a batch. Should another import commit facts of those days meanwhile, the insertion
fails on the unique key, is taken back to its savepoint, and the whole batch is upserted.

Callers run this inside a transaction and a tenant scope (the merge writes under row-level
security on PostgreSQL).

The fact table's references carry no database constraint (one check per fact at commit was a
third of a day's import): on PostgreSQL the loader locks the batch's distinct points of sale,
KPIs and people once, `FOR KEY SHARE` (no one may delete them until the import commits, everyone
may still read and update them), and refuses the batch if one of them is gone. The other half of
the guarantee is on the referenced tables (migration 0009 of kpis): a deletion that waited for
the lock sees the import's facts at its commit and fails.
"""

# ruff: noqa: S608  # composed from this module's constants only; values are parameters
import datetime as dt
import io
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db import IntegrityError, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from network_animation.database_scope import database_scope_tell
from network_animation.models import Tenant
from network_animation.tabular import file_error

from . import errors
from .services.dirty import months_mark_dirty

STAGING = "kpi_fact_staging"

# `person_key` as in the fact table's unique key (0: no person), so no staged field is NULL.
# `fresh`: the fact's (KPI, day) had no fact yet when the batch was checked (PostgreSQL).
CREATE_STAGING = f"""
CREATE TEMPORARY TABLE {STAGING} (
    point_of_sale_id bigint NOT NULL, kpi_id bigint NOT NULL, person_key bigint NOT NULL,
    date date NOT NULL, value double precision NOT NULL, fresh boolean NOT NULL DEFAULT false
)"""

INSERT_STAGED = f"""
INSERT INTO kpis_kpifact (tenant_id, point_of_sale_id, person_id, kpi_id, date, value)
SELECT %(tenant)s, s.point_of_sale_id, NULLIF(s.person_key, 0), s.kpi_id, s.date, s.value
FROM {STAGING} s WHERE {{staged}}"""

# Rows whose value is unchanged fail the DO UPDATE condition: they are neither written nor
# returned.
ON_CONFLICT = """
ON CONFLICT (tenant_id, kpi_id, date, point_of_sale_id, person_key)
DO UPDATE SET value = excluded.value
WHERE kpis_kpifact.value <> excluded.value"""
# `WHERE true` keeps SQLite's parser from reading ON CONFLICT as a join constraint.
UPSERT = INSERT_STAGED.format(staged="true") + ON_CONFLICT

# The (KPI, day) pairs of the batch that already have facts of the tenant: one probe of the
# unique key (tenant, kpi, date, ...) per pair, a few dozen to a few hundred per batch.
TAKEN_DAYS = """
SELECT p.kpi_id, p.date FROM unnest(%(kpis)s::bigint[], %(dates)s::date[]) AS p(kpi_id, date)
WHERE EXISTS (SELECT FROM kpis_kpifact f
              WHERE f.tenant_id = %(tenant)s AND f.kpi_id = p.kpi_id AND f.date = p.date)"""

# The facts of days no fact of their KPI had: plain insertions, without the upsert's probe of
# the unique index and speculative insertion per fact (a fifth of a batch), and their
# months marked dirty from the few pairs, given. A fact of the same key imported meanwhile by
# someone else fails the insertion (the caller then upserts them all).
INSERT_FRESH_AND_MARK_DIRTY = f"""
WITH dirty AS (
    INSERT INTO kpis_kpidirtymonth (tenant_id, kpi_id, month_start, created_at)
    SELECT %(tenant)s, kpi_id, month_start, %(now)s
    FROM unnest(%(dirty_kpis)s::bigint[], %(dirty_months)s::date[]) AS m(kpi_id, month_start)
)
{INSERT_STAGED.format(staged="s.fresh")}"""

# PostgreSQL: the upsert of the other facts and the marking in one statement; the count is of
# facts written. The months are taken of the distinct (KPI, day) pairs, a few per batch, not of
# every fact written: truncating a date to its month goes through a time zone conversion.
UPSERT_AND_MARK_DIRTY = f"""
WITH written AS ({INSERT_STAGED.format(staged="NOT s.fresh")}{ON_CONFLICT} RETURNING kpi_id, date),
dirty AS (
    INSERT INTO kpis_kpidirtymonth (tenant_id, kpi_id, month_start, created_at)
    SELECT DISTINCT %(tenant)s, kpi_id, CAST(date_trunc('month', date) AS date), %(now)s
    FROM (SELECT DISTINCT kpi_id, date FROM written) AS written_days
)
SELECT count(*) FROM written"""

# COPY's binary format (PostgreSQL manual, "COPY", "Binary Format"): a signature, flags and
# header extension length; per row its field count, then each field's byte length and value in
# network byte order; a field count of -1 at the end. Dates count days from 2000-01-01.
COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
COPY_END = struct.pack("!h", -1)
POSTGRES_EPOCH = np.datetime64("2000-01-01", "D")
STAGED_FIELDS = [
    ("point_of_sale_id", ">i8"),
    ("kpi_id", ">i8"),
    ("person_key", ">i8"),
    ("date", ">i4"),
    ("value", ">f8"),
]
COPY_FIELDS = [*STAGED_FIELDS, ("fresh", "?")]
COPY_ROW = np.dtype(
    [("field_count", ">i2")]
    + [part for name, kind in COPY_FIELDS for part in ((f"{name}_length", ">i4"), (name, kind))]
)


# The referenced tables and the staged column that points at each (0: no person). Locked in id
# order, so two imports of overlapping batches queue rather than deadlock.
REFERENCES = (
    ("network_animation_pointofsale", "point_of_sale_id"),
    ("kpis_kpidefinition", "kpi_id"),
    ("network_animation_membership", "person_key"),
)
# One statement for the three tables: how many of each one's ids are there (and, PostgreSQL,
# now locked). SQLite has no arrays: its ids are written inline (integers from numpy only).
COUNTED = {
    "postgresql": """(SELECT count(*) FROM (
    SELECT id FROM {table} WHERE tenant_id = %(tenant)s AND id = ANY(%({name})s)
    ORDER BY id FOR KEY SHARE) AS locked)""",
    "sqlite": "(SELECT count(*) FROM {table} WHERE tenant_id = %(tenant)s AND id IN ({ids}))",
}


@dataclass(frozen=True)
class LoadResult:
    received: int
    written: int


def kpi_facts_load(*, tenant: Tenant, facts: pd.DataFrame) -> LoadResult:
    """Upsert facts (point_of_sale_id, kpi_id, person_id, date, value; ids already checked)
    for one tenant, and mark the months of the new or changed ones dirty."""
    if facts.empty:
        return LoadResult(received=0, written=0)
    staged = _staged_columns(facts)
    params: dict[str, Any] = {"tenant": tenant.pk, "now": timezone.now()}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(CREATE_STAGING)
        try:
            if connection.vendor == "postgresql":
                _lock_references(cursor, tenant, staged)
                written = _write(cursor, params, staged)
            else:
                _insert_rows(cursor, staged)
                written = _upsert_and_mark_dirty_sqlite(cursor, tenant, params)
                # SQLite lets one transaction write at a time, and this one now holds the write:
                # what it finds here stays until it commits (or the caller's transaction, which
                # a refusal leaves by an exception, takes the upsert back).
                _lock_references(cursor, tenant, staged)
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    return LoadResult(received=len(facts), written=written)


def _lock_references(cursor: CursorWrapper, tenant: Tenant, staged: dict[str, np.ndarray]) -> None:
    """Each distinct point of sale, KPI and person of the batch locked (one query), or
    ImportRejected if one was deleted since the batch was checked; the caller's transaction
    then writes nothing."""
    counted: list[str] = []
    expected: list[int] = []
    params: dict[str, Any] = {"tenant": tenant.pk}
    for table, column in REFERENCES:
        distinct = np.unique(staged[column])
        ids = [int(i) for i in distinct[distinct != 0]]
        if ids:
            ids_text = ", ".join(map(str, ids))
            counted.append(
                COUNTED[connection.vendor].format(table=table, name=column, ids=ids_text)
            )
            expected.append(len(ids))
            if connection.vendor == "postgresql":
                params[column] = ids
    cursor.execute(f"SELECT {', '.join(counted)}", params)
    if list(cursor.fetchone()) != expected:
        raise file_error(str(errors.REFERENCE_DELETED))


def _write(cursor: CursorWrapper, params: dict[str, Any], staged: dict[str, np.ndarray]) -> int:
    """Stage the facts, insert those of days their KPI had no fact of, upsert the others, mark
    the months of what was written dirty; the count written."""
    fresh, dirty_months = _fresh_facts(cursor, params, staged)
    _copy(cursor, {**staged, "fresh": fresh})
    written = 0
    if fresh.any():
        try:
            with transaction.atomic():
                cursor.execute(INSERT_FRESH_AND_MARK_DIRTY, {**params, **dirty_months})
                written = cursor.rowcount
        except IntegrityError:
            # A fact of the same key committed meanwhile: all of them go through the upsert
            # (any other error would come back from it).
            cursor.execute(f"UPDATE {STAGING} SET fresh = false")
            fresh[:] = False
    if not fresh.all():
        cursor.execute(UPSERT_AND_MARK_DIRTY, params)
        written += cursor.fetchone()[0]
    return written


def _fresh_facts(
    cursor: CursorWrapper, params: dict[str, Any], staged: dict[str, np.ndarray]
) -> tuple[np.ndarray, dict[str, list[Any]]]:
    """Whether each fact's (KPI, day) has no fact yet, and the (KPI, month) pairs of those."""
    kpi_codes, kpis = pd.factorize(staged["kpi_id"])
    day_codes, days = pd.factorize(staged["date"].view("int64"))
    per_fact, pairs = pd.factorize(kpi_codes * len(days) + day_codes)
    pair_kpis = kpis[pairs // len(days)].tolist()
    pair_days = days[pairs % len(days)].view("datetime64[D]").tolist()
    cursor.execute(TAKEN_DAYS, {**params, "kpis": pair_kpis, "dates": pair_days})
    taken = set(cursor.fetchall())
    fresh = [pair not in taken for pair in zip(pair_kpis, pair_days, strict=True)]
    months = sorted(
        {
            (kpi, day.replace(day=1))
            for kpi, day, new in zip(pair_kpis, pair_days, fresh, strict=True)
            if new
        }
    )
    dirty_months = {
        "dirty_kpis": [kpi for kpi, _month in months],
        "dirty_months": [month for _kpi, month in months],
    }
    return np.array(fresh, dtype=bool)[per_fact], dirty_months


def _staged_columns(facts: pd.DataFrame) -> dict[str, np.ndarray]:
    days = pd.to_datetime(facts["date"]).to_numpy().astype("datetime64[D]")
    return {
        "point_of_sale_id": facts["point_of_sale_id"].to_numpy(dtype="int64"),
        "kpi_id": facts["kpi_id"].to_numpy(dtype="int64"),
        "person_key": facts["person_id"].astype("Int64").fillna(0).to_numpy(dtype="int64"),
        "date": days,
        "value": facts["value"].to_numpy(dtype="float64"),
    }


def _copy(cursor: CursorWrapper, staged: dict[str, np.ndarray]) -> None:
    """One binary COPY: no text formatting of numbers and dates on either side."""
    fields = {**staged, "date": (staged["date"] - POSTGRES_EPOCH).astype("int64")}
    rows = np.empty(len(staged["value"]), dtype=COPY_ROW)
    rows["field_count"] = len(COPY_FIELDS)
    for name, kind in COPY_FIELDS:
        rows[f"{name}_length"] = np.dtype(kind).itemsize
        rows[name] = fields[name]
    content = io.BytesIO(COPY_SIGNATURE + rows.tobytes() + COPY_END)
    columns = ", ".join(name for name, _kind in COPY_FIELDS)
    database_scope_tell()  # COPY bypasses the execute wrapper that tells it
    cursor.copy_expert(f"COPY {STAGING} ({columns}) FROM STDIN WITH (FORMAT binary)", content)


def _insert_rows(cursor: CursorWrapper, staged: dict[str, np.ndarray]) -> None:
    columns = [name for name, _kind in STAGED_FIELDS]
    rows = zip(
        *(staged[name].tolist() for name in columns[:3]),
        np.datetime_as_string(staged["date"], unit="D").tolist(),
        staged["value"].tolist(),
        strict=True,
    )
    cursor.executemany(
        f"INSERT INTO {STAGING} ({', '.join(columns)}) VALUES (%s, %s, %s, %s, %s)", list(rows)
    )


def _upsert_and_mark_dirty_sqlite(
    cursor: CursorWrapper, tenant: Tenant, params: dict[str, Any]
) -> int:
    """SQLite has no writing CTE: the written rows come back and their months are marked."""
    cursor.execute(f"{UPSERT} RETURNING kpi_id, date(date, 'start of month')", params)
    written = cursor.fetchall()
    months_mark_dirty(
        tenant=tenant, months=((kpi, dt.date.fromisoformat(month)) for kpi, month in written)
    )
    return len(written)
