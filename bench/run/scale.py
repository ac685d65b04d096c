"""Smaller tenants, one after the other: how the aggregation grows with the network."""

import datetime as dt
from typing import Any

from .database import Database
from .environment import DATABASE, log, median


def scale_run(points: int, days: int, kpis: int, runs: int, today: dt.date) -> dict[str, Any]:
    """Full and incremental aggregation of a tenant of `points` points of sale."""
    db = Database(f"{DATABASE}_scale_{points}")
    try:
        db.migrate()
        seeded = db.seed(points, days, kpis)
        full = db.task("aggregate", "--full", "--runs", str(runs))["median"]
        incremental = []
        for run in range(runs):
            db.task("load-day", "--day", today.isoformat(), "--seed", str(run + 1))
            incremental.append(db.task("aggregate", "--runs", "1")["median"])
        facts = int(db.one("SELECT count(*) FROM kpis_kpifact"))
        log(f"scale {points}: {facts} facts, full {full:.2f} s, incr {median(incremental):.2f} s")
        return {
            "points_of_sale": points,
            "facts": facts,
            "seed_s": seeded,
            "full_s": full,
            "incremental_s": median(incremental),
        }
    finally:
        db.drop()
