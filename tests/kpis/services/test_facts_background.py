"""kpis/services/facts_background.py: the worker imports the kept file, then removes it."""

import os
import time

import pytest

from kpis import uploads
from kpis.services.facts_background import kpi_facts_import_kept, kpi_facts_import_queue
from network_animation.models import JobRun, Role
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def queued(network, django_capture_on_commit_callbacks):
    """A kept file of one fact, queued for import; the callbacks send its task."""
    actor = network.members[Role.HEAD_OFFICE].user
    content = f"code_pdv;indicateur;date;valeur\n{network.point_of_sale.code};sales;02/01/2025;1\n"
    with tenant_scope(network.tenant):
        kept = uploads.upload_keep(
            tenant=network.tenant,
            person_id=actor.pk,
            content=content.encode(),
            filename="f.csv",
            kind=uploads.FACTS,
        )
        with django_capture_on_commit_callbacks() as callbacks:
            run = kpi_facts_import_queue(tenant=network.tenant, actor=actor, token=kept.token)
    return actor, kept, run, callbacks


def test_a_task_delivered_again_after_its_import_changes_nothing(
    network_a, kpis_a, django_capture_on_commit_callbacks
):
    actor, kept, run, callbacks = queued(network_a, django_capture_on_commit_callbacks)
    callbacks[0]()
    with tenant_scope(network_a.tenant):
        kpi_facts_import_kept(tenant=network_a.tenant, run_id=run.pk, token=kept.token, actor=actor)
        assert JobRun.objects.get(pk=run.pk).status == JobRun.Status.SUCCEEDED


def test_an_upload_expired_before_the_worker_came_fails_its_run_readably(
    network_a, kpis_a, django_capture_on_commit_callbacks
):
    actor, kept, run, callbacks = queued(network_a, django_capture_on_commit_callbacks)
    folder = uploads._folder(network_a.tenant, actor.pk, kept.token, uploads.FACTS)
    then = time.time() - 7 * 3600
    os.utime(folder, (then, then))
    with pytest.raises(LookupError):
        callbacks[0]()
    with tenant_scope(network_a.tenant):
        failed = JobRun.objects.get(pk=run.pk)
    assert failed.status == JobRun.Status.FAILED
    assert "expiré" in failed.error or "expired" in failed.error
