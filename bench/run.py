"""`make bench`: build a large tenant with the platform's seeding, measure the floors and the
platform on the same data in one run, write bench/results.json and BENCHMARKS.md.

Uses its own databases (na_bench, na_bench_scale_N), dropped and recreated, and never the
developers' or the tests' ones; starts gunicorn on a free loopback port and stops it.
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg2

from . import floors, report, web

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PYTHON = Path(sys.executable)
PG = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "demo"  # noqa: S105  # the demo accounts' published password
TENANT = "autonova"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)  # noqa: T201


class Database:
    """One bench database, created empty, migrated, seeded; dropped by `drop`."""

    def __init__(self, name: str):
        self.name = name
        self.url = f"{PG}/{name}"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": self.url,
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
            "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "off",
            "CONN_MAX_AGE": "600",
            "LOG_LEVEL": "WARNING",
            "DEBUG": "off",
        }
        admin = psycopg2.connect(f"{PG}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
        self.connection = psycopg2.connect(self.url)

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603
            [str(PYTHON), str(ROOT / "manage.py"), *args],
            env=self.env, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def task(self, *args: str) -> dict:
        done = subprocess.run(  # noqa: S603
            [str(PYTHON), "-m", "bench.tasks", *args],
            env=self.env, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"bench.tasks {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def migrate(self) -> None:
        try:
            self.manage("migrate", "--no-input", "-v0")
        except RuntimeError:
            # An app of the tree without its migrations yet (work in progress): its tables too.
            self.manage("migrate", "--no-input", "--run-syncdb", "-v0")

    def seed(self, points: int, days: int, kpis: int) -> float:
        started = time.perf_counter()
        self.manage(
            "seed_demo", "--only-car-maker", "--pos", str(points), "--regions", "5",
            "--zones-per-region", "8", "--days", str(days), "--kpis", str(kpis),
        )  # fmt: skip
        return time.perf_counter() - started

    def one(self, query: str, params: tuple = ()) -> Any:
        with self.connection.cursor() as cursor:
            cursor.execute(query, params)
            row = cursor.fetchone()
        self.connection.commit()
        return row[0] if row else None

    def rows(self, query: str, params: tuple = ()) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(query, params)
            found = cursor.fetchall()
        self.connection.commit()
        return found

    def drop(self) -> None:
        self.connection.close()
        admin = psycopg2.connect(f"{PG}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        admin.close()


def median(values: list[float]) -> float:
    return statistics.median(values)


def scale_run(points: int, days: int, kpis: int, runs: int, today: dt.date) -> dict:
    """Full and incremental aggregation of a tenant of `points` points of sale."""
    db = Database(f"na_bench_scale_{points}")
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
        return {"points_of_sale": points, "facts": facts, "seed_s": seeded, "full_s": full,
                "incremental_s": median(incremental)}  # fmt: skip
    finally:
        db.drop()


def day_facts(points: list[str], kpis: list[str], day: dt.date, rng: random.Random) -> list:
    return [
        {"point_of_sale": point, "kpi": kpi, "date": day.isoformat(),
         "value": float(rng.randint(0, 40))}
        for point in points for kpi in kpis
    ]  # fmt: skip


def year_batches(points: list[str], kpis: list[str], first: dt.date, limit: int) -> list[bytes]:
    rng = random.Random(first.toordinal())  # noqa: S311  # synthetic facts
    facts: list[dict] = []
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
            port, "POST", "/api/v1/kpi-facts/", body,
            {"Content-Type": "application/json", "Authorization": f"Token {token}"},
        )  # fmt: skip
        if status != 201:
            raise RuntimeError(f"the API refused a batch ({status}): {answer[:300]!r}")
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--pos", type=int, default=1000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--kpis", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year-runs", type=int, default=3)
    parser.add_argument("--load-seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--scale", default="100,300", help="Smaller tenants for the scale figures.")
    parser.add_argument("--keep", action="store_true", help="Keep the databases and data files.")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    DATA.mkdir(parents=True, exist_ok=True)
    figures = report.Figures()
    context: dict = {"started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                     "args": vars(args)}  # fmt: skip
    wrk = web.ensure_wrk()
    today = dt.date.today()  # noqa: DTZ011  # the seeding and the import use the local date
    scale = []
    for size in [int(n) for n in args.scale.split(",") if n]:
        log(f"scale tenant of {size} points of sale")
        scale.append(scale_run(size, args.days, args.kpis, args.runs, today))

    log(f"large tenant: {args.pos} points of sale, {args.kpis} KPIs, {args.days} days")
    db = Database("na_bench")
    server = None
    try:
        db.migrate()
        db.manage("collectstatic", "--no-input", "-v0")
        context["seed_s"] = db.seed(args.pos, args.days, args.kpis)
        tenant = int(db.one("SELECT id FROM network_animation_tenant WHERE slug = %s", (TENANT,)))
        context["facts"] = int(db.one("SELECT count(*) FROM kpis_kpifact"))
        context["objectives"] = int(db.one("SELECT count(*) FROM kpis_objective"))
        log(f"seeded {context['facts']} facts in {context['seed_s']:.0f} s")

        # Floors: COPY and hand-written SQL over the same facts.
        floors.prepare(db.connection, tenant)
        all_facts, year_file = DATA / "facts.csv", DATA / "year.csv"
        count = floors.export_facts(db.connection, all_facts, "tenant_id = %(t)s", {"t": tenant})
        year_count = floors.export_facts(
            db.connection, year_file, "tenant_id = %(t)s AND date >= %(d)s",
            {"t": tenant, "d": today - dt.timedelta(days=365)},
        )  # fmt: skip
        bare = [floors.copy_rate(db.connection, all_facts, "fact", count) for _ in range(args.runs)]
        indexed = [
            floors.copy_rate(db.connection, year_file, "fact_indexed", year_count)
            for _ in range(args.runs)
        ]
        figures.add("copy_floor_rate", median(indexed), "facts/s")
        figures.add("copy_bare_floor_rate", median(bare), "facts/s")
        context["copy_year_facts"] = year_count
        log(f"COPY floor {median(indexed):.0f} facts/s indexed, {median(bare):.0f} bare")
        full_floor = [floors.sql_rollup_full(db.connection, tenant) for _ in range(args.runs)]
        figures.add("sql_rollup_floor_s", median([s for s, _n in full_floor]), "s")
        context["floor_rollups"] = full_floor[-1][1]
        log(f"SQL rollup floor {figures.value('sql_rollup_floor_s'):.2f} s")

        # The platform's nightly aggregation: full rebuilds.
        full = db.task("aggregate", "--full", "--runs", str(args.runs))
        figures.add("aggregation_full_s", full["median"], "s", "sql_rollup_floor_s")
        context["rollups"] = int(db.one("SELECT count(*) FROM kpis_kpirollup"))
        log(f"aggregation full {full['median']:.2f} s")
        # The same from no rollups at all: every row written (the rebuild above finds its rows
        # as they were and writes only what changed). The last run leaves them all in place.
        cold = db.task("aggregate", "--full", "--cold", "--runs", str(args.runs))
        figures.add("aggregation_full_cold_s", cold["median"], "s", "sql_rollup_floor_s")
        log(f"aggregation full from no rollups {cold['median']:.2f} s")

        # The web server with the production settings.
        server = web.Server(PYTHON, db.env, workers=2 * (os.cpu_count() or 2) + 1,
                            log=DATA / "gunicorn.log")  # fmt: skip
        token = db.manage("create_service_token", "bench", "--tenant", TENANT).strip().split()[-1]
        points = [r[0] for r in db.rows(
            "SELECT code FROM network_animation_pointofsale WHERE tenant_id = %s ORDER BY id",
            (tenant,))]  # fmt: skip
        kpis = [r[0] for r in db.rows(
            "SELECT code FROM kpis_kpidefinition WHERE tenant_id = %s AND aggregation <> 'ratio'"
            " AND source = 'imported' ORDER BY position", (tenant,))]  # fmt: skip

        # One new day through the API, then the incremental aggregation (each run anew).
        rng = random.Random(11)  # noqa: S311  # synthetic facts
        day_rates, incremental = [], []
        for _ in range(args.runs):
            db.one("DELETE FROM kpis_kpifact WHERE tenant_id = %s AND date = %s RETURNING 1",
                   (tenant, today))  # fmt: skip
            body = json.dumps({"facts": day_facts(points, kpis, today, rng)}).encode()
            facts_in_day = len(points) * len(kpis)
            day_rates.append(facts_in_day / post_batches(server.port, token, [body]))
            incremental.append(db.task("aggregate", "--runs", "1")["median"])
        context["day_facts"] = facts_in_day
        floors.export_facts(db.connection, DATA / "day.csv", "tenant_id = %(t)s AND date = %(d)s",
                            {"t": tenant, "d": today})  # fmt: skip
        floors.load_day(db.connection, DATA / "day.csv")
        year_start = today.replace(month=1, day=1).isoformat()
        incremental_floor = [
            floors.sql_incremental(db.connection, tenant, year_start) for _ in range(args.runs)
        ]
        figures.add("sql_incremental_floor_s", median(incremental_floor), "s")
        figures.add("import_day_rate", median(day_rates), "facts/s", "copy_floor_rate")
        figures.add("aggregation_incremental_s", median(incremental), "s",
                    "sql_incremental_floor_s")  # fmt: skip
        log(f"day import {median(day_rates):.0f} facts/s, incremental {median(incremental):.2f} s")

        # Pages under load, each signed in as its role; the floor view first.
        first_point = db.one("SELECT min(id) FROM network_animation_pointofsale "
                             "WHERE tenant_id = %s", (tenant,))  # fmt: skip
        zone = db.one("SELECT id FROM network_animation_zone WHERE tenant_id = %s AND code = 'Z01'",
                      (tenant,))  # fmt: skip
        pages = [
            ("floor_view", "vendeur", f"/{TENANT}/bench-floor/{first_point}/", b"<p>"),
            ("dashboard", "vendeur", f"/{TENANT}/points-of-sale/{first_point}/", b"<table"),
            ("zone_page", "animateur", f"/{TENANT}/zones/{zone}/", b"<table"),
            ("network_page", "siege", f"/{TENANT}/network/", b"<table"),
        ]
        load_errors = 0
        for name, login, path, expect in pages:
            cookie = web.sign_in(server.port, f"{login}@autonova.example", PASSWORD)
            web.check_page(server.port, path, cookie, expect)
            web.load(wrk, server.port, path, cookie, args.clients, 5)  # warm-up, not counted
            results = [
                web.load(wrk, server.port, path, cookie, args.clients, args.load_seconds)
                for _ in range(args.runs)
            ]
            load_errors += sum(r.errors for r in results)
            floor = "floor_view" if name != "floor_view" else None
            figures.add(f"{name}_p50_ms", median([r.p50_ms for r in results]), "ms",
                        floor and "floor_view_p50_ms")  # fmt: skip
            figures.add(f"{name}_p99_ms", median([r.p99_ms for r in results]), "ms",
                        floor and "floor_view_p99_ms")  # fmt: skip
            figures.add(f"{name}_rps", median([r.requests_per_s for r in results]), "requests/s",
                        floor and "floor_view_rps")  # fmt: skip
            log(f"{name}: p50 {figures.value(name + '_p50_ms'):.1f} ms, "
                f"p99 {figures.value(name + '_p99_ms'):.1f} ms")  # fmt: skip
        figures.add("load_errors", load_errors, "errors")

        # Head office's monthly report.
        reports = db.task("reports", "--runs", str(args.runs))
        if reports.get("missing"):
            context["reports_missing"] = True
        else:
            figures.add("monthly_report_xlsx_s", reports["xlsx"]["median"], "s")
            figures.add("monthly_report_pdf_s", reports["pdf"]["median"], "s")

        # A full year through the API in batches of its maximum size (years not yet loaded).
        year_rates = []
        for run in range(args.year_runs):
            first = today - dt.timedelta(days=365 * (2 + run) + 1)
            batches = year_batches(points, kpis, first, 50_000)
            sent = 365 * len(points) * len(kpis)
            year_rates.append(sent / post_batches(server.port, token, batches))
            log(f"year import {run + 1}: {year_rates[-1]:.0f} facts/s ({len(batches)} batches)")
        context["year_facts"] = 365 * len(points) * len(kpis)
        figures.add("import_year_rate", median(year_rates), "facts/s", "copy_floor_rate")
    finally:
        if server is not None:
            server.stop()
        if not args.keep:
            floors.drop(db.connection)
            db.drop()
            for name in ("facts.csv", "year.csv", "day.csv"):
                (DATA / name).unlink(missing_ok=True)
    context["scale"] = scale
    context["duration_s"] = time.perf_counter() - started
    report.write(figures, context, ROOT)
    log(f"done in {context['duration_s'] / 60:.1f} min")


if __name__ == "__main__":
    main(sys.argv[1:])
