from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import job_kinds
from .tenancy import TenantOwnedModel

# How long an interrupted run's task may take to come back (docs/operations.md: 11 minutes).
RESUMES_WITHIN = timedelta(minutes=15)


class JobRun(TenantOwnedModel):
    """One run of a background job for a tenant, shown to head office."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        # Its worker died: the task comes back (docs/operations.md), with this run if it was
        # queued from a page, with a new run if it is a nightly step.
        INTERRUPTED = "interrupted", _("Interrupted, starting again")

    job = models.CharField(_("job"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # The Celery worker's node name: a worker that starts takes back the runs of workers gone.
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        indexes = [models.Index(fields=["tenant", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def is_live(self) -> bool:
        """Worth watching: waiting, running, or interrupted lately (its task comes back within
        the broker's visibility timeout)."""
        if self.status in (self.Status.QUEUED, self.Status.RUNNING):
            return True
        return self.status == self.Status.INTERRUPTED and bool(
            self.finished_at and timezone.now() - self.finished_at < RESUMES_WITHIN
        )

    @property
    def duration(self) -> timedelta | None:
        if self.finished_at is None:
            return None
        return self.finished_at - self.started_at

    @property
    def name(self) -> str:
        """What the job is called in the reader's language, never its key."""
        return job_kinds.job_name(self.job)

    @property
    def duration_text(self) -> str:
        return job_kinds.duration_text(self.duration)

    @property
    def counter_texts(self) -> list[str]:
        return [job_kinds.counter_text(key, value) for key, value in (self.counts or {}).items()]
