"""CHECKLIST C1 and C7: a worker killed (`kill -9`, every process) in the middle of the nightly
aggregation.

The test holds the aggregation's own per-tenant PostgreSQL lock, so the worker is, for certain,
inside the aggregation when it is killed: PostgreSQL shows its request for the lock waiting. The
task stays taken by the dead worker on Redis. A worker started again marks the run interrupted,
releases the nightly lock and gives the task back at once, with no wait for the broker's
visibility timeout; the rollups end exactly as a full rebuild makes them.
"""

import datetime as dt

import pytest
from django.db import connection

from kpis.aggregation import LOCK_NAMESPACE, kpi_rollups_refresh
from kpis.models import KpiRollup
from kpis.services.facts import kpi_facts_import_file
from network_animation.jobs import INTERRUPTED
from network_animation.models import JobRun
from network_animation.tasks import nightly_chain
from network_animation.tenancy import all_tenants, tenant_scope
from tests import workers

start_worker = workers.start_worker  # the shared fixture (tests/workers.py)
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
    columns = ("kpi_id", "period", "period_start", "level", "scope_id")
    with all_tenants():
        rollups = KpiRollup.objects.filter(tenant=tenant).order_by(*columns)
        return list(
            rollups.values_list(
                *columns, "value", "target", "achievement_rate", "network_rank", "zone_rank"
            )
        )


def runs(tenant) -> list[JobRun]:
    with all_tenants():
        return list(JobRun.objects.filter(tenant=tenant, job=JOB).order_by("pk"))


def advisory_locks(tenant, *, granted: bool) -> int:
    """Requests for the aggregation's lock on this tenant, granted or waiting, in PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s"
            " AND objid = %s AND granted = %s",
            [LOCK_NAMESPACE, tenant.pk, granted],
        )
        return cursor.fetchone()[0]


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_aggregation_is_taken_back_by_the_next_one(
    network_a, kpis_a, start_worker
):
    tenant = network_a.tenant
    with tenant_scope(tenant):
        content = facts_csv(network_a, kpis_a)
        kpi_facts_import_file(tenant=tenant, actor=None, content=content, filename="facts.csv")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, tenant.pk])
    killed = start_worker()
    nightly_chain.delay(tenant.pk)
    assert workers.wait_for(lambda: advisory_locks(tenant, granted=False)), killed.output()
    [run] = runs(tenant)
    assert (run.status, run.worker) == ("running", killed.name)

    killed.kill()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, tenant.pk])
    again = start_worker()
    assert workers.wait_for(lambda: runs(tenant)[-1].status == "succeeded"), again.output()

    interrupted, succeeded = runs(tenant)
    assert (interrupted.pk, interrupted.status) == (run.pk, "interrupted")
    assert interrupted.error == str(INTERRUPTED)
    assert succeeded.task_id == run.task_id  # the very task, given back
    assert workers.wait_for(lambda: workers.worker_cache().get(f"nightly-lock:{tenant.pk}") is None)
    assert workers.wait_for(lambda: advisory_locks(tenant, granted=True) == 0)
    after_worker = rollup_values(tenant)
    assert after_worker
    with tenant_scope(tenant):
        kpi_rollups_refresh(tenant=tenant, full=True)
    assert rollup_values(tenant) == after_worker
