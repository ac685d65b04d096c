"""Importing an uploaded file of facts in the background, with its progress shown meanwhile."""

from django.db import transaction
from django.utils.translation import gettext as _

from network_animation.jobs import job_run_queue, tracked_job
from network_animation.models import JobRun, Tenant, User

from .. import uploads
from ..fact_table import facts_table_from_file
from .facts import IMPORT_JOB, kpi_facts_import


def kpi_facts_import_queue(*, tenant: Tenant, actor: User, content: bytes, filename: str) -> JobRun:
    """Keep the file, queue its import; the returned run shows the progress until it is done."""
    from ..tasks import kpi_facts_import_task

    token = uploads.upload_keep(tenant=tenant, content=content, filename=filename)
    run = job_run_queue(tenant=tenant, job=IMPORT_JOB)
    transaction.on_commit(lambda: kpi_facts_import_task.delay(tenant.pk, run.pk, token, actor.pk))
    return run


def kpi_facts_import_kept(*, tenant: Tenant, run_id: int, token: str, actor: User | None) -> None:
    """Import the kept file (a rerun imports the same facts again: nothing changes)."""
    kept = uploads.upload_get(tenant=tenant, token=token)
    if kept is None:
        with tracked_job(tenant=tenant, job=IMPORT_JOB, run_id=run_id):
            raise LookupError(_("The upload has expired: send the file again."))
    filename, content = kept
    kpi_facts_import(tenant=tenant, actor=actor, table=facts_table_from_file(content, filename),
                     source=filename, run_id=run_id)  # fmt: skip
    uploads.upload_forget(tenant=tenant, token=token)
