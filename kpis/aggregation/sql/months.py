"""The month rows of points of sale and people, from the facts of the months to recompute, each
row written with its target.

Two ways of reading the facts of summed KPIs (sums, averages and ratios), giving the same rows:

- PROBE: for each month, a range scan of the facts' unique index (tenant, kpi, date...); the
  CROSS JOINs make SQLite loop over the months, and PostgreSQL probes when the months are few
  (the nightly run: the current month or two). One row per fact.
- SCAN (PostgreSQL, full rebuilds): every fact of the tenant read once and added up per KPI,
  scope and month first (as the floor's cascade does), then joined to the months by equality.
  Joined fact by fact, PostgreSQL either hashed a range condition it could not use (each KPI's
  facts against every month of the KPI: hundreds of millions of pairs) or sorted all the facts.
  The month is computed on a `timestamp`, not the `timestamptz` of an implicit cast.

Last values are always probed: they are a few KPIs, and a scan would read all the facts again.
A ratio's parts are the sums of its two KPIs' facts; a value is numerator / denominator *
multiplier (a sum has no denominator; nothing divides by 0).
"""

from .scopes import LEVELS, scope_words
from .tables import NEW, statement
from .work import ANALYZE

PROBE, SCAN, LATERAL = "probe", "scan", "lateral"

SUMMED_PROBED = """
INSERT INTO {new} (tenant_id, kpi_id, period, period_start, level, scope_id, point_of_sale_id,
    zone_id, region_id, numerator, denominator, value, fact_count, data_through, days_elapsed,
    days_in_period, computed_at, target)
SELECT %(tenant)s, w.kpi_id, w.period, w.period_start, '{level}', a.scope_id,
    {point_of_sale}, pos.zone_id, z.region_id, a.numerator, a.denominator,
    CASE WHEN a.denominator IS NULL THEN a.numerator * w.multiplier
        WHEN a.denominator = 0 THEN NULL
        ELSE a.numerator / a.denominator * w.multiplier END,
    a.fact_count, w.data_through, w.days_elapsed, w.days_in_period, %(now)s, t.target
FROM (
    SELECT x.work_id, x.{column} AS scope_id,
        SUM(CASE WHEN x.role = 'den' THEN 0 ELSE x.value END) AS numerator,
        CASE WHEN x.aggregation = 'average' THEN CAST(SUM(x.n) AS double precision)
            WHEN x.aggregation = 'ratio'
            THEN SUM(CASE WHEN x.role = 'den' THEN x.value ELSE 0 END) END AS denominator,
        SUM(x.n) AS fact_count
    FROM (
        SELECT w.id AS work_id, w.aggregation, p.role, f.{column}, f.value, 1 AS n
        FROM {work} w CROSS JOIN {parts} p CROSS JOIN {facts} f
        WHERE p.kpi_id = w.kpi_id AND f.tenant_id = %(tenant)s AND f.kpi_id = p.part_kpi_id
            AND f.date >= w.period_start AND f.date < w.period_end AND w.period = 'month'
            AND w.aggregation <> 'last'{facts_condition}
    ) x
    GROUP BY x.work_id, x.aggregation, x.{column}
) a
JOIN {work} w ON w.id = a.work_id
{scope_joins}
LEFT JOIN {targets} t ON t.work_id = a.work_id AND t.level = '{level}'
    AND t.scope_key = a.scope_id"""

# PostgreSQL's nightly PROBE: the same rows, each work period's facts read by a subquery of its
# own, run once per period and part with their bounds (LATERAL, kept a subquery by OFFSET 0):
# the planner cannot estimate how few facts a range taken from another table selects (it
# assumes a third of the table), and once a tenant's history was long enough (five years: 35 M
# facts) it read every fact by a sequential scan and hashed them against the months instead.
PROBED_FACTS = """
        FROM {work} w CROSS JOIN {parts} p CROSS JOIN {facts} f
        WHERE p.kpi_id = w.kpi_id AND f.tenant_id = %(tenant)s AND f.kpi_id = p.part_kpi_id
            AND f.date >= w.period_start AND f.date < w.period_end AND w.period = 'month'
            AND w.aggregation <> 'last'{facts_condition}"""
LATERAL_FACTS = """
        FROM {work} w JOIN {parts} p ON p.kpi_id = w.kpi_id
        CROSS JOIN LATERAL (
            SELECT f.{column}, f.value FROM {facts} f
            WHERE f.tenant_id = %(tenant)s AND f.kpi_id = p.part_kpi_id
                AND f.date >= w.period_start AND f.date < w.period_end{facts_condition}
            OFFSET 0
        ) f
        WHERE w.period = 'month' AND w.aggregation <> 'last'"""
SUMMED_LATERAL = SUMMED_PROBED.replace(PROBED_FACTS, LATERAL_FACTS)

SUMMED_SCANNED = """
INSERT INTO {new} (tenant_id, kpi_id, period, period_start, level, scope_id, point_of_sale_id,
    zone_id, region_id, numerator, denominator, value, fact_count, data_through, days_elapsed,
    days_in_period, computed_at, target)
SELECT %(tenant)s, w.kpi_id, w.period, w.period_start, '{level}', a.scope_id,
    {point_of_sale}, pos.zone_id, z.region_id, a.numerator, a.denominator,
    CASE WHEN a.denominator IS NULL THEN a.numerator * w.multiplier
        WHEN a.denominator = 0 THEN NULL
        ELSE a.numerator / a.denominator * w.multiplier END,
    a.fact_count, w.data_through, w.days_elapsed, w.days_in_period, %(now)s, t.target
FROM (
    SELECT x.work_id, x.{column} AS scope_id,
        SUM(CASE WHEN x.role = 'den' THEN 0 ELSE x.value END) AS numerator,
        CASE WHEN x.aggregation = 'average' THEN CAST(SUM(x.n) AS double precision)
            WHEN x.aggregation = 'ratio'
            THEN SUM(CASE WHEN x.role = 'den' THEN x.value ELSE 0 END) END AS denominator,
        SUM(x.n) AS fact_count
    FROM (
        SELECT w.id AS work_id, w.aggregation, p.role, f.{column}, f.total AS value, f.n
        FROM (
            SELECT f.kpi_id, f.{column}, SUM(f.value) AS total, COUNT(*) AS n,
                CAST(date_trunc('month', CAST(f.date AS timestamp)) AS date) AS month
            FROM {facts} f
            WHERE f.tenant_id = %(tenant)s{facts_condition}
            GROUP BY f.kpi_id, f.{column}, month
        ) f
        JOIN {parts} p ON p.part_kpi_id = f.kpi_id
        JOIN {work} w ON w.kpi_id = p.kpi_id AND w.period = 'month' AND w.period_start = f.month
        WHERE w.aggregation <> 'last'
    ) x
    GROUP BY x.work_id, x.aggregation, x.{column}
) a
JOIN {work} w ON w.id = a.work_id
{scope_joins}
LEFT JOIN {targets} t ON t.work_id = a.work_id AND t.level = '{level}'
    AND t.scope_key = a.scope_id"""

# The facts of the scope's last day with facts in the month (a point of sale's last day sums
# its people's facts of that day), counting all its facts of the month.
LAST_VALUES = """
INSERT INTO {new} (tenant_id, kpi_id, period, period_start, level, scope_id, point_of_sale_id,
    zone_id, region_id, numerator, denominator, value, fact_count, data_through, days_elapsed,
    days_in_period, computed_at, target)
SELECT %(tenant)s, w.kpi_id, w.period, w.period_start, '{level}', a.scope_id,
    {point_of_sale}, pos.zone_id, z.region_id, a.numerator, a.denominator,
    CASE WHEN a.denominator IS NULL THEN a.numerator * w.multiplier
        WHEN a.denominator = 0 THEN NULL
        ELSE a.numerator / a.denominator * w.multiplier END,
    a.fact_count, w.data_through, w.days_elapsed, w.days_in_period, %(now)s, t.target
FROM (
    SELECT l.work_id, l.{column} AS scope_id, SUM(f.value) AS numerator,
        CAST(NULL AS double precision) AS denominator, l.fact_count
    FROM (
        SELECT w.id AS work_id, w.kpi_id, f.{column}, MAX(f.date) AS last_date,
            COUNT(*) AS fact_count
        FROM {work} w CROSS JOIN {facts} f
        WHERE f.tenant_id = %(tenant)s AND f.kpi_id = w.kpi_id
            AND f.date >= w.period_start AND f.date < w.period_end AND w.period = 'month'
            AND w.aggregation = 'last'{facts_condition}
        GROUP BY w.id, w.kpi_id, f.{column}
    ) l
    JOIN {facts} f ON f.tenant_id = %(tenant)s AND f.kpi_id = l.kpi_id
        AND f.date = l.last_date AND f.{column} = l.{column}
    GROUP BY l.work_id, l.{column}, l.fact_count
) a
JOIN {work} w ON w.id = a.work_id
{scope_joins}
LEFT JOIN {targets} t ON t.work_id = a.work_id AND t.level = '{level}'
    AND t.scope_key = a.scope_id"""

SUMMED = {PROBE: SUMMED_PROBED, SCAN: SUMMED_SCANNED, LATERAL: SUMMED_LATERAL}


def statements(reading: str) -> list[str]:
    """Each level's summed and last-value months, the summed ones read by PROBE or SCAN; then
    the new rows' statistics, for the years that read them."""
    rows = [
        statement(template, **scope_words(level))
        for level in LEVELS
        for template in (SUMMED[reading], LAST_VALUES)
    ]
    return [*rows, statement(ANALYZE, table=NEW)]
