"""The run's temporary tables: the work periods to recompute and the KPIs they read (`kpi_work`,
`kpi_work_part`), and the recomputed rollups (`kpi_rollup_new`); the data-through day of each
period."""

from .tables import NEW, PARTS, TARGETS, WORK, YEAR_MONTHS, statement

CREATE_WORK = """
CREATE TEMPORARY TABLE {work} (
    id integer PRIMARY KEY, kpi_id bigint NOT NULL, period varchar(10) NOT NULL,
    period_start date NOT NULL, period_end date NOT NULL, quarter_start date NULL,
    year_start date NOT NULL, days_in_period integer NOT NULL, aggregation varchar(10) NOT NULL,
    direction varchar(10) NOT NULL, multiplier double precision NOT NULL,
    data_through date NULL, days_elapsed integer NULL
)"""
INSERT_WORK = """
INSERT INTO {work} (id, kpi_id, period, period_start, period_end, quarter_start, year_start,
                    days_in_period, aggregation, direction, multiplier)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"""

# The KPIs whose facts a work period reads: its own, or a ratio's numerator and denominator.
CREATE_PARTS = """
CREATE TEMPORARY TABLE {parts} (
    kpi_id bigint NOT NULL, part_kpi_id bigint NOT NULL, role varchar(5) NOT NULL
)"""
INSERT_PART = "INSERT INTO {parts} (kpi_id, part_kpi_id, role) VALUES (%s, %s, %s)"

# The recomputed rollups are built in a temporary table without indexes, completed there, and
# written to the rollup table by one INSERT (see write): the big table is written once per row,
# not once per statement (each UPDATE of it rewrote every row and its five indexes).
CREATE_NEW = "CREATE TEMPORARY TABLE {new} AS SELECT * FROM {rollups} WHERE 1 = 0"

# Temporary tables have no statistics until analysed: without them PostgreSQL plans the joins on
# them blindly, as if they were tiny. Each is analysed once filled.
ANALYZE = "ANALYZE {table}"
DROP = "DROP TABLE IF EXISTS {table}"

WORK_BOUNDS = "SELECT id, period_start, period_end, days_in_period FROM {work}"

# The newest day of the brand's own figures (the KPIs it imports): one backward probe of the
# facts' unique index per KPI. A period whose end it has passed is over, for every KPI: a KPI
# with sparse facts (a monthly survey score) may have none on the period's last day.
BRAND_THROUGH = """
SELECT MAX((
    SELECT MAX(f.date) FROM {facts} f WHERE f.tenant_id = k.tenant_id AND f.kpi_id = k.id
)) FROM {kpis} k WHERE k.tenant_id = %(tenant)s AND k.source = 'imported'"""

# The last day with facts of each period, for the whole network: the "to date" of the period.
# One backward probe of the facts' unique index (tenant, kpi, date...) per period and part, not
# a scan of the period's facts.
DATA_THROUGH = """
SELECT x.work_id, MAX(x.last_date) FROM (
    SELECT w.id AS work_id, (
        SELECT MAX(f.date) FROM {facts} f
        WHERE f.tenant_id = %(tenant)s AND f.kpi_id = p.part_kpi_id
            AND f.date >= w.period_start AND f.date < w.period_end
    ) AS last_date
    FROM {work} w JOIN {parts} p ON p.kpi_id = w.kpi_id
) x
WHERE x.last_date IS NOT NULL
GROUP BY x.work_id"""
SET_DATA_THROUGH = "UPDATE {work} SET data_through = %s, days_elapsed = %s WHERE id = %s"


def created() -> list[str]:
    """The tables of the work periods, their parts and the new rollups, each dropped first
    should an earlier run on the same connection have left it."""
    tables = ((WORK, CREATE_WORK), (PARTS, CREATE_PARTS), (NEW, CREATE_NEW))
    return [
        query
        for table, create in tables
        for query in (statement(DROP, table=table), statement(create))
    ]


def analysed() -> list[str]:
    """The statistics of the work periods and their parts, once filled."""
    return [statement(ANALYZE, table=WORK), statement(ANALYZE, table=PARTS)]


def dropped() -> list[str]:
    """Every temporary table of the run, at its end, whatever happened."""
    return [statement(DROP, table=t) for t in (WORK, PARTS, NEW, YEAR_MONTHS, TARGETS)]
