"""The bulk loader of KPI facts: a staging table, then one set-based merge. Never row by row.

The facts go into a temporary staging table (PostgreSQL: COPY; SQLite: multi-row INSERTs), then
two statements do the work on both databases: mark the (KPI, month) pairs whose facts change as
dirty for the aggregation, and upsert into `kpis_kpifact` on its unique key. A fact sent again
with the same value is not rewritten, so the same file sent twice changes nothing.

Callers run this inside a transaction and a tenant scope (the merge writes under row-level
security on PostgreSQL).
"""

# ruff: noqa: S608  # composed from this module's constants only; values are parameters
import io
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import connection
from django.utils import timezone

from network_animation.models import Tenant

STAGING = "kpi_fact_staging"
STAGING_COLUMNS = ["point_of_sale_id", "kpi_id", "person_id", "date", "value", "month_start"]
SQLITE_BATCH = 500

CREATE_STAGING = f"""
CREATE TEMPORARY TABLE {STAGING} (
    point_of_sale_id bigint NOT NULL, kpi_id bigint NOT NULL, person_id bigint NULL,
    date date NOT NULL, value double precision NOT NULL, month_start date NOT NULL
)"""

# A (KPI, month) is dirty when one of its staged facts is new or has another value.
MARK_DIRTY = f"""
INSERT INTO kpis_kpidirtymonth (tenant_id, kpi_id, month_start, created_at)
SELECT DISTINCT %(tenant)s, s.kpi_id, s.month_start, %(now)s
FROM {STAGING} s
WHERE NOT EXISTS (
    SELECT 1 FROM kpis_kpifact f
    WHERE f.tenant_id = %(tenant)s AND f.kpi_id = s.kpi_id AND f.date = s.date
      AND f.point_of_sale_id = s.point_of_sale_id AND f.person_key = COALESCE(s.person_id, 0)
      AND f.value = s.value
)"""

# `WHERE true` keeps SQLite's parser from reading ON CONFLICT as a join constraint.
MERGE = f"""
INSERT INTO kpis_kpifact (tenant_id, point_of_sale_id, person_id, kpi_id, date, value)
SELECT %(tenant)s, s.point_of_sale_id, s.person_id, s.kpi_id, s.date, s.value
FROM {STAGING} s WHERE true
ON CONFLICT (tenant_id, kpi_id, date, point_of_sale_id, person_key)
DO UPDATE SET value = excluded.value
WHERE kpis_kpifact.value <> excluded.value"""


@dataclass(frozen=True)
class LoadResult:
    received: int
    written: int


def kpi_facts_load(*, tenant: Tenant, facts: pd.DataFrame) -> LoadResult:
    """Upsert facts (columns of STAGING_COLUMNS, ids already checked) for one tenant."""
    if facts.empty:
        return LoadResult(received=0, written=0)
    rows = _staging_frame(facts)
    params: dict[str, Any] = {"tenant": tenant.pk, "now": timezone.now()}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(CREATE_STAGING)
        try:
            if connection.vendor == "postgresql":
                _copy(cursor, rows)
            else:
                _insert_batches(cursor, rows)
            # A fresh temporary table has no statistics: PostgreSQL would plan the anti-join
            # of MARK_DIRTY as if it were empty and may scan the whole fact table.
            cursor.execute(f"ANALYZE {STAGING}")
            cursor.execute(MARK_DIRTY, params)
            cursor.execute(MERGE, params)
            written = cursor.rowcount
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    return LoadResult(received=len(rows), written=max(written, 0))


def _staging_frame(facts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "point_of_sale_id": facts["point_of_sale_id"].astype("int64"),
            "kpi_id": facts["kpi_id"].astype("int64"),
            "person_id": facts["person_id"].astype("Int64"),
            "date": pd.to_datetime(facts["date"]).dt.strftime("%Y-%m-%d"),
            "value": facts["value"].astype("float64"),
            "month_start": pd.to_datetime(facts["month_start"]).dt.strftime("%Y-%m-%d"),
        }
    )


def _copy(cursor, rows: pd.DataFrame) -> None:
    buffer = io.StringIO()
    rows.to_csv(buffer, index=False, header=False, na_rep="")
    buffer.seek(0)
    columns = ", ".join(STAGING_COLUMNS)
    cursor.copy_expert(f"COPY {STAGING} ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)


def _insert_batches(cursor, rows: pd.DataFrame) -> None:
    columns = ", ".join(STAGING_COLUMNS)
    values = rows.astype(object).where(rows.notna(), None).to_numpy().tolist()
    for start in range(0, len(values), SQLITE_BATCH):
        batch = values[start : start + SQLITE_BATCH]
        placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(batch))
        cursor.execute(
            f"INSERT INTO {STAGING} ({columns}) VALUES {placeholders}",
            [cell for row in batch for cell in row],
        )
