"""Zones, regions and the network, months and years, from their points of sale.

A zone, region or network gets its points of sale's targets as its own when they all have one
(their sum for a sum, their average for a rate); its own objective, if any, replaces that
afterwards (OWN_TARGETS). Its value is computed from the summed parts, never from averaged
ratios.
"""

from .tables import NEW, statement
from .work import ANALYZE

UPPER_LEVEL = """
INSERT INTO {new} (tenant_id, kpi_id, period, period_start, level, scope_id, point_of_sale_id,
    zone_id, region_id, numerator, denominator, value, fact_count, data_through, days_elapsed,
    days_in_period, computed_at, target)
SELECT %(tenant)s, r.kpi_id, r.period, r.period_start, '{level}', {scope}, NULL, {zone},
    {region}, SUM(r.numerator), SUM(r.denominator),
    CASE WHEN SUM(r.denominator) IS NULL THEN SUM(r.numerator) * w.multiplier
        WHEN SUM(r.denominator) = 0 THEN NULL
        ELSE SUM(r.numerator) / SUM(r.denominator) * w.multiplier END,
    SUM(r.fact_count), w.data_through, w.days_elapsed, w.days_in_period, %(now)s,
    CASE WHEN COUNT(r.target) < COUNT(*) THEN NULL
        WHEN w.aggregation = 'sum' THEN SUM(r.target) ELSE AVG(r.target) END
FROM {new} r
JOIN {work} w ON w.kpi_id = r.kpi_id AND w.period = r.period AND w.period_start = r.period_start
WHERE r.level = 'point_of_sale'
GROUP BY r.kpi_id, r.period, r.period_start, w.multiplier, w.aggregation, w.data_through,
    w.days_elapsed, w.days_in_period{group}"""

# Each level: its scope, zone and region, and what its points of sale are grouped by.
LEVELS = (
    ("zone", "r.zone_id", "r.zone_id", "r.region_id", ", r.zone_id, r.region_id"),
    ("region", "r.region_id", "NULL", "r.region_id", ", r.region_id"),
    ("network", "0", "NULL", "NULL", ""),
)

# The objectives of zones, regions and the network, where they have one (see targets).
OWN_TARGETS = """
UPDATE {new} SET target = t.target
FROM {targets} t
JOIN {work} w ON w.id = t.work_id
WHERE t.level IN ('zone', 'region', 'network') AND w.kpi_id = {new}.kpi_id
    AND w.period = {new}.period AND w.period_start = {new}.period_start
    AND t.level = {new}.level AND t.scope_key = {new}.scope_id"""


def statements() -> list[str]:
    """Each level's rows, the new rows' statistics for the write, and the levels' own targets."""
    return [
        *(
            statement(UPPER_LEVEL, level=level, scope=scope, zone=zone, region=region, group=group)
            for level, scope, zone, region, group in LEVELS
        ),
        statement(ANALYZE, table=NEW),
        statement(OWN_TARGETS),
    ]
