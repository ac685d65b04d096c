"""CHECKLIST C1: a worker killed in the middle of the nightly aggregation.

The task is delivered again (acks_late, reject on worker loss) and the rollups end exactly as a
full rebuild makes them. The test holds the aggregation's own per-tenant PostgreSQL lock so that
the worker is, deterministically, inside the aggregation when it is killed.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from kpis.aggregation import LOCK_NAMESPACE, kpi_rollups_refresh
from kpis.models import KpiRollup
from kpis.services.facts import kpi_facts_import_file
from network_animation.models import JobRun
from network_animation.tasks import nightly_chain
from network_animation.tenancy import all_tenants, tenant_scope

ROOT = Path(__file__).resolve().parents[2]
JOB = "nightly.kpi_aggregation"


def facts_csv(network, kpis) -> bytes:
    lines = ["point_of_sale;kpi;date;value"]
    start = dt.date(2025, 1, 1)
    for day in range(90):
        date = start + dt.timedelta(days=day)
        for point, factor in ((network.point_of_sale, 1), (network.other_point_of_sale, 2)):
            lines.append(f"{point.code};{kpis.sales.code};{date:%d/%m/%Y};{(day % 7 + 1) * factor}")
            lines.append(f"{point.code};{kpis.leads.code};{date:%d/%m/%Y};{day % 5 + 3}")
    return "\n".join(lines).encode()


def rollup_values(tenant) -> list[tuple]:
    with all_tenants():
        return list(
            KpiRollup.objects.filter(tenant=tenant)
            .order_by("kpi_id", "period", "period_start", "level", "scope_id")
            .values_list("kpi_id", "period", "period_start", "level", "scope_id", "value",
                         "target", "achievement_rate", "network_rank", "zone_rank")
        )  # fmt: skip


def runs(tenant) -> list[JobRun]:
    with all_tenants():
        return list(JobRun.objects.filter(tenant=tenant, job=JOB).order_by("pk"))


def wait_for(condition, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def start_worker(queue: str) -> subprocess.Popen:
    settings_dict = connection.settings_dict
    database_url = (f"postgres://{settings_dict['USER'] or 'postgres'}@{settings_dict['HOST']}:"
                    f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}")  # fmt: skip
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "on",
           "DJANGO_SETTINGS_MODULE": "network_animation.settings.base"}  # fmt: skip
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "network_animation", "worker", "--pool=prefork",
         "--concurrency=1", "-Q", queue, "--without-heartbeat", "--without-gossip",
         "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def pool_children(worker: subprocess.Popen) -> list[int]:
    command = ["pgrep", "-P", str(worker.pid)]
    found = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    return [int(pid) for pid in found.stdout.split()]


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_aggregation_leaves_the_same_rollups(network_a, kpis_a):
    from network_animation.celery import app

    with tenant_scope(network_a.tenant):
        content = facts_csv(network_a, kpis_a)
        kpi_facts_import_file(
            tenant=network_a.tenant, actor=None, content=content, filename="facts.csv"
        )
    queue = f"test-{uuid.uuid4().hex[:8]}"
    lock = connection.cursor()
    lock.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, network_a.tenant.pk])
    worker = start_worker(queue)
    app.conf.task_always_eager = False
    try:
        nightly_chain.apply_async(args=(network_a.tenant.pk,), queue=queue)
        assert wait_for(lambda: any(r.status == "running" for r in runs(network_a.tenant)))
        assert wait_for(lambda: bool(pool_children(worker)))
        time.sleep(0.5)  # the worker is now waiting on the lock, inside the aggregation
        for pid in pool_children(worker):
            os.kill(pid, signal.SIGKILL)
        time.sleep(1)
        lock.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, network_a.tenant.pk])
        assert wait_for(lambda: any(r.status == "succeeded" for r in runs(network_a.tenant)))
    finally:
        app.conf.task_always_eager = True
        lock.close()
        worker.terminate()
        worker.communicate(timeout=30)
    first, *_rest, last = runs(network_a.tenant)
    assert first.status == "failed"
    assert "Interrupted" in first.error
    assert last.status == "succeeded"
    after_worker = rollup_values(network_a.tenant)
    assert after_worker
    with tenant_scope(network_a.tenant):
        kpi_rollups_refresh(tenant=network_a.tenant, full=True)
    assert rollup_values(network_a.tenant) == after_worker
