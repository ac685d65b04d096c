"""The mixed load on the large tenant: signed-in dealers, animators and head office on their pages
at once (bench/mixed.py's wrk script), while a day is imported through the API and challenges
are launched; each kind of page's median and 99th percentile, and every failure."""

import datetime as dt
import json
import random
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import mixed, web
from .environment import DATA, PASSWORD, TENANT, log, median
from .facts import day_facts, post_batches

if TYPE_CHECKING:
    from .large_tenant import FactsFeed, LargeTenant

# The share of animators and of head office among the signed-in people; dealers are the rest.
ANIMATORS, HEAD_OFFICE = 0.3, 0.1


def role_counts(users: int) -> tuple[int, int, int]:
    """Dealers, animators and head office among `users` people (3 at least: one of each)."""
    animators = max(1, round(users * ANIMATORS))
    head_office = max(1, round(users * HEAD_OFFICE))
    return max(1, users - animators - head_office), animators, head_office


def dealer_pages(slug: str, point: int, challenge: int) -> list[tuple[str, str]]:
    return [
        ("dealer_page", f"/{slug}/points-of-sale/{point}/"),
        ("dealer_challenge", f"/{slug}/challenges/{challenge}/"),
    ]


def animator_pages(slug: str, zone: int, kpis: list[int]) -> list[tuple[str, str]]:
    """The zone's page, then its heat map sorted by each KPI, one way then the other."""
    heat_map = f"/{slug}/kpis/zones/{zone}/heat-map/"
    sorts = [
        ("heat_map_sort", f"{heat_map}?sort={kpi}&dir={way}")
        for kpi in kpis
        for way in ("asc", "desc")
    ]
    return [("zone_page", f"/{slug}/zones/{zone}/"), *sorts]


def head_office_pages(slug: str) -> list[tuple[str, str]]:
    """The network's page, and the network's heat map exported (answered at once, as a file)."""
    return [
        ("network_page", f"/{slug}/network/"),
        ("export", f"/{slug}/kpis/network/heat-map/?level=zone&format=csv"),
    ]


def _cycled[T](items: list[T], count: int) -> list[T]:
    """`count` items, going round `items` again when there are fewer (a second session of the
    same person, as from a second device)."""
    if not items:
        raise RuntimeError("the large tenant lacks people of a role the mixed load needs")
    return [items[i % len(items)] for i in range(count)]


def _people(run: "LargeTenant", users: int) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Each person's role, email and pages: managers of points of sale taking part in a running
    challenge, the zones' animators, head office."""
    dealers, animators, head_office = role_counts(users)
    tenant = run.tenant
    taking_part = run.db.rows(
        "SELECT DISTINCT ON (cp.point_of_sale_id) u.email, cp.point_of_sale_id, c.id"
        " FROM challenges_challengeparticipant cp"
        " JOIN challenges_challenge c ON c.id = cp.challenge_id"
        " JOIN network_animation_membership m ON m.point_of_sale_id = cp.point_of_sale_id"
        " JOIN network_animation_user u ON u.id = m.user_id"
        " WHERE c.tenant_id = %s AND c.status = 'running' AND m.role = 'pos_manager'"
        " ORDER BY cp.point_of_sale_id, c.id LIMIT %s",
        (tenant, dealers),
    )
    zones = run.db.rows(
        "SELECT u.email, min(mz.zone_id) FROM network_animation_membership m"
        " JOIN network_animation_user u ON u.id = m.user_id"
        " JOIN network_animation_membershipzone mz ON mz.membership_id = m.id"
        " WHERE m.tenant_id = %s AND m.role = 'animator' GROUP BY u.email ORDER BY u.email"
        " LIMIT %s",
        (tenant, animators),
    )
    kpis = [
        r[0]
        for r in run.db.rows(
            "SELECT id FROM kpis_kpidefinition WHERE tenant_id = %s AND is_active"
            " ORDER BY position LIMIT 3",
            (tenant,),
        )
    ]
    office = run.db.rows(
        "SELECT u.email FROM network_animation_membership m"
        " JOIN network_animation_user u ON u.id = m.user_id"
        " WHERE m.tenant_id = %s AND m.role = 'head_office' ORDER BY u.email",
        (tenant,),
    )
    return [
        *[("dealer", e, dealer_pages(TENANT, p, c)) for e, p, c in _cycled(taking_part, dealers)],
        *[("animator", e, animator_pages(TENANT, z, kpis)) for e, z in _cycled(zones, animators)],
        *[("head_office", e, head_office_pages(TENANT)) for (e,) in _cycled(office, head_office)],
    ]


def signed_in(
    port: int, people: list[tuple[str, str, list[tuple[str, str]]]]
) -> list[mixed.Visitor]:
    """Each person signed in through the login form."""
    return [
        mixed.Visitor(role, web.sign_in(port, email, PASSWORD), pages)
        for role, email, pages in people
    ]


def check_kinds(port: int, visitors: list[mixed.Visitor]) -> None:
    """Each kind of page answers 200 to the first person who visits it (not a redirect)."""
    checked: set[str] = set()
    for visitor in visitors:
        for kind, path in visitor.pages:
            if kind not in checked:
                status, _headers, _body = web.request(
                    port, "GET", path, headers={"Cookie": visitor.cookie}
                )
                if status != 200:  # noqa: PLR2004
                    raise RuntimeError(f"{path} answered {status} to a {visitor.role}")
                checked.add(kind)


@dataclass
class Writes:
    """The writes made during the load: their durations, and their failures."""

    imports: list[float] = field(default_factory=list)
    launches: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _write(run: "LargeTenant", feed: "FactsFeed", writes: Writes, rng: random.Random) -> None:
    """A day's facts through the API (today's, as the day import), then a challenge launched."""
    try:
        body = json.dumps({"facts": day_facts(feed.points, feed.kpis, run.today, rng)}).encode()
        writes.imports.append(post_batches(feed.port, feed.token, [body]))
    except (RuntimeError, OSError) as error:
        writes.failures.append(f"import: {error}")
    try:
        name = f"Bench {len(writes.launches) + 1}"
        launched = run.db.task("launch-challenge", "--name", name)
        writes.launches.append(launched["seconds"])
    except RuntimeError as error:
        writes.failures.append(f"launch: {error}")


def _writer(
    run: "LargeTenant", feed: "FactsFeed", seconds: int, writes: Writes, stop: threading.Event
) -> None:
    """A write every quarter of the run (the last before its end)."""
    rng = random.Random(29)  # noqa: S311  # synthetic facts
    while not stop.wait(max(5.0, seconds / 4 - 5)):
        _write(run, feed, writes, rng)


def measure_mixed_load(run: "LargeTenant", port: int, wrk: str, feed: "FactsFeed") -> None:
    """The mixed load's figures: overall and per kind of page, and its errors."""
    args = run.args
    seconds, users, think = args.load_mixed_seconds, args.load_mixed_users, args.load_mixed_think_ms
    visitors = signed_in(port, _people(run, users))
    check_kinds(port, visitors)
    writes, stop = Writes(), threading.Event()
    writer = threading.Thread(target=_writer, args=(run, feed, seconds, writes, stop))
    started = time.perf_counter()
    writer.start()
    try:
        output = mixed.run_wrk(wrk, port, visitors, seconds, think, DATA / "mixed.lua")
    finally:
        stop.set()
        writer.join()
    record(run, output, writes)
    run.context["mixed_load"] = {
        "users": len(visitors),
        "roles": dict(
            zip(("dealers", "animators", "head_office"), role_counts(users), strict=True)
        ),
        "seconds": seconds,
        "think_ms": think,
        "duration_s": time.perf_counter() - started,
        "imports": len(writes.imports),
        "launches": len(writes.launches),
        "write_failures": writes.failures,
        "day": dt.date.isoformat(run.today),
    }


def record(run: "LargeTenant", output: str, writes: Writes) -> None:
    """The figures: errors (pages, sockets, writes), the median and 99th percentile of all pages
    and of each kind, and the writes' durations."""
    kinds = mixed.kind_results(output)
    overall = mixed.overall_result(output)
    errors = overall.errors + web.socket_errors(output) + len(writes.failures)
    add = run.figures.add
    add("load_mixed_errors", errors, "errors")
    add("load_mixed_requests", overall.requests, "requests")
    add("load_mixed_p50_ms", overall.p50_ms, "ms")
    add("load_mixed_p99_ms", overall.p99_ms, "ms")
    for kind, result in kinds.items():
        add(f"load_mixed_{kind}_p50_ms", result.p50_ms, "ms")
        add(f"load_mixed_{kind}_p99_ms", result.p99_ms, "ms")
    if writes.imports:
        add("load_mixed_import_day_s", median(writes.imports), "s")
    if writes.launches:
        add("load_mixed_launch_s", median(writes.launches), "s")
    log(
        f"mixed load: {overall.requests} requests, {errors} errors, p50 {overall.p50_ms:.1f} ms, "
        f"p99 {overall.p99_ms:.1f} ms; "
        + ", ".join(f"{k} {r.p50_ms:.0f}/{r.p99_ms:.0f} ms" for k, r in kinds.items())
    )
