"""Job runs, the nightly chain (T7, C1 lock, C3) and a real worker on Redis and PostgreSQL."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from network_animation.jobs import NIGHTLY_STEPS, tracked_job
from network_animation.models import JobRun
from network_animation.tasks import nightly_chain
from network_animation.tenancy import all_tenants, tenant_scope

ROOT = Path(__file__).resolve().parents[2]


def runs_of(tenant) -> list[JobRun]:
    with tenant_scope(tenant):
        return list(JobRun.objects.filter(tenant=tenant).order_by("pk"))


@pytest.mark.django_db
def test_a_job_run_records_its_counts_and_status(network_a):
    with tracked_job(tenant=network_a.tenant, job="demo") as progress:
        progress.add("rows", 3)
        progress.report(50)
    [run] = runs_of(network_a.tenant)
    assert (run.status, run.counts, run.progress) == ("succeeded", {"rows": 3}, 100)
    assert run.finished_at >= run.started_at


@pytest.mark.django_db
def test_a_failing_job_is_marked_failed_with_a_readable_error(network_a):
    with pytest.raises(ValueError, match="bad"), tracked_job(tenant=network_a.tenant, job="x"):
        raise ValueError("bad input on line 3")
    [run] = runs_of(network_a.tenant)
    assert run.status == "failed"
    assert run.error == "ValueError: bad input on line 3"


@pytest.mark.django_db
def test_the_nightly_chain_for_one_tenant_leaves_the_other_untouched(network_a, network_b):
    result = nightly_chain.apply(args=[network_a.tenant.pk]).get()
    assert set(result) == set(NIGHTLY_STEPS)
    assert result["organisation_health"]["points_of_sale"] == 2
    assert len(runs_of(network_a.tenant)) == len(NIGHTLY_STEPS)
    assert runs_of(network_b.tenant) == []


@pytest.mark.django_db
def test_two_nightly_runs_never_overlap(network_a):
    cache.add(f"nightly-lock:{network_a.tenant.pk}", "another-worker", 60)
    result = nightly_chain.apply(args=[network_a.tenant.pk]).get()
    assert "skipped" in result
    assert runs_of(network_a.tenant) == []


@pytest.mark.django_db
def test_running_the_chain_twice_gives_the_same_counts(network_a):
    first = nightly_chain.apply(args=[network_a.tenant.pk]).get()
    second = nightly_chain.apply(args=[network_a.tenant.pk]).get()
    assert first == second


@pytest.mark.django_db
def test_manage_py_nightly_runs_the_chain(network_a, network_b, capsys):
    call_command("nightly", tenant=network_a.tenant.slug)
    assert network_a.tenant.slug in capsys.readouterr().out
    assert runs_of(network_a.tenant)
    assert runs_of(network_b.tenant) == []


@pytest.mark.django_db
def test_the_job_runs_page_shows_runs_and_their_progress(network_a):
    from django.urls import reverse

    nightly_chain.apply(args=[network_a.tenant.pk])
    client = network_a.client()
    page = client.get(reverse("job_runs", args=[network_a.tenant.slug]))
    assert "nightly.organisation_health" in page.content.decode()
    run = runs_of(network_a.tenant)[0]
    fragment = client.get(
        reverse("job_run", args=[network_a.tenant.slug, run.pk]), HTTP_HX_REQUEST="true"
    )
    assert fragment.content.decode().lstrip().startswith('<section id="progress"')


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_nightly_chain_and_records_it(network_a):
    """A Celery worker process, on Redis and this test's PostgreSQL database."""
    from network_animation.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER'] or 'postgres'}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "on",
        "DJANGO_SETTINGS_MODULE": "network_animation.settings.base",
    }
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "network_animation",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    app.conf.task_always_eager = False
    try:
        nightly_chain.apply_async(args=[network_a.tenant.pk], queue=queue)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not _finished_runs(network_a.tenant):
            time.sleep(0.5)
        runs = _finished_runs(network_a.tenant)
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        _, errors = worker.communicate(timeout=30)
    assert runs, errors.decode()[-2000:]
    assert {run.status for run in runs} == {"succeeded"}
    health = next(run for run in runs if run.job == "nightly.organisation_health")
    assert health.counts["points_of_sale"] == 2


def _finished_runs(tenant) -> list[JobRun]:
    with all_tenants():
        return list(JobRun.objects.filter(tenant=tenant).exclude(status="running"))


@pytest.fixture
def flaky_step(monkeypatch):
    """A nightly step whose first run meets a dropped database connection."""
    from django.db import OperationalError

    from network_animation import jobs

    calls = []

    def step(*, tenant, progress):
        calls.append(tenant.pk)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        progress.add("done", 1)

    monkeypatch.setattr(jobs, "NIGHTLY_STEPS", {"flaky": step})
    return calls


@pytest.mark.django_db
def test_a_transient_database_error_is_retried(network_a, flaky_step):
    # Run eagerly without propagating, Celery performs the retry at once and returns its result.
    result = nightly_chain.apply(args=(network_a.tenant.pk,), throw=False).get()
    assert result == {"flaky": {"done": 1}}
    assert len(flaky_step) == 2
    statuses = [run.status for run in runs_of(network_a.tenant)]
    assert statuses == ["failed", "succeeded"]


@pytest.mark.django_db
def test_a_bad_input_error_fails_the_run_once_with_a_readable_message(network_a, monkeypatch):
    from network_animation import jobs

    def step(*, tenant, progress):
        raise ValueError("objective for an unknown KPI “sales”")

    monkeypatch.setattr(jobs, "NIGHTLY_STEPS", {"broken": step})
    with pytest.raises(ValueError, match="unknown KPI"):
        nightly_chain.apply(args=(network_a.tenant.pk,)).get()
    [run] = runs_of(network_a.tenant)
    assert run.status == "failed"
    assert run.error == "ValueError: objective for an unknown KPI “sales”"
