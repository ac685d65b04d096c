# ruff: noqa: S608  # statements composed from this module's constants; values are parameters
"""The floors: what this machine's PostgreSQL does at best with the same facts.

- COPY of the facts into a bare table, and into a table with the fact table's own indexes.
- The same rollups as hand-tuned SQL over the bare table: a cascade (facts -> months per point
  of sale -> years from months -> zone, region and network in one GROUPING SETS pass -> targets,
  achievement and ranks in the final SELECT), indexes built after the load.
- The hand-written upsert of one day of facts into the monthly table, the current month and year
  recomputed from it and re-ranked.

Everything lives in the schema `bench_floor` of the bench database and is dropped at the end.
"""

import time
from pathlib import Path
from typing import Any

from psycopg2.extensions import connection as Connection
from psycopg2.extensions import cursor as Cursor

SCHEMA = "bench_floor"
FACT_COLUMNS = "tenant_id, point_of_sale_id, person_id, kpi_id, date, value"


def _timed(cursor: Cursor, statements: list[str], params: dict[str, Any]) -> float:
    started = time.perf_counter()
    for statement in statements:
        cursor.execute(statement, params)
    return time.perf_counter() - started


def prepare(connection: Connection, tenant_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SCHEMA}")
        cursor.execute(
            f"CREATE TABLE {SCHEMA}.fact (tenant_id bigint NOT NULL, point_of_sale_id bigint "
            "NOT NULL, person_id bigint NULL, kpi_id bigint NOT NULL, date date NOT NULL, "
            "value float8 NOT NULL)"
        )
        cursor.execute(
            f"CREATE TABLE {SCHEMA}.fact_indexed (LIKE kpis_kpifact INCLUDING DEFAULTS "
            "INCLUDING GENERATED INCLUDING IDENTITY INCLUDING INDEXES)"
        )
    connection.commit()


def export_facts(connection: Connection, path: Path, where: str, params: dict[str, Any]) -> int:
    """The tenant's facts as CSV (client side, as an importer would hold them)."""
    with connection.cursor() as cursor, path.open("w") as out:
        query = cursor.mogrify(
            f"SELECT {FACT_COLUMNS} FROM kpis_kpifact WHERE {where}", params
        ).decode()
        cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)", out)
        return cursor.rowcount


def copy_rate(connection: Connection, path: Path, table: str, rows: int) -> float:
    """Facts per second of one COPY of the file into an emptied table (committed)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {SCHEMA}.{table}")
        connection.commit()
        started = time.perf_counter()
        with path.open() as source:
            cursor.copy_expert(
                f"COPY {SCHEMA}.{table} ({FACT_COLUMNS}) FROM STDIN WITH (FORMAT csv)", source
            )
        connection.commit()
        return rows / (time.perf_counter() - started)


_VALUE = (
    "CASE WHEN {den} IS NULL THEN {num} * k.multiplier WHEN {den} = 0 THEN NULL "
    "ELSE {num} / {den} * k.multiplier END"
)

FULL = [
    f"DROP TABLE IF EXISTS {SCHEMA}.month, {SCHEMA}.last_value, {SCHEMA}.pos_rollup, "
    f"{SCHEMA}.rollup",
    # 1. One pass over the facts: each point of sale's month of each KPI.
    f"""CREATE TABLE {SCHEMA}.month AS
    SELECT kpi_id, point_of_sale_id, date_trunc('month', date)::date AS month,
        sum(value) AS total, count(*) AS facts, max(date) AS last_date
    FROM {SCHEMA}.fact GROUP BY 1, 2, 3""",
    # 2. Level KPIs: the facts of each month's last day (only those KPIs' facts).
    f"""CREATE TABLE {SCHEMA}.last_value AS
    SELECT m.kpi_id, m.point_of_sale_id, m.month, sum(f.value) AS total
    FROM {SCHEMA}.month m
    JOIN {SCHEMA}.fact f ON f.kpi_id = m.kpi_id AND f.point_of_sale_id = m.point_of_sale_id
        AND f.date = m.last_date
    WHERE f.kpi_id IN (SELECT id FROM kpis_kpidefinition
                       WHERE tenant_id = %(tenant)s AND aggregation = 'last')
    GROUP BY 1, 2, 3""",
    # 3. Each KPI per point of sale and month (ratios from their parts), then years from months.
    f"""CREATE TABLE {SCHEMA}.pos_rollup AS
    WITH months AS (
        SELECT k.id AS kpi_id, m.point_of_sale_id, m.month,
            CASE WHEN k.aggregation = 'last' THEN l.total ELSE m.total END AS numerator,
            CASE WHEN k.aggregation = 'average' THEN m.facts::float8 END AS denominator,
            m.facts
        FROM kpis_kpidefinition k JOIN {SCHEMA}.month m ON m.kpi_id = k.id
        LEFT JOIN {SCHEMA}.last_value l ON k.aggregation = 'last' AND l.kpi_id = m.kpi_id
            AND l.point_of_sale_id = m.point_of_sale_id AND l.month = m.month
        WHERE k.tenant_id = %(tenant)s AND k.aggregation <> 'ratio'
        UNION ALL
        SELECT k.id, coalesce(n.point_of_sale_id, d.point_of_sale_id), coalesce(n.month, d.month),
            coalesce(n.total, 0), coalesce(d.total, 0),
            coalesce(n.facts, 0) + coalesce(d.facts, 0)
        FROM kpis_kpidefinition k
        JOIN {SCHEMA}.month n ON n.kpi_id = k.numerator_id
        FULL JOIN {SCHEMA}.month d ON d.kpi_id = k.denominator_id
            AND d.point_of_sale_id = n.point_of_sale_id AND d.month = n.month
        WHERE k.tenant_id = %(tenant)s AND k.aggregation = 'ratio'
    )
    SELECT kpi_id, 'month'::text AS period, month AS period_start, point_of_sale_id,
        numerator, denominator, facts FROM months
    UNION ALL
    SELECT m.kpi_id, 'year', date_trunc('year', m.month)::date, m.point_of_sale_id,
        CASE WHEN max(k.aggregation) = 'last'
             THEN (array_agg(m.numerator ORDER BY m.month DESC))[1] ELSE sum(m.numerator) END,
        sum(m.denominator), sum(m.facts)
    FROM months m JOIN kpis_kpidefinition k ON k.id = m.kpi_id
    GROUP BY m.kpi_id, date_trunc('year', m.month)::date, m.point_of_sale_id""",
    # 4. Targets, upper levels in one GROUPING SETS pass, achievement and ranks: one statement.
    f"""CREATE TABLE {SCHEMA}.rollup AS
    WITH targeted AS (
        SELECT r.*, pos.zone_id, z.region_id, k.aggregation, k.direction, k.multiplier,
            CASE WHEN r.period = 'month' THEN o.target ELSE oy.target END AS target
        FROM {SCHEMA}.pos_rollup r
        JOIN kpis_kpidefinition k ON k.id = r.kpi_id
        JOIN network_animation_pointofsale pos ON pos.id = r.point_of_sale_id
        JOIN network_animation_zone z ON z.id = pos.zone_id
        LEFT JOIN kpis_objective o ON r.period = 'month' AND o.tenant_id = %(tenant)s
            AND o.kpi_id = r.kpi_id AND o.period = 'month' AND o.period_start = r.period_start
            AND o.level = 'point_of_sale' AND o.scope_key = r.point_of_sale_id
        LEFT JOIN (
            SELECT kpi_id, scope_key, date_trunc('year', period_start)::date AS year,
                sum(target) AS total, avg(target) AS mean
            FROM kpis_objective WHERE tenant_id = %(tenant)s AND period = 'month'
                AND level = 'point_of_sale'
            GROUP BY 1, 2, 3
        ) oy0 ON r.period = 'year' AND oy0.kpi_id = r.kpi_id AND oy0.year = r.period_start
            AND oy0.scope_key = r.point_of_sale_id
        CROSS JOIN LATERAL (SELECT CASE WHEN k.aggregation = 'sum' THEN oy0.total
                                        ELSE oy0.mean END AS target) oy
    ),
    levels AS (
        SELECT kpi_id, period, period_start, 'point_of_sale'::text AS level,
            point_of_sale_id AS scope_id, point_of_sale_id, zone_id, region_id, numerator,
            denominator, facts, target, aggregation, direction, multiplier
        FROM targeted
        UNION ALL
        SELECT kpi_id, period, period_start,
            CASE WHEN GROUPING(zone_id) = 0 THEN 'zone' WHEN GROUPING(region_id) = 0
                 THEN 'region' ELSE 'network' END,
            coalesce(zone_id, region_id, 0), NULL, zone_id, region_id, sum(numerator),
            sum(denominator), sum(facts),
            CASE WHEN count(target) < count(*) THEN NULL WHEN max(aggregation) = 'sum'
                 THEN sum(target) ELSE avg(target) END,
            max(aggregation), max(direction), max(multiplier)
        FROM targeted
        GROUP BY GROUPING SETS ((kpi_id, period, period_start, zone_id, region_id),
            (kpi_id, period, period_start, region_id), (kpi_id, period, period_start))
    ),
    valued AS (
        SELECT l.*, {_VALUE.format(num="l.numerator", den="l.denominator")} AS value
        FROM levels l JOIN kpis_kpidefinition k ON k.id = l.kpi_id
    )
    SELECT v.*,
        CASE WHEN target IS NULL OR value IS NULL OR target = 0 THEN NULL
            WHEN direction = 'lower' THEN 2 - value / target ELSE value / target END
            AS achievement_rate,
        CASE WHEN level = 'point_of_sale' THEN rank() OVER zone_ranked END AS zone_rank,
        CASE WHEN level = 'point_of_sale' THEN count(*) OVER zone_all END AS zone_peers,
        rank() OVER network_ranked AS network_rank, count(*) OVER network_all AS network_peers
    FROM valued v
    WINDOW zone_all AS (PARTITION BY kpi_id, period, period_start, level, zone_id),
        zone_ranked AS (zone_all ORDER BY value IS NULL,
            CASE WHEN direction = 'lower' THEN value ELSE -value END),
        network_all AS (PARTITION BY kpi_id, period, period_start, level),
        network_ranked AS (network_all ORDER BY value IS NULL,
            CASE WHEN direction = 'lower' THEN value ELSE -value END)""",
    # 5. Indexes after the load: the dashboards' key and the monthly table's upsert key.
    f"CREATE UNIQUE INDEX ON {SCHEMA}.rollup (level, scope_id, period, period_start, kpi_id)",
    f"CREATE UNIQUE INDEX ON {SCHEMA}.month (kpi_id, point_of_sale_id, month)",
]

INCREMENTAL = [
    # The day's facts added to their months (the day is new: its totals add up).
    f"""INSERT INTO {SCHEMA}.month AS m (kpi_id, point_of_sale_id, month, total, facts, last_date)
    SELECT kpi_id, point_of_sale_id, date_trunc('month', date)::date, sum(value), count(*),
        max(date)
    FROM {SCHEMA}.day GROUP BY 1, 2, 3
    ON CONFLICT (kpi_id, point_of_sale_id, month) DO UPDATE SET
        total = m.total + excluded.total, facts = m.facts + excluded.facts,
        last_date = greatest(m.last_date, excluded.last_date)""",
    # The current month and year of every point of sale again from the monthly table, then
    # every level, targets, achievement and ranks of those two periods (as the full cascade).
    f"DELETE FROM {SCHEMA}.rollup WHERE period_start >= %(year)s",
]


def incremental_statements() -> list[str]:
    """The full cascade's steps 3 and 4, narrowed to the current year, appended to `rollup`."""
    pos_rollup, final = FULL[3], FULL[4]
    narrowed_pos = (
        pos_rollup.replace(
            f"CREATE TABLE {SCHEMA}.pos_rollup AS", "CREATE TEMPORARY TABLE pos_rollup_day AS"
        )
        .replace(
            f"JOIN {SCHEMA}.month m ON m.kpi_id = k.id",
            f"JOIN {SCHEMA}.month m ON m.kpi_id = k.id AND m.month >= %(year)s",
        )
        .replace(
            f"JOIN {SCHEMA}.month n ON n.kpi_id = k.numerator_id",
            f"JOIN (SELECT * FROM {SCHEMA}.month WHERE month >= %(year)s) n "
            "ON n.kpi_id = k.numerator_id",
        )
        .replace(
            f"FULL JOIN {SCHEMA}.month d ON",
            f"FULL JOIN (SELECT * FROM {SCHEMA}.month WHERE month >= %(year)s) d ON",
        )
    )
    narrowed_final = final.replace(
        f"CREATE TABLE {SCHEMA}.rollup AS", f"INSERT INTO {SCHEMA}.rollup"
    ).replace(f"FROM {SCHEMA}.pos_rollup r", "FROM pos_rollup_day r")
    return [
        "DROP TABLE IF EXISTS pos_rollup_day",
        *INCREMENTAL,
        narrowed_pos,
        narrowed_final,
    ]


def sql_rollup_full(connection: Connection, tenant_id: int) -> tuple[float, int]:
    with connection.cursor() as cursor:
        seconds = _timed(cursor, FULL, {"tenant": tenant_id})
        connection.commit()
        cursor.execute(f"SELECT count(*) FROM {SCHEMA}.rollup")
        return seconds, cursor.fetchone()[0]


def load_day(connection: Connection, path: Path) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCHEMA}.day")
        cursor.execute(f"CREATE TABLE {SCHEMA}.day (LIKE {SCHEMA}.fact)")
        with path.open() as source:
            cursor.copy_expert(
                f"COPY {SCHEMA}.day ({FACT_COLUMNS}) FROM STDIN WITH (FORMAT csv)", source
            )
    connection.commit()


def sql_incremental(connection: Connection, tenant_id: int, year_start: str) -> float:
    """The day's upsert and the current month and year re-ranked, in one transaction."""
    with connection.cursor() as cursor:
        seconds = _timed(
            cursor, incremental_statements(), {"tenant": tenant_id, "year": year_start}
        )
        connection.commit()
        return seconds


def drop(connection: Connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    connection.commit()
