"""The reviewed SQL of the aggregation, one module per step of a run, in the order they run:

- `run`: the run's transaction (its lock and settings) and the dirty months it claims;
- `work`: the work periods to recompute (`kpi_work`) and the temporary tables of the run;
- `targets`: the target of every scope of the work periods, from the objectives;
- `months`: the month rows of points of sale and people, from the facts;
- `years`: their year rows, from the months;
- `upper_levels`: zones, regions and the network, from their points of sale;
- `write`: everything written to the rollup table at once, and what is no longer computed.

Each statement runs unchanged on PostgreSQL and SQLite (window functions, UPDATE ... FROM,
upserts, temporary tables), except the full rebuild's scan of the facts and the ordered sum of a
year's months, which only PostgreSQL has. Each is one template, formatted once by
`tables.statement` with the names of its tables and a few words of its level or period; values
are always parameters: %(tenant)s, %(now)s, %(last)s, %(kpi)s.
"""

from . import months, run, targets, upper_levels, work, write, years
from .tables import statement

__all__ = ["months", "run", "statement", "targets", "upper_levels", "work", "write", "years"]
