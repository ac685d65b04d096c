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


@contextmanager
def tracked_job(*, tenant: Tenant, job: str, task_id: str = "") -> Iterator[JobProgress]:
    with tenant_scope(tenant):
        JobRun.objects.filter(
            tenant=tenant,
            job=job,
            status=JobRun.Status.RUNNING,
            started_at__lt=timezone.now() - STALE_AFTER,
        ).update(
            status=JobRun.Status.FAILED,
            error="Interrupted: the worker stopped.",
            finished_at=timezone.now(),
        )
        run = JobRun.objects.create(
            tenant=tenant, job=job, started_at=timezone.now(), task_id=task_id or ""
        )
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

# The per-tenant nightly chain, in order. Each app registers its step in its AppConfig.ready():
# organisation health, then aggregate KPIs, score challenges, labels, recommendations, reports.
NIGHTLY_STEPS: dict[str, NightlyStep] = {}


def register_nightly_step(name: str, step: NightlyStep) -> None:
    NIGHTLY_STEPS.setdefault(name, step)


def nightly_chain_run(*, tenant: Tenant, task_id: str = "") -> dict[str, dict[str, int]]:
    """Run every nightly step for one tenant, each recorded as its own job run."""
    results = {}
    for name, step in NIGHTLY_STEPS.items():
        with tracked_job(tenant=tenant, job=f"nightly.{name}", task_id=task_id) as progress:
            step(tenant=tenant, progress=progress)
        results[name] = progress.counts
    return results
