"""The year import against its COPY floor, in-process and small: a quick check between changes.

Not part of `make bench` (which posts through gunicorn on the large tenant). On a tenant seeded
by `seed_demo --only-car-maker`, each round takes days before any loaded yet and, batch by batch
of the API's maximum size, alternately COPYs the batch's facts as CSV into an emptied table with
the fact table's indexes (as bench/floors.py does) and imports them through what the API view
does with its body (JSON read, table built, `kpi_facts_import`). Pairing each batch with its own
COPY keeps the ratio steady on a machine whose load changes from second to second.

    DEBUG=on DATABASE_URL=... REDIS_URL=... .venv/bin/python -m bench.import_probe --rounds 4
"""

import argparse
import datetime as dt
import io
import json
import os
import random
import statistics
import time
from typing import Any

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--days", type=int, default=45, help="days of facts per round")
    parser.add_argument("--slug", default="autonova")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_animation.settings.base")
    django.setup()
    rates = _measure(args.slug, args.rounds, args.days)
    ratios = [imported / floor for floor, imported in rates]
    floor, imported = (statistics.median(column) for column in zip(*rates, strict=True))
    print(
        f"median: floor {floor:.0f} facts/s, import {imported:.0f} facts/s,"
        f" ratio of medians {imported / floor:.3f}, median ratio {statistics.median(ratios):.3f}"
    )


def _measure(slug: str, rounds: int, days: int) -> list[tuple[float, float]]:
    """(floor, import) facts per second of each batch."""
    import psycopg2
    from django.conf import settings
    from django.db import connection

    from bench import floors
    from bench.run.facts import day_facts
    from kpis.fact_table import facts_table_from_records
    from kpis.services.facts import API_BATCH_LIMIT, kpi_facts_import
    from network_animation.models import Tenant

    tenant = Tenant.objects.get(slug=slug)
    database = settings.DATABASES["default"]
    floor_connection = psycopg2.connect(
        dbname=database["NAME"],
        user=database["USER"],
        host=database["HOST"],
        port=database["PORT"],
        password=database["PASSWORD"],
    )
    floors.prepare(floor_connection, tenant.pk)
    points, kpis = _codes(tenant.pk)

    def copy_seconds(csv: str) -> float:
        with floor_connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {floors.SCHEMA}.fact_indexed")
            floor_connection.commit()
            started = time.perf_counter()
            cursor.copy_expert(
                f"COPY {floors.SCHEMA}.fact_indexed ({floors.FACT_COLUMNS}) FROM STDIN "
                "WITH (FORMAT csv)",
                io.StringIO(csv),
            )
            floor_connection.commit()
            return time.perf_counter() - started

    def import_seconds(body: bytes) -> float:
        started = time.perf_counter()
        table, shape_errors = facts_table_from_records(json.loads(body)["facts"])
        kpi_facts_import(
            tenant=tenant, actor=None, table=table, source="api", earlier_errors=shape_errors
        )
        return time.perf_counter() - started

    rates: list[tuple[float, float]] = []
    for attempt in range(rounds):
        with connection.cursor() as cursor:
            cursor.execute("SELECT min(date) FROM kpis_kpifact WHERE tenant_id = %s", [tenant.pk])
            first = cursor.fetchone()[0] - dt.timedelta(days=days + 1)
        rng = random.Random(first.toordinal())  # noqa: S311  # synthetic facts
        facts: list[dict[str, Any]] = []
        for offset in range(days):
            facts += day_facts(list(points), list(kpis), first + dt.timedelta(days=offset), rng)
        for index in range(len(facts) // API_BATCH_LIMIT):  # whole batches only
            batch = facts[index * API_BATCH_LIMIT : (index + 1) * API_BATCH_LIMIT]
            csv = "".join(
                f"{tenant.pk},{points[fact['point_of_sale']]},,{kpis[fact['kpi']]},"
                f"{fact['date']},{fact['value']}\n"
                for fact in batch
            )
            body = json.dumps({"facts": batch}).encode()
            if (attempt + index) % 2:
                imported = import_seconds(body)
                floor = copy_seconds(csv)
            else:
                floor = copy_seconds(csv)
                imported = import_seconds(body)
            rates.append((len(batch) / floor, len(batch) / imported))
            print(
                f"round {attempt} batch {index}: floor {rates[-1][0]:.0f} facts/s,"
                f" import {rates[-1][1]:.0f} facts/s, ratio {floor / imported:.3f}",
                flush=True,
            )
    with floor_connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {floors.SCHEMA} CASCADE")
    floor_connection.commit()
    return rates


def _codes(tenant: int) -> tuple[dict[str, int], dict[str, int]]:
    """The ids by code of the tenant's points of sale and of its KPIs that take imports."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, id FROM network_animation_pointofsale WHERE tenant_id = %s ORDER BY id",
            [tenant],
        )
        points = dict(cursor.fetchall())
        cursor.execute(
            "SELECT code, id FROM kpis_kpidefinition WHERE tenant_id = %s"
            " AND aggregation <> 'ratio' AND source = 'imported' ORDER BY position",
            [tenant],
        )
        return points, dict(cursor.fetchall())


if __name__ == "__main__":
    main()
