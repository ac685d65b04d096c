"""The targets of the work periods, one per scope, from the objectives.

They are found before any rollup row is built, and each row is written with its target, never
updated for it afterwards (an UPDATE of 600,000 new rows cost about 0.7 s of a 15 s rebuild).
One statement per rule: a correlated subquery per rollup row probed the objectives five times
for each of hundreds of thousands of rows. The rules in order, the first that gives a target
wins; each leaves out the scopes an earlier one gave a target:

1. the scope's own objective for the period;
2. a month without one: its share of the quarter's objective (a third of a sum; a rate as it is);
3. a month without either: its share of the year's (a twelfth of a sum);
4. a year without one: its months' objectives added up (a rate: their average);
5. a year without those: its quarters' objectives, the same way.

Zones, regions and the network take their points of sale's targets when they have none of their
own (see upper_levels).
"""

from .tables import TARGETS, statement
from .work import ANALYZE

CREATE_TARGETS = """
CREATE TEMPORARY TABLE {targets} (
    work_id integer NOT NULL, level varchar(20) NOT NULL, scope_key bigint NOT NULL,
    target double precision NOT NULL
)"""

# SQLite: every rollup row looks its target up by this key, and each rule looks for the targets
# an earlier one gave. Without the index SQLite scanned all the targets for each row of a
# month's points of sale (the demo's seeding spent 14 of its 28 s of aggregation there); an
# automatic index is not built for a LEFT JOIN of an analysed table. PostgreSQL hashes.
TARGETS_KEY = {
    "postgresql": [],
    "sqlite": ["CREATE INDEX {targets}_key ON {targets} (work_id, level, scope_key)"],
}

OWN_OBJECTIVE = """
INSERT INTO {targets} (work_id, level, scope_key, target)
SELECT w.id, o.level, o.scope_key, o.target
FROM {work} w JOIN {objectives} o ON o.tenant_id = %(tenant)s AND o.kpi_id = w.kpi_id
WHERE o.period = w.period AND o.period_start = w.period_start"""

# A month's share of the objective of its `period` (quarter or year), of `parts` months.
SHARE_OF_OBJECTIVE = """
INSERT INTO {targets} (work_id, level, scope_key, target)
SELECT w.id, o.level, o.scope_key,
    o.target / CASE WHEN w.aggregation = 'sum' THEN {parts} ELSE 1 END
FROM {work} w JOIN {objectives} o ON o.tenant_id = %(tenant)s AND o.kpi_id = w.kpi_id
WHERE w.period = 'month' AND o.period = '{period}' AND o.period_start = w.{period}_start
    AND NOT EXISTS (
        SELECT 1 FROM {targets} t
        WHERE t.work_id = w.id AND t.level = o.level AND t.scope_key = o.scope_key
    )"""

# A year's objectives of its `period`s (months or quarters), combined.
OBJECTIVES_COMBINED = """
INSERT INTO {targets} (work_id, level, scope_key, target)
SELECT w.id, o.level, o.scope_key,
    CASE WHEN w.aggregation = 'sum' THEN SUM(o.target) ELSE AVG(o.target) END
FROM {work} w JOIN {objectives} o ON o.tenant_id = %(tenant)s AND o.kpi_id = w.kpi_id
WHERE w.period = 'year' AND o.period = '{period}'
    AND o.period_start >= w.period_start AND o.period_start < w.period_end
GROUP BY w.id, w.aggregation, o.level, o.scope_key
HAVING NOT EXISTS (
    SELECT 1 FROM {targets} t
    WHERE t.work_id = w.id AND t.level = o.level AND t.scope_key = o.scope_key
)"""


def statements(vendor: str) -> list[str]:
    """The targets table (indexed on its key on SQLite), filled by the five rules in order, then
    analysed."""
    return [
        statement(CREATE_TARGETS),
        *(statement(index) for index in TARGETS_KEY[vendor]),
        statement(OWN_OBJECTIVE),
        statement(SHARE_OF_OBJECTIVE, period="quarter", parts="3"),
        statement(SHARE_OF_OBJECTIVE, period="year", parts="12"),
        statement(OBJECTIVES_COMBINED, period="month"),
        statement(OBJECTIVES_COMBINED, period="quarter"),
        statement(ANALYZE, table=TARGETS),
    ]
