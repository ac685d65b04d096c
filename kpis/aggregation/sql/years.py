"""The year rows of points of sale and people, from their months, each written with its target.

Years are built from their months, never from the facts again: the months recomputed by this
run (in `kpi_rollup_new`) and the months of the same years kept from earlier runs (in the rollup
table; none in a full rebuild, which starts from empty rollups). A sum, an average or a ratio
adds up its months' parts; a last value is the one of the scope's latest month with facts (which
holds its last day of the year). The months of each year work period are gathered once into
`kpi_year_month`.
"""

from .scopes import LEVELS, scope_words
from .tables import YEAR_MONTHS, statement
from .work import ANALYZE

CREATE_YEAR_MONTHS = """
CREATE TEMPORARY TABLE {year_months} AS
SELECT w.id AS work_id, r.level, r.scope_id, r.period_start, r.numerator, r.denominator,
    r.fact_count
FROM {work} w JOIN {new} r ON r.kpi_id = w.kpi_id AND r.period = 'month'
    AND r.period_start >= w.period_start AND r.period_start < w.period_end
WHERE w.period = 'year'"""

KEPT_YEAR_MONTHS = """
INSERT INTO {year_months} (work_id, level, scope_id, period_start, numerator, denominator,
    fact_count)
SELECT w.id, r.level, r.scope_id, r.period_start, r.numerator, r.denominator, r.fact_count
FROM {work} w JOIN {rollups} r ON r.tenant_id = %(tenant)s AND r.kpi_id = w.kpi_id
    AND r.period = 'month' AND r.period_start >= w.period_start
    AND r.period_start < w.period_end AND r.level IN ('point_of_sale', 'person')
WHERE w.period = 'year' AND NOT EXISTS (
    SELECT 1 FROM {work} m
    WHERE m.kpi_id = w.kpi_id AND m.period = 'month' AND m.period_start = r.period_start
)"""

YEAR_ROWS = """
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
    SELECT y.work_id, y.scope_id,
        CASE WHEN w.aggregation = 'last' THEN l.numerator ELSE y.numerator END AS numerator,
        y.denominator, y.fact_count
    FROM (
        SELECT s.work_id, s.level, s.scope_id, SUM(s.numerator{in_month_order}) AS numerator,
            SUM(s.denominator{in_month_order}) AS denominator, SUM(s.fact_count) AS fact_count,
            MAX(s.period_start) AS last_month
        FROM {year_months} s
        WHERE s.level = '{level}'
        GROUP BY s.work_id, s.level, s.scope_id
    ) y
    JOIN {work} w ON w.id = y.work_id
    LEFT JOIN {year_months} l ON w.aggregation = 'last' AND l.work_id = y.work_id
        AND l.level = y.level AND l.scope_id = y.scope_id AND l.period_start = y.last_month
) a
JOIN {work} w ON w.id = a.work_id
{scope_joins}
LEFT JOIN {targets} t ON t.work_id = a.work_id AND t.level = '{level}'
    AND t.scope_key = a.scope_id"""

# Sums over months in the months' order, so that a year adds up the same numbers in the same
# order whether its months were recomputed now or kept (a full rebuild equals an incremental
# run to the last bit, and ranks of equal values stay ties). SQLite adds them in scan order.
IN_MONTH_ORDER = {"postgresql": " ORDER BY s.period_start", "sqlite": ""}


def statements(vendor: str, *, kept: bool) -> list[str]:
    """The months of each year (with the `kept` ones of earlier runs), then each level's years
    on `vendor`."""
    gathered = [statement(CREATE_YEAR_MONTHS)]
    if kept:
        gathered.append(statement(KEPT_YEAR_MONTHS))
    gathered.append(statement(ANALYZE, table=YEAR_MONTHS))
    order = IN_MONTH_ORDER[vendor]
    years = [statement(YEAR_ROWS, in_month_order=order, **scope_words(level)) for level in LEVELS]
    return [*gathered, *years]
