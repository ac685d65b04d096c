"""The bench's steps that run inside Django, one process per call, against the bench database
named by DATABASE_URL: `python -m bench.tasks STEP [args]`. Each prints one line of JSON.

The runner (bench/run/) times nothing here that includes Django's start-up: each step times
only the platform call it measures.
"""

import argparse
import datetime as dt
import functools
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import django


def _timed(call: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return seconds


def aggregate(slug: str, full: bool, runs: int, cold: bool = False) -> dict[str, Any]:
    """The aggregation, `runs` times; `cold`: each run starts from no rollups at all (their
    deletion is not timed), so every row is written, as the floor writes its table anew. The
    table is vacuumed after the deletion, as autovacuum would (it is off on these machines)."""
    from django.db import connection

    from kpis.aggregation import kpi_rollups_refresh
    from kpis.models import KpiRollup
    from network_animation.models import Tenant
    from network_animation.tenancy import tenant_scope

    tenant = Tenant.objects.get(slug=slug)
    seconds = []
    with tenant_scope(tenant):
        for _ in range(runs):
            if cold:
                KpiRollup.objects.filter(tenant=tenant).delete()
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM (ANALYZE) kpis_kpirollup")
            seconds += _timed(lambda: kpi_rollups_refresh(tenant=tenant, full=full), 1)
    return {"seconds": seconds, "median": statistics.median(seconds)}


def monthly_reports(slug: str, runs: int) -> dict[str, Any]:
    try:
        from kpis.reports.monthly import monthly_report_pdf, monthly_report_xlsx
    except ImportError:
        return {"missing": True}
    from django.utils import timezone

    from network_animation.models import Tenant
    from network_animation.tenancy import tenant_scope

    tenant = Tenant.objects.get(slug=slug)
    # The month just closed, as head office is mailed it: the running month has no figure yet
    # on the 1st (a report of empty lists) and a part of its points of sale early in the month.
    month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    result: dict[str, Any] = {}
    with tenant_scope(tenant):
        for name, build in (("xlsx", monthly_report_xlsx), ("pdf", monthly_report_pdf)):
            seconds, size = [], 0
            for _ in range(runs):
                started = time.perf_counter()
                size = len(build(tenant=tenant, month=month))
                seconds.append(time.perf_counter() - started)
            result[name] = {"seconds": seconds, "median": statistics.median(seconds), "bytes": size}
    return result


def load_day(slug: str, day: str, seed: int) -> dict[str, Any]:
    """One day of facts for every point of sale and imported KPI through the bulk loader (scale
    runs only). Not the computed KPIs: the platform writes those, and an import refuses them."""
    import numpy as np
    import pandas as pd

    from kpis.loader import kpi_facts_load
    from kpis.models import Aggregation, KpiDefinition, Source
    from network_animation.models import PointOfSale, Tenant
    from network_animation.tenancy import tenant_scope

    tenant = Tenant.objects.get(slug=slug)
    date = pd.Timestamp(dt.date.fromisoformat(day))
    with tenant_scope(tenant):
        points = list(PointOfSale.objects.filter(tenant=tenant).values_list("pk", flat=True))
        kpis = list(
            KpiDefinition.objects.filter(tenant=tenant, source=Source.IMPORTED)
            .exclude(aggregation=Aggregation.RATIO)
            .values_list("pk", flat=True)
        )
        generator = np.random.default_rng(seed)
        facts = pd.DataFrame(
            [(point, kpi) for point in points for kpi in kpis],
            columns=["point_of_sale_id", "kpi_id"],
        )
        facts["person_id"] = pd.array([None] * len(facts), dtype="Int64")
        facts["date"] = date
        facts["value"] = generator.poisson(5, len(facts)).astype(float)
        facts["month_start"] = date.replace(day=1)
        from django.db import transaction

        with transaction.atomic():
            loaded = kpi_facts_load(tenant=tenant, facts=facts)
    return {"facts": loaded.received}


def launch_challenge(slug: str, name: str) -> dict[str, Any]:
    """A zone's animator launches a two-week challenge on two summed KPIs for their zone (the
    first point of sale's), through the product's service: the mixed load's write."""
    from django.utils import timezone

    from challenges.services.launch import ChallengeSpec, KpiChoice, challenge_launch
    from kpis.models import Aggregation, KpiDefinition
    from network_animation.models import Membership, PointOfSale, Role, Tenant
    from network_animation.tenancy import tenant_scope

    tenant = Tenant.objects.get(slug=slug)
    with tenant_scope(tenant):
        point = PointOfSale.objects.filter(tenant=tenant).select_related("zone").first()
        if point is None:
            raise RuntimeError(f"{slug} has no point of sale")
        zone = point.zone
        animator = Membership.objects.filter(tenant=tenant, role=Role.ANIMATOR, zones=zone).first()
        summed = KpiDefinition.objects.filter(tenant=tenant, aggregation=Aggregation.SUM)
        today = timezone.localdate()
        spec = ChallengeSpec(
            name=name,
            start=today,
            end=today + dt.timedelta(days=14),
            zone=zone,
            kpis=[KpiChoice(kpi) for kpi in summed.order_by("position")[:2]],
        )
        started = time.perf_counter()
        challenge = challenge_launch(tenant=tenant, actor=animator, spec=spec)
        seconds = time.perf_counter() - started
    return {"challenge": challenge.pk, "status": challenge.status, "seconds": seconds}


def communities(slug: str, reader: str) -> dict[str, Any]:
    """The tenant's communities, threads and the thread of 200 replies that `reader` reads."""
    from dataclasses import asdict

    from bench.community_seed import communities_seed
    from network_animation.models import Membership, Tenant
    from network_animation.tenancy import tenant_scope

    tenant = Tenant.objects.get(slug=slug)
    with tenant_scope(tenant):
        person = Membership.objects.select_related("point_of_sale").get(
            tenant=tenant, user__email=reader
        )
        started = time.perf_counter()
        seeded = communities_seed(tenant=tenant, reader=person)
    return {**asdict(seeded), "seconds": time.perf_counter() - started}


def audiences(slug: str, runs: int) -> dict[str, Any]:
    """An announcement's audience resolved for the whole tenant (everyone; the points of sale
    off target this month on the KPI most are behind on), and the floor: one query of the
    tenant's active people, the least any resolution reads."""
    from django.db import connection

    from kpis.audiences import OFF_TARGET
    from network_animation.audiences import CRITERIA, Audience, audience_membership_ids
    from network_animation.models import Tenant
    from network_animation.tenancy import tenant_scope

    tenant = Tenant.objects.get(slug=slug)
    with tenant_scope(tenant):
        criterion = CRITERIA[OFF_TARGET]
        behind = max(
            (len(criterion.points_of_sale(tenant, value)), value)
            for value, _label in criterion.choices(tenant)
        )[1]
        off_target = Audience(criteria=frozenset({(OFF_TARGET, behind)}))

        def floor() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id FROM network_animation_membership"
                    " WHERE tenant_id = %s AND is_active",
                    [tenant.pk],
                )
                cursor.fetchall()

        resolved = {
            "everyone": audience_membership_ids(tenant=tenant, audience=Audience()),
            "off_target": audience_membership_ids(tenant=tenant, audience=off_target),
        }
        timings = {
            "floor": _timed(floor, runs),
            "everyone": _timed(
                lambda: audience_membership_ids(tenant=tenant, audience=Audience()), runs
            ),
            "off_target": _timed(
                lambda: audience_membership_ids(tenant=tenant, audience=off_target), runs
            ),
        }
    return {
        **{name: statistics.median(seconds) for name, seconds in timings.items()},
        "people": {name: len(ids) for name, ids in resolved.items()},
    }


SEARCHES = ["financement", "hotel", "relance client essai", "finacement"]


def _quantiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))],
    }


def search(slug: str, runs: int, **corpus: int) -> dict[str, Any]:
    """Searches over 100,000 posts and 10,000 documents, as the search page runs them for head
    office (the threads found, their first page with its posts and extracts; the library's best
    matches), and each query's plain SQL floor: the posts and titles matching it, ranked, the
    first 20 threads. `corpus`: search_seed's sizes (the tests' are small)."""
    from django.db import connection

    from bench.search_seed import search_seed
    from communities.selectors import search_documents, search_hits, search_threads
    from network_animation.models import Membership, Role, Tenant
    from network_animation.tenancy import tenant_scope

    floor_sql = """
        WITH asked AS (SELECT websearch_to_tsquery('fr_unaccent', %(q)s)
                           || websearch_to_tsquery('en_unaccent', %(q)s) AS query)
        SELECT found.thread_id, max(found.rank) AS rank FROM (
            SELECT thread_id, ts_rank(search_vector, asked.query) AS rank
            FROM communities_post, asked
            WHERE tenant_id = %(tenant)s AND search_vector @@ asked.query
            UNION ALL
            SELECT id, ts_rank(search_vector, asked.query)
            FROM communities_thread, asked
            WHERE tenant_id = %(tenant)s AND search_vector @@ asked.query
        ) AS found GROUP BY found.thread_id ORDER BY rank DESC LIMIT 20
    """
    tenant = Tenant.objects.get(slug=slug)
    with tenant_scope(tenant):
        seeded = search_seed(tenant=tenant, **corpus)
        reader = Membership.objects.filter(tenant=tenant, role=Role.HEAD_OFFICE).first()
        if reader is None:
            raise RuntimeError(f"{slug} has no head office to search as")

        def page(text: str) -> None:
            threads = list(search_threads(tenant=tenant, membership=reader, text=text)[:20])
            search_hits(tenant=tenant, text=text, threads=threads)

        def floor(text: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute(floor_sql, {"q": text, "tenant": tenant.pk})
                cursor.fetchall()

        def documents(text: str) -> None:
            search_documents(tenant=tenant, membership=reader, text=text)

        calls: dict[str, Callable[[str], None]] = {
            "page": page,
            "floor": floor,
            "documents": documents,
        }
        timings: dict[str, list[float]] = {name: [] for name in calls}
        for text in SEARCHES:
            for name, call in calls.items():
                call(text)  # warm: the first search of a word reads its index pages
                timings[name] += _timed(functools.partial(call, text), runs)
    return {
        "seeded": {"threads": seeded.threads, "posts": seeded.posts, "documents": seeded.documents},
        **{name: _quantiles(seconds) for name, seconds in timings.items()},
    }


def recommendations(slug: str, runs: int) -> dict[str, Any]:
    """The nightly recommendations step for the tenant (the quarter's hold-out group, the peer
    groups, every point of sale's KPI gaps, content and suggested actions), recorded as the
    chain records it: its first night (nothing drawn, grouped or read yet), then `runs` nights
    on which nothing changed (skipped: night_inputs.py), then `runs` nights after a new day of
    figures (the month in progress's rollups rewritten, as the aggregation leaves them after a
    day's import: most nights), each on the last one."""
    from django.db.models import F
    from django.utils import timezone

    from kpis.models import KpiRollup, RollupLevel, RollupPeriod
    from network_animation.jobs import tracked_job
    from network_animation.models import Tenant
    from network_animation.tenancy import tenant_scope
    from recommendations.models import HoldoutQuarter, KpiGap, NightInputs, PeerGrouping
    from recommendations.services import recommendations_nightly_step

    tenant = Tenant.objects.get(slug=slug)

    def night() -> dict[str, int]:
        with tracked_job(tenant=tenant, job="bench.recommendations") as progress:
            recommendations_nightly_step(tenant=tenant, progress=progress)
        return progress.counts

    with tenant_scope(tenant):
        # A first night: nothing drawn, grouped or read yet.
        for model in (KpiGap, PeerGrouping, HoldoutQuarter, NightInputs):
            model.objects.filter(tenant=tenant).delete()
        months = KpiRollup.objects.filter(
            tenant=tenant, period=RollupPeriod.MONTH, level=RollupLevel.POINT_OF_SALE
        )
        in_progress = months.filter(period_start=months.latest("period_start").period_start)
    started = time.perf_counter()
    counts = night()
    first = time.perf_counter() - started
    again = _timed(night, runs)
    new_days = []
    for day in range(runs):
        with tenant_scope(tenant):  # one point of sale in three sold a little more today
            in_progress.filter(scope_id__in=_every_third(day, in_progress)).update(
                value=F("value") + 1, computed_at=timezone.now()
            )
        started = time.perf_counter()
        new_day = night()
        new_days.append(time.perf_counter() - started)
    return {
        "first": first,
        "again": statistics.median(again),
        "new_day": statistics.median(new_days),
        "counts": counts,
        "new_day_counts": new_day,
    }


def _every_third(day: int, rollups: Any) -> list[int]:
    scopes = sorted(set(rollups.values_list("scope_id", flat=True)))
    return scopes[day % 3 :: 3] or scopes  # a network of one or two: all of them


def nightly_chain(slug: str, runs: int) -> dict[str, Any]:
    """The tenant's whole nightly chain (every registered step, as the scheduler runs it), each
    run after a new day of facts for every point of sale and KPI: the night after a day's
    import. Mail is built and kept in memory (the bench machine has no mail server). Answers
    the chain's median and each step's, from the job runs it recorded."""
    from django.test.utils import override_settings
    from django.utils import timezone

    from network_animation.jobs import nightly_chain_run
    from network_animation.models import JobRun, Tenant
    from network_animation.tenancy import tenant_scope

    tenant = Tenant.objects.get(slug=slug)
    today = timezone.localdate().isoformat()
    chains, steps = [], defaultdict(list)
    in_memory = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with override_settings(MAILERS=in_memory):
        for night in range(runs):
            load_day(slug, today, seed=1000 + night)
            began, started = timezone.now(), time.perf_counter()
            nightly_chain_run(tenant=tenant)  # as the worker's task runs it
            chains.append(time.perf_counter() - started)
            with tenant_scope(tenant):
                recorded = list(
                    JobRun.objects.filter(
                        tenant=tenant,
                        job__startswith="nightly.",
                        started_at__gte=began,
                        finished_at__isnull=False,
                    ).values_list("job", "started_at", "finished_at")
                )
            for job, start, finish in recorded:
                if finish is not None:  # (all of them: filtered above)
                    steps[job.removeprefix("nightly.")].append((finish - start).total_seconds())
    return {
        "median": statistics.median(chains),
        "steps": {name: statistics.median(seconds) for name, seconds in steps.items()},
    }


def computed_kpis(slug: str, runs: int, **sizes: int) -> dict[str, Any]:
    """Learning's nightly computed-KPI step for the tenant, on a year of learning seeded once
    (bench/learning_seed.py): the full rebuild, `runs` times, each from none of its facts (their
    deletion not timed, the table vacuumed after it, as `aggregate --cold` does), against the
    hand-written INSERT ... SELECT of the same facts; then the nightly incremental run."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.db.models import Count, Sum
    from django.utils import timezone

    from bench.learning_seed import COMPUTED_KPIS_FLOOR, learning_seed
    from kpis.aggregation.sql.run import BATCH_SETTINGS
    from kpis.models import KpiFact
    from kpis.services.computed import PRODUCERS, computed_facts_refresh, computed_kpis_ensure
    from microlearning import kpi_facts
    from network_animation.models import Tenant
    from network_animation.tenancy import tenant_scope

    tenant = Tenant.objects.get(slug=slug)
    producer = PRODUCERS["learning"]
    with tenant_scope(tenant):
        today = timezone.localdate()
        seeded = learning_seed(
            tenant=tenant, today_iso=today.isoformat(), zone=settings.TIME_ZONE, **sizes
        )
        kpis = {
            code: kpi.pk
            for code, kpi in computed_kpis_ensure(tenant=tenant, producer=producer).items()
            if kpi.is_platform_written
        }
        params: dict[str, Any] = {
            "tenant": tenant.pk,
            "today": today.isoformat(),
            "zone": settings.TIME_ZONE,
            "due": kpis[kpi_facts.DUE],
            "due_done": kpis[kpi_facts.DUE_DONE],
            "completed": kpis[kpi_facts.COMPLETED],
            "review_days": kpis[kpi_facts.REVIEW_DAYS],
            "expected": kpis[kpi_facts.REVIEW_DAYS_EXPECTED],
        }
        facts = KpiFact.objects.filter(tenant=tenant, kpi_id__in=kpis.values())

        def cleared() -> None:
            facts.delete()
            if not connection.in_atomic_block:  # (a test's transaction)
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM (ANALYZE) kpis_kpifact")

        def floor() -> None:
            with transaction.atomic(), connection.cursor() as cursor:
                for setting in BATCH_SETTINGS:
                    cursor.execute(setting)
                cursor.execute(COMPUTED_KPIS_FLOOR, params)

        def platform() -> None:
            computed_facts_refresh(tenant=tenant, producer=producer, full=True)

        timings: dict[str, list[float]] = {"floor": [], "platform": []}
        totals = {}
        for name, call in (("floor", floor), ("platform", platform)):
            for _ in range(runs):
                cleared()
                timings[name] += _timed(call, 1)
            totals[name] = sorted(
                facts.values("kpi_id")
                .annotate(n=Count("pk"), total=Sum("value"))
                .values_list("kpi_id", "n", "total")
            )
        incremental = _timed(lambda: computed_facts_refresh(tenant=tenant, producer=producer), runs)
    return {
        "seeded": vars(seeded),
        "facts": sum(n for _kpi, n, _total in totals["platform"]),
        "same_facts": totals["floor"] == totals["platform"],
        **{name: statistics.median(seconds) for name, seconds in timings.items()},
        "incremental": statistics.median(incremental),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.tasks")
    parser.add_argument(
        "step",
        choices=[
            "aggregate",
            "reports",
            "load-day",
            "communities",
            "audiences",
            "search",
            "computed-kpis",
            "recommendations",
            "nightly-chain",
            "launch-challenge",
        ],
    )
    parser.add_argument("--tenant", default="autonova")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--cold", action="store_true", help="Delete the rollups before each run.")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--day", default="")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reader", default="", help="Who reads the long thread (an email).")
    parser.add_argument("--name", default="Bench challenge", help="The launched challenge's.")
    args = parser.parse_args(argv)
    django.setup()
    if args.step == "aggregate":
        result = aggregate(args.tenant, args.full, args.runs, args.cold)
    elif args.step == "reports":
        result = monthly_reports(args.tenant, args.runs)
    elif args.step == "communities":
        result = communities(args.tenant, args.reader)
    elif args.step == "audiences":
        result = audiences(args.tenant, args.runs)
    elif args.step == "search":
        result = search(args.tenant, args.runs)
    elif args.step == "computed-kpis":
        result = computed_kpis(args.tenant, args.runs)
    elif args.step == "recommendations":
        result = recommendations(args.tenant, args.runs)
    elif args.step == "nightly-chain":
        result = nightly_chain(args.tenant, args.runs)
    elif args.step == "launch-challenge":
        result = launch_challenge(args.tenant, args.name)
    else:
        result = load_day(args.tenant, args.day, args.seed)
    print(json.dumps(result))  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1:])
