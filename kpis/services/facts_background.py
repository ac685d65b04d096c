"""Importing an uploaded file of facts in the background, with its progress shown meanwhile."""

from django.db import transaction
from django.utils.translation import gettext as _

from network_animation.jobs import job_run_queue, tracked_job
from network_animation.models import JobRun, Tenant, User
from network_animation.tabular import ImportRejected

from .. import uploads
from ..fact_table import facts_table_from_file
from .facts import IMPORT_JOB, kpi_facts_import


def kpi_facts_import_queue(*, tenant: Tenant, actor: User, token: str) -> JobRun:
    """Queue the import of the actor's kept upload; the returned run shows the progress until
    it is done. The upload stays on disk for the worker, which removes it once imported."""
    from ..tasks import kpi_facts_import_task

    uploads.upload_queue(tenant=tenant, person_id=actor.pk, token=token, kind=uploads.FACTS)
    run = job_run_queue(tenant=tenant, job=IMPORT_JOB)
    transaction.on_commit(lambda: kpi_facts_import_task.delay(tenant.pk, run.pk, token, actor.pk))
    return run


def kpi_facts_import_kept(*, tenant: Tenant, run_id: int, token: str, actor: User | None) -> None:
    """Import the kept file (a rerun imports the same facts again: nothing changes)."""
    if JobRun.objects.filter(tenant=tenant, pk=run_id, status=JobRun.Status.SUCCEEDED).exists():
        return  # delivered again once done: its file is gone, and so is the work
    person_id = actor.pk if actor else 0  # uploads are kept per person: a deleted one's are gone
    kept = uploads.upload_get(tenant=tenant, person_id=person_id, token=token, kind=uploads.FACTS)
    if kept is None:
        with tracked_job(tenant=tenant, job=IMPORT_JOB, run_id=run_id):
            raise LookupError(_("The upload has expired: send the file again."))

    def forget() -> None:
        uploads.upload_forget(tenant=tenant, person_id=person_id, token=token, kind=uploads.FACTS)

    try:
        table = facts_table_from_file(kept.content, kept.filename)
        kpi_facts_import(
            tenant=tenant, actor=actor, table=table, source=kept.filename, run_id=run_id
        )
    except ImportRejected:
        forget()  # the run shows the errors, and a retry would only find them again
        raise
    forget()  # other errors keep the file for the task's retry (or the nightly cleanup)
