"""Celery tasks of the core: thin wrappers that take ids, reload, and call a service.

Every task of the platform is declared with `JOB_TASK`; how their work survives a dead worker is in
docs/operations.md.
"""

import logging
from datetime import timedelta
from typing import Any, TypedDict

from celery import Celery, Task, shared_task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .celery import unacked_tasks_restore
from .jobs import STALE_AFTER, job_runs_orphaned_interrupt, nightly_chain_run
from .models import JobRun, Tenant
from .tenancy import all_tenants

logger = logging.getLogger(__name__)
# A dropped or refused connection, a deadlock (an OperationalError): worth another try.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
# A task waiting for its retry is held, unacknowledged, by a worker: its delay and its run must
# stay under the broker's visibility timeout (settings: CELERY_BROKER_TRANSPORT_OPTIONS).
RETRY_DELAY_MAX = 2 * 60


class JobTaskOptions(TypedDict):
    acks_late: bool
    reject_on_worker_lost: bool
    autoretry_for: tuple[type[Exception], ...]
    retry_backoff: bool
    retry_backoff_max: int
    max_retries: int


# Every task: acknowledged once it ends, so a worker's death gives it back to the queue; transient
# errors retried after 1, 2, 4... seconds (with jitter, at most RETRY_DELAY_MAX), five times; any
# other error fails it at once, its run marked failed with the error.
JOB_TASK: JobTaskOptions = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": RETRY_DELAY_MAX,
    "max_retries": 5,
}


def _nightly_lock_take(*, tenant_id: int, owner: str, seconds: int) -> bool:
    # A task given back after its worker died keeps its id, and so its lock.
    lock = f"nightly-lock:{tenant_id}"
    return cache.add(lock, owner, seconds) or cache.get(lock) == owner


def _nightly_lock_release(*, tenant_id: int, owner: str) -> None:
    lock = f"nightly-lock:{tenant_id}"
    if owner and cache.get(lock) == owner:
        cache.delete(lock)


@shared_task(bind=True, **JOB_TASK)
def nightly_chain(self: Task[Any, Any], tenant_id: int) -> dict[str, Any]:
    """The nightly chain for one tenant; a lock keeps two runs from overlapping."""
    tenant = Tenant.objects.get(pk=tenant_id)
    owner = self.request.id or "inline"
    # The lock lasts as long as a run may (the hard time limit): a dead run's lock never outlives
    # the time its task takes to come back, and a worker that starts releases it at once.
    seconds = self.app.conf.task_time_limit or int(STALE_AFTER.total_seconds())
    if not _nightly_lock_take(tenant_id=tenant_id, owner=owner, seconds=seconds):
        return {"skipped": "another nightly run holds the lock"}
    try:
        return nightly_chain_run(tenant=tenant, task_id=self.request.id or "")
    finally:
        _nightly_lock_release(tenant_id=tenant_id, owner=owner)


@shared_task(**JOB_TASK)
def nightly_fan_out() -> int:
    """Send every active tenant's chain to the workers: the only job that spans tenants."""
    with all_tenants():
        tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        nightly_chain.delay(tenant_id)
    return len(tenant_ids)


def interrupted_jobs_recover(*, app: Celery, worker: str) -> list[JobRun]:
    """At a worker's start, take back the work of workers that died: their runs are marked
    interrupted, their nightly locks released, and their tasks given back to the queue."""
    replies = app.control.ping(timeout=1.0) or []
    # This worker runs nothing yet: runs under its name are those of its previous life.
    live_workers = {name for reply in replies for name in reply} - {worker}
    time_limit = timedelta(seconds=app.conf.task_time_limit) if app.conf.task_time_limit else None
    orphaned = job_runs_orphaned_interrupt(
        live_workers=live_workers, started_before=timezone.now() - (time_limit or STALE_AFTER)
    )
    for run in orphaned:
        _nightly_lock_release(tenant_id=run.tenant_id, owner=run.task_id)
    restored = unacked_tasks_restore(app=app, task_ids={run.task_id for run in orphaned})
    logger.info("%s: %d interrupted runs, %d tasks given back", worker, len(orphaned), restored)
    return orphaned
