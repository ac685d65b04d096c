"""How workers and the scheduler are started (docker-compose.yml, the Makefile) and what every task
is declared with: CHECKLIST C3 (retries), C4 (one scheduler), C6 (every task registered) and C7
(a killed worker's work resumes within 15 minutes)."""

import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings

from network_animation.celery import app
from network_animation.scheduled import beat_schedule
from network_animation.tasks import RETRY_DELAY_MAX, TRANSIENT_ERRORS
from tests import workers

start_worker = workers.start_worker  # the shared fixture (tests/workers.py)
SCHEDULER = re.compile(r"\bbeat\b|--beat\b|(^|\s)-B\b")


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return command if isinstance(command, str) else shlex.join(command)


def test_the_compose_file_runs_exactly_one_scheduler():
    services = workers.compose_services()
    schedulers = [
        name for name, service in services.items() if SCHEDULER.search(command_of(service))
    ]
    assert schedulers == ["beat"]
    assert services["beat"]["deploy"]["replicas"] == 1
    assert shlex.split(command_of(services["beat"]))[:4] == [
        "celery",
        "-A",
        "network_animation",
        "beat",
    ]


def test_the_periodic_jobs_are_declared_in_one_module_only():
    declared_elsewhere = [
        path
        for folder in (
            "network_animation",
            "kpis",
            "communities",
            "microlearning",
            "challenges",
            "recommendations",
        )
        for path in (workers.ROOT / folder).rglob("*.py")
        if re.search(r"beat_schedule\s*=|add_periodic_task|crontab\(", path.read_text())
        and path.name not in ("scheduled.py", "celery.py")
    ]
    assert declared_elsewhere == []
    assert {entry["task"] for entry in beat_schedule().values()} <= workers.project_tasks()


def test_every_task_is_acknowledged_late_and_retried_only_on_transient_errors():
    for name in workers.project_tasks():
        task = app.tasks[name]
        assert (task.acks_late, task.reject_on_worker_lost) == (True, True), name
        assert set(task.autoretry_for) == set(TRANSIENT_ERRORS), name
        assert task.retry_backoff, name
        assert task.retry_backoff_max <= RETRY_DELAY_MAX, name
        assert task.max_retries is not None, name
        assert task.time_limit <= settings.CELERY_TASK_TIME_LIMIT, name
        assert task.soft_time_limit <= settings.CELERY_TASK_SOFT_TIME_LIMIT, name


def test_a_killed_workers_work_resumes_within_15_minutes_even_with_no_worker_started():
    """Production's numbers: a task a dead worker took comes back after the visibility timeout
    (plus the interval at which workers look), and no task that runs outlives it."""
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    looks_every = options["unacked_restore_interval"] * options["unacked_restore_throttle"]
    assert options["visibility_timeout"] + looks_every <= 15 * 60
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    delivery_at_most = RETRY_DELAY_MAX + settings.CELERY_TASK_TIME_LIMIT
    assert delivery_at_most < options["visibility_timeout"]


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_every_task_the_code_can_send_is_registered_with_a_worker_started_as_in_production(
    start_worker,
):
    worker = start_worker()
    replies = app.control.inspect(destination=[worker.name], timeout=5).registered() or {}
    registered = set(replies.get(worker.name, []))
    declared = workers.project_tasks()
    assert "kpis.reports.tasks.monthly_report_build_task" in declared
    assert declared - registered == set(), worker.output()


def test_make_worker_starts_the_compose_files_worker():
    makefile = (workers.ROOT / "Makefile").read_text()
    [recipe] = re.findall(r"^worker:.*\n\t(.+)$", makefile, flags=re.MULTILINE)
    compose = workers.compose_services()["worker"]["command"]
    program, *arguments = shlex.split(compose)
    make_arguments = shlex.split(recipe)
    assert Path(make_arguments[0]).name == program
    assert set(arguments) <= set(make_arguments)
