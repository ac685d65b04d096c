"""The completed rollups written to the rollup table in one statement, then what the run did not
compute again deleted from it."""

from ...models.rollups import ROLLUP_FIGURES
from .tables import statement

# The rollup table's unique key, and the columns the write sets.
KEY = ("tenant_id", "level", "scope_id", "period", "period_start", "kpi_id")
WRITTEN = (
    "point_of_sale_id",
    "zone_id",
    "region_id",
    "numerator",
    "denominator",
    "value",
    "fact_count",
    "data_through",
    "days_elapsed",
    "days_in_period",
    "computed_at",
    *ROLLUP_FIGURES,
)

# The same figures, NULLs equal to NULLs (a form both databases read and PostgreSQL keeps as a
# filter of a hash join on the key); `computed_at` is when a row last changed, not a figure.
UNCHANGED = " AND ".join(
    [
        "e.tenant_id = %(tenant)s",
        *(f"e.{c} = x.{c}" for c in KEY),
        *(
            f"(e.{c} = x.{c} OR (e.{c} IS NULL AND x.{c} IS NULL))"
            for c in WRITTEN
            if c != "computed_at"
        ),
    ]
)
COLUMN_LISTS = {
    "key": ", ".join(KEY),
    "written": ", ".join(WRITTEN),
    "x_columns": ", ".join(f"x.{c}" for c in (*KEY, *WRITTEN)),
    "unchanged": UNCHANGED,
    "updates": ", ".join(f"{c} = excluded.{c}" for c in WRITTEN),
}

# The completed rollups with their performance and ranks, in the order of KEY and WRITTEN, but
# for the rows already there with the same figures: a rebuild that finds most figures as they
# were writes only the others (the unchanged ones are left out by one anti-join, not by looking
# each one up in the unique index). Rows that exist are updated in place; the updates keep the
# keys and indexed columns, so PostgreSQL makes them without touching the indexes (HOT, on the
# free space the table's fillfactor keeps in each page).
#
# Achievement: value / target (lower is better: 2 - value / target, 1 on target either way).
# What is left: the gap to the target in the good direction. Projection: a sum at the current
# daily pace to the end of the period; a rate or a level stays where it is.
#
# Ranks among the zone's points of sale and among the network's peers of the same level, best
# first in the KPI's direction, scopes without a value last; equal values share a rank. The gap
# is to the value just above (the group of peers before one's own, a GROUPS frame), so those who
# share a rank are all that far behind, as in the challenges' leaderboards. Two sorts and four
# passes: each rank, gap and count is read off one ordered window per level.
WRITE = """
WITH x ({key}, {written}) AS (
    SELECT r.tenant_id, r.level, r.scope_id, r.period, r.period_start, r.kpi_id,
        r.point_of_sale_id, r.zone_id, r.region_id, r.numerator, r.denominator, r.value,
        r.fact_count, r.data_through, r.days_elapsed, r.days_in_period, r.computed_at, r.target,
        CASE WHEN r.target IS NULL OR r.value IS NULL OR r.target = 0 THEN NULL
            WHEN w.direction = 'lower' THEN 2 - r.value / r.target ELSE r.value / r.target END,
        CASE WHEN r.target IS NULL OR r.value IS NULL THEN NULL
            WHEN w.direction = 'lower' THEN CASE WHEN r.value > r.target THEN r.value - r.target
                ELSE 0 END
            ELSE CASE WHEN r.target > r.value THEN r.target - r.value ELSE 0 END END,
        CASE WHEN r.value IS NULL THEN NULL
            WHEN w.aggregation = 'sum' THEN r.value * w.days_in_period / w.days_elapsed
            ELSE r.value END,
        CASE WHEN r.level = 'point_of_sale' THEN RANK() OVER zone_above END,
        CASE WHEN r.level = 'point_of_sale' THEN COUNT(*) OVER zone_all END,
        CASE WHEN r.level = 'point_of_sale' THEN ABS(r.value - MAX(r.value) OVER zone_above) END,
        RANK() OVER network_above,
        COUNT(*) OVER network_all,
        ABS(r.value - MAX(r.value) OVER network_above)
    FROM {new} r
    JOIN {work} w ON w.kpi_id = r.kpi_id AND w.period = r.period
        AND w.period_start = r.period_start
    WINDOW zone_all AS (PARTITION BY r.kpi_id, r.period, r.period_start, r.level, r.zone_id),
        zone_above AS (zone_all ORDER BY (r.value IS NULL),
                CASE WHEN w.direction = 'lower' THEN r.value ELSE -r.value END
            GROUPS BETWEEN 1 PRECEDING AND 1 PRECEDING),
        network_all AS (PARTITION BY r.kpi_id, r.period, r.period_start, r.level),
        network_above AS (network_all ORDER BY (r.value IS NULL),
                CASE WHEN w.direction = 'lower' THEN r.value ELSE -r.value END
            GROUPS BETWEEN 1 PRECEDING AND 1 PRECEDING)
)
INSERT INTO {rollups} ({key}, {written})
SELECT {x_columns}
FROM x
WHERE NOT EXISTS (SELECT 1 FROM {rollups} e WHERE {unchanged}{within_work})
ON CONFLICT ({key}) DO UPDATE SET {updates}"""
# A nightly run compares its rows with those of the periods it recomputed, not with every
# rollup of the tenant: PostgreSQL otherwise hashed the whole table (a million rows, people's
# included) for a few thousand new ones.
WITHIN_WORK = """
    AND EXISTS (SELECT 1 FROM {work} ew WHERE ew.kpi_id = e.kpi_id AND ew.period = e.period
        AND ew.period_start = e.period_start)"""

# What the run did not compute again is gone: a scope without facts left in a recomputed
# period, and with a full rebuild, every period that no longer has facts.
DELETE_UNWRITTEN = """
DELETE FROM {rollups}
WHERE tenant_id = %(tenant)s AND EXISTS (
    SELECT 1 FROM {work} w WHERE w.kpi_id = {rollups}.kpi_id
    AND w.period = {rollups}.period AND w.period_start = {rollups}.period_start
) AND NOT EXISTS (
    SELECT 1 FROM {new} n WHERE n.kpi_id = {rollups}.kpi_id
    AND n.period = {rollups}.period AND n.period_start = {rollups}.period_start
    AND n.level = {rollups}.level AND n.scope_id = {rollups}.scope_id
)"""
DELETE_ALL_UNWRITTEN = """
DELETE FROM {rollups} WHERE tenant_id = %(tenant)s AND NOT EXISTS (
    SELECT 1 FROM {new} n WHERE n.kpi_id = {rollups}.kpi_id
    AND n.period = {rollups}.period AND n.period_start = {rollups}.period_start
    AND n.level = {rollups}.level AND n.scope_id = {rollups}.scope_id
)"""

# Planner switch, full rebuilds on PostgreSQL. The rollup table's statistics may be stale (from
# when it was empty, say, with no autovacuum since), and the planner then took the anti-joins of
# the write and the deletion with it for a few rows and ran them as nested loops: the deletion
# compared every rollup row with every new row (600,000 squared: hours; the bench's rebuild from
# no rollups ran for over 13 min). A full rebuild joins every row of both: hash joins are right
# whatever the statistics say. Set here, just before the write, and not with the run's other
# settings: the months before it read the last values (and, nightly, every month) by probing
# the facts' index once per work period, which only a nested loop does. SET LOCAL: it holds to
# the end of the run's transaction.
NO_NESTED_LOOPS = "SET LOCAL enable_nestloop = off"

# Before the anti-join of every rollup row with the new rows that deletes those no longer
# computed, per database. PostgreSQL would sort both sides (a merge join) where hashing the new
# rows takes half the time: a planner switch, set right before the deletion it was measured for
# (SET LOCAL: it then holds to the end of the transaction, which runs nothing big after it).
# SQLite runs the NOT EXISTS once per rollup row, and an index on the new rows' key makes each a
# lookup rather than a scan of them all (the demo's seeding took 2 min instead of 26 s without).
BEFORE_DELETING = {
    "postgresql": "SET LOCAL enable_mergejoin = off",
    "sqlite": "CREATE INDEX {new}_key ON {new} (kpi_id, period, period_start, level, scope_id)",
}


def statements(vendor: str, *, full: bool) -> list[str]:
    """The write, then the deletion of the rows not computed again (of the recomputed periods;
    with `full`, of the whole tenant)."""
    hash_joins = [NO_NESTED_LOOPS] if full and vendor == "postgresql" else []
    return [
        *hash_joins,
        statement(WRITE, **COLUMN_LISTS, within_work="" if full else statement(WITHIN_WORK)),
        statement(BEFORE_DELETING[vendor]),
        statement(DELETE_ALL_UNWRITTEN if full else DELETE_UNWRITTEN),
    ]
