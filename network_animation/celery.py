import json
import logging
import os
from collections.abc import Collection
from typing import TYPE_CHECKING

from celery import Celery
from celery.signals import worker_ready
from kombu.transport.redis import Channel as RedisChannel
from kombu.transport.redis import QoS as RedisQoS

if TYPE_CHECKING:
    from celery.worker.consumer import Consumer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_animation.settings.base")

logger = logging.getLogger(__name__)

app = Celery("network_animation")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Celery imports each app's `tasks` module; an app whose tasks live in sub-packages imports them
# there (kpis/tasks.py), so that module stays the one list of the app's tasks.
app.autodiscover_tasks()


@app.on_after_configure.connect
def setup_periodic_tasks(sender: Celery, **kwargs: object) -> None:
    from .scheduled import beat_schedule

    sender.conf.beat_schedule = beat_schedule()


@worker_ready.connect
def recover_interrupted_jobs(sender: "Consumer", **kwargs: object) -> None:
    """A worker that starts takes back at once the work of workers that died, rather than leave
    it to the broker's visibility timeout (docs/operations.md)."""
    from django.db import connections

    from .tasks import interrupted_jobs_recover

    try:
        interrupted_jobs_recover(app=sender.app, worker=sender.hostname)
    except Exception:
        logger.exception("Recovery failed: the broker gives the tasks back after its timeout.")
    finally:
        # The pool's processes fork from this one: they must not share its connection.
        connections.close_all()


def unacked_tasks_restore(*, app: Celery, task_ids: Collection[str]) -> int:
    """Put these tasks' messages back in their queues if a worker had taken them and died: on Redis
    a taken message waits in the `unacked` hash until the worker acknowledges it."""
    if not any(task_ids):
        return 0
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        if not isinstance(channel, RedisChannel) or not isinstance(channel.qos, RedisQoS):
            return 0
        taken = channel.client.hgetall(channel.unacked_key)
        tags = [tag for tag, message in taken.items() if _task_id(message) in task_ids]
        for tag in tags:
            channel.qos.restore_by_tag(tag)
    return len(tags)


def _task_id(unacked: bytes) -> str | None:
    payload, _exchange, _routing_key = json.loads(unacked)
    return payload.get("headers", {}).get("id")
