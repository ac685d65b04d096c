"""kpis/selectors.py: every read takes its tenant; another tenant's KPIs, objectives, codes and
rollups are invisible to it (the same answer as a missing one)."""

import datetime as dt

import pytest
from django.http import Http404

from kpis import selectors
from kpis.aggregation import kpi_rollups_refresh
from kpis.models import Level
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .factories import KpiFactFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objectives(network_a, network_b, kpis_a, kpis_b):
    return {
        network.tenant.pk: ObjectiveFactory(kpi=kpis.sales, level=Level.NETWORK)
        for network, kpis in ((network_a, kpis_a), (network_b, kpis_b))
    }


def test_a_kpi_or_objective_of_another_tenant_is_answered_as_missing(
    network_a, network_b, kpis_a, kpis_b, objectives
):
    with tenant_scope(network_a.tenant):
        assert selectors.kpi_get(tenant=network_a.tenant, id=kpis_a.sales.pk) == kpis_a.sales
        mine = objectives[network_a.tenant.pk]
        assert selectors.objective_get(tenant=network_a.tenant, id=mine.pk) == mine
        with pytest.raises(Http404):
            selectors.kpi_get(tenant=network_a.tenant, id=kpis_b.sales.pk)
        with pytest.raises(Http404):
            selectors.objective_get(tenant=network_a.tenant, id=objectives[network_b.tenant.pk].pk)


def test_codes_resolve_to_the_tenants_own_rows_only(network_a, network_b, kpis_a, kpis_b):
    """The same KPI codes exist in both tenants: a code always names the caller's own."""
    with tenant_scope(network_a.tenant):
        importable = selectors.kpi_ids_by_code(tenant=network_a.tenant, importable=True)
        computed = selectors.kpi_ids_by_code(tenant=network_a.tenant, importable=False)
        points = selectors.point_of_sale_ids_by_code(tenant=network_a.tenant)
        people = selectors.membership_ids_by_email(tenant=network_a.tenant)
    assert importable["sales"] == kpis_a.sales.pk
    assert set(importable) == {"sales", "leads", "satisfaction", "stock"}
    assert set(computed) == {"conversion", "training"}  # a ratio and a computed KPI
    assert points == {
        network_a.point_of_sale.code.lower(): network_a.point_of_sale.pk,
        network_a.other_point_of_sale.code.lower(): network_a.other_point_of_sale.pk,
    }
    assert network_b.members[Role.POS_STAFF].user.email.lower() not in people
    assert people[network_a.members[Role.POS_STAFF].user.email.lower()] == (
        network_a.members[Role.POS_STAFF].pk
    )


def test_objectives_are_filtered_and_their_scopes_loaded_in_one_query(
    network_a, kpis_a, objectives, django_assert_num_queries
):
    ObjectiveFactory(
        kpi=kpis_a.leads, level=Level.ZONE, zone=network_a.zone, period_start=dt.date(2024, 1, 1)
    )
    with tenant_scope(network_a.tenant), django_assert_num_queries(1):
        found = list(selectors.objective_list(tenant=network_a.tenant, year=2024))
        assert [(o.kpi.code, o.zone.name) for o in found] == [("leads", network_a.zone.name)]


def test_rollups_are_the_tenants_own(network_a, network_b, kpis_a, kpis_b):
    for network, kpis in ((network_a, kpis_a), (network_b, kpis_b)):
        KpiFactFactory(point_of_sale=network.point_of_sale, kpi=kpis.sales, value=3)
        with tenant_scope(network.tenant):
            kpi_rollups_refresh(tenant=network.tenant, full=True)
    with tenant_scope(network_a.tenant):
        rollups = list(selectors.rollup_list(tenant=network_a.tenant))
    assert rollups
    assert {rollup.tenant_id for rollup in rollups} == {network_a.tenant.pk}
