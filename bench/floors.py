# ruff: noqa: S608  # statements composed from this module's constants; values are parameters
"""The floors: what this machine's PostgreSQL does at best with the same facts.

- COPY of the facts into a bare table, and into a table with the fact table's own indexes.
- The same rollups as hand-tuned SQL over the bare table: a cascade (facts -> months per point
  of sale -> years from months -> zone, region and network in one GROUPING SETS pass -> targets,
  achievement and ranks in the final SELECT), indexes built after the load.
- The tight incremental floor: one new day's facts summed per scope and KPI and added to the
  current month's and year's rows only, targets left as they are, achievement and ranks of those
  two periods recomputed.

Everything lives in the schema `bench_floor` of the bench database and is dropped at the end.
"""

import datetime as dt
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
    # 5. Indexes after the load: the dashboards' key and the periods' (as the rollup table's).
    f"CREATE UNIQUE INDEX ON {SCHEMA}.rollup (level, scope_id, period, period_start, kpi_id)",
    f"CREATE INDEX ON {SCHEMA}.rollup (period, period_start, level, kpi_id)",
    # 6. Statistics, as the platform's full rebuild renews them: without them the planner takes
    # the new table for a few rows and the incremental floor's ranks join row by row.
    f"ANALYZE {SCHEMA}.rollup",
]

# The tight incremental floor: one new day (later than every fact already in the rollups)
# touches only the rows it changes. Its facts are summed per point of sale and KPI (a ratio:
# its two parts), then per zone, region and the network; those sums are added to the current
# month's and year's rows (a level KPI: its value replaced by the day's, as its last day), rows
# without one created with their target; targets of existing rows are left as they are;
# achievement and ranks are recomputed for the current month and year only, and written where
# they changed. Parameters: the tenant, the current month's and year's first days.
_ROLLUP_KEY = "level, scope_id, period, period_start, kpi_id"
_PERIODS = (
    "(period = 'month' AND period_start = %(month)s) "
    "OR (period = 'year' AND period_start = %(year)s)"
)
INCREMENTAL = [
    "DROP TABLE IF EXISTS day_kpi, day_delta, day_new",
    # 1. The day per point of sale and KPI, as the rollups count it.
    f"""CREATE TEMPORARY TABLE day_kpi AS
    WITH f AS (
        SELECT kpi_id, point_of_sale_id, sum(value) AS total, count(*) AS n
        FROM {SCHEMA}.day GROUP BY 1, 2
    )
    SELECT k.id AS kpi_id, f.point_of_sale_id, k.aggregation, f.total AS numerator,
        CASE WHEN k.aggregation = 'average' THEN f.n::float8 END AS denominator, f.n
    FROM f JOIN kpis_kpidefinition k ON k.id = f.kpi_id
    WHERE k.tenant_id = %(tenant)s AND k.aggregation <> 'ratio'
    UNION ALL
    SELECT k.id, f.point_of_sale_id, 'ratio',
        sum(CASE WHEN f.kpi_id = k.numerator_id THEN f.total ELSE 0 END),
        sum(CASE WHEN f.kpi_id = k.denominator_id THEN f.total ELSE 0 END), sum(f.n)
    FROM kpis_kpidefinition k JOIN f ON f.kpi_id IN (k.numerator_id, k.denominator_id)
    WHERE k.tenant_id = %(tenant)s AND k.aggregation = 'ratio'
    GROUP BY k.id, f.point_of_sale_id""",
    # 2. What the day adds to each row of the month and the year, at every level (a level KPI's
    # point of sale: the day's value less the row's, so its zone, region and network follow).
    f"""CREATE TEMPORARY TABLE day_delta AS
    WITH pos AS (
        SELECT d.kpi_id, p.period, p.period_start, d.point_of_sale_id, pos.zone_id,
            z.region_id,
            CASE WHEN d.aggregation = 'last' THEN d.numerator - coalesce(r.numerator, 0)
                ELSE d.numerator END AS numerator,
            d.denominator, d.n
        FROM day_kpi d
        CROSS JOIN (VALUES ('month'::text, %(month)s::date), ('year', %(year)s::date))
            AS p (period, period_start)
        JOIN network_animation_pointofsale pos ON pos.id = d.point_of_sale_id
        JOIN network_animation_zone z ON z.id = pos.zone_id
        LEFT JOIN {SCHEMA}.rollup r ON d.aggregation = 'last' AND r.level = 'point_of_sale'
            AND r.scope_id = d.point_of_sale_id AND r.period = p.period
            AND r.period_start = p.period_start AND r.kpi_id = d.kpi_id
    )
    SELECT kpi_id, period, period_start, 'point_of_sale'::text AS level,
        point_of_sale_id AS scope_id, point_of_sale_id, zone_id, region_id, numerator,
        denominator, n
    FROM pos
    UNION ALL
    SELECT kpi_id, period, period_start,
        CASE WHEN GROUPING(zone_id) = 0 THEN 'zone' WHEN GROUPING(region_id) = 0
             THEN 'region' ELSE 'network' END,
        coalesce(zone_id, region_id, 0), NULL, zone_id, region_id, sum(numerator),
        sum(denominator), sum(n)
    FROM pos
    GROUP BY GROUPING SETS ((kpi_id, period, period_start, zone_id, region_id),
        (kpi_id, period, period_start, region_id), (kpi_id, period, period_start))""",
    # 3. The points of sale without a row yet in the month or year (none, but on a month's
    # first day of facts): only they need their objective's target, and their upper levels'
    # targets are derived again below.
    f"""CREATE TEMPORARY TABLE day_new AS
    SELECT d.kpi_id, d.period, d.period_start, d.scope_id FROM day_delta d
    WHERE d.level = 'point_of_sale' AND NOT EXISTS (
        SELECT 1 FROM {SCHEMA}.rollup r WHERE r.level = d.level AND r.scope_id = d.scope_id
            AND r.period = d.period AND r.period_start = d.period_start
            AND r.kpi_id = d.kpi_id)""",
    # 4. The sums added to their rows; a new point of sale's row with its objective's target
    # (read for the new rows alone: an existing row keeps its target, and reading a year's
    # twelve objectives for each of the day's rows cost the floor seconds).
    f"""INSERT INTO {SCHEMA}.rollup AS r (kpi_id, period, period_start, level, scope_id,
        point_of_sale_id, zone_id, region_id, numerator, denominator, facts, target,
        aggregation, direction, multiplier, value)
    SELECT d.kpi_id, d.period, d.period_start, d.level, d.scope_id, d.point_of_sale_id,
        d.zone_id, d.region_id, d.numerator, d.denominator, d.n,
        CASE WHEN d.level <> 'point_of_sale' OR NOT EXISTS (
                SELECT 1 FROM day_new n WHERE n.kpi_id = d.kpi_id AND n.period = d.period
                AND n.period_start = d.period_start AND n.scope_id = d.scope_id) THEN NULL
            WHEN d.period = 'month' THEN (
                SELECT o.target FROM kpis_objective o WHERE o.tenant_id = %(tenant)s
                AND o.kpi_id = d.kpi_id AND o.period = 'month'
                AND o.period_start = d.period_start AND o.level = 'point_of_sale'
                AND o.scope_key = d.scope_id)
            ELSE (
                SELECT CASE WHEN k.aggregation = 'sum' THEN sum(o.target) ELSE avg(o.target) END
                FROM kpis_objective o WHERE o.tenant_id = %(tenant)s AND o.kpi_id = d.kpi_id
                AND o.period = 'month' AND o.period_start >= d.period_start
                AND o.period_start < d.period_start + interval '1 year'
                AND o.level = 'point_of_sale' AND o.scope_key = d.scope_id) END,
        k.aggregation, k.direction, k.multiplier,
        {_VALUE.format(num="d.numerator", den="d.denominator")}
    FROM day_delta d JOIN kpis_kpidefinition k ON k.id = d.kpi_id
    ON CONFLICT ({_ROLLUP_KEY}) DO UPDATE SET
        numerator = r.numerator + excluded.numerator,
        denominator = r.denominator + excluded.denominator,
        facts = r.facts + excluded.facts,
        value = {
        _VALUE.format(
            num="(r.numerator + excluded.numerator)", den="(r.denominator + excluded.denominator)"
        ).replace("k.multiplier", "r.multiplier")
    }""",
    # 5. Only if step 3 found new points of sale: their zones', regions' and network's targets
    # from their points of sale again (all of them with a target, else none).
    f"""UPDATE {SCHEMA}.rollup u SET target = t.target
    FROM (
        SELECT kpi_id, period, period_start,
            CASE WHEN GROUPING(zone_id) = 0 THEN 'zone' WHEN GROUPING(region_id) = 0
                 THEN 'region' ELSE 'network' END AS level,
            coalesce(zone_id, region_id, 0) AS scope_id,
            CASE WHEN count(target) < count(*) THEN NULL WHEN max(aggregation) = 'sum'
                 THEN sum(target) ELSE avg(target) END AS target
        FROM {SCHEMA}.rollup
        WHERE level = 'point_of_sale' AND ({_PERIODS})
            AND (kpi_id, period, period_start) IN (
                SELECT kpi_id, period, period_start FROM day_new)
        GROUP BY GROUPING SETS ((kpi_id, period, period_start, zone_id, region_id),
            (kpi_id, period, period_start, region_id), (kpi_id, period, period_start))
    ) t
    WHERE u.level = t.level AND u.scope_id = t.scope_id AND u.period = t.period
        AND u.period_start = t.period_start AND u.kpi_id = t.kpi_id
        AND u.target IS DISTINCT FROM t.target""",
    # 6. Achievement and ranks of the current month and year, written where they changed.
    f"""UPDATE {SCHEMA}.rollup u SET achievement_rate = x.achievement_rate,
        zone_rank = x.zone_rank, zone_peers = x.zone_peers, network_rank = x.network_rank,
        network_peers = x.network_peers
    FROM (
        SELECT {_ROLLUP_KEY},
            CASE WHEN target IS NULL OR value IS NULL OR target = 0 THEN NULL
                WHEN direction = 'lower' THEN 2 - value / target ELSE value / target END
                AS achievement_rate,
            CASE WHEN level = 'point_of_sale' THEN rank() OVER zone_ranked END AS zone_rank,
            CASE WHEN level = 'point_of_sale' THEN count(*) OVER zone_all END AS zone_peers,
            rank() OVER network_ranked AS network_rank,
            count(*) OVER network_all AS network_peers
        FROM {SCHEMA}.rollup WHERE {_PERIODS}
        WINDOW zone_all AS (PARTITION BY kpi_id, period, period_start, level, zone_id),
            zone_ranked AS (zone_all ORDER BY value IS NULL,
                CASE WHEN direction = 'lower' THEN value ELSE -value END),
            network_all AS (PARTITION BY kpi_id, period, period_start, level),
            network_ranked AS (network_all ORDER BY value IS NULL,
                CASE WHEN direction = 'lower' THEN value ELSE -value END)
    ) x
    WHERE u.level = x.level AND u.scope_id = x.scope_id AND u.period = x.period
        AND u.period_start = x.period_start AND u.kpi_id = x.kpi_id
        AND (u.achievement_rate, u.zone_rank, u.zone_peers, u.network_rank, u.network_peers)
            IS DISTINCT FROM (x.achievement_rate, x.zone_rank, x.zone_peers, x.network_rank,
                x.network_peers)""",
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


def sql_incremental(connection: Connection, tenant_id: int, day: dt.date) -> float:
    """The tight incremental floor for the day loaded by `load_day`, timed statement by
    statement, then rolled back: each run starts from the same rollups (the commit of its few
    thousand rows, a WAL flush, is not counted)."""
    params = {"tenant": tenant_id, "month": day.replace(day=1), "year": day.replace(month=1, day=1)}
    with connection.cursor() as cursor:
        seconds = _timed(cursor, INCREMENTAL, params)
    connection.rollback()
    return seconds


def sql_incremental_commit(connection: Connection, tenant_id: int, day: dt.date) -> None:
    """The same, committed (the floor's rollups then hold the day, as the platform's do)."""
    params = {"tenant": tenant_id, "month": day.replace(day=1), "year": day.replace(month=1, day=1)}
    with connection.cursor() as cursor:
        _timed(cursor, INCREMENTAL, params)
    connection.commit()


def drop(connection: Connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    connection.commit()
