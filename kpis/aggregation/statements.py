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
# The recomputed rollups are built in a temporary table without indexes, completed there, and
# written to `kpis_kpirollup` by one INSERT: the big table is written once per row, not once per
# statement (each UPDATE of it rewrote every row and its five indexes).
NEW = "kpi_rollup_new"
CREATE_NEW = f"CREATE TEMPORARY TABLE {NEW} AS SELECT * FROM kpis_kpirollup WHERE 1 = 0"
# Without statistics PostgreSQL plans the joins on a temporary table as if it were tiny.
ANALYZE_NEW = f"ANALYZE {NEW}"

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
# One backward probe of the facts' unique index (tenant, kpi, date...) per period and part, not
# a scan of the period's facts.
DATA_THROUGH = f"""
SELECT x.work_id, MAX(x.last_date) FROM (
    SELECT w.id AS work_id, (
        SELECT MAX(f.date) FROM kpis_kpifact f
        WHERE f.tenant_id = %(tenant)s AND f.kpi_id = p.part_kpi_id
            AND f.date >= w.period_start AND f.date < w.period_end
    ) AS last_date
    FROM {WORK} w JOIN {PARTS} p ON p.kpi_id = w.kpi_id
) x
WHERE x.last_date IS NOT NULL
GROUP BY x.work_id"""
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
INSERT INTO {NEW} ({ROLLUP_COLUMNS})
SELECT %(tenant)s, w.kpi_id, w.period, w.period_start, 'point_of_sale', a.point_of_sale_id,
    a.point_of_sale_id, pos.zone_id, z.region_id, a.numerator, a.denominator,
    {value_of("a.numerator", "a.denominator")}, a.fact_count, w.data_through, w.days_elapsed,
    w.days_in_period, %(now)s
FROM ({{parts}}) a
JOIN {WORK} w ON w.id = a.work_id
JOIN network_animation_pointofsale pos ON pos.id = a.point_of_sale_id
JOIN network_animation_zone z ON z.id = pos.zone_id"""


def _summed_parts(scope: str, condition: str = "") -> str:
    """Sums, averages and ratios per `scope` column of the facts (point_of_sale_id or
    person_id): a ratio's parts are the sums of its two KPIs' facts."""
    return f"""
    SELECT w.id AS work_id, f.{scope},
        SUM(CASE WHEN p.role = 'den' THEN 0 ELSE f.value END) AS numerator,
        CASE WHEN w.aggregation = 'average' THEN CAST(COUNT(*) AS double precision)
             WHEN w.aggregation = 'ratio'
             THEN SUM(CASE WHEN p.role = 'den' THEN f.value ELSE 0 END) END AS denominator,
        COUNT(*) AS fact_count
    FROM {WORK} w CROSS JOIN {PARTS} p CROSS JOIN kpis_kpifact f
    WHERE p.kpi_id = w.kpi_id AND f.tenant_id = %(tenant)s AND f.kpi_id = p.part_kpi_id
        AND f.date >= w.period_start AND f.date < w.period_end
        AND w.aggregation <> 'last'{condition}
    GROUP BY w.id, w.aggregation, f.{scope}"""


def _last_parts(scope: str, condition: str = "") -> str:
    """Last values per `scope` column: the facts of its last day in the period (a point of
    sale's last day sums its people's facts of that day)."""
    return f"""
    SELECT l.work_id, l.{scope}, SUM(f.value) AS numerator,
        CAST(NULL AS double precision) AS denominator, l.fact_count
    FROM (
        SELECT w.id AS work_id, w.kpi_id, f.{scope}, MAX(f.date) AS last_date,
            COUNT(*) AS fact_count
        FROM {WORK} w CROSS JOIN kpis_kpifact f
        WHERE f.tenant_id = %(tenant)s AND f.kpi_id = w.kpi_id
            AND f.date >= w.period_start AND f.date < w.period_end
            AND w.aggregation = 'last'{condition}
        GROUP BY w.id, w.kpi_id, f.{scope}
    ) l
    JOIN kpis_kpifact f ON f.tenant_id = %(tenant)s AND f.kpi_id = l.kpi_id
        AND f.date = l.last_date AND f.{scope} = l.{scope}
    GROUP BY l.work_id, l.{scope}, l.fact_count"""


# People: the facts that carry a person, for that person (a point of sale's own rows count every
# fact, with or without a person). Their point of sale, zone and region are the membership's.
_PERSON_SELECT = f"""
INSERT INTO {NEW} ({ROLLUP_COLUMNS})
SELECT %(tenant)s, w.kpi_id, w.period, w.period_start, 'person', a.person_id,
    m.point_of_sale_id, pos.zone_id, z.region_id, a.numerator, a.denominator,
    {value_of("a.numerator", "a.denominator")}, a.fact_count, w.data_through, w.days_elapsed,
    w.days_in_period, %(now)s
FROM ({{parts}}) a
JOIN {WORK} w ON w.id = a.work_id
JOIN network_animation_membership m ON m.id = a.person_id
LEFT JOIN network_animation_pointofsale pos ON pos.id = m.point_of_sale_id
LEFT JOIN network_animation_zone z ON z.id = pos.zone_id"""

POINT_OF_SALE_SUMMED = _POINT_OF_SALE_SELECT.format(parts=_summed_parts("point_of_sale_id"))
POINT_OF_SALE_LAST = _POINT_OF_SALE_SELECT.format(parts=_last_parts("point_of_sale_id"))
_ONLY_PEOPLE = " AND f.person_id IS NOT NULL"
PERSON_SUMMED = _PERSON_SELECT.format(parts=_summed_parts("person_id", _ONLY_PEOPLE))
PERSON_LAST = _PERSON_SELECT.format(parts=_last_parts("person_id", _ONLY_PEOPLE))

_UPPER_LEVEL = f"""
INSERT INTO {NEW} ({ROLLUP_COLUMNS})
SELECT %(tenant)s, r.kpi_id, r.period, r.period_start, '{{level}}', {{scope}}, NULL, {{zone}},
    {{region}}, SUM(r.numerator), SUM(r.denominator),
    {value_of("SUM(r.numerator)", "SUM(r.denominator)")}, SUM(r.fact_count), w.data_through,
    w.days_elapsed, w.days_in_period, %(now)s
FROM {NEW} r
JOIN {WORK} w ON w.kpi_id = r.kpi_id AND w.period = r.period AND w.period_start = r.period_start
WHERE r.level = 'point_of_sale'
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
    WHERE o.tenant_id = %(tenant)s AND o.kpi_id = kpi_rollup_new.kpi_id
    AND o.level = kpi_rollup_new.level AND o.scope_key = kpi_rollup_new.scope_id AND {match})"""
_SPLIT = "o.target / CASE WHEN w.aggregation = 'sum' THEN {parts} ELSE 1 END"
_COMBINE = "CASE WHEN w.aggregation = 'sum' THEN SUM(o.target) ELSE AVG(o.target) END"
_IN_YEAR = (
    "kpi_rollup_new.period = 'year' AND o.period = '{period}' "
    "AND o.period_start >= w.period_start AND o.period_start < w.period_end"
)

# The scope's own objective for the period; a month without one takes its share of the
# quarter's or the year's (a third or a twelfth of a sum; a rate as it is); a year without one
# adds up its months' (or quarters') objectives (a rate: their average).
EXPLICIT_TARGETS = f"""
UPDATE {NEW} SET target = COALESCE(
    {
    _OBJECTIVE.format(
        pick="o.target",
        match="o.period = kpi_rollup_new.period AND o.period_start = kpi_rollup_new.period_start",
    )
},
    {
    _OBJECTIVE.format(
        pick=_SPLIT.format(parts=3),
        match="kpi_rollup_new.period = 'month' "
        "AND o.period = 'quarter' AND o.period_start = w.quarter_start",
    )
},
    {
    _OBJECTIVE.format(
        pick=_SPLIT.format(parts=12),
        match="kpi_rollup_new.period = 'month' "
        "AND o.period = 'year' AND o.period_start = w.year_start",
    )
},
    {_OBJECTIVE.format(pick=_COMBINE, match=_IN_YEAR.format(period="month"))},
    {_OBJECTIVE.format(pick=_COMBINE, match=_IN_YEAR.format(period="quarter"))}
)
FROM {WORK} w
WHERE w.kpi_id = {NEW}.kpi_id AND w.period = {NEW}.period
    AND w.period_start = {NEW}.period_start"""

# A zone, region or network without an objective of its own, whose points of sale all have
# one: their sum for a sum, their average for a rate. One grouped pass per level (a correlated
# subquery per row read every point of sale of the network again for each zone and region).
_DERIVED_TARGET = f"""
UPDATE {NEW} SET target = d.target
FROM (
    SELECT p.kpi_id, p.period, p.period_start, {{scope}} AS scope_id,
        CASE WHEN COUNT(p.target) < COUNT(*) THEN NULL
            WHEN w.aggregation = 'sum' THEN SUM(p.target) ELSE AVG(p.target) END AS target
    FROM {NEW} p
    JOIN {WORK} w ON w.kpi_id = p.kpi_id AND w.period = p.period
        AND w.period_start = p.period_start
    WHERE p.level = 'point_of_sale'
    GROUP BY p.kpi_id, p.period, p.period_start, w.aggregation{{group}}
) d
WHERE {NEW}.level = '{{level}}' AND {NEW}.target IS NULL AND d.kpi_id = {NEW}.kpi_id
    AND d.period = {NEW}.period AND d.period_start = {NEW}.period_start
    AND d.scope_id = {NEW}.scope_id"""
DERIVED_TARGETS = [
    _DERIVED_TARGET.format(level="zone", scope="p.zone_id", group=", p.zone_id"),
    _DERIVED_TARGET.format(level="region", scope="p.region_id", group=", p.region_id"),
    _DERIVED_TARGET.format(level="network", scope="0", group=""),
]

# Achievement: value / target (lower is better: 2 - value / target, 1 on target either way).
# What is left: the gap to the target in the good direction. Projection: a sum at the current
# daily pace to the end of the period; a rate or a level stays where it is.
_PERFORMANCE = """
    CASE WHEN r.target IS NULL OR r.value IS NULL OR r.target = 0 THEN NULL
        WHEN w.direction = 'lower' THEN 2 - r.value / r.target ELSE r.value / r.target END,
    CASE WHEN r.target IS NULL OR r.value IS NULL THEN NULL
        WHEN w.direction = 'lower' THEN CASE WHEN r.value > r.target THEN r.value - r.target
            ELSE 0 END
        ELSE CASE WHEN r.target > r.value THEN r.target - r.value ELSE 0 END END,
    CASE WHEN r.value IS NULL THEN NULL
        WHEN w.aggregation = 'sum' THEN r.value * w.days_in_period / w.days_elapsed
        ELSE r.value END"""

# Ranks among the zone's points of sale and among the network's peers of the same level, best
# first in the KPI's direction, scopes without a value last. The gap is to the row just above
# (0 within a tie); the scope's id breaks ties so a rebuild gives the same gaps.
_BEST_FIRST = "(r.value IS NULL), CASE WHEN w.direction = 'lower' THEN r.value ELSE -r.value END"
_RANKS = """
    CASE WHEN r.level = 'point_of_sale' THEN RANK() OVER zone_ranked END,
    CASE WHEN r.level = 'point_of_sale' THEN COUNT(*) OVER zone_all END,
    CASE WHEN r.level = 'point_of_sale'
         THEN ABS(r.value - LAG(r.value) OVER zone_ordered) END,
    RANK() OVER network_ranked,
    COUNT(*) OVER network_all,
    ABS(r.value - LAG(r.value) OVER network_ordered)"""

# The completed rollups, with their performance and ranks, written in one statement.
WRITE_NEW = f"""
INSERT INTO kpis_kpirollup ({ROLLUP_COLUMNS}, target, achievement_rate, remaining_to_target,
    projection, zone_rank, zone_peers, zone_gap_to_above, network_rank, network_peers,
    network_gap_to_above)
SELECT r.tenant_id, r.kpi_id, r.period, r.period_start, r.level, r.scope_id, r.point_of_sale_id,
    r.zone_id, r.region_id, r.numerator, r.denominator, r.value, r.fact_count, r.data_through,
    r.days_elapsed, r.days_in_period, r.computed_at, r.target, {_PERFORMANCE}, {_RANKS}
FROM {NEW} r
JOIN {WORK} w ON w.kpi_id = r.kpi_id AND w.period = r.period AND w.period_start = r.period_start
WINDOW zone_all AS (PARTITION BY r.kpi_id, r.period, r.period_start, r.level, r.zone_id),
    zone_ranked AS (zone_all ORDER BY {_BEST_FIRST}),
    zone_ordered AS (zone_all ORDER BY {_BEST_FIRST}, r.scope_id),
    network_all AS (PARTITION BY r.kpi_id, r.period, r.period_start, r.level),
    network_ranked AS (network_all ORDER BY {_BEST_FIRST}),
    network_ordered AS (network_all ORDER BY {_BEST_FIRST}, r.scope_id)"""

CLAIMED_MONTHS = """
SELECT DISTINCT kpi_id, month_start FROM kpis_kpidirtymonth
WHERE tenant_id = %(tenant)s AND id <= %(last)s"""
LAST_DIRTY_ID = "SELECT MAX(id) FROM kpis_kpidirtymonth WHERE tenant_id = %(tenant)s"
RELEASE_CLAIMED = "DELETE FROM kpis_kpidirtymonth WHERE tenant_id = %(tenant)s AND id <= %(last)s"
