"""Every figure of the large tenant: the floors, the aggregation, imports through the API, the
pages under load and the monthly report."""

import argparse
import datetime as dt
import html
import json
import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import floors, report, web
from .database import Database
from .environment import BARE_PREFIX, DATA, DATABASE, DOMAIN, PASSWORD, PYTHON, TENANT, log, median
from .facts import day_facts, post_batches, year_batches
from .mixed_load import measure_mixed_load
from .step_save import measure_step_saves

# The product's WSGI application and, under its own path, Django without middleware (bench/wsgi.py).
BENCH_APP = "bench.wsgi:application"


@dataclass
class LargeTenant:
    """The large tenant's run: its database and settings, and where its figures go."""

    db: Database
    args: argparse.Namespace
    today: dt.date
    figures: report.Figures
    context: dict[str, Any]
    tenant: int = 0
    long_thread: int = 0  # the thread of 200 replies the pages read


@dataclass(frozen=True)
class FactsFeed:
    """What posting facts through the API takes: the server, a token, the codes to use."""

    port: int
    token: str
    points: list[str]
    kpis: list[str]


def large_tenant_run(
    args: argparse.Namespace,
    today: dt.date,
    figures: report.Figures,
    context: dict[str, Any],
    wrk: str,
) -> None:
    """The floors and the platform on the large tenant; its databases and files dropped after."""
    log(f"large tenant: {args.pos} points of sale, {args.kpis} KPIs, {args.days} days")
    run = LargeTenant(Database(DATABASE), args, today, figures, context)
    server = None
    phase = _phases(context)
    try:
        phase("seed", _seed, run)
        phase("copy floors", _measure_copy_floors, run)
        phase("rollup floor", _measure_rollup_floor, run)
        phase("full aggregation", _measure_full_aggregation, run)
        # The web server with the production settings.
        workers = 2 * (os.cpu_count() or 2) + 1
        server = web.Server(
            PYTHON, run.db.env, workers=workers, log=DATA / "gunicorn.log", app=BENCH_APP
        )
        token = run.db.manage("create_service_token", "bench", "--tenant", TENANT)
        feed = FactsFeed(server.port, token.strip().split()[-1], *_codes(run))
        phase("day import", _measure_day_import, run, feed)
        phase("pages", _measure_pages, run, server.port, wrk)
        phase("step saves", measure_step_saves, run, server.port, wrk)
        phase("mixed load", measure_mixed_load, run, server.port, wrk, feed)
        phase("reports", _measure_reports, run)
        phase("audiences", _measure_audiences, run)
        phase("search", _measure_search, run)
        phase("year import", _measure_year_import, run, feed)
        phase("recommendations", _measure_recommendations, run)
        # Last: its facts and dirty months would weigh on the aggregation figures above.
        phase("computed KPIs", _measure_computed_kpis, run)
        # After it: the chain's learning steps have a year of learning to read.
        phase("nightly chain", _measure_nightly_chain, run)
    finally:
        if server is not None:
            server.stop()
        if not args.keep:
            floors.drop(run.db.connection)
            run.db.drop()
            for name in ("facts.csv", "year.csv", "day.csv", "mixed.lua"):
                (DATA / name).unlink(missing_ok=True)
            shutil.rmtree(DATA / "step_save", ignore_errors=True)


def _phases(context: dict[str, Any]) -> Callable[..., None]:
    """Run a phase of the large tenant and keep its duration in `context["phases_s"]`: the
    report says where the run's minutes go."""
    durations: dict[str, float] = context.setdefault("phases_s", {})

    def phase(name: str, measure: Callable[..., None], *args: Any) -> None:
        started = time.perf_counter()
        try:
            measure(*args)
        finally:
            durations[name] = round(time.perf_counter() - started, 1)

    return phase


def _seed(run: LargeTenant) -> None:
    db, context = run.db, run.context
    db.migrate()
    db.manage("collectstatic", "--no-input", "-v0")
    context["seed_s"] = db.seed(run.args.pos, run.args.days, run.args.kpis)
    run.tenant = int(db.one("SELECT id FROM network_animation_tenant WHERE slug = %s", (TENANT,)))
    context["facts"] = int(db.one("SELECT count(*) FROM kpis_kpifact"))
    context["objectives"] = int(db.one("SELECT count(*) FROM kpis_objective"))
    log(f"seeded {context['facts']} facts in {context['seed_s']:.0f} s")
    _seed_communities(run)


def _seed_communities(run: LargeTenant) -> None:
    """The automatic communities, a few hundred threads, and the thread of 200 replies that the
    point of sale's staff member reads under load."""
    seeded = run.db.task("communities", "--reader", f"vendeur@{DOMAIN}")
    run.long_thread = seeded.pop("long_thread")
    run.context["communities_seed_s"] = seeded.pop("seconds")
    run.context["communities"] = seeded
    log(
        f"communities: {seeded['communities']}, {seeded['threads']} threads, "
        f"{seeded['posts']} posts, 200 replies by {seeded['long_thread_repliers']} people, "
        f"in {run.context['communities_seed_s']:.0f} s"
    )


def _measure_copy_floors(run: LargeTenant) -> None:
    """The COPY floors: every fact into a bare table, a year's into an indexed one."""
    connection, tenant, runs = run.db.connection, run.tenant, run.args.runs
    floors.prepare(connection, tenant)
    all_facts, year_file = DATA / "facts.csv", DATA / "year.csv"
    count = floors.export_facts(connection, all_facts, "tenant_id = %(t)s", {"t": tenant})
    year_count = floors.export_facts(
        connection,
        year_file,
        "tenant_id = %(t)s AND date >= %(d)s",
        {"t": tenant, "d": run.today - dt.timedelta(days=365)},
    )
    bare = [floors.copy_rate(connection, all_facts, "fact", count) for _ in range(runs)]
    indexed = [
        floors.copy_rate(connection, year_file, "fact_indexed", year_count) for _ in range(runs)
    ]
    run.figures.add("copy_floor_rate", median(indexed), "facts/s")
    run.figures.add("copy_bare_floor_rate", median(bare), "facts/s")
    run.context["copy_year_facts"] = year_count
    log(f"COPY floor {median(indexed):.0f} facts/s indexed, {median(bare):.0f} bare")


def _measure_rollup_floor(run: LargeTenant) -> None:
    """The hand-written SQL rollups over the same facts."""
    full_floor = [
        floors.sql_rollup_full(run.db.connection, run.tenant) for _ in range(run.args.runs)
    ]
    run.figures.add("sql_rollup_floor_s", median([s for s, _n in full_floor]), "s")
    run.context["floor_rollups"] = full_floor[-1][1]
    log(f"SQL rollup floor {run.figures.value('sql_rollup_floor_s'):.2f} s")


def _measure_full_aggregation(run: LargeTenant) -> None:
    """The platform's nightly aggregation: full rebuilds."""
    runs = str(run.args.runs)
    full = run.db.task("aggregate", "--full", "--runs", runs)
    run.figures.add("aggregation_full_s", full["median"], "s", "sql_rollup_floor_s")
    run.context["rollups"] = int(run.db.one("SELECT count(*) FROM kpis_kpirollup"))
    log(f"aggregation full {full['median']:.2f} s")
    # The same from no rollups at all: every row written (the rebuild above finds its rows
    # as they were and writes only what changed). The last run leaves them all in place.
    cold = run.db.task("aggregate", "--full", "--cold", "--runs", runs)
    run.figures.add("aggregation_full_cold_s", cold["median"], "s", "sql_rollup_floor_s")
    log(f"aggregation full from no rollups {cold['median']:.2f} s")


def _codes(run: LargeTenant) -> tuple[list[str], list[str]]:
    """The codes of the tenant's points of sale, and of its KPIs that take imported facts."""
    points = run.db.rows(
        "SELECT code FROM network_animation_pointofsale WHERE tenant_id = %s ORDER BY id",
        (run.tenant,),
    )
    kpis = run.db.rows(
        "SELECT code FROM kpis_kpidefinition WHERE tenant_id = %s"
        " AND aggregation <> 'ratio' AND source = 'imported' ORDER BY position",
        (run.tenant,),
    )
    return [r[0] for r in points], [r[0] for r in kpis]


def _measure_day_import(run: LargeTenant, feed: FactsFeed) -> None:
    """One new day through the API, then the incremental aggregation (each run anew)."""
    rng = random.Random(11)  # noqa: S311  # synthetic facts
    facts_in_day = len(feed.points) * len(feed.kpis)
    day_rates, incremental = [], []
    for _ in range(run.args.runs):
        run.db.one(
            "DELETE FROM kpis_kpifact WHERE tenant_id = %s AND date = %s RETURNING 1",
            (run.tenant, run.today),
        )
        facts = day_facts(feed.points, feed.kpis, run.today, rng)
        body = json.dumps({"facts": facts}).encode()
        day_rates.append(facts_in_day / post_batches(feed.port, feed.token, [body]))
        incremental.append(run.db.task("aggregate", "--runs", "1")["median"])
    run.context["day_facts"] = facts_in_day
    incremental_floor = _incremental_floor(run)
    run.figures.add("sql_incremental_floor_s", median(incremental_floor), "s")
    run.figures.add("import_day_rate", median(day_rates), "facts/s", "copy_floor_rate")
    run.figures.add(
        "aggregation_incremental_s", median(incremental), "s", "sql_incremental_floor_s"
    )
    log(f"day import {median(day_rates):.0f} facts/s, incremental {median(incremental):.2f} s")


def _incremental_floor(run: LargeTenant) -> list[float]:
    """The tight incremental floor for the same day over the floor's rollups (built from the
    facts up to yesterday): each run rolled back, so each starts from the same rollups."""
    connection = run.db.connection
    floors.export_facts(
        connection,
        DATA / "day.csv",
        "tenant_id = %(t)s AND date = %(d)s",
        {"t": run.tenant, "d": run.today},
    )
    floors.load_day(connection, DATA / "day.csv")
    return [floors.sql_incremental(connection, run.tenant, run.today) for _ in range(run.args.runs)]


def _measure_pages(run: LargeTenant, port: int, wrk: str) -> None:
    """Pages under load, each signed in as its role; the bare view and the floor view first."""
    tenant = run.tenant
    first_point = run.db.one(
        "SELECT min(id) FROM network_animation_pointofsale WHERE tenant_id = %s", (tenant,)
    )
    zone = run.db.one(
        "SELECT id FROM network_animation_zone WHERE tenant_id = %s AND code = 'Z01'", (tenant,)
    )
    pages = [
        ("bare_view", "vendeur", f"{BARE_PREFIX}{tenant}/{first_point}/", b'"value"'),
        ("floor_view", "vendeur", f"/{TENANT}/bench-floor/{first_point}/", b"<p>"),
        ("dashboard", "vendeur", f"/{TENANT}/points-of-sale/{first_point}/", b"<table"),
        ("zone_page", "animateur", f"/{TENANT}/zones/{zone}/", b"<table"),
        ("network_page", "siege", f"/{TENANT}/network/", b"<table"),
        *_community_pages(run, zone),
        *_learning_pages(run),
    ]
    load_errors = sum(_measure_page(run, port, wrk, *page) for page in pages)
    run.figures.add("load_errors", load_errors, "errors")


def _community_pages(run: LargeTenant, zone: int) -> list[tuple[str, str, str, bytes]]:
    """The staff member's communities (their zone's among them), and the first page of the thread
    of 200 replies as they see it."""
    zone_community = run.db.one(
        "SELECT name FROM communities_community WHERE tenant_id = %s AND kind = 'zone'"
        " AND rule = %s",
        (run.tenant, str(zone)),
    )
    title = run.db.one("SELECT title FROM communities_thread WHERE id = %s", (run.long_thread,))
    thread = f"/{TENANT}/communities/threads/{run.long_thread}/"
    return [
        ("community_list", "vendeur", f"/{TENANT}/communities/", _shown(zone_community)),
        ("thread_page", "vendeur", thread, _shown(title)),
    ]


def _learning_pages(run: LargeTenant) -> list[tuple[str, str, str, bytes]]:
    """The module the staff member stopped in the middle of (the demo's learning leaves them at
    step 3), as they come back to it: its player at the step they left."""
    module, title = run.db.rows(
        "SELECT m.id, m.title_fr FROM microlearning_progress p"
        " JOIN microlearning_module m ON m.id = p.module_id"
        " JOIN network_animation_membership ms ON ms.id = p.membership_id"
        " JOIN network_animation_user u ON u.id = ms.user_id"
        " WHERE p.tenant_id = %s AND u.email = %s AND p.completed_at IS NULL"
        " ORDER BY p.id LIMIT 1",
        (run.tenant, f"vendeur@{DOMAIN}"),
    )[0]
    return [("module_page", "vendeur", f"/{TENANT}/learning/{module}/", _shown(title))]


def _shown(text: str) -> bytes:
    """Text as a page shows it (escaped as Django's templates do)."""
    return html.escape(text).encode()


def page_floors(name: str) -> dict[str, str | None]:
    """Each measure of a page and the floor it is read against: the bare view (no middleware)
    for the floor view itself, for one client and for the rate at 32; the floor view (the whole
    stack, one query) for the pages' latencies at 32 clients."""
    if name == "bare_view":
        return dict.fromkeys(["p50_ms", "p99_ms", "rps", "c1_p50_ms", "c1_p99_ms"])
    stack = "bare_view" if name == "floor_view" else "floor_view"
    return {
        "p50_ms": f"{stack}_p50_ms",
        "p99_ms": f"{stack}_p99_ms",
        "rps": "bare_view_rps",
        "c1_p50_ms": "bare_view_c1_p50_ms",
        "c1_p99_ms": "bare_view_c1_p99_ms",
    }


def _measure_page(
    run: LargeTenant, port: int, wrk: str, name: str, login: str, path: str, expect: bytes
) -> int:
    """One page's latencies and rate under load (32 clients), then its latencies for a single
    client; answers how many requests failed."""
    args = run.args
    cookie = web.sign_in(port, f"{login}@{DOMAIN}", PASSWORD)
    web.check_page(port, path, cookie, expect)
    web.load(wrk, port, path, cookie, args.clients, 2)  # warm-up, not counted
    loaded = [
        web.load(wrk, port, path, cookie, args.clients, args.load_seconds) for _ in range(args.runs)
    ]
    alone = [web.load(wrk, port, path, cookie, 1, args.c1_seconds) for _ in range(args.runs)]
    floors_of = page_floors(name)
    measures = [
        ("p50_ms", "ms", [r.p50_ms for r in loaded]),
        ("p99_ms", "ms", [r.p99_ms for r in loaded]),
        ("rps", "requests/s", [r.requests_per_s for r in loaded]),
        ("c1_p50_ms", "ms", [r.p50_ms for r in alone]),
        ("c1_p99_ms", "ms", [r.p99_ms for r in alone]),
    ]
    for measure, unit, values in measures:
        run.figures.add(f"{name}_{measure}", median(values), unit, floors_of[measure])
    value = run.figures.value
    log(
        f"{name}: p50 {value(name + '_p50_ms'):.1f} ms, p99 {value(name + '_p99_ms'):.1f} ms, "
        f"{value(name + '_rps'):.0f} requests/s; one client p50 "
        f"{value(name + '_c1_p50_ms'):.2f} ms"
    )
    return sum(r.errors for r in [*loaded, *alone])


def _measure_reports(run: LargeTenant) -> None:
    """Head office's monthly report."""
    reports = run.db.task("reports", "--runs", str(run.args.runs))
    if reports.get("missing"):
        run.context["reports_missing"] = True
    else:
        run.figures.add("monthly_report_xlsx_s", reports["xlsx"]["median"], "s")
        run.figures.add("monthly_report_pdf_s", reports["pdf"]["median"], "s")


def _measure_audiences(run: LargeTenant) -> None:
    """An announcement's audience for the whole large tenant, against one query of its people."""
    resolved = run.db.task("audiences", "--runs", str(max(run.args.runs, 5)))
    run.figures.add("audience_sql_floor_ms", resolved["floor"] * 1000, "ms")
    run.figures.add(
        "audience_everyone_ms", resolved["everyone"] * 1000, "ms", "audience_sql_floor_ms"
    )
    run.figures.add(
        "audience_off_target_ms", resolved["off_target"] * 1000, "ms", "audience_sql_floor_ms"
    )
    run.context["audience_people"] = resolved["people"]
    log(
        f"audiences: everyone {resolved['everyone'] * 1000:.1f} ms, off target "
        f"{resolved['off_target'] * 1000:.1f} ms, floor {resolved['floor'] * 1000:.2f} ms"
    )


def _measure_search(run: LargeTenant) -> None:
    """Searches over 100,000 posts and 10,000 documents, against each query's plain SQL."""
    found = run.db.task("search", "--runs", str(max(run.args.runs * 10, 30)))
    for name in ("p50", "p99"):
        run.figures.add(f"search_floor_{name}_ms", found["floor"][name] * 1000, "ms")
        run.figures.add(
            f"search_{name}_ms", found["page"][name] * 1000, "ms", f"search_floor_{name}_ms"
        )
        run.figures.add(f"document_search_{name}_ms", found["documents"][name] * 1000, "ms")
    run.context["search_corpus"] = found["seeded"]
    page, floor, documents = (found[name]["p50"] * 1000 for name in ("page", "floor", "documents"))
    log(f"search: p50 {page:.1f} ms (floor {floor:.1f} ms), documents {documents:.1f} ms")


def _measure_year_import(run: LargeTenant, feed: FactsFeed) -> None:
    """A full year through the API in batches of its maximum size (years not yet loaded)."""
    sent = 365 * len(feed.points) * len(feed.kpis)
    year_rates = []
    for attempt in range(run.args.year_runs):
        first = run.today - dt.timedelta(days=365 * (2 + attempt) + 1)
        batches = year_batches(feed.points, feed.kpis, first, 50_000)
        year_rates.append(sent / post_batches(feed.port, feed.token, batches))
        log(f"year import {attempt + 1}: {year_rates[-1]:.0f} facts/s ({len(batches)} batches)")
    run.context["year_facts"] = sent
    run.figures.add("import_year_rate", median(year_rates), "facts/s", "copy_floor_rate")


def _measure_recommendations(run: LargeTenant) -> None:
    """The nightly recommendations step (hold-out group, peer groups, KPI gaps, content, actions)
    on the tenant's rollups: its first night, a night when nothing changed, and a night after a
    new day of figures (only the month in progress moved: most nights)."""
    measured = run.db.task("recommendations", "--runs", str(max(run.args.runs, 3)))
    run.figures.add("recommendations_nightly_s", measured["first"], "s")
    run.figures.add("recommendations_unchanged_s", measured["again"], "s")
    run.figures.add("recommendations_new_day_s", measured["new_day"], "s")
    run.context["recommendations"] = measured["counts"]
    run.context["recommendations_new_day"] = measured["new_day_counts"]
    log(
        f"recommendations: first night {measured['first']:.2f} s, "
        f"unchanged {measured['again']:.2f} s, new day {measured['new_day']:.2f} s, "
        f"{measured['counts']}, new day {measured['new_day_counts']}"
    )


def _measure_computed_kpis(run: LargeTenant) -> None:
    """Learning's nightly computed-KPI step over a year of learning, against one hand-written
    INSERT ... SELECT of the same facts."""
    measured = run.db.task("computed-kpis", "--runs", str(run.args.runs))
    if not measured["same_facts"]:
        raise RuntimeError("The computed-KPI floor and the platform wrote different facts.")
    run.figures.add("computed_kpis_floor_s", measured["floor"], "s")
    run.figures.add("computed_kpis_full_s", measured["platform"], "s", "computed_kpis_floor_s")
    run.figures.add("computed_kpis_incremental_s", measured["incremental"], "s")
    run.context["computed_kpis"] = {"facts": measured["facts"], **measured["seeded"]}
    log(
        f"computed KPIs: {measured['facts']} facts, full {measured['platform']:.2f} s"
        f" (floor {measured['floor']:.2f} s), nightly {measured['incremental']:.2f} s"
    )


def _measure_nightly_chain(run: LargeTenant) -> None:
    """The whole nightly chain, every step as the worker runs it, after a new day of figures."""
    measured = run.db.task("nightly-chain", "--runs", str(run.args.runs))
    run.figures.add("nightly_chain_s", measured["median"], "s")
    run.context["nightly_chain_steps_s"] = measured["steps"]
    slowest = sorted(measured["steps"].items(), key=lambda item: -item[1])[:4]
    log(
        f"nightly chain {measured['median']:.1f} s; slowest steps "
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in slowest)
    )
