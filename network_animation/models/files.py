import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .jobs import JobRun
from .tenancy import TenantOwnedModel


def generated_file_path(instance: "GeneratedFile", filename: str) -> str:
    """Stored names are generated: nothing a user typed ever reaches a path (CHECKLIST U5)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"generated/{instance.tenant_id}/{uuid.uuid4().hex}.{extension[:8]}"


class GeneratedFile(TenantOwnedModel):
    """A file the platform produced (a report, a large export), kept for download.

    Served only by an authorising view, as an attachment (CHECKLIST T9).
    """

    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    file = models.FileField(upload_to=generated_file_path, max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    job_run = models.ForeignKey(
        JobRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="files"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("generated file")
        verbose_name_plural = _("generated files")
        indexes = [models.Index(fields=["tenant", "kind", "-created_at"])]

    def __str__(self) -> str:
        return self.filename


class ScheduledDispatch(TenantOwnedModel):
    """A scheduled sending (a weekly digest, a monthly report) done once per period."""

    kind = models.CharField(max_length=60)
    period_key = models.CharField(max_length=20)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "kind", "period_key"], name="scheduled_dispatch_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period_key}"
