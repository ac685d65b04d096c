"""What one signed-in request costs in process: the bench's WSGI application called directly,
with Django's request signals (so the connection's health check runs as under gunicorn), many
times over on a persistent connection.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... REDIS_URL=... \\
        python -m bench.request_profile --email vendeur@autonova.example --runs 5 --requests 400

For each page: the queries Django runs (and their SQL with `--sql`), the health checks (a
`SELECT 1` outside Django's cursors), the Redis commands (the server's own count), and the
median over the runs of the mean time per request. A database seeded with `seed_demo` is
enough; the pages are the floor view, the dealer's page and the bare view.
"""

import argparse
import io
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import django


@dataclass
class Cost:
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
            f"{name:7} queries={cost.queries} health_checks={cost.health_checks} "
            f"redis={cost.redis_commands} p50_ms={statistics.median(times):.3f} "
            f"min_ms={times[0]:.3f} cpu_p50_ms={statistics.median(cpu[name]):.3f}"
        )
        if args.sql:
            for statement in cost.sql:
                print(f"    {statement[:160]}")  # noqa: T201


def _pages(email: str) -> dict[str, dict[str, Any]]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.test import RequestFactory
    from django_scopes import scopes_disabled

    from bench.run.environment import BARE_PREFIX
    from network_animation.models import Membership, User

    with scopes_disabled():
        user = User.objects.get(email=email)
        membership = Membership.objects.select_related("tenant").get(user=user, is_active=True)
    from importlib import import_module

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    slug, point = membership.tenant.slug, membership.point_of_sale_id
    paths = {
        "bare": f"{BARE_PREFIX}{membership.tenant_id}/{point}/",
        "floor": f"/{slug}/bench-floor/{point}/",
        "dealer": f"/{slug}/points-of-sale/{point}/",
    }
    factory = RequestFactory()
    return {
        name: factory._base_environ(  # type: ignore[attr-defined]  # the WSGI environ, unstubbed
            PATH_INFO=path,
            REQUEST_METHOD="GET",
            HTTP_COOKIE=cookie,
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_HOST="localhost",
            SERVER_NAME="localhost",
        )
        for name, path in paths.items()
    }


def _call(environ: dict[str, Any]) -> None:
    from bench.wsgi import application

    statuses: list[str] = []

    def start_response(status: str, headers: Iterable[Any], *args: Any) -> Callable[..., Any]:
        statuses.append(status)
        return lambda data: None

    body = application({**environ, "wsgi.input": io.BytesIO()}, start_response)
    try:
        for _chunk in body:
            pass
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()  # request_finished: what makes the next request check the connection
    if not statuses[0].startswith("200"):
        raise RuntimeError(f"{environ['PATH_INFO']} answered {statuses[0]}")


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
        _call(environ)
    return Cost(
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
