"""Synthetic facts, as a tenant's system would send them, and their posting through the API."""

import datetime as dt
import json
import random
import time
from typing import Any

from .. import web


def day_facts(
    points: list[str], kpis: list[str], day: dt.date, rng: random.Random
) -> list[dict[str, Any]]:
    return [
        {
            "point_of_sale": point,
            "kpi": kpi,
            "date": day.isoformat(),
            "value": float(rng.randint(0, 40)),
        }
        for point in points
        for kpi in kpis
    ]


def year_batches(points: list[str], kpis: list[str], first: dt.date, limit: int) -> list[bytes]:
    rng = random.Random(first.toordinal())  # noqa: S311  # synthetic facts
    facts: list[dict[str, Any]] = []
    for offset in range(365):
        facts += day_facts(points, kpis, first + dt.timedelta(days=offset), rng)
    return [
        json.dumps({"facts": facts[start : start + limit]}).encode()
        for start in range(0, len(facts), limit)
    ]


def post_batches(port: int, token: str, batches: list[bytes]) -> float:
    started = time.perf_counter()
    for body in batches:
        status, _headers, answer = web.request(
            port,
            "POST",
            "/api/v1/kpi-facts/",
            body,
            {"Content-Type": "application/json", "Authorization": f"Token {token}"},
        )
        if status != 201:
            raise RuntimeError(f"the API refused a batch ({status}): {answer[:300]!r}")
    return time.perf_counter() - started
