# ruff: noqa: S608  # composed from the constants of this module only; values are parameters
"""The reviewed SQL of the aggregation. Each statement runs unchanged on PostgreSQL and SQLite
(window functions, UPDATE ... FROM, upserts, temporary tables), except the full rebuild's scan
of the facts and the ordered sum of a year's months, which only PostgreSQL has.

Every statement works on the periods listed in the temporary table `kpi_work` (one row per KPI
and month or year to recompute). Months are computed from the facts (see PROBE and SCAN), years
from their months, zones, regions and the network from their points of sale; targets come from
the objectives, and everything is written to `kpis_kpirollup` by one upsert. Parameters:
%(tenant)s and %(now)s.
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

# A full rebuild marks every month of each KPI from its first fact to its last: two probes of
# the facts' unique index per KPI (tenant, kpi, date...), not a scan of every fact.
FACT_RANGE = """
SELECT MIN(date), MAX(date) FROM kpis_kpifact WHERE tenant_id = %(tenant)s AND kpi_id = %(kpi)s"""
DELETE_ALL = "DELETE FROM kpis_kpirollup WHERE tenant_id = %(tenant)s"

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


# The targets of the work periods, one per scope, found before any rollup row is built (see
# TARGET_RULES below): each row is written with its target, never updated for it afterwards.
TARGETS = "kpi_target"

# The rows of points of sale and people, from `rows` (work_id, scope_id, numerator,
# denominator, fact_count): months from the facts, years from the months, each with its target.
# A person's point of sale, zone and region are their membership's.
_ROWS_OF_SCOPE = f"""
INSERT INTO {NEW} ({ROLLUP_COLUMNS}, target)
SELECT %(tenant)s, w.kpi_id, w.period, w.period_start, '{{level}}', a.scope_id,
    {{point_of_sale}}, pos.zone_id, z.region_id, a.numerator, a.denominator,
    {value_of("a.numerator", "a.denominator")}, a.fact_count, w.data_through, w.days_elapsed,
    w.days_in_period, %(now)s, t.target
FROM ({{rows}}) a
JOIN {WORK} w ON w.id = a.work_id
{{joins}}
LEFT JOIN {TARGETS} t ON t.work_id = a.work_id AND t.level = '{{level}}'
    AND t.scope_key = a.scope_id"""
_SCOPES = {
    "point_of_sale": {
        "point_of_sale": "a.scope_id",
        "joins": "JOIN network_animation_pointofsale pos ON pos.id = a.scope_id\n"
        "JOIN network_animation_zone z ON z.id = pos.zone_id",
    },
    "person": {
        "point_of_sale": "m.point_of_sale_id",
        "joins": "JOIN network_animation_membership m ON m.id = a.scope_id\n"
        "LEFT JOIN network_animation_pointofsale pos ON pos.id = m.point_of_sale_id\n"
        "LEFT JOIN network_animation_zone z ON z.id = pos.zone_id",
    },
}


def _rows_of(level: str, rows: str) -> str:
    return _ROWS_OF_SCOPE.format(level=level, rows=rows, **_SCOPES[level])


# Two ways of reading the facts of the months to recompute, giving the same rows (work_id,
# scope, role, value, n: n facts adding up to value):
# - PROBE: for each month, a range scan of the facts' unique index (tenant, kpi, date...); the
#   CROSS JOINs make SQLite loop over the months, and PostgreSQL probes when the months are few
#   (the nightly run: the current month or two). One row per fact.
# - SCAN (PostgreSQL, full rebuilds): every fact of the tenant read once and added up per KPI,
#   scope and month first (as the floor's cascade does), then joined to the months by equality.
#   Joined fact by fact, PostgreSQL either hashed a range condition it could not use (each
#   KPI's facts against every month of the KPI: hundreds of millions of pairs) or sorted all
#   the facts. The month is computed on a `timestamp`, not the `timestamptz` of an implicit cast.
PROBE, SCAN = "probe", "scan"


def _facts_of_months(reading: str, scope: str, condition: str) -> str:
    if reading == SCAN:
        return f"""
        SELECT w.id AS work_id, w.aggregation, p.role, f.{scope}, f.total AS value, f.n
        FROM (
            SELECT f.kpi_id, f.{scope}, SUM(f.value) AS total, COUNT(*) AS n,
                CAST(date_trunc('month', CAST(f.date AS timestamp)) AS date) AS month
            FROM kpis_kpifact f
            WHERE f.tenant_id = %(tenant)s{condition}
            GROUP BY f.kpi_id, f.{scope}, month
        ) f
        JOIN {PARTS} p ON p.part_kpi_id = f.kpi_id
        JOIN {WORK} w ON w.kpi_id = p.kpi_id AND w.period = 'month' AND w.period_start = f.month
        WHERE w.aggregation <> 'last'"""
    return f"""
        SELECT w.id AS work_id, w.aggregation, p.role, f.{scope}, f.value, 1 AS n
        FROM {WORK} w CROSS JOIN {PARTS} p CROSS JOIN kpis_kpifact f
        WHERE p.kpi_id = w.kpi_id AND f.tenant_id = %(tenant)s AND f.kpi_id = p.part_kpi_id
            AND f.date >= w.period_start AND f.date < w.period_end AND w.period = 'month'
            AND w.aggregation <> 'last'{condition}"""


def _summed_parts(reading: str, scope: str, condition: str = "") -> str:
    """Sums, averages and ratios per `scope` column of the facts (point_of_sale_id or
    person_id): a ratio's parts are the sums of its two KPIs' facts."""
    return f"""
    SELECT x.work_id, x.{scope} AS scope_id,
        SUM(CASE WHEN x.role = 'den' THEN 0 ELSE x.value END) AS numerator,
        CASE WHEN x.aggregation = 'average' THEN CAST(SUM(x.n) AS double precision)
             WHEN x.aggregation = 'ratio'
             THEN SUM(CASE WHEN x.role = 'den' THEN x.value ELSE 0 END) END AS denominator,
        SUM(x.n) AS fact_count
    FROM ({_facts_of_months(reading, scope, condition)}
    ) x
    GROUP BY x.work_id, x.aggregation, x.{scope}"""


def _last_parts(scope: str, condition: str = "") -> str:
    """Last values per `scope` column: the facts of its last day in the period (a point of
    sale's last day sums its people's facts of that day). Always probed (see PROBE): they are
    a few KPIs, and a scan would read all the facts again for them."""
    return f"""
    SELECT l.work_id, l.{scope} AS scope_id, SUM(f.value) AS numerator,
        CAST(NULL AS double precision) AS denominator, l.fact_count
    FROM (
        SELECT w.id AS work_id, w.kpi_id, f.{scope}, MAX(f.date) AS last_date,
            COUNT(*) AS fact_count
        FROM {WORK} w CROSS JOIN kpis_kpifact f
        WHERE f.tenant_id = %(tenant)s AND f.kpi_id = w.kpi_id
            AND f.date >= w.period_start AND f.date < w.period_end AND w.period = 'month'
            AND w.aggregation = 'last'{condition}
        GROUP BY w.id, w.kpi_id, f.{scope}
    ) l
    JOIN kpis_kpifact f ON f.tenant_id = %(tenant)s AND f.kpi_id = l.kpi_id
        AND f.date = l.last_date AND f.{scope} = l.{scope}
    GROUP BY l.work_id, l.{scope}, l.fact_count"""


# People: the facts that carry a person, for that person (a point of sale's own rows count every
# fact, with or without a person).
_ONLY_PEOPLE = " AND f.person_id IS NOT NULL"


def months_from_facts(reading: str) -> list[str]:
    """The month rows of points of sale and people, the summed KPIs' facts read by PROBE or
    SCAN."""
    return [
        _rows_of("point_of_sale", _summed_parts(reading, "point_of_sale_id")),
        _rows_of("point_of_sale", _last_parts("point_of_sale_id")),
        _rows_of("person", _summed_parts(reading, "person_id", _ONLY_PEOPLE)),
        _rows_of("person", _last_parts("person_id", _ONLY_PEOPLE)),
    ]


# Years are built from their months, never from the facts again: the months recomputed by this
# run (in kpi_rollup_new) and the months of the same years kept from earlier runs (in the rollup
# table). A sum, an average or a ratio adds up its months' parts; a last value is the one of the
# scope's latest month with facts (which holds its last day of the year). The months of each
# year work period are gathered once into `kpi_year_month`.
YEAR_MONTHS = "kpi_year_month"
CREATE_YEAR_MONTHS = f"""
CREATE TEMPORARY TABLE {YEAR_MONTHS} AS
SELECT w.id AS work_id, r.level, r.scope_id, r.period_start, r.numerator, r.denominator,
    r.fact_count
FROM {WORK} w JOIN {NEW} r ON r.kpi_id = w.kpi_id AND r.period = 'month'
    AND r.period_start >= w.period_start AND r.period_start < w.period_end
WHERE w.period = 'year'"""
# The kept months (none in a full rebuild, which starts from empty rollups).
KEPT_YEAR_MONTHS = f"""
INSERT INTO {YEAR_MONTHS} (work_id, level, scope_id, period_start, numerator, denominator,
    fact_count)
SELECT w.id, r.level, r.scope_id, r.period_start, r.numerator, r.denominator, r.fact_count
FROM {WORK} w JOIN kpis_kpirollup r ON r.tenant_id = %(tenant)s AND r.kpi_id = w.kpi_id
    AND r.period = 'month' AND r.period_start >= w.period_start
    AND r.period_start < w.period_end AND r.level IN ('point_of_sale', 'person')
WHERE w.period = 'year' AND NOT EXISTS (
    SELECT 1 FROM {WORK} m
    WHERE m.kpi_id = w.kpi_id AND m.period = 'month' AND m.period_start = r.period_start
)"""
ANALYZE_YEAR_MONTHS = f"ANALYZE {YEAR_MONTHS}"

# Sums over months in the months' order, so that a year adds up the same numbers in the same
# order whether its months were recomputed now or kept (a full rebuild equals an incremental
# run to the last bit, and ranks of equal values stay ties). SQLite adds them in scan order.
SUM_OF_MONTHS = {
    "postgresql": "SUM(s.{column} ORDER BY s.period_start)",
    "sqlite": "SUM(s.{column})",
}

_YEAR_ROWS = f"""
    SELECT y.work_id, y.scope_id,
        CASE WHEN w.aggregation = 'last' THEN l.numerator ELSE y.numerator END AS numerator,
        y.denominator, y.fact_count
    FROM (
        SELECT s.work_id, s.level, s.scope_id, {{sum_numerator}} AS numerator,
            {{sum_denominator}} AS denominator, SUM(s.fact_count) AS fact_count,
            MAX(s.period_start) AS last_month
        FROM {YEAR_MONTHS} s
        WHERE s.level = '{{level}}'
        GROUP BY s.work_id, s.level, s.scope_id
    ) y
    JOIN {WORK} w ON w.id = y.work_id
    LEFT JOIN {YEAR_MONTHS} l ON w.aggregation = 'last' AND l.work_id = y.work_id
        AND l.level = y.level AND l.scope_id = y.scope_id AND l.period_start = y.last_month"""


def years_from_months(vendor: str) -> list[str]:
    """The year rows of points of sale and people (see YEAR_MONTHS) for `vendor`."""
    sums = {
        "sum_numerator": SUM_OF_MONTHS[vendor].format(column="numerator"),
        "sum_denominator": SUM_OF_MONTHS[vendor].format(column="denominator"),
    }
    return [_rows_of(level, _YEAR_ROWS.format(level=level, **sums)) for level in _SCOPES]


# Zones, regions and the network from their points of sale, which have their targets. A
# zone, region or network gets its points of sale's targets as its own when they all have one
# (their sum for a sum, their average for a rate); its own objective, if any, replaces that
# afterwards (EXPLICIT_TARGETS_UPPER).
_UPPER_LEVEL = f"""
INSERT INTO {NEW} ({ROLLUP_COLUMNS}, target)
SELECT %(tenant)s, r.kpi_id, r.period, r.period_start, '{{level}}', {{scope}}, NULL, {{zone}},
    {{region}}, SUM(r.numerator), SUM(r.denominator),
    {value_of("SUM(r.numerator)", "SUM(r.denominator)")}, SUM(r.fact_count), w.data_through,
    w.days_elapsed, w.days_in_period, %(now)s,
    CASE WHEN COUNT(r.target) < COUNT(*) THEN NULL
        WHEN w.aggregation = 'sum' THEN SUM(r.target) ELSE AVG(r.target) END
FROM {NEW} r
JOIN {WORK} w ON w.kpi_id = r.kpi_id AND w.period = r.period AND w.period_start = r.period_start
WHERE r.level = 'point_of_sale'
GROUP BY r.kpi_id, r.period, r.period_start, w.multiplier, w.aggregation, w.data_through,
    w.days_elapsed, w.days_in_period{{group}}"""
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

# The targets of the recomputed rows, from the objectives of the work periods, one statement per
# rule (a correlated subquery per rollup row probed the objectives five times for each of
# hundreds of thousands of rows). The rules in order, the first that gives a target wins; each
# leaves out the scopes an earlier one gave a target:
# 1. the scope's own objective for the period;
# 2. a month without one: its share of the quarter's objective (a third of a sum; a rate as it is);
# 3. a month without either: its share of the year's (a twelfth of a sum);
# 4. a year without one: its months' objectives added up (a rate: their average);
# 5. a year without those: its quarters' objectives, the same way.
# They are found before any rollup row is built, and each row is written with its target.
CREATE_TARGETS = f"""
CREATE TEMPORARY TABLE {TARGETS} (
    work_id integer NOT NULL, level varchar(20) NOT NULL, scope_key bigint NOT NULL,
    target double precision NOT NULL
)"""
_SHARE = "o.target / CASE WHEN w.aggregation = 'sum' THEN {parts} ELSE 1 END"
_COMBINED = "CASE WHEN w.aggregation = 'sum' THEN SUM(o.target) ELSE AVG(o.target) END"
_NOT_GIVEN = f"""NOT EXISTS (SELECT 1 FROM {TARGETS} t
    WHERE t.work_id = w.id AND t.level = o.level AND t.scope_key = o.scope_key)"""
_RULE = f"""
INSERT INTO {TARGETS} (work_id, level, scope_key, target)
SELECT w.id, o.level, o.scope_key, {{target}}
FROM {WORK} w JOIN kpis_objective o ON o.tenant_id = %(tenant)s AND o.kpi_id = w.kpi_id
WHERE {{match}}{{not_given}}
{{group}}"""
_WITHIN_YEAR = (
    "w.period = 'year' AND o.period = '{period}' "
    "AND o.period_start >= w.period_start AND o.period_start < w.period_end"
)
_BY_SCOPE = "GROUP BY w.id, w.aggregation, o.level, o.scope_key"
TARGET_RULES = [
    _RULE.format(
        target="o.target",
        match="o.period = w.period AND o.period_start = w.period_start",
        not_given="",
        group="",
    ),
    _RULE.format(
        target=_SHARE.format(parts=3),
        match="w.period = 'month' AND o.period = 'quarter' AND o.period_start = w.quarter_start",
        not_given=f" AND {_NOT_GIVEN}",
        group="",
    ),
    _RULE.format(
        target=_SHARE.format(parts=12),
        match="w.period = 'month' AND o.period = 'year' AND o.period_start = w.year_start",
        not_given=f" AND {_NOT_GIVEN}",
        group="",
    ),
    _RULE.format(
        target=_COMBINED,
        match=_WITHIN_YEAR.format(period="month"),
        not_given="",
        group=f"{_BY_SCOPE}\nHAVING {_NOT_GIVEN}",
    ),
    _RULE.format(
        target=_COMBINED,
        match=_WITHIN_YEAR.format(period="quarter"),
        not_given="",
        group=f"{_BY_SCOPE}\nHAVING {_NOT_GIVEN}",
    ),
]
ANALYZE_TARGETS = f"ANALYZE {TARGETS}"
EXPLICIT_TARGETS_UPPER = f"""
UPDATE {NEW} SET target = t.target
FROM {TARGETS} t
JOIN {WORK} w ON w.id = t.work_id
WHERE t.level IN ('zone', 'region', 'network') AND w.kpi_id = {NEW}.kpi_id
    AND w.period = {NEW}.period AND w.period_start = {NEW}.period_start
    AND t.level = {NEW}.level AND t.scope_key = {NEW}.scope_id"""

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
# first in the KPI's direction, scopes without a value last; equal values share a rank. The gap
# is to the value just above (the group of peers before one's own, a GROUPS frame), so those
# who share a rank are all that far behind, as in the challenges' leaderboards. Two sorts and
# four passes: each rank, gap and count is read off one ordered window per level.
_BEST_FIRST = "(r.value IS NULL), CASE WHEN w.direction = 'lower' THEN r.value ELSE -r.value END"
_RANKS = """
    CASE WHEN r.level = 'point_of_sale' THEN RANK() OVER zone_above END,
    CASE WHEN r.level = 'point_of_sale' THEN COUNT(*) OVER zone_all END,
    CASE WHEN r.level = 'point_of_sale' THEN ABS(r.value - MAX(r.value) OVER zone_above) END,
    RANK() OVER network_above,
    COUNT(*) OVER network_all,
    ABS(r.value - MAX(r.value) OVER network_above)"""

_KEY = "tenant_id, level, scope_id, period, period_start, kpi_id"
_WRITTEN = """point_of_sale_id, zone_id, region_id, numerator, denominator, value, fact_count,
    data_through, days_elapsed, days_in_period, computed_at, target, achievement_rate,
    remaining_to_target, projection, zone_rank, zone_peers, zone_gap_to_above, network_rank,
    network_peers, network_gap_to_above"""

_COLUMNS = " ".join(_WRITTEN.split()).split(", ")
_KEY_COLUMNS = _KEY.split(", ")
# The same figures, NULLs equal to NULLs (a form both databases read and PostgreSQL keeps as a
# filter of a hash join on the key).
_SAME = " AND ".join(
    ["e.tenant_id = %(tenant)s"]
    + [f"e.{c} = x.{c}" for c in _KEY_COLUMNS]
    + [f"(e.{c} = x.{c} OR (e.{c} IS NULL AND x.{c} IS NULL))" for c in _COLUMNS
       if c != "computed_at"]
)  # fmt: skip

# The completed rollups, with their performance and ranks, written in one statement, but for
# the rows already there with the same figures: `computed_at` is when a row last changed, and a
# rebuild that finds most figures as they were writes only the others (the unchanged ones are
# left out by one anti-join, not by looking each one up in the unique index). Rows that exist
# are updated in place; the updates keep the keys and indexed columns, so PostgreSQL makes
# them without touching the indexes (HOT, on the free space the table's fillfactor keeps in
# each page).
WRITE_NEW = f"""
WITH x ({_KEY}, {_WRITTEN}) AS (
    SELECT r.tenant_id, r.level, r.scope_id, r.period, r.period_start, r.kpi_id,
        r.point_of_sale_id, r.zone_id, r.region_id, r.numerator, r.denominator, r.value,
        r.fact_count, r.data_through, r.days_elapsed, r.days_in_period, r.computed_at, r.target,
        {_PERFORMANCE}, {_RANKS}
    FROM {NEW} r
    JOIN {WORK} w ON w.kpi_id = r.kpi_id AND w.period = r.period
        AND w.period_start = r.period_start
    WINDOW zone_all AS (PARTITION BY r.kpi_id, r.period, r.period_start, r.level, r.zone_id),
        zone_above AS (zone_all ORDER BY {_BEST_FIRST}
            GROUPS BETWEEN 1 PRECEDING AND 1 PRECEDING),
        network_all AS (PARTITION BY r.kpi_id, r.period, r.period_start, r.level),
        network_above AS (network_all ORDER BY {_BEST_FIRST}
            GROUPS BETWEEN 1 PRECEDING AND 1 PRECEDING)
)
INSERT INTO kpis_kpirollup ({_KEY}, {_WRITTEN})
SELECT {", ".join(f"x.{c}" for c in [*_KEY_COLUMNS, *_COLUMNS])}
FROM x
WHERE NOT EXISTS (SELECT 1 FROM kpis_kpirollup e WHERE {_SAME})
ON CONFLICT ({_KEY}) DO UPDATE SET {", ".join(f"{c} = excluded.{c}" for c in _COLUMNS)}"""

# What the run did not compute again is gone: a scope without facts left in a recomputed
# period, and with a full rebuild, every period that no longer has facts.
_NOT_COMPUTED = f"""NOT EXISTS (
    SELECT 1 FROM {NEW} n WHERE n.kpi_id = kpis_kpirollup.kpi_id
    AND n.period = kpis_kpirollup.period AND n.period_start = kpis_kpirollup.period_start
    AND n.level = kpis_kpirollup.level AND n.scope_id = kpis_kpirollup.scope_id
)"""
DELETE_UNWRITTEN = f"""
DELETE FROM kpis_kpirollup
WHERE tenant_id = %(tenant)s AND EXISTS (
    SELECT 1 FROM {WORK} w WHERE w.kpi_id = kpis_kpirollup.kpi_id
    AND w.period = kpis_kpirollup.period AND w.period_start = kpis_kpirollup.period_start
) AND {_NOT_COMPUTED}"""
# Before that anti-join of every rollup row with the new rows, per database: PostgreSQL would
# otherwise sort both sides (a merge join) where hashing the new rows takes half the time;
# SQLite runs the NOT EXISTS once per rollup row, and an index on the new rows' key makes each
# a lookup rather than a scan of them all.
BEFORE_UNWRITTEN = {
    "postgresql": "SET LOCAL enable_mergejoin = off",
    "sqlite": f"CREATE INDEX {NEW}_key ON {NEW} (kpi_id, period, period_start, level, scope_id)",
}
DELETE_ALL_UNWRITTEN = (
    f"DELETE FROM kpis_kpirollup WHERE tenant_id = %(tenant)s AND {_NOT_COMPUTED}"
)
# Before a full rebuild writes and deletes, on PostgreSQL: the rollup table's statistics may be
# stale (from when it was empty, say, with no autovacuum since), and the planner then took the
# anti-joins with it for a few rows and ran them as nested loops: the deletion compared every
# rollup row with every new row (600,000 squared: hours). A full rebuild joins every row of
# both: hash joins are right whatever the statistics say.
FULL_BEFORE_WRITE = {"postgresql": "SET LOCAL enable_nestloop = off"}

CLAIMED_MONTHS = """
SELECT DISTINCT kpi_id, month_start FROM kpis_kpidirtymonth
WHERE tenant_id = %(tenant)s AND id <= %(last)s"""
LAST_DIRTY_ID = "SELECT MAX(id) FROM kpis_kpidirtymonth WHERE tenant_id = %(tenant)s"
RELEASE_CLAIMED = "DELETE FROM kpis_kpidirtymonth WHERE tenant_id = %(tenant)s AND id <= %(last)s"
