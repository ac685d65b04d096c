"""Two networks with something in every API list: tenant A calls with its service token, tenant
B's rows carry a canary string that must never come back."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from challenges.models import LabelAward
from challenges.services import challenge_standings_refresh
from network_animation.models import JobRun
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope

from ..challenges.factories import launch
from ..conftest import Network
from ..factories import PointOfSaleFactory
from ..kpis.conftest import build_kpis
from ..kpis.dashboards.test_dashboards import facts, objective, refresh

CANARY = "CANARY-B-7f3a"
# The codes of the import example in the schema (kpis/api/views.py), so that example is accepted.
EXAMPLE_POINT_OF_SALE = "PDV-0042"


@dataclass
class ApiWorld:
    network: Network
    key: str  # tenant A's service token


def fill(network: Network, marker: str = "") -> None:
    """Facts, objectives and rollups, a challenge and its leaderboard, labels and job runs."""
    kpis = build_kpis(network)
    with tenant_scope(network.tenant):
        kpis.sales.name_fr = f"Ventes {marker}".strip()
        kpis.sales.save()
    facts(network, kpis, network.point_of_sale, sales=80, leads=200)
    facts(network, kpis, network.other_point_of_sale, sales=120, leads=100)
    objective(kpis.sales, network.point_of_sale, 100)
    refresh(network)
    challenge = launch(
        network,
        [kpis.sales],
        name=f"Sprint {marker}".strip(),
        start=dt.date(2025, 3, 1),
        end=dt.date(2025, 3, 31),
    )
    with tenant_scope(network.tenant):
        challenge_standings_refresh(
            tenant=network.tenant, challenge=challenge, today=dt.date(2025, 4, 1)
        )
        _labels_and_runs(network, marker)


def _labels_and_runs(network: Network, marker: str) -> None:
    now = timezone.now()
    for year, level, point in (
        (2024, 1, network.point_of_sale),
        (2024, None, network.other_point_of_sale),
    ):
        LabelAward.objects.create(
            tenant=network.tenant,
            point_of_sale=point,
            year=year,
            level=level,
            evidence=[{"note": marker}],
            awarded_at=now,
        )
    JobRun.objects.create(
        tenant=network.tenant, job="kpis.nightly", started_at=now, counts={"marker": marker}
    )
    JobRun.objects.create(
        tenant=network.tenant,
        job="kpis.import_facts",
        started_at=now,
        finished_at=now,
        status=JobRun.Status.SUCCEEDED,
        progress=100,
    )


@pytest.fixture
def api_world(network_a, network_b) -> ApiWorld:
    PointOfSaleFactory(zone=network_a.zone, code=EXAMPLE_POINT_OF_SALE, name="Garage du Port")
    fill(network_a)
    fill(network_b, CANARY)
    with tenant_scope(network_a.tenant):
        _token, key = service_token_create(tenant=network_a.tenant, actor=None, name="ERP")
    return ApiWorld(network_a, key)
