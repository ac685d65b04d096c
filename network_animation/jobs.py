"""Recording background work as `JobRun` rows, shown to head office.

`tracked_job` wraps the body of a task: it opens a run, enters the tenant's scope, hands the body a
`JobProgress` to report counts and progress, and closes the run as succeeded or failed with a
readable error. A run records the Celery worker running it: a worker that starts marks the runs of
workers gone as interrupted (`job_runs_orphaned_interrupt`, docs/operations.md), and the same task
delivered again marks its earlier run so too.
"""

import logging
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery import current_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import JobRun, Tenant
from .tenancy import all_tenants, tenant_scope

logger = logging.getLogger(__name__)
# A run outside any worker (a management command) that has been running this long has died.
STALE_AFTER = timedelta(hours=6)
INTERRUPTED = _("Interrupted: the worker stopped.")
OVER_TIME = _("Stopped: the job ran longer than its time limit.")


@dataclass
class JobProgress:
    run: JobRun
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, amount: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + amount

    def report(self, percent: int) -> None:
        """Save progress so that pages polling the run can show it."""
        JobRun.objects.filter(pk=self.run.pk).update(
            progress=max(0, min(100, percent)), counts=self.counts
        )


@dataclass(frozen=True)
class Delivery:
    """The Celery task running a job: its id, and the worker running it (none when eager)."""

    task_id: str = ""
    worker: str = ""


def _current_delivery() -> Delivery:
    request = current_task.request if current_task else None
    if request is None or not request.id:
        return Delivery()
    return Delivery(task_id=request.id, worker="" if request.is_eager else request.hostname or "")


def job_run_queue(*, tenant: Tenant, job: str) -> JobRun:
    """A run a page can show (and poll) before the worker picks the task up."""
    return JobRun.objects.create(
        tenant=tenant, job=job, started_at=timezone.now(), status=JobRun.Status.QUEUED
    )


@contextmanager
def tracked_job(
    *, tenant: Tenant, job: str, task_id: str = "", run_id: int | None = None
) -> Iterator[JobProgress]:
    """Record the body's work as a job run (a queued run when `run_id` is given)."""
    delivery = _current_delivery()
    delivery = Delivery(task_id=task_id or delivery.task_id, worker=delivery.worker)
    with tenant_scope(tenant):
        _interrupt(_runs_interrupted_before(tenant=tenant, job=job, task_id=delivery.task_id))
        run = _run_start(tenant=tenant, job=job, run_id=run_id, delivery=delivery)
        progress = JobProgress(run=run)
        try:
            yield progress
        except SoftTimeLimitExceeded:
            _finish(run, progress, JobRun.Status.FAILED, error=str(OVER_TIME))
            raise
        except Exception as exc:
            _finish(run, progress, JobRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
            raise
        _finish(run, progress, JobRun.Status.SUCCEEDED)


def _runs_interrupted_before(*, tenant: Tenant, job: str, task_id: str) -> QuerySet[JobRun]:
    interrupted = Q(started_at__lt=timezone.now() - STALE_AFTER)
    if task_id:  # the same task delivered again: its earlier run died with its worker
        interrupted |= Q(task_id=task_id)
    return JobRun.objects.filter(interrupted, tenant=tenant, job=job)


def _run_start(*, tenant: Tenant, job: str, run_id: int | None, delivery: Delivery) -> JobRun:
    run = JobRun.objects.filter(tenant=tenant, pk=run_id).first() if run_id else None
    if run is None:
        return JobRun.objects.create(
            tenant=tenant,
            job=job,
            started_at=timezone.now(),
            task_id=delivery.task_id,
            worker=delivery.worker,
        )
    run.status, run.started_at = JobRun.Status.RUNNING, timezone.now()
    run.error, run.progress = "", 0
    run.task_id, run.worker = delivery.task_id, delivery.worker
    run.save(update_fields=["status", "started_at", "error", "progress", "task_id", "worker"])
    return run


def _interrupt(runs: QuerySet[JobRun]) -> int:
    # Only runs still running: one that ended meanwhile keeps its outcome.
    return runs.filter(status=JobRun.Status.RUNNING).update(
        status=JobRun.Status.INTERRUPTED, error=str(INTERRUPTED), finished_at=timezone.now()
    )


def job_runs_orphaned_interrupt(
    *, live_workers: Collection[str], started_before: datetime
) -> list[JobRun]:
    """Mark as interrupted the runs of workers that are gone, and those running for longer than a
    task may (the worker killed them); return them, so their tasks can be given back."""
    with all_tenants():
        tenants = list(Tenant.objects.order_by("pk"))
    orphaned = []
    for tenant in tenants:
        # One tenant at a time: under row-level security no query sees every tenant's runs.
        with tenant_scope(tenant):
            runs = JobRun.objects.filter(tenant=tenant, status=JobRun.Status.RUNNING).exclude(
                worker=""
            )
            dead = list(runs.filter(~Q(worker__in=live_workers) | Q(started_at__lt=started_before)))
            _interrupt(JobRun.objects.filter(pk__in=[run.pk for run in dead]))
        orphaned += dead
    return orphaned


def _finish(run: JobRun, progress: JobProgress, status: str, error: str = "") -> None:
    # Its own transaction: a failure is recorded even when the job's work was rolled back.
    with transaction.atomic():
        JobRun.objects.filter(pk=run.pk).update(
            status=status,
            finished_at=timezone.now(),
            counts=progress.counts,
            progress=100 if status == JobRun.Status.SUCCEEDED else run.progress,
            error=error[:4000],
        )
    logger.info("job %s for tenant %s: %s %s", run.job, run.tenant_id, status, progress.counts)


NightlyStep = Callable[..., None]  # step(*, tenant, progress) -> None

# The per-tenant nightly chain. Each app registers its steps in its AppConfig.ready(), with an
# order: organisation health (0), KPI aggregation (10), challenges and labels (50, the default),
# recommendations (70), expired pending uploads (80), notification digests (85), scheduled
# reports (90).
NIGHTLY_STEPS: dict[str, NightlyStep] = {}
_ORDER: dict[str, int] = {}


def register_nightly_step(name: str, step: NightlyStep, order: int = 50) -> None:
    if name not in NIGHTLY_STEPS:
        _ORDER[name] = order
        NIGHTLY_STEPS[name] = step
        ordered = sorted(NIGHTLY_STEPS.items(), key=lambda item: (_ORDER[item[0]], item[0]))
        NIGHTLY_STEPS.clear()
        NIGHTLY_STEPS.update(ordered)


def nightly_chain_run(*, tenant: Tenant, task_id: str = "") -> dict[str, dict[str, int]]:
    """Run every nightly step for one tenant, each recorded as its own job run."""
    results = {}
    for name, step in NIGHTLY_STEPS.items():
        with tracked_job(tenant=tenant, job=f"nightly.{name}", task_id=task_id) as progress:
            step(tenant=tenant, progress=progress)
        results[name] = progress.counts
    return results
