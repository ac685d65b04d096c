"""`make bench`: build a large tenant with the platform's seeding, measure the floors and the
platform on the same data in one run, write bench/results.json and BENCHMARKS.md.

Uses its own databases (na_bench, na_bench_scale_N, or BENCH_DATABASE and BENCH_DATABASE_scale_N),
dropped and recreated, and never the developers' or the tests' ones; its own Redis database
(BENCH_REDIS_URL); starts gunicorn on a free loopback port and stops it.

- `command`: the arguments, the scale tenants, then the large tenant, then the report.
- `large_tenant`: every figure of the large tenant, floors first.
- `scale`: smaller tenants' aggregation, for the scale table.
- `facts`: synthetic facts, posted through the API.
- `database`: one bench database, created, migrated, seeded and dropped.
"""

from .command import main

__all__ = ["main"]
