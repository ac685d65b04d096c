"""What one signed-in request costs in process: the bench's WSGI application called directly,
with Django's request signals (so the connection's health check runs as under gunicorn), many
times over on a persistent connection.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... REDIS_URL=... \\
        python -m bench.request_profile --email vendeur@autonova.example --runs 5 --requests 400

For each page: the queries Django runs (and their SQL with `--sql`), the health checks (a
`SELECT 1` outside Django's cursors), the Redis commands (the server's own count), and the
median over the runs of the mean time per request. A database seeded with `seed_demo` is
enough. The pages are the bench's (`--pages`: bare, floor, dealer, zone, network, community,
thread, module), each opened by the demo's account of the bench's role; `--profile` prints,
for each page, where cProfile finds its requests spend their time.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import django


@dataclass
class Cost:
    size: int
    queries: int
    health_checks: int
    redis_commands: int
    sql: list[str]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--email", default="vendeur@autonova.example")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=400, help="Requests of a page per run.")
    parser.add_argument("--sql", action="store_true", help="Print each page's statements.")
    parser.add_argument("--pages", default="bare,floor,dealer")
    parser.add_argument(
        "--profile", type=int, default=0, help="Also profile this many requests of each page."
    )
    args = parser.parse_args()
    django.setup()
    pages = _pages(args.email)
    wanted = [name for name in args.pages.split(",") if name in pages]
    for name in wanted:
        _call(pages[name])  # the first request of each page builds what the rest reuse
    samples, cpu = _samples({name: pages[name] for name in wanted}, args.runs * args.requests)
    for name in wanted:
        cost = _cost(pages[name])
        times = sorted(samples[name])
        print(  # noqa: T201
            f"{name:9} queries={cost.queries} health_checks={cost.health_checks} "
            f"redis={cost.redis_commands} bytes={cost.size} p50_ms={statistics.median(times):.3f} "
            f"min_ms={times[0]:.3f} cpu_p50_ms={statistics.median(cpu[name]):.3f}"
        )
        if args.sql:
            for statement in cost.sql:
                print(f"    {statement[:160]}")  # noqa: T201
    for name in wanted if args.profile else ():
        _profile(name, pages[name], args.profile)


def _profile(name: str, environ: dict[str, Any], requests: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        _call(environ)
    profiler.disable()
    print(f"== {name}: {requests} requests, by own time, then by cumulative time")  # noqa: T201
    stats = pstats.Stats(profiler, stream=io.StringIO())
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats.stream = out  # type: ignore[attr-defined]  # pstats writes where it is told
        stats.sort_stats(order).print_stats(35)
        print(out.getvalue().split("\n", 6)[-1])  # noqa: T201  # past the header


# Each page as the bench opens it: (name, the person's login before the demo's domain).
ROLES = {
    "bare": "vendeur",
    "floor": "vendeur",
    "dealer": "vendeur",
    "zone": "animateur",
    "network": "siege",
    "community": "vendeur",
    "thread": "vendeur",
    "module": "vendeur",
}


def _pages(email: str) -> dict[str, dict[str, Any]]:
    from django.test import RequestFactory
    from django_scopes import scopes_disabled

    from network_animation.models import Membership

    domain = email.partition("@")[2]
    with scopes_disabled():
        dealer = Membership.objects.select_related("tenant").get(user__email=email, is_active=True)
    if dealer.point_of_sale_id is None:
        raise SystemExit(f"{email} works at no point of sale: give a dealer's account.")
    paths = _paths(dealer.tenant, dealer, dealer.point_of_sale_id)
    factory = RequestFactory()
    cookies = {login: _session_cookie(f"{login}@{domain}") for login in set(ROLES.values())}
    return {
        name: factory._base_environ(  # type: ignore[attr-defined]  # the WSGI environ, unstubbed
            PATH_INFO=path,
            REQUEST_METHOD="GET",
            HTTP_COOKIE=cookies[ROLES[name]],
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_HOST="localhost",
            SERVER_NAME="localhost",
        )
        for name, path in paths.items()
        if path is not None
    }


def _paths(tenant: Any, dealer: Any, point: int) -> dict[str, str | None]:
    """The bench's pages (bench/run/large_tenant.py) on this tenant: the dealer's own point of
    sale, its zone, the network, the communities, the longest thread, a module."""
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from bench.run.environment import BARE_PREFIX
    from communities.models import Thread
    from microlearning.models import Module

    slug = tenant.slug
    with scopes_disabled():
        zone = dealer.point_of_sale.zone_id if dealer.point_of_sale else None
        thread = (
            Thread.objects.filter(tenant=tenant)
            .annotate(replies=Count("posts"))
            .order_by("-replies", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        module = (
            Module.objects.filter(tenant=tenant, status=Module.Status.PUBLISHED)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
    return {
        "bare": f"{BARE_PREFIX}{tenant.pk}/{point}/",
        "floor": f"/{slug}/bench-floor/{point}/",
        "dealer": f"/{slug}/points-of-sale/{point}/",
        "zone": f"/{slug}/zones/{zone}/" if zone else None,
        "network": f"/{slug}/network/",
        "community": f"/{slug}/communities/",
        "thread": f"/{slug}/communities/threads/{thread}/" if thread else None,
        "module": f"/{slug}/learning/{module}/" if module else None,
    }


def _session_cookie(email: str) -> str:
    """The cookies signing in leaves a browser with: the session, the CSRF token's secret (a
    page would otherwise set it at every answer) and the person's language."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import _get_new_csrf_string

    from network_animation.models import User

    user = User.objects.get(email=email)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}; "
        f"{settings.LANGUAGE_COOKIE_NAME}={user.language}"
    )


def _call(environ: dict[str, Any]) -> int:
    """The page's answer, read to its end: how many bytes its body had."""
    from bench.wsgi import application

    statuses: list[str] = []

    def start_response(status: str, headers: Iterable[Any], *args: Any) -> Callable[..., Any]:
        statuses.append(status)
        return lambda data: None

    body = application({**environ, "wsgi.input": io.BytesIO()}, start_response)
    size = 0
    try:
        for chunk in body:
            size += len(chunk)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()  # request_finished: what makes the next request check the connection
    if not statuses[0].startswith("200"):
        raise RuntimeError(f"{environ['PATH_INFO']} answered {statuses[0]}")
    return size


def _samples(
    pages: dict[str, dict[str, Any]], requests: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Each request timed alone (wall clock, and this process's CPU time, which a busy machine
    does not inflate), the pages in turn: a slow moment then falls on every page alike."""
    samples: dict[str, list[float]] = {name: [] for name in pages}
    cpu: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(requests):
        for name, environ in pages.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            _call(environ)
            samples[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - started_cpu) * 1000)
    return samples, cpu


def _cost(environ: dict[str, Any]) -> Cost:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with (
        _health_checks() as checks,
        _redis_commands() as commands,
        CaptureQueriesContext(connection) as queries,
    ):
        size = _call(environ)
    return Cost(
        size=size,
        queries=len(queries.captured_queries),
        health_checks=checks[0],
        redis_commands=commands[0],
        sql=[query["sql"] for query in queries.captured_queries],
    )


@contextmanager
def _health_checks() -> Iterator[list[int]]:
    from django.db import connection

    counted = [0]
    usable = connection.is_usable

    def counting() -> bool:
        counted[0] += 1
        return usable()

    connection.is_usable = counting  # type: ignore[method-assign]
    try:
        yield counted
    finally:
        del connection.is_usable


@contextmanager
def _redis_commands() -> Iterator[list[int]]:
    import redis
    from django.conf import settings

    server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    counted = [0]

    def processed() -> int:
        return int(server.info("stats")["total_commands_processed"])

    before = processed()
    try:
        yield counted
    finally:
        counted[0] = processed() - before - 1  # the INFO that read `before`


if __name__ == "__main__":
    main()
