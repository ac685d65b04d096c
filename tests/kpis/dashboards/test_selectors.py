"""kpis/dashboards/selectors.py: the dashboards read their own tenant's rollups, in a number of
queries that does not grow with the KPIs or the points of sale."""

import datetime as dt

import pytest

from kpis.aggregation import kpi_rollups_refresh
from kpis.dashboards import selectors
from kpis.models import RollupLevel, RollupPeriod
from network_animation.tenancy import tenant_scope
from tests.factories import PointOfSaleFactory

from ..factories import KpiFactFactory

pytestmark = pytest.mark.django_db
MARCH, APRIL = dt.date(2025, 3, 10), dt.date(2025, 4, 10)


def figures(network, kpis, day: dt.date, points=None) -> None:
    for point in points or [network.point_of_sale, network.other_point_of_sale]:
        for kpi in (kpis.sales, kpis.leads):
            KpiFactFactory(point_of_sale=point, kpi=kpi, date=day, value=10)
    with tenant_scope(network.tenant):
        kpi_rollups_refresh(tenant=network.tenant, full=True)


def test_the_period_is_the_tenants_own_newest_month(network_a, network_b, kpis_a, kpis_b):
    figures(network_a, kpis_a, MARCH)
    figures(network_b, kpis_b, APRIL)
    with tenant_scope(network_a.tenant):
        assert selectors.latest_month(tenant=network_a.tenant) == dt.date(2025, 3, 1)
        period = selectors.dashboard_period(tenant=network_a.tenant, kind="year")
    assert (period.kind, period.start) == (RollupPeriod.YEAR, dt.date(2025, 1, 1))


def test_a_tenant_without_figures_has_no_period(network_a, network_b, kpis_b):
    figures(network_b, kpis_b, APRIL)
    with tenant_scope(network_a.tenant):
        assert selectors.dashboard_period(tenant=network_a.tenant, kind="month") is None


def test_a_zone_heat_map_holds_its_own_points_of_sale_only(network_a, network_b, kpis_a, kpis_b):
    figures(network_a, kpis_a, MARCH)
    figures(network_b, kpis_b, MARCH)
    tenant = network_a.tenant
    with tenant_scope(tenant):
        period = selectors.dashboard_period(tenant=tenant, kind="month")
        kpis = selectors.dashboard_kpis(tenant=tenant)
        heat_map = selectors.heat_map(
            tenant=tenant,
            period=period,
            kpis=kpis,
            level=RollupLevel.POINT_OF_SALE,
            scopes=[network_a.point_of_sale],
            within={"zone": network_a.zone},
        )
    [row] = heat_map.rows
    assert row.scope == network_a.point_of_sale
    sales = row.cells[[kpi.pk for kpi in kpis].index(kpis_a.sales.pk)]
    assert sales.value == 10
    assert {cell.tenant_id for cell in row.cells if cell} == {tenant.pk}


def test_a_point_of_sales_tiles_cost_two_queries_whatever_the_zones_size(
    network_a, kpis_a, django_assert_max_num_queries
):
    extra = PointOfSaleFactory.create_batch(20, zone=network_a.zone)
    figures(network_a, kpis_a, MARCH, points=[network_a.point_of_sale, *extra])
    tenant = network_a.tenant
    with tenant_scope(tenant):
        period = selectors.dashboard_period(tenant=tenant, kind="month")
        kpis = selectors.dashboard_kpis(tenant=tenant)
        with django_assert_max_num_queries(2):
            tiles = selectors.point_of_sale_tiles(
                tenant=tenant, point_of_sale=network_a.point_of_sale, period=period, kpis=kpis
            )
    assert [tile.kpi for tile in tiles if tile.rollup] != []
    assert all(len(tile.history) <= 12 for tile in tiles)
