"""A run's transaction: its lock and settings on PostgreSQL, and the dirty months it claims."""

# PostgreSQL: two runs of one tenant never overlap; the lock goes with the transaction.
LOCK = "SELECT pg_advisory_xact_lock(%s, %s)"

# PostgreSQL planner settings, set as the run's transaction begins (after its lock) because
# they are for every statement of it (SET LOCAL: they end with it, and nothing else runs with
# them). A run is a batch job of a few big statements: its sorts and hash tables of hundreds of
# thousands of rows stay in memory instead of spilling to disk in batches, and no statement pays
# just-in-time compilation (about 0.7 s each, for statements that are I/O- and sort-bound).
BATCH_SETTINGS = ("SET LOCAL work_mem = '256MB'", "SET LOCAL jit = off")

# The dirty months up to the last id seen when the run starts: the run claims those, and
# releases only those at its end, so a month made dirty again meanwhile stays dirty.
LAST_DIRTY_ID = "SELECT MAX(id) FROM {dirty_months} WHERE tenant_id = %(tenant)s"
CLAIMED_MONTHS = """
SELECT DISTINCT kpi_id, month_start FROM {dirty_months}
WHERE tenant_id = %(tenant)s AND id <= %(last)s"""
RELEASE_CLAIMED = "DELETE FROM {dirty_months} WHERE tenant_id = %(tenant)s AND id <= %(last)s"

# A full rebuild marks every month of each KPI from its first fact to its last: two probes of
# the facts' unique index per KPI (tenant, kpi, date...), not a scan of every fact.
FACT_RANGE = """
SELECT MIN(date), MAX(date) FROM {facts} WHERE tenant_id = %(tenant)s AND kpi_id = %(kpi)s"""
# A full rebuild of a tenant without facts: no rollups either.
DELETE_ALL = "DELETE FROM {rollups} WHERE tenant_id = %(tenant)s"

# PostgreSQL, after a full rebuild: the rollup table's statistics renewed in the run's own
# transaction. A rebuild rewrites every row of the tenant; until autovacuum's next pass the
# planner would plan the next runs and the pages' reads on the statistics of the table before
# it (after a rebuild from empty rollups: an empty table, so nested loops over 585,000 rows,
# which made the bench's next nightly run 75 s instead of 3 s).
ANALYZE_ROLLUPS = "ANALYZE {rollups}"
