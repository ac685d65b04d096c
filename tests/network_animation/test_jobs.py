"""Job runs, the nightly chain (T7, C1 lock), retries (C3), sending on commit (C2), what a worker
that starts takes back (C7), and a real worker on Redis and PostgreSQL."""

import datetime as dt
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import task_retry
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from kpis.reports.monthly import monthly_report_request
from network_animation.celery import app
from network_animation.jobs import (
    INTERRUPTED,
    NIGHTLY_STEPS,
    OVER_TIME,
    job_runs_orphaned_interrupt,
    tracked_job,
)
from network_animation.models import JobRun, Role
from network_animation.tasks import RETRY_DELAY_MAX, interrupted_jobs_recover, nightly_chain
from network_animation.tenancy import all_tenants, tenant_scope
from tests import workers

broker = workers.broker  # the shared fixtures (tests/workers.py)
start_worker = workers.start_worker


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
def test_a_job_past_its_time_limit_is_marked_failed_saying_so(network_a):
    with pytest.raises(SoftTimeLimitExceeded), tracked_job(tenant=network_a.tenant, job="x"):
        raise SoftTimeLimitExceeded()
    [run] = runs_of(network_a.tenant)
    assert (run.status, run.error) == ("failed", str(OVER_TIME))


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
    """Once a night has settled the tenant (here: the communities' members the fixture's
    organisation implies), running the chain again finds the same state and changes nothing."""
    nightly_chain.apply(args=[network_a.tenant.pk]).get()
    first = nightly_chain.apply(args=[network_a.tenant.pk]).get()
    second = nightly_chain.apply(args=[network_a.tenant.pk]).get()
    assert first == second
    assert first["community_memberships"]["members_added"] == 0


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
    assert 'href="/' in page.content.decode()
    assert "nightly.organisation_health" not in page.content.decode()  # its name, never its key
    run = runs_of(network_a.tenant)[0]
    fragment = client.get(
        reverse("job_run", args=[network_a.tenant.slug, run.pk]), HTTP_HX_REQUEST="true"
    )
    assert fragment.content.decode().lstrip().startswith('<section id="progress"')


@pytest.fixture
def flaky_step(monkeypatch):
    """A nightly step that meets a transient error on its first runs (how many: `failures`)."""
    from django.db import OperationalError

    from network_animation import jobs

    calls = []
    failures = {"count": 1, "error": OperationalError("server closed the connection")}

    def step(*, tenant, progress):
        calls.append(tenant.pk)
        if len(calls) <= failures["count"]:
            raise failures["error"]
        progress.add("done", 1)

    monkeypatch.setattr(jobs, "NIGHTLY_STEPS", {"flaky": step})
    return calls, failures


@pytest.fixture
def retry_delays():
    """The delay of each retry, as Celery schedules it."""
    delays = []

    def record(sender, reason, **kwargs):
        delays.append(reason.when)

    task_retry.connect(record, weak=False)
    yield delays
    task_retry.disconnect(record)


@pytest.fixture
def eager_errors_kept():
    """Run inline, a retry runs at once; past the first, only if errors do not propagate."""
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


@pytest.mark.django_db
def test_a_transient_database_error_is_retried(network_a, flaky_step):
    calls, _failures = flaky_step
    # Run eagerly without propagating, Celery performs the retry at once and returns its result.
    result = nightly_chain.apply(args=(network_a.tenant.pk,), throw=False).get()
    assert result == {"flaky": {"done": 1}}
    assert len(calls) == 2
    statuses = [run.status for run in runs_of(network_a.tenant)]
    assert statuses == ["failed", "succeeded"]


@pytest.mark.django_db
def test_a_transient_redis_error_is_retried_after_growing_delays(
    network_a, flaky_step, retry_delays, eager_errors_kept
):
    calls, failures = flaky_step
    failures.update(count=3, error=RedisConnectionError("Connection refused"))
    result = nightly_chain.apply(args=(network_a.tenant.pk,), throw=False).get()
    assert result == {"flaky": {"done": 1}}
    assert len(calls) == 4
    # Exponential backoff with full jitter: the n-th delay is at most 2^n seconds, and the cap.
    assert len(retry_delays) == 3
    assert all(0 <= delay <= min(2**n, RETRY_DELAY_MAX) for n, delay in enumerate(retry_delays))
    statuses = [run.status for run in runs_of(network_a.tenant)]
    assert statuses == ["failed", "failed", "failed", "succeeded"]


@pytest.mark.django_db
def test_a_bad_input_error_fails_the_run_once_with_a_readable_message(
    network_a, monkeypatch, retry_delays
):
    from network_animation import jobs

    calls = []

    def step(*, tenant, progress):
        calls.append(tenant.pk)
        raise ValueError("objective for an unknown KPI “sales”")

    monkeypatch.setattr(jobs, "NIGHTLY_STEPS", {"broken": step})
    with pytest.raises(ValueError, match="unknown KPI"):
        nightly_chain.apply(args=(network_a.tenant.pk,)).get()
    [run] = runs_of(network_a.tenant)
    assert run.status == "failed"
    assert run.error == "ValueError: objective for an unknown KPI “sales”"
    assert (len(calls), retry_delays) == (1, [])


@pytest.mark.redis
@pytest.mark.django_db
def test_a_task_queued_by_a_request_that_then_fails_is_never_sent(
    network_a, broker, django_capture_on_commit_callbacks
):
    """CHECKLIST C2: tasks are sent when the transaction that queued them commits."""
    head_office = network_a.members[Role.HEAD_OFFICE].user

    def request_report():
        monthly_report_request(
            tenant=network_a.tenant,
            actor=head_office,
            month=dt.date(2025, 3, 1),
            export_format="xlsx",
        )

    def failing_request():
        with tenant_scope(network_a.tenant), transaction.atomic():
            request_report()
            raise RuntimeError("the page failed after asking for the report")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_request()
    assert workers.queued_headers(broker) == []
    with django_capture_on_commit_callbacks(execute=True), tenant_scope(network_a.tenant):
        request_report()
    [queued] = workers.queued_headers(broker)
    assert queued["task"] == "kpis.reports.tasks.monthly_report_build_task"


def running(tenant, worker: str, minutes_ago: int = 1, **fields) -> JobRun:
    with tenant_scope(tenant):
        return JobRun.objects.create(
            tenant=tenant,
            job="nightly.kpi_aggregation",
            worker=worker,
            started_at=timezone.now() - timedelta(minutes=minutes_ago),
            **fields,
        )


def reloaded(run: JobRun) -> JobRun:
    with all_tenants(), tenant_scope(run.tenant):
        return JobRun.objects.get(pk=run.pk)


@pytest.mark.django_db
def test_a_worker_that_starts_marks_the_runs_of_workers_gone_as_interrupted(network_a, network_b):
    gone = running(network_a.tenant, "celery@gone")
    gone_b = running(network_b.tenant, "celery@gone")
    alive = running(network_a.tenant, "celery@alive")
    too_long = running(network_a.tenant, "celery@alive", minutes_ago=30)
    by_command = running(network_a.tenant, "")
    finished = running(network_a.tenant, "celery@gone", status=JobRun.Status.SUCCEEDED)
    orphaned = job_runs_orphaned_interrupt(
        live_workers={"celery@alive"}, started_before=timezone.now() - timedelta(minutes=6)
    )
    assert {run.pk for run in orphaned} == {gone.pk, gone_b.pk, too_long.pk}
    for run in (gone, gone_b, too_long):
        assert (reloaded(run).status, reloaded(run).error) == ("interrupted", str(INTERRUPTED))
    for run, status in ((alive, "running"), (by_command, "running"), (finished, "succeeded")):
        assert reloaded(run).status == status


@pytest.mark.django_db
def test_a_worker_that_starts_releases_the_nightly_locks_of_dead_runs(network_a, network_b):
    dead = running(network_a.tenant, "celery@restarted", task_id="dead-task")
    cache.set(f"nightly-lock:{network_a.tenant.pk}", "dead-task", 600)
    cache.set(f"nightly-lock:{network_b.tenant.pk}", "another-task", 600)
    # The same worker restarted: runs under its own name are those of its previous life.
    orphaned = interrupted_jobs_recover(app=app, worker="celery@restarted")
    assert [run.pk for run in orphaned] == [dead.pk]
    assert cache.get(f"nightly-lock:{network_a.tenant.pk}") is None
    assert cache.get(f"nightly-lock:{network_b.tenant.pk}") == "another-task"


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_nightly_chain_and_records_it(network_a, start_worker):
    """A worker started as docker-compose.yml starts it, on Redis and this test's database."""
    worker = start_worker()
    nightly_chain.delay(network_a.tenant.pk)

    def finished() -> list[JobRun]:
        with all_tenants():
            return list(JobRun.objects.filter(tenant=network_a.tenant).exclude(status="running"))

    assert workers.wait_for(lambda: len(finished()) == len(NIGHTLY_STEPS)), worker.output()
    runs = finished()
    assert {(run.status, run.worker) for run in runs} == {("succeeded", worker.name)}
    health = next(run for run in runs if run.job == "nightly.organisation_health")
    assert health.counts["points_of_sale"] == 2


@pytest.mark.django_db
def test_the_run_page_keeps_watching_a_run_whose_task_comes_back(network_a):
    """An interrupted run is started again by the task given back: its page polls until then,
    and an old interrupted run's page does not poll for ever."""
    recent = running(network_a.tenant, "celery@gone")
    old = running(network_a.tenant, "celery@gone", minutes_ago=60)
    job_runs_orphaned_interrupt(live_workers=set(), started_before=timezone.now())
    with tenant_scope(network_a.tenant):
        JobRun.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(hours=1))
    client = network_a.client()
    for run, polls in ((recent, True), (old, False)):
        page = client.get(reverse("job_run", args=[network_a.tenant.slug, run.pk]))
        assert "Interrompue, redémarrage en cours" in page.content.decode()
        assert ('hx-trigger="every 2s"' in page.content.decode()) is polls
