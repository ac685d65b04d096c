# ruff: noqa: S608  # composed from the constants of this module only; values are parameters
"""The reviewed SQL of the aggregation. Each statement runs unchanged on PostgreSQL and SQLite
(window functions, UPDATE ... FROM, temporary tables), except the two small vendor expressions.

Every statement works on the periods listed in the temporary table `kpi_work` (one row per KPI
and month or year to recompute) and reads the facts through the unique index of `kpis_kpifact`
(tenant, kpi, date...): the CROSS JOINs make SQLite loop over the periods and range-scan the
index for each (PostgreSQL plans them as ordinary inner joins). Parameters: %(tenant)s and
%(now)s.
"""

WORK = "kpi_work"
PARTS = "kpi_work_part"

CREATE_WORK = f"""
CREATE TEMPORARY TABLE {WORK} (
    id integer PRIMARY KEY, kpi_id bigint NOT NULL, period varchar(10) NOT NULL,
    period_start date NOT NULL, period_end date NOT NULL, quarter_start date NULL,
    year_start date NOT NULL, days_in_period integer NOT NULL, aggregation varchar(10) NOT NULL,
    direction varchar(10) NOT NULL, multiplier double precision NOT NULL,
    data_through date NULL, days_elapsed integer NULL
)"""
CREATE_PARTS = f"""
CREATE TEMPORARY TABLE {PARTS} (
    kpi_id bigint NOT NULL, part_kpi_id bigint NOT NULL, role varchar(5) NOT NULL
)"""
INSERT_WORK = f"""
INSERT INTO {WORK} (id, kpi_id, period, period_start, period_end, quarter_start, year_start,
                    days_in_period, aggregation, direction, multiplier)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"""
INSERT_PART = f"INSERT INTO {PARTS} (kpi_id, part_kpi_id, role) VALUES (%s, %s, %s)"

# The last day with facts of each period, for the whole network: the "to date" of the period.
DATA_THROUGH = f"""
SELECT w.id, MAX(f.date)
FROM {WORK} w CROSS JOIN {PARTS} p CROSS JOIN kpis_kpifact f
WHERE p.kpi_id = w.kpi_id AND f.tenant_id = %(tenant)s AND f.kpi_id = p.part_kpi_id
    AND f.date >= w.period_start AND f.date < w.period_end
GROUP BY w.id"""
SET_DATA_THROUGH = f"UPDATE {WORK} SET data_through = %s, days_elapsed = %s WHERE id = %s"

MONTH_OF_DATE = {
    "postgresql": "CAST(date_trunc('month', date) AS date)",
    "sqlite": "date(date, 'start of month')",
}
MARK_EVERY_MONTH_DIRTY = """
INSERT INTO kpis_kpidirtymonth (tenant_id, kpi_id, month_start, created_at)
SELECT DISTINCT %(tenant)s, kpi_id, {month}, %(now)s
FROM kpis_kpifact WHERE tenant_id = %(tenant)s"""
DELETE_ALL = "DELETE FROM kpis_kpirollup WHERE tenant_id = %(tenant)s"
DELETE_WORK_PERIODS = f"""
DELETE FROM kpis_kpirollup
WHERE tenant_id = %(tenant)s AND EXISTS (
    SELECT 1 FROM {WORK} w WHERE w.kpi_id = kpis_kpirollup.kpi_id
    AND w.period = kpis_kpirollup.period AND w.period_start = kpis_kpirollup.period_start
)"""

ROLLUP_COLUMNS = """tenant_id, kpi_id, period, period_start, level, scope_id, point_of_sale_id,
    zone_id, region_id, numerator, denominator, value, fact_count, data_through, days_elapsed,
    days_in_period, computed_at"""


def value_of(numerator: str, denominator: str) -> str:
    """numerator / denominator * multiplier; a sum has no denominator; nothing divides by 0."""
    return (
        f"CASE WHEN {denominator} IS NULL THEN {numerator} * w.multiplier "
        f"WHEN {denominator} = 0 THEN NULL "
        f"ELSE {numerator} / {denominator} * w.multiplier END"
    )


_POINT_OF_SALE_SELECT = f"""
INSERT INTO kpis_kpirollup ({ROLLUP_COLUMNS})
SELECT %(tenant)s, w.kpi_id, w.period, w.period_start, 'point_of_sale', a.point_of_sale_id,
    a.point_of_sale_id, pos.zone_id, z.region_id, a.numerator, a.denominator,
    {value_of("a.numerator", "a.denominator")}, a.fact_count, w.data_through, w.days_elapsed,
    w.days_in_period, %(now)s
FROM ({{parts}}) a
JOIN {WORK} w ON w.id = a.work_id
JOIN network_animation_pointofsale pos ON pos.id = a.point_of_sale_id
JOIN network_animation_zone z ON z.id = pos.zone_id"""

# Sums, averages and ratios: a ratio's parts are the sums of its two KPIs' facts.
POINT_OF_SALE_SUMMED = _POINT_OF_SALE_SELECT.format(
    parts=f"""
    SELECT w.id AS work_id, f.point_of_sale_id,
        SUM(CASE WHEN p.role = 'den' THEN 0 ELSE f.value END) AS numerator,
        CASE WHEN w.aggregation = 'average' THEN CAST(COUNT(*) AS double precision)
             WHEN w.aggregation = 'ratio'
             THEN SUM(CASE WHEN p.role = 'den' THEN f.value ELSE 0 END) END AS denominator,
        COUNT(*) AS fact_count
    FROM {WORK} w CROSS JOIN {PARTS} p CROSS JOIN kpis_kpifact f
    WHERE p.kpi_id = w.kpi_id AND f.tenant_id = %(tenant)s AND f.kpi_id = p.part_kpi_id
        AND f.date >= w.period_start AND f.date < w.period_end
        AND w.aggregation <> 'last'
    GROUP BY w.id, w.aggregation, f.point_of_sale_id"""
)

# Last values: the facts of each point of sale's last day in the period (summed over people).
POINT_OF_SALE_LAST = _POINT_OF_SALE_SELECT.format(
    parts=f"""
    SELECT l.work_id, l.point_of_sale_id, SUM(f.value) AS numerator,
        CAST(NULL AS double precision) AS denominator, l.fact_count
    FROM (
        SELECT w.id AS work_id, w.kpi_id, f.point_of_sale_id, MAX(f.date) AS last_date,
            COUNT(*) AS fact_count
        FROM {WORK} w CROSS JOIN kpis_kpifact f
        WHERE f.tenant_id = %(tenant)s AND f.kpi_id = w.kpi_id
            AND f.date >= w.period_start AND f.date < w.period_end
            AND w.aggregation = 'last'
        GROUP BY w.id, w.kpi_id, f.point_of_sale_id
    ) l
    JOIN kpis_kpifact f ON f.tenant_id = %(tenant)s AND f.kpi_id = l.kpi_id
        AND f.date = l.last_date AND f.point_of_sale_id = l.point_of_sale_id
    GROUP BY l.work_id, l.point_of_sale_id, l.fact_count"""
)

_UPPER_LEVEL = f"""
INSERT INTO kpis_kpirollup ({ROLLUP_COLUMNS})
SELECT %(tenant)s, r.kpi_id, r.period, r.period_start, '{{level}}', {{scope}}, NULL, {{zone}},
    {{region}}, SUM(r.numerator), SUM(r.denominator),
    {value_of("SUM(r.numerator)", "SUM(r.denominator)")}, SUM(r.fact_count), w.data_through,
    w.days_elapsed, w.days_in_period, %(now)s
FROM kpis_kpirollup r
JOIN {WORK} w ON w.kpi_id = r.kpi_id AND w.period = r.period AND w.period_start = r.period_start
WHERE r.tenant_id = %(tenant)s AND r.level = 'point_of_sale'
GROUP BY r.kpi_id, r.period, r.period_start, w.multiplier, w.data_through, w.days_elapsed,
    w.days_in_period{{group}}"""
UPPER_LEVELS = [
    _UPPER_LEVEL.format(
        level="zone",
        scope="r.zone_id",
        zone="r.zone_id",
        region="r.region_id",
        group=", r.zone_id, r.region_id",
    ),
    _UPPER_LEVEL.format(
        level="region",
        scope="r.region_id",
        zone="NULL",
        region="r.region_id",
        group=", r.region_id",
    ),
    _UPPER_LEVEL.format(level="network", scope="0", zone="NULL", region="NULL", group=""),
]

_OBJECTIVE = """(SELECT {pick} FROM kpis_objective o
    WHERE o.tenant_id = %(tenant)s AND o.kpi_id = kpis_kpirollup.kpi_id
    AND o.level = kpis_kpirollup.level AND o.scope_key = kpis_kpirollup.scope_id AND {match})"""
_SPLIT = "o.target / CASE WHEN w.aggregation = 'sum' THEN {parts} ELSE 1 END"
_COMBINE = "CASE WHEN w.aggregation = 'sum' THEN SUM(o.target) ELSE AVG(o.target) END"
_IN_YEAR = (
    "kpis_kpirollup.period = 'year' AND o.period = '{period}' "
    "AND o.period_start >= w.period_start AND o.period_start < w.period_end"
)

# The scope's own objective for the period; a month without one takes its share of the
# quarter's or the year's (a third or a twelfth of a sum; a rate as it is); a year without one
# adds up its months' (or quarters') objectives (a rate: their average).
EXPLICIT_TARGETS = f"""
UPDATE kpis_kpirollup SET target = COALESCE(
    {
    _OBJECTIVE.format(
        pick="o.target",
        match="o.period = kpis_kpirollup.period AND o.period_start = kpis_kpirollup.period_start",
    )
},
    {
    _OBJECTIVE.format(
        pick=_SPLIT.format(parts=3),
        match="kpis_kpirollup.period = 'month' "
        "AND o.period = 'quarter' AND o.period_start = w.quarter_start",
    )
},
    {
    _OBJECTIVE.format(
        pick=_SPLIT.format(parts=12),
        match="kpis_kpirollup.period = 'month' "
        "AND o.period = 'year' AND o.period_start = w.year_start",
    )
},
    {_OBJECTIVE.format(pick=_COMBINE, match=_IN_YEAR.format(period="month"))},
    {_OBJECTIVE.format(pick=_COMBINE, match=_IN_YEAR.format(period="quarter"))}
)
FROM {WORK} w
WHERE kpis_kpirollup.tenant_id = %(tenant)s AND w.kpi_id = kpis_kpirollup.kpi_id
    AND w.period = kpis_kpirollup.period AND w.period_start = kpis_kpirollup.period_start"""

# A zone, region or network without an objective of its own, whose points of sale all have
# one: their sum for a sum, their average for a rate.
DERIVED_TARGETS = f"""
UPDATE kpis_kpirollup SET target = (
    SELECT CASE WHEN COUNT(p.target) < COUNT(*) THEN NULL
        WHEN w.aggregation = 'sum' THEN SUM(p.target) ELSE AVG(p.target) END
    FROM kpis_kpirollup p
    WHERE p.tenant_id = %(tenant)s AND p.kpi_id = kpis_kpirollup.kpi_id
        AND p.period = kpis_kpirollup.period AND p.period_start = kpis_kpirollup.period_start
        AND p.level = 'point_of_sale'
        AND (kpis_kpirollup.level = 'network'
             OR (kpis_kpirollup.level = 'zone' AND p.zone_id = kpis_kpirollup.zone_id)
             OR (kpis_kpirollup.level = 'region' AND p.region_id = kpis_kpirollup.region_id))
)
FROM {WORK} w
WHERE kpis_kpirollup.tenant_id = %(tenant)s AND w.kpi_id = kpis_kpirollup.kpi_id
    AND w.period = kpis_kpirollup.period AND w.period_start = kpis_kpirollup.period_start
    AND kpis_kpirollup.level <> 'point_of_sale' AND kpis_kpirollup.target IS NULL"""

# Achievement: value / target (lower is better: 2 - value / target, 1 on target either way).
# What is left: the gap to the target in the good direction. Projection: a sum at the current
# daily pace to the end of the period; a rate or a level stays where it is.
PERFORMANCE = f"""
UPDATE kpis_kpirollup SET
    achievement_rate = CASE WHEN target IS NULL OR value IS NULL OR target = 0 THEN NULL
        WHEN w.direction = 'lower' THEN 2 - value / target ELSE value / target END,
    remaining_to_target = CASE WHEN target IS NULL OR value IS NULL THEN NULL
        WHEN w.direction = 'lower' THEN CASE WHEN value > target THEN value - target ELSE 0 END
        ELSE CASE WHEN target > value THEN target - value ELSE 0 END END,
    projection = CASE WHEN value IS NULL THEN NULL
        WHEN w.aggregation = 'sum' THEN value * w.days_in_period / w.days_elapsed
        ELSE value END
FROM {WORK} w
WHERE kpis_kpirollup.tenant_id = %(tenant)s AND w.kpi_id = kpis_kpirollup.kpi_id
    AND w.period = kpis_kpirollup.period AND w.period_start = kpis_kpirollup.period_start"""

# Ranks among the zone's points of sale and among the network's peers of the same level, best
# first in the KPI's direction, scopes without a value last. The gap is to the row just above
# (0 within a tie); the scope's id breaks ties so a rebuild gives the same gaps.
_BEST_FIRST = "(r.value IS NULL), CASE WHEN w.direction = 'lower' THEN r.value ELSE -r.value END"
RANKS = f"""
UPDATE kpis_kpirollup SET
    zone_rank = x.zone_rank, zone_peers = x.zone_peers, zone_gap_to_above = x.zone_gap,
    network_rank = x.network_rank, network_peers = x.network_peers,
    network_gap_to_above = x.network_gap
FROM (
    SELECT r.id,
        CASE WHEN r.level = 'point_of_sale' THEN RANK() OVER zone_ranked END AS zone_rank,
        CASE WHEN r.level = 'point_of_sale' THEN COUNT(*) OVER zone_all END AS zone_peers,
        CASE WHEN r.level = 'point_of_sale'
             THEN ABS(r.value - LAG(r.value) OVER zone_ordered) END AS zone_gap,
        RANK() OVER network_ranked AS network_rank,
        COUNT(*) OVER network_all AS network_peers,
        ABS(r.value - LAG(r.value) OVER network_ordered) AS network_gap
    FROM kpis_kpirollup r
    JOIN {WORK} w ON w.kpi_id = r.kpi_id AND w.period = r.period
        AND w.period_start = r.period_start
    WHERE r.tenant_id = %(tenant)s
    WINDOW zone_all AS (PARTITION BY r.kpi_id, r.period, r.period_start, r.level, r.zone_id),
        zone_ranked AS (zone_all ORDER BY {_BEST_FIRST}),
        zone_ordered AS (zone_all ORDER BY {_BEST_FIRST}, r.scope_id),
        network_all AS (PARTITION BY r.kpi_id, r.period, r.period_start, r.level),
        network_ranked AS (network_all ORDER BY {_BEST_FIRST}),
        network_ordered AS (network_all ORDER BY {_BEST_FIRST}, r.scope_id)
) x
WHERE kpis_kpirollup.id = x.id"""

CLAIMED_MONTHS = """
SELECT DISTINCT kpi_id, month_start FROM kpis_kpidirtymonth
WHERE tenant_id = %(tenant)s AND id <= %(last)s"""
LAST_DIRTY_ID = "SELECT MAX(id) FROM kpis_kpidirtymonth WHERE tenant_id = %(tenant)s"
RELEASE_CLAIMED = "DELETE FROM kpis_kpidirtymonth WHERE tenant_id = %(tenant)s AND id <= %(last)s"
