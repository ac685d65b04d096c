"""Files the platform produces and keeps for download, and sendings done once per period."""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from ..models import GeneratedFile, JobRun, ScheduledDispatch, Tenant, User


def generated_file_save(
    *,
    tenant: Tenant,
    kind: str,
    title: str,
    filename: str,
    content_type: str,
    content: bytes,
    job_run: JobRun | None = None,
    requested_by: User | None = None,
) -> GeneratedFile:
    generated = GeneratedFile(
        tenant=tenant,
        kind=kind,
        title=title,
        filename=filename,
        content_type=content_type,
        size=len(content),
        job_run=job_run,
        requested_by=requested_by,
    )
    generated.file.save(filename, ContentFile(content), save=False)
    generated.save()
    return generated


def scheduled_dispatch_claim(*, tenant: Tenant, kind: str, period_key: str) -> bool:
    """Claim a period's sending; False when it was already done. Call inside the transaction
    that sends, so that a failed sending releases the claim."""
    try:
        with transaction.atomic():
            ScheduledDispatch.objects.create(tenant=tenant, kind=kind, period_key=period_key)
    except IntegrityError:
        return False
    return True


def scheduled_dispatch_record(
    *, tenant: Tenant, kind: str, period_key: str, recipients: int
) -> None:
    ScheduledDispatch.objects.filter(tenant=tenant, kind=kind, period_key=period_key).update(
        recipients=recipients
    )
