"""Head office's monthly network report: build it, keep it, send it."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from network_animation.jobs import JobProgress, job_run_queue, tracked_job
from network_animation.models import GeneratedFile, JobRun, Tenant, User
from network_animation.services.files import generated_file_save

from .data import monthly_report_data
from .pdf import monthly_report_document
from .xlsx import monthly_report_workbook

JOB = "report.monthly_network"
KIND = "monthly_network_report"
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def monthly_report_xlsx(*, tenant: Tenant, month: dt.date) -> bytes:
    return monthly_report_workbook(monthly_report_data(tenant=tenant, month=month))


def monthly_report_pdf(*, tenant: Tenant, month: dt.date) -> bytes:
    return monthly_report_document(monthly_report_data(tenant=tenant, month=month))


def monthly_report_filename(tenant: Tenant, month: dt.date, export_format: str) -> str:
    label = _("network-report")
    return f"{tenant.slug}-{label}-{month:%Y-%m}.{export_format}"


def monthly_report_request(
    *, tenant: Tenant, actor: User, month: dt.date, export_format: str
) -> JobRun:
    """Queue the report's building; the page follows the returned run until the file is there."""
    from .tasks import monthly_report_build_task

    run = job_run_queue(tenant=tenant, job=JOB)
    transaction.on_commit(
        lambda: monthly_report_build_task.delay(
            tenant.pk, run.pk, month.isoformat(), export_format, actor.pk
        )
    )
    return run


def monthly_report_build(
    *,
    tenant: Tenant,
    month: dt.date,
    export_format: str,
    run_id: int | None = None,
    requested_by: User | None = None,
) -> GeneratedFile:
    with tracked_job(tenant=tenant, job=JOB, run_id=run_id) as progress:
        return _build(tenant, month, export_format, requested_by, progress)


def _build(
    tenant: Tenant,
    month: dt.date,
    export_format: str,
    requested_by: User | None,
    progress: JobProgress,
) -> GeneratedFile:
    report = monthly_report_data(tenant=tenant, month=month)
    progress.add("kpis", len(report.sections))
    progress.report(40)
    build = monthly_report_document if export_format == "pdf" else monthly_report_workbook
    content = build(report)
    progress.report(90)
    export_format = "pdf" if export_format == "pdf" else "xlsx"
    return generated_file_save(
        tenant=tenant,
        kind=KIND,
        title=_("Network report %(month)s") % {"month": f"{month:%m/%Y}"},
        filename=monthly_report_filename(tenant, month, export_format),
        content_type=FORMATS[export_format],
        content=content,
        job_run=progress.run,
        requested_by=requested_by,
    )
