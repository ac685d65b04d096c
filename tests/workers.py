"""Real Celery workers for tests, started the way docker-compose.yml starts them.

A test module takes the fixtures by naming them (`start_worker = workers.start_worker`). The worker
runs the compose file's `worker` command with the compose file's environment, pointed at the
test's PostgreSQL database, Redis and media folder. While it runs, the test has the Redis broker
to itself: tests in other pytest-xdist processes that want it wait, so that no worker takes
another test's tasks.
"""

import importlib
import json
import os
import pkgutil
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
import yaml
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from network_animation.celery import app

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
# Modules that configure rather than declare: importing them again would set Django up again.
NOT_IMPORTED = re.compile(r"\.(settings|migrations|wsgi|asgi)(\.|$)")
# Kombu's keys on Redis: the default queue (and its priority lists), the messages workers took.
BROKER_KEYS = ("celery*", "unacked*")


def wait_for(condition: Callable[[], object], seconds: float = 90) -> bool:
    """Poll a condition until it holds or the deadline passes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def project_tasks() -> set[str]:
    """Every task the code declares: each module of the platform's apps imported, the tasks
    Celery then knows, less its own."""
    for config in django_apps.get_app_configs():
        if not Path(config.path).is_relative_to(ROOT) or ".venv" in Path(config.path).parts:
            continue
        for module in pkgutil.walk_packages([config.path], prefix=f"{config.name}."):
            if not NOT_IMPORTED.search(module.name):
                importlib.import_module(module.name)
    return {name for name in app.tasks if not name.startswith("celery.")}


def compose_services() -> dict[str, dict]:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def worker_command() -> list[str]:
    """The compose file's worker command, run with this virtualenv's `celery`."""
    program, *arguments = shlex.split(compose_services()["worker"]["command"])
    return [str(Path(sys.executable).with_name(program)), *arguments]


def worker_environment() -> dict[str, str]:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    database_url = (
        f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )
    return {
        **os.environ,
        **compose_services()["worker"]["environment"],
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SECRET_KEY": "test-worker-only",  # the compose file's .env gives it
    }


def queued_headers(client: redis.Redis, queue: str = "celery") -> list[dict]:
    """The headers (task name, id...) of the tasks waiting in a queue, oldest first: kombu pushes
    them on the left."""
    return [json.loads(message)["headers"] for message in reversed(client.lrange(queue, 0, -1))]


def worker_cache() -> RedisCache:
    """The cache the worker uses (Redis's REDIS_URL database, as in production)."""
    return RedisCache(settings.REDIS_URL, {})


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    # The compose command names no node: Celery names it after the host, as in production.
    name = f"celery@{socket.gethostname()}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def wait_ready(self) -> None:
        """Ready once it answers a ping: its start-up recovery has run, it takes tasks."""

        def answers() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"the worker stopped:\n{self.output()}")
            return bool(app.control.ping(destination=[self.name], timeout=0.5))

        assert wait_for(answers), f"the worker never answered:\n{self.output()}"

    def kill(self) -> None:
        """What `kill -9` of its container does: every process of the worker at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        with suppress(ProcessLookupError):  # pool processes a stuck shutdown left behind
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def _broker_empty(client: redis.Redis) -> None:
    for pattern in BROKER_KEYS:
        keys = list(client.scan_iter(match=pattern))
        if keys:
            client.delete(*keys)


@contextmanager
def broker_to_ourselves() -> Iterator[redis.Redis]:
    """The tests' Redis broker, empty and to this test alone; tasks are sent, not run inline."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    with client.lock("tests:celery-broker", timeout=600, blocking_timeout=600):
        _broker_empty(client)
        app.conf.task_always_eager = False
        try:
            yield client
        finally:
            app.conf.task_always_eager = True
            _broker_empty(client)


@pytest.fixture
def broker() -> Iterator[redis.Redis]:
    with broker_to_ourselves() as client:
        yield client


@pytest.fixture
def start_worker(transactional_db, tmp_path) -> Iterator[Callable[[], Worker]]:
    """Start a worker as docker-compose.yml does and wait until it is ready; all are stopped
    after the test."""
    workers: list[Worker] = []

    def start() -> Worker:
        log = tmp_path / f"worker-{len(workers)}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(  # noqa: S603  # the compose file's own command
                worker_command(),
                cwd=ROOT,
                env=worker_environment(),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as one
            )
        worker = Worker(process=process, log=log)
        workers.append(worker)
        worker.wait_ready()
        return worker

    with broker_to_ourselves():
        yield start
        for worker in workers:
            worker.stop()
