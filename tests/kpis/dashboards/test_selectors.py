"""kpis/dashboards/selectors.py: the dashboards read their own tenant's rollups, in a number of
queries that does not grow with the KPIs or the points of sale."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from kpis.aggregation import kpi_rollups_refresh
from kpis.dashboards import selectors
from kpis.models import KpiDefinition, KpiRollup, Level, RollupLevel, RollupPeriod
from network_animation.models import PointOfSale
from network_animation.tenancy import tenant_scope
from tests.factories import PointOfSaleFactory

from ..factories import KpiDefinitionFactory, KpiFactFactory, ObjectiveFactory

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


def test_a_computed_figure_of_today_does_not_turn_the_dashboards_to_an_empty_month(
    network_a, kpis_a
):
    """On the 1st of April, someone certified that morning (a computed KPI's fact) leaves the
    dashboards on March, the month of the brand's own figures; a brand with computed KPIs only
    still gets its newest month."""
    figures(network_a, kpis_a, MARCH)
    computed = KpiDefinitionFactory(tenant=network_a.tenant, code="certified", source="computed")
    KpiFactFactory(
        point_of_sale=network_a.point_of_sale, kpi=computed, date=dt.date(2025, 4, 1), value=1
    )
    with tenant_scope(network_a.tenant):
        kpi_rollups_refresh(tenant=network_a.tenant, full=True)
        assert selectors.latest_month(tenant=network_a.tenant) == dt.date(2025, 3, 1)
        KpiDefinition.objects.filter(tenant=network_a.tenant).exclude(pk=computed.pk).update(
            source="computed"
        )
        assert selectors.latest_month(tenant=network_a.tenant) == dt.date(2025, 4, 1)


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


def test_a_point_of_sales_tiles_cost_three_queries_whatever_the_zones_size(
    network_a, kpis_a, django_assert_max_num_queries
):
    extra = PointOfSaleFactory.create_batch(20, zone=network_a.zone)
    figures(network_a, kpis_a, MARCH, points=[network_a.point_of_sale, *extra])
    tenant = network_a.tenant
    with tenant_scope(tenant):
        period = selectors.dashboard_period(tenant=tenant, kind="month")
        kpis = selectors.dashboard_kpis(tenant=tenant)
        with django_assert_max_num_queries(3):  # the period, the history, the zone
            tiles = selectors.point_of_sale_tiles(
                tenant=tenant, point_of_sale=network_a.point_of_sale, period=period, kpis=kpis
            )
    assert [tile.kpi for tile in tiles if tile.rollup] != []
    assert all(len(tile.history) <= 12 for tile in tiles)


def test_a_tile_compares_with_last_month_last_year_and_the_zone_and_says_the_pace_needed(
    network_a, kpis_a
):
    """March 2025 is read on the 10th: its 40 sales project to 124 for the month, 38 % fewer than
    February's 200 and 24 % more than March 2024's 100; 60 are left for a target of 100, about
    three a day for the 21 days left; the zone's other point of sale sold 20 (average 30)."""
    point, neighbour, sales = network_a.point_of_sale, network_a.other_point_of_sale, kpis_a.sales
    neighbour.zone = network_a.zone
    neighbour.save()
    for day, value in ((dt.date(2024, 3, 15), 100), (dt.date(2025, 2, 10), 200)):
        KpiFactFactory(point_of_sale=point, kpi=sales, date=day, value=value)
    KpiFactFactory(point_of_sale=point, kpi=sales, date=dt.date(2025, 3, 10), value=40)
    KpiFactFactory(point_of_sale=neighbour, kpi=sales, date=dt.date(2025, 3, 5), value=20)
    ObjectiveFactory(
        kpi=sales,
        level=Level.POINT_OF_SALE,
        point_of_sale=point,
        period_start=dt.date(2025, 3, 1),
        target=100,
    )
    tenant = network_a.tenant
    with tenant_scope(tenant):
        kpi_rollups_refresh(tenant=tenant, full=True)
        period = selectors.dashboard_period(tenant=tenant, kind="month")
        tiles = selectors.point_of_sale_tiles(
            tenant=tenant, point_of_sale=point, period=period, kpis=[sales]
        )
        year = selectors.point_of_sale_tiles(
            tenant=tenant,
            point_of_sale=point,
            period=selectors.dashboard_period(tenant=tenant, kind="year"),
            kpis=[sales],
        )
    [tile] = tiles
    assert tile.comparable == pytest.approx(124)
    assert tile.change_from_last_month == pytest.approx(-0.38)
    assert tile.change_from_last_year == pytest.approx(0.24)
    assert tile.zone_average == pytest.approx(30)
    assert tile.daily_pace == pytest.approx(60 / 21)
    assert tile.period_end == dt.date(2025, 3, 31)
    # The chart keeps its twelve months: March 2024 is compared with, not drawn.
    assert [month.period_start for month in tile.history] == [
        dt.date(2025, 2, 1),
        dt.date(2025, 3, 1),
    ]
    panel = {"period": period, "tiles": tiles}
    with translation.override("en"):
        html = render_to_string("kpis/dashboards/tiles.html", {"panel": panel})
    assert "€3 a day until 31 March" in html  # English spacing (network_animation/numbers.py)
    assert "▼\u00a0−38%" in html
    assert "change--worse" in html
    assert "▲\u00a0+24%" in html
    # A year to date is compared with no single month.
    assert year[0].change_from_last_month is None


def test_a_running_month_is_charted_as_unfinished_under_short_month_labels(network_a, kpis_a):
    """July 2025 read on the 10th: its 40 sales are drawn where the month will end at this pace
    (124), dashed, not as a drop from June's 90."""
    point, sales = network_a.point_of_sale, kpis_a.sales
    KpiFactFactory(point_of_sale=point, kpi=sales, date=dt.date(2025, 6, 30), value=90)
    KpiFactFactory(point_of_sale=point, kpi=sales, date=dt.date(2025, 7, 10), value=40)
    tenant = network_a.tenant
    with tenant_scope(tenant):
        kpi_rollups_refresh(tenant=tenant, full=True)
        period = selectors.dashboard_period(tenant=tenant, kind="month")
        [tile] = selectors.point_of_sale_tiles(
            tenant=tenant, point_of_sale=point, period=period, kpis=[sales]
        )
    june, july = tile.history
    assert (june.is_running, july.is_running) == (False, True)
    assert tile.running_month == july
    panel = {"period": period, "tiles": [tile]}
    with translation.override("en"):
        html = render_to_string("kpis/dashboards/tiles.html", {"panel": panel})
    assert 'data-month="Jun 25"' in html
    assert 'data-month="Jul 25"' in html
    assert html.count("data-running") == 1
    assert 'data-running data-projection="124.0"' in html
    assert "Jul 25 is not over (10 of 31 days)" in html
    assert 'data-label="Actual"' in html
    assert 'data-target-label="Target"' in html
    with translation.override("fr"):
        html = render_to_string("kpis/dashboards/tiles.html", {"panel": panel})
    assert 'data-month="juin 25"' in html
    assert 'data-month="juil. 25"' in html


def test_a_closed_month_is_not_drawn_as_unfinished(network_a, kpis_a):
    point, sales = network_a.point_of_sale, kpis_a.sales
    KpiFactFactory(point_of_sale=point, kpi=sales, date=dt.date(2025, 6, 30), value=90)
    with tenant_scope(network_a.tenant):
        kpi_rollups_refresh(tenant=network_a.tenant, full=True)
        period = selectors.dashboard_period(tenant=network_a.tenant, kind="month")
        [tile] = selectors.point_of_sale_tiles(
            tenant=network_a.tenant, point_of_sale=point, period=period, kpis=[sales]
        )
    assert tile.running_month is None
    with translation.override("en"):
        html = render_to_string(
            "kpis/dashboards/tiles.html", {"panel": {"period": period, "tiles": [tile]}}
        )
    assert "data-running" not in html
    assert "is not over" not in html


def test_alerts_are_grouped_per_point_of_sale_the_worst_gap_first():
    """A zone's 52 figures off target are not a flat list: each point of sale once, the one
    furthest behind first, its own figures worst first."""
    sales, leads = KpiDefinition(code="sales"), KpiDefinition(code="leads")

    def cell(kpi, value):
        return KpiRollup(kpi=kpi, value=value, target=100, projection=value)

    def row(name, cells):
        return selectors.HeatMapRow(label=name, scope=PointOfSale(name=name), cells=cells)

    on_target = row("Garage C", [cell(sales, 100), None])
    slightly = row("Garage B", [cell(sales, 70), cell(leads, 120)])
    far = row("Garage A", [cell(sales, 95), cell(leads, 50)])
    heat_map = selectors.HeatMap(
        level=RollupLevel.POINT_OF_SALE, kpis=[sales, leads], rows=[on_target, slightly, far]
    )
    groups = heat_map.alert_groups
    assert [group.row.label for group in groups] == ["Garage A", "Garage B"]
    assert [c.kpi.code for c in groups[0].cells] == ["leads", "sales"]
    assert groups[0].worst == pytest.approx(0.5)
    assert [(r.label, c.value) for r, c in heat_map.alerts] == [
        ("Garage A", 50),
        ("Garage A", 95),
        ("Garage B", 70),
    ]
