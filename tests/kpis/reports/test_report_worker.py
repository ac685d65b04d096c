"""A monthly report asked for on the Reports page is built by a worker started as in production
(issue 11, defect 3: the worker did not know the report's task and dropped it)."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from network_animation.models import GeneratedFile, JobRun, Role
from network_animation.tenancy import all_tenants
from tests import workers

from ..dashboards.test_dashboards import MONTH, facts, objective, refresh

start_worker = workers.start_worker  # the shared fixture (tests/workers.py)


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_report_asked_for_on_the_reports_page_is_built_by_the_worker(
    network_a, kpis_a, start_worker
):
    facts(network_a, kpis_a, network_a.point_of_sale, sales=80, leads=200)
    objective(kpis_a.sales, network_a.point_of_sale, 100)
    refresh(network_a)
    worker = start_worker()
    client = network_a.client(Role.HEAD_OFFICE)
    url = reverse("kpis:reports", args=[network_a.tenant.slug])
    answer = client.post(url, {"month": MONTH.isoformat(), "format": "xlsx"})
    assert answer.status_code == 302

    def run() -> JobRun:
        with all_tenants():
            return JobRun.objects.get(tenant=network_a.tenant, job="report.monthly_network")

    assert workers.wait_for(lambda: run().status not in ("queued", "running")), worker.output()
    assert (run().status, run().error, run().worker) == ("succeeded", "", worker.name)
    with all_tenants():
        report = GeneratedFile.objects.get(tenant=network_a.tenant, job_run=run())
    assert default_storage.exists(report.file.name)
    assert report.size > 0
