"""CHECKLIST C5: a Redis restarted with tasks queued loses none.

A private redis-server runs with the compose file's own options, in a temporary folder; tasks are
queued to it (no worker takes them), it is shut down (SHUTDOWN writes the append-only file) and
started again with the same options and folder.
"""

import shlex
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from network_animation.celery import app
from network_animation.tasks import nightly_chain
from tests import workers

REDIS_SERVER = shutil.which("redis-server")


def compose_redis_options() -> list[str]:
    program, *options = shlex.split(workers.compose_services()["redis"]["command"])
    assert program == "redis-server"
    return options


def test_the_deployments_redis_keeps_an_append_only_file_and_never_evicts():
    options = compose_redis_options()
    values = dict(zip(options[::2], options[1::2], strict=True))
    assert values["--appendonly"] == "yes"
    assert values["--maxmemory-policy"] == "noeviction"
    assert values.get("--appendfsync", "everysec") in ("everysec", "always")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def private_redis(folder: Path, port: int) -> Iterator[redis.Redis]:
    """The compose file's Redis, on this port and in this folder, until SHUTDOWN."""
    assert REDIS_SERVER
    command = [REDIS_SERVER, *compose_redis_options()]
    command += ["--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603
    client = redis.Redis(port=port, retry=Retry(NoBackoff(), 0))  # SHUTDOWN drops the line

    def answers() -> bool:
        assert server.poll() is None, "redis-server stopped"
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    try:
        assert workers.wait_for(answers, seconds=20), "redis-server did not start"
        yield client
    finally:
        if server.poll() is None:
            client.shutdown()
        server.wait(timeout=20)


@pytest.fixture
def tasks_sent():
    """Tasks are sent to the broker, not run inline."""
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.mark.skipif(REDIS_SERVER is None, reason="needs Debian's redis-server")
def test_tasks_queued_when_redis_restarts_are_all_still_queued(tmp_path, tasks_sent):
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    with private_redis(tmp_path, port) as client:
        with app.connection_for_write(url) as connection:
            sent = [
                nightly_chain.apply_async(args=[tenant_id], connection=connection).id
                for tenant_id in range(1, 51)
            ]
        assert [task["id"] for task in workers.queued_headers(client)] == sent
    assert list(tmp_path.glob("appendonly*")), "no append-only file was written"
    with private_redis(tmp_path, port) as client:
        assert [task["id"] for task in workers.queued_headers(client)] == sent
