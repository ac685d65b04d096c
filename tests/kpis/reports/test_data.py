"""kpis/reports/data.py: the report's best and furthest-behind points of sale, picked by
achievement in one total order, so ties can neither mix the lists nor put a point of sale in
both; the PDF and the workbook show the same lists."""

import io
import random

import openpyxl
import pytest
from django.utils import translation

from kpis.models import KpiRollup
from kpis.reports.data import PODIUM, PlacedPointOfSale, monthly_report_data, podium_split
from kpis.reports.monthly import monthly_report_xlsx
from kpis.reports.pdf import monthly_report_html
from network_animation.tenancy import tenant_scope
from tests.factories import PointOfSaleFactory

from ..dashboards.test_dashboards import MONTH, objective, refresh
from ..factories import KpiFactFactory

pytestmark = pytest.mark.django_db

# Many equal achievements (the target is 100 everywhere): four at 50 %, three at 80 %...
TIED_SALES = [50, 50, 50, 50, 80, 80, 80, 100, 100, 120, 120, 120, 120]


def _points_with_sales(network, kpis, sales: list[int], seed: int = 7):
    """Points of sale whose names do not follow their creation (ids), with March sales and a
    target of 100 each; returns their (name, code, id, achievement) as the report should see
    them."""
    names = [f"Dealer {letter}" for letter in "KBMDAJFHCLGEI"[: len(sales)]]
    random.Random(seed).shuffle(names)
    expected = []
    for name, value in zip(names, sales, strict=True):
        point = PointOfSaleFactory(zone=network.zone, name=name)
        KpiFactFactory(point_of_sale=point, kpi=kpis.sales, date=MONTH, value=value)
        objective(kpis.sales, point, 100)
        expected.append((name, point.code, point.pk, value / 100))
    # One without a target: no achievement, in neither list.
    untargeted = PointOfSaleFactory(zone=network.zone, name="Dealer without target")
    KpiFactFactory(point_of_sale=untargeted, kpi=kpis.sales, date=MONTH, value=1)
    return expected


def _expected_lists(points) -> tuple[list[str], list[str]]:
    """Independently: sort everything, best first with ties by name, code, id; the worst list is
    the tail read from the bottom; short networks are cut in two halves."""
    ordered = sorted(points, key=lambda p: (-p[3], p[0], p[1], p[2]))
    size = min(PODIUM, (len(ordered) + 1) // 2)
    worst_size = min(PODIUM, len(ordered) - size)
    best = [p[0] for p in ordered[:size]]
    worst = [p[0] for p in reversed(ordered[len(ordered) - worst_size :])]
    return best, worst


def _sales_section(network, kpis):
    with tenant_scope(network.tenant):
        report = monthly_report_data(tenant=network.tenant, month=MONTH)
    return next(s for s in report.sections if s.kpi == kpis.sales)


@pytest.mark.parametrize(
    "sales",
    [TIED_SALES, [80, 80, 80, 80, 80, 50, 120], [100, 100], [90]],
    ids=["thirteen with ties", "seven mostly tied", "two tied", "one"],
)
def test_best_and_worst_are_disjoint_ordered_by_achievement_with_ties(network_a, kpis_a, sales):
    points = _points_with_sales(network_a, kpis_a, sales)
    refresh(network_a)
    section = _sales_section(network_a, kpis_a)
    best = [p.rollup.point_of_sale.name for p in section.best]
    worst = [p.rollup.point_of_sale.name for p in section.worst]
    assert (best, worst) == _expected_lists(points)
    assert not set(best) & set(worst)
    rates = [p.rollup.achievement_rate for p in section.best]
    assert rates == sorted(rates, reverse=True)
    rates = [p.rollup.achievement_rate for p in section.worst]
    assert rates == sorted(rates)


def test_places_share_a_position_between_equal_achievements(network_a, kpis_a):
    _points_with_sales(network_a, kpis_a, TIED_SALES)
    refresh(network_a)
    section = _sales_section(network_a, kpis_a)
    assert [p.position for p in section.best] == [1, 1, 1, 1, 5]
    assert [p.position for p in section.worst] == [10, 10, 10, 10, 7]


def test_the_pdf_and_the_workbook_list_the_same_points_of_sale(network_a, kpis_a, network_b):
    points = _points_with_sales(network_a, kpis_a, TIED_SALES)
    PointOfSaleFactory(zone=network_b.zone, name="Dealer of the other brand")
    refresh(network_a)
    best, worst = _expected_lists(points)
    with translation.override("en"), tenant_scope(network_a.tenant):
        report = monthly_report_data(tenant=network_a.tenant, month=MONTH)
        html = monthly_report_html(report)
        content = monthly_report_xlsx(tenant=network_a.tenant, month=MONTH)
        sales = str(kpis_a.sales.name)
    assert _pdf_list(html, "Best points of sale", sales) == best
    assert _pdf_list(html, "Points of sale furthest behind", sales) == worst
    sheet = openpyxl.load_workbook(io.BytesIO(content))[sales]  # named as people read it
    assert _sheet_list(sheet, "Best points of sale") == best
    assert _sheet_list(sheet, "Points of sale furthest behind") == worst
    # Each name with its place, shared between equal achievements as in the PDF.
    assert [place for place, _name in sheet_places(sheet, "Best points of sale")] == [1, 1, 1, 1, 5]
    worst_places = [place for place, _name in sheet_places(sheet, "Points of sale furthest behind")]
    assert worst_places == [10, 10, 10, 10, 7]
    assert "other brand" not in html


def _pdf_list(html: str, title: str, kpi_name: str) -> list[str]:
    """The names of the table under `title` in the KPI's section."""
    section = html[html.index(f"<h2>{kpi_name}</h2>") :]
    table = section[section.index(f"<h3>{title}</h3>") :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    rows = body.split("<tr")[1:]
    return [row.split("<td>")[2].split("</td>")[0] for row in rows]


def _sheet_list(sheet, title: str) -> list[str]:
    return [name for _place, name in sheet_places(sheet, title)]


def sheet_places(sheet, title: str) -> list[tuple[int, str]]:
    """The (place, name) rows of the list under `title` in a KPI's sheet."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 2
    places = []
    for row in rows[start:]:
        if row[0] is None:
            break
        places.append((row[0], row[1]))
    return places


def test_the_split_never_repeats_a_place():
    def placed(count: int) -> list[PlacedPointOfSale]:
        return [
            PlacedPointOfSale(rollup=KpiRollup(), position=1, order=n, ranked=count)
            for n in range(1, count + 1)
            if n <= PODIUM or n > count - PODIUM
        ]

    for count in range(12):
        podium = podium_split(placed(count))
        best = [p.order for p in podium.best]
        worst = [p.order for p in podium.worst]
        assert len(best) == min(PODIUM, (count + 1) // 2)
        assert len(worst) == min(PODIUM, count - len(best))
        assert best == sorted(best)
        assert worst == sorted(worst, reverse=True)
        assert not set(best) & set(worst)


@pytest.mark.parametrize("sales", [[90], TIED_SALES], ids=["one", "thirteen"])
def test_the_report_reads_the_same_few_queries_whatever_the_network(
    network_a, kpis_a, sales, django_assert_max_num_queries
):
    """One query per list (KPIs, regions and zones, year, history, best and worst), none per
    KPI, zone or point of sale: the PDF's page for 13 points of sale costs what it costs for 1."""
    points = _points_with_sales(network_a, kpis_a, sales)
    refresh(network_a)
    with translation.override("en"), tenant_scope(network_a.tenant):
        with django_assert_max_num_queries(5):
            html = monthly_report_html(monthly_report_data(tenant=network_a.tenant, month=MONTH))
        sales_name = str(kpis_a.sales.name)
    best, worst = _expected_lists(points)
    assert _pdf_list(html, "Best points of sale", sales_name) == best
    assert _pdf_list(html, "Points of sale furthest behind", sales_name) == worst
