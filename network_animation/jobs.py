"""Recording background work as `JobRun` rows, shown to head office.

`tracked_job` wraps the body of a task: it opens a run, enters the tenant's scope, hands the body a
`JobProgress` to report counts and progress, and closes the run as succeeded or failed with a
readable error. A job that dies half-way leaves a run marked failed the next time it starts.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import JobRun, Tenant
from .tenancy import tenant_scope

logger = logging.getLogger(__name__)
STALE_AFTER = timedelta(hours=6)


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
    with tenant_scope(tenant):
        interrupted = Q(started_at__lt=timezone.now() - STALE_AFTER)
        if task_id:  # the same task delivered again: its earlier run died with its worker
            interrupted |= Q(task_id=task_id)
        JobRun.objects.filter(
            interrupted, tenant=tenant, job=job, status=JobRun.Status.RUNNING
        ).update(
            status=JobRun.Status.FAILED,
            error="Interrupted: the worker stopped.",
            finished_at=timezone.now(),
        )
        run = JobRun.objects.filter(tenant=tenant, pk=run_id).first() if run_id else None
        if run is None:
            run = JobRun.objects.create(
                tenant=tenant, job=job, started_at=timezone.now(), task_id=task_id or ""
            )
        else:
            run.status, run.started_at, run.task_id = JobRun.Status.RUNNING, timezone.now(), task_id
            run.error, run.progress = "", 0
            run.save(update_fields=["status", "started_at", "task_id", "error", "progress"])
        progress = JobProgress(run=run)
        try:
            yield progress
        except Exception as exc:
            _finish(run, progress, JobRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
            raise
        _finish(run, progress, JobRun.Status.SUCCEEDED)


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
# recommendations (70), scheduled reports (90).
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
