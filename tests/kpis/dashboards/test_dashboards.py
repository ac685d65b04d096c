"""Dashboards read the rollups: tiles for a point of sale, heat maps for zones, regions, network."""

import datetime as dt

import pytest
from django.urls import reverse

from kpis.aggregation import kpi_rollups_refresh
from kpis.models import Level, Period
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from tests.factories import PointOfSaleFactory

from ..factories import KpiDefinitionFactory, KpiFactFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db
MONTH = dt.date(2025, 3, 1)


def facts(network, kpis, point, sales: float, leads: float) -> None:
    """Facts on the first and last day of January to March 2025: three closed months."""
    for month in (1, 2, 3):
        last_day = (dt.date(2025, month + 1, 1) - dt.timedelta(days=1)).day
        for day in (1, last_day):
            date = dt.date(2025, month, day)
            KpiFactFactory(point_of_sale=point, kpi=kpis.sales, date=date, value=sales / 2)
            KpiFactFactory(point_of_sale=point, kpi=kpis.leads, date=date, value=leads / 2)


def objective(kpi, point, target: float) -> None:
    ObjectiveFactory(
        kpi=kpi,
        level=Level.POINT_OF_SALE,
        point_of_sale=point,
        period=Period.MONTH,
        period_start=MONTH,
        target=target,
    )


def refresh(network) -> None:
    with tenant_scope(network.tenant):
        kpi_rollups_refresh(tenant=network.tenant, full=True)


@pytest.fixture
def figures_a(network_a, kpis_a):
    facts(network_a, kpis_a, network_a.point_of_sale, sales=80, leads=200)
    facts(network_a, kpis_a, network_a.other_point_of_sale, sales=120, leads=100)
    objective(kpis_a.sales, network_a.point_of_sale, 100)
    objective(kpis_a.leads, network_a.point_of_sale, 150)
    objective(kpis_a.sales, network_a.other_point_of_sale, 100)
    refresh(network_a)
    return kpis_a


def page(network, role, name, **kwargs):
    url = reverse(name, kwargs={"tenant_slug": network.tenant.slug, **kwargs})
    return network.client(role).get(url)


def test_a_dealer_sees_value_target_achievement_and_rank(network_a, figures_a):
    answer = page(
        network_a, Role.POS_STAFF, "point_of_sale", point_of_sale_id=network_a.point_of_sale.pk
    )
    body = answer.content.decode()
    tiles = answer.context["panels"][0].context["tiles"]
    sales = next(tile for tile in tiles if tile.kpi == figures_a.sales)
    assert sales.rollup.value == 80
    assert sales.rollup.target == 100
    assert sales.rollup.achievement_rate == pytest.approx(0.8)
    assert sales.rollup.network_rank == 2
    assert [month.period_start.month for month in sales.history] == [1, 2, 3]
    assert "Hors objectif" in body
    assert "2<sup>e</sup>" in body


def test_off_target_kpis_come_first(network_a, figures_a):
    answer = page(
        network_a, Role.POS_MANAGER, "point_of_sale", point_of_sale_id=network_a.point_of_sale.pk
    )
    tiles = answer.context["panels"][0].context["tiles"]
    flags = [tile.is_off_target for tile in tiles]
    assert flags[0] is True
    assert flags == sorted(flags, reverse=True)


def test_no_figures_yet_shows_an_empty_state(network_a, kpis_a):
    body = page(
        network_a, Role.POS_STAFF, "point_of_sale", point_of_sale_id=network_a.point_of_sale.pk
    ).content.decode()
    assert "Aucun chiffre" in body


def test_the_zone_page_shows_a_heat_map_with_alerts(network_a, figures_a):
    answer = page(network_a, Role.ANIMATOR, "zone", zone_id=network_a.zone.pk)
    heat_map = _panel(answer, "kpi_heat_map")["heat_map"]
    assert [row.scope for row in heat_map.rows] == [network_a.point_of_sale]
    assert len(heat_map.alerts) == 1
    body = answer.content.decode()
    point_url = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    assert point_url in body
    # Grouped per point of sale, the worst gap first (kpis/dashboards/selectors.py).
    assert f'<li data-scope="{network_a.point_of_sale.pk}">' in body


def test_the_network_page_compares_regions_and_zones(network_a, figures_a):
    answer = page(network_a, Role.HEAD_OFFICE, "network")
    panel = answer.context["panels"][0].context
    assert [row.scope for row in panel["heat_map"].rows] == [network_a.region]
    zones = {row.scope for row in panel["comparison"]["heat_map"].rows}
    assert zones == {network_a.zone, network_a.other_zone}


def test_sorting_a_heat_map_returns_only_the_table(network_a, figures_a):
    client = network_a.client(Role.HEAD_OFFICE)
    url = reverse("kpis:network_heat_map", args=[network_a.tenant.slug])
    answer = client.get(
        url, {"level": "zone", "sort": figures_a.sales.pk, "dir": "desc"}, HTTP_HX_REQUEST="true"
    )
    body = answer.content.decode()
    assert body.lstrip().startswith('<div class="table-wrap heat-map"')
    assert body.index(network_a.other_zone.name) < body.index(network_a.zone.name + "<")


def test_heat_maps_export_as_csv_and_xlsx(network_a, figures_a):
    client = network_a.client(Role.ANIMATOR)
    url = reverse("kpis:zone_heat_map", args=[network_a.tenant.slug, network_a.zone.pk])
    csv_answer = client.get(url, {"format": "csv"})
    assert csv_answer["Content-Disposition"].startswith("attachment;")
    text = csv_answer.content.decode("utf-8-sig")
    assert network_a.point_of_sale.name in text
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_an_animator_cannot_read_another_zones_heat_map(network_a, figures_a):
    client = network_a.client(Role.ANIMATOR)
    url = reverse("kpis:zone_heat_map", args=[network_a.tenant.slug, network_a.other_zone.pk])
    assert client.get(url).status_code == 403
    assert client.get(url, {"format": "csv"}).status_code == 403


def test_dashboard_queries_do_not_grow_with_kpis_or_points_of_sale(
    network_a, figures_a, django_assert_max_num_queries
):
    def count_pages():
        pages = [
            (Role.POS_STAFF, "point_of_sale", {"point_of_sale_id": network_a.point_of_sale.pk}),
            (Role.ANIMATOR, "zone", {"zone_id": network_a.zone.pk}),
            (Role.REGIONAL_DIRECTOR, "region", {"region_id": network_a.region.pk}),
            (Role.HEAD_OFFICE, "network", {}),
        ]
        for role, name, kwargs in pages:
            client = network_a.client(role)
            url = reverse(name, kwargs={"tenant_slug": network_a.tenant.slug, **kwargs})
            # A first visit: every app's panels are built (learning's next five minutes reads
            # four tables when there is nothing to resume, review or do; the tiles their zone's
            # average; units their project board, recommendations their peers), then kept.
            with django_assert_max_num_queries(40):
                assert client.get(url).status_code == 200

    count_pages()
    more_kpis = [KpiDefinitionFactory(tenant=network_a.tenant) for _ in range(10)]
    for point in PointOfSaleFactory.create_batch(20, zone=network_a.zone):
        for kpi in more_kpis[:3]:
            KpiFactFactory(point_of_sale=point, kpi=kpi, date=dt.date(2025, 3, 1), value=5)
    refresh(network_a)
    count_pages()


def test_a_person_with_figures_of_their_own_sees_them_first(network_a, figures_a):
    seller = network_a.members[Role.POS_STAFF]
    for day, value in ((1, 3), (31, 4)):
        KpiFactFactory(
            point_of_sale=network_a.point_of_sale,
            kpi=figures_a.sales,
            date=dt.date(2025, 3, day),
            value=value,
            person=seller,
        )
    ObjectiveFactory(
        kpi=figures_a.sales,
        level=Level.PERSON,
        person=seller,
        period=Period.MONTH,
        period_start=MONTH,
        target=10,
    )
    refresh(network_a)
    url_kwargs = {"point_of_sale_id": network_a.point_of_sale.pk}
    mine = page(network_a, Role.POS_STAFF, "point_of_sale", **url_kwargs)
    first = mine.context["panels"][0]
    assert first.name == "kpi_person_tiles"
    [tile] = first.context["tiles"]
    assert (tile.kpi, tile.rollup.value, tile.rollup.target) == (figures_a.sales, 7, 10)
    assert "Mes propres chiffres" in mine.content.decode()
    manager_page = page(network_a, Role.POS_MANAGER, "point_of_sale", **url_kwargs)
    assert "Mes propres chiffres" not in manager_page.content.decode()


def _person_sales(network, kpis, membership, value: float, target: float = 10) -> None:
    KpiFactFactory(
        point_of_sale=membership.point_of_sale or network.point_of_sale,
        kpi=kpis.sales,
        date=dt.date(2025, 3, 31),
        value=value,
        person=membership,
    )
    ObjectiveFactory(
        kpi=kpis.sales,
        level=Level.PERSON,
        person=membership,
        period=Period.MONTH,
        period_start=MONTH,
        target=target,
    )


def _english_dealer_page(network):
    url = reverse("point_of_sale", args=[network.tenant.slug, network.point_of_sale.pk])
    return network.client(Role.POS_STAFF).get(url, HTTP_ACCEPT_LANGUAGE="en")


def test_a_persons_rank_says_among_whom(network_a, figures_a):
    seller, manager = network_a.members[Role.POS_STAFF], network_a.members[Role.POS_MANAGER]
    _person_sales(network_a, figures_a, seller, 4)
    _person_sales(network_a, figures_a, manager, 6)
    refresh(network_a)
    answer = _english_dealer_page(network_a)
    mine, point = (panel.html for panel in answer.context["panels"][:2])
    assert "2nd of 2 sellers with this KPI" in mine
    assert "2nd of 2 points of sale" in point
    assert "sellers" not in point


def test_a_rank_among_nobody_else_is_not_shown(network_a, figures_a):
    seller = network_a.members[Role.POS_STAFF]
    _person_sales(network_a, figures_a, seller, 4)
    refresh(network_a)
    answer = _english_dealer_page(network_a)
    mine = answer.context["panels"][0].html
    assert "Rank in the network" not in mine
    assert "1st of 1" not in answer.content.decode()


def test_heat_maps_open_with_the_total_they_add_up_to(network_a, figures_a):
    zone = page(network_a, Role.ANIMATOR, "zone", zone_id=network_a.zone.pk)
    total = _panel(zone, "kpi_heat_map")["heat_map"].total
    sales = dict(total.figures)[figures_a.sales]
    assert (total.label, sales.value, sales.target) == (network_a.zone.name, 80, 100)
    network = page(network_a, Role.HEAD_OFFICE, "network").context["panels"][0].context
    for heat_map in (network["heat_map"], network["comparison"]["heat_map"]):
        assert dict(heat_map.total.figures)[figures_a.sales].value == 200
    body = zone.content.decode()
    table = body[body.index('id="heat-point_of_sale"') :]
    assert table.index('class="heat-map__total"') < table.index(network_a.point_of_sale.name + "<")
    assert 'data-label="' in table


def test_a_sorted_heat_map_keeps_its_total_first(network_a, figures_a):
    client = network_a.client(Role.HEAD_OFFICE)
    url = reverse("kpis:network_heat_map", args=[network_a.tenant.slug])
    answer = client.get(url, {"level": "zone", "sort": figures_a.sales.pk}, HTTP_HX_REQUEST="true")
    body = answer.content.decode()
    assert body.index('class="heat-map__total"') < body.index(network_a.other_zone.name + "<")


def _panel(answer, name: str) -> dict:
    """The context of one of the page's panels (others may come before it)."""
    return next(panel.context for panel in answer.context["panels"] if panel.name == name)


def test_a_month_in_progress_says_its_achievement_to_date_and_at_this_pace(network_a, kpis_a):
    """Ten days into March, 30 sales against 100 is not 30 % of the target: the tile says it is
    to date and where the month ends at this pace; the heat map shows that pace, and says so."""
    point = network_a.point_of_sale
    for day in (1, 10):
        KpiFactFactory(point_of_sale=point, kpi=kpis_a.sales, date=MONTH.replace(day=day), value=15)
    objective(kpis_a.sales, point, 100)
    refresh(network_a)

    dealer = page(network_a, Role.POS_STAFF, "point_of_sale", point_of_sale_id=point.pk)
    tile = dealer.content.decode().split(f"<h3>{kpis_a.sales.name}")[1].split("</li>")[0]
    assert "Atteinte à ce jour</dt><dd>30\u00a0%" in tile
    assert "Atteinte à ce rythme</dt><dd>93\u00a0%" in tile

    zone = page(network_a, Role.ANIMATOR, "zone", zone_id=network_a.zone.pk).content.decode()
    assert "La période n’est pas finie" in zone
    cells = zone.split('id="heat-point_of_sale"')[1]
    assert '<small class="heat__pace">93\u00a0%</small>' in cells
    assert "30\u00a0%" not in cells
