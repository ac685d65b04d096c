"""kpis/reports/xlsx.py: its sheets are named by `sheet_name` after the KPIs' names in the
reader's language (never their codes), so no name can clash with the summary sheet or make a
name Excel refuses."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from kpis.reports.monthly import monthly_report_xlsx
from kpis.reports.xlsx import unit_number_format
from network_animation.tenancy import tenant_scope

from ..dashboards.test_dashboards import MONTH, facts, objective, refresh
from ..factories import KpiDefinitionFactory

pytestmark = pytest.mark.django_db


def test_a_kpi_named_like_the_summary_sheet_gets_its_own_name(network_a, kpis_a):
    KpiDefinitionFactory(tenant=network_a.tenant, code="summary", name_en="summary")
    KpiDefinitionFactory(
        tenant=network_a.tenant, code="long", name_en="a-very-long-kpi-name-of-forty-chars"
    )
    with translation.override("en"), tenant_scope(network_a.tenant):
        content = monthly_report_xlsx(tenant=network_a.tenant, month=dt.date(2025, 3, 1))
    names = openpyxl.load_workbook(io.BytesIO(content)).sheetnames
    assert names[0] == "Summary"
    assert "summary (2)" in names
    assert "a-very-long-kpi-name-of-forty-c" in names
    assert "long" not in names
    assert len({name.lower() for name in names}) == len(names)


@pytest.fixture
def march(network_a, kpis_a):
    facts(network_a, kpis_a, network_a.point_of_sale, sales=80_000, leads=200)
    facts(network_a, kpis_a, network_a.other_point_of_sale, sales=120_000, leads=100)
    objective(kpis_a.sales, network_a.point_of_sale, 100_000)
    objective(kpis_a.sales, network_a.other_point_of_sale, 100_000)
    refresh(network_a)
    return kpis_a


def _workbook(network, language: str = "en") -> openpyxl.Workbook:
    with translation.override(language), tenant_scope(network.tenant):
        content = monthly_report_xlsx(tenant=network.tenant, month=MONTH)
    return openpyxl.load_workbook(io.BytesIO(content))


def _en(kpi) -> str:
    with translation.override("en"):
        return str(kpi.name)


def _row_of(sheet, first_cell: object, min_row: int = 1):
    return next(row for row in sheet.iter_rows(min_row=min_row) if row[0].value == first_cell)


def test_figures_are_numbers_formatted_by_their_unit(network_a, march):
    summary = _workbook(network_a)["Summary"]
    sales = _row_of(summary, _en(march.sales))
    assert sales[2].value == 200_000
    assert sales[2].number_format == '"€"#,##0'  # an amount: € and thousands, as English writes it
    assert sales[4].number_format == "0%"  # the achievement, a rate
    leads = _row_of(summary, _en(march.leads))
    assert leads[2].number_format == "#,##0"  # a count: whole numbers
    conversion = _row_of(summary, _en(march.conversion))
    assert conversion[2].value == pytest.approx(100 * 200_000 / 300)
    assert conversion[2].number_format == '#,##0"%"'  # already a percentage
    assert unit_number_format("pts", 1) == '#,##0.0"\u00a0pts"'
    with translation.override("fr"):
        assert unit_number_format("€", 0) == '#,##0"\u00a0€"'
        assert unit_number_format("%", 1) == '#,##0.0"\u00a0%"'


def test_header_rows_stay_in_view_and_columns_fit(network_a, march):
    workbook = _workbook(network_a)
    summary = workbook["Summary"]
    assert summary.freeze_panes == "B4"  # the title and the headers, and the KPIs' names
    longest = max(len(_en(k)) for k in march.all())
    assert summary.column_dimensions["A"].width >= longest
    assert summary.column_dimensions["C"].width >= len("€200,000")
    sales = workbook[_en(march.sales)]
    assert sales.freeze_panes == "B2"
    names = (network_a.point_of_sale.name, network_a.other_point_of_sale.name)
    assert sales.column_dimensions["B"].width >= max(len(name) for name in names)


def test_the_lists_give_each_point_of_sale_its_place(network_a, march):
    sheet = _workbook(network_a)[_en(march.sales)]
    header = _row_of(sheet, "Place")
    assert [cell.value for cell in header[:3]] == ["Place", "Name", "Value"]
    first = next(sheet.iter_rows(min_row=header[0].row + 1, max_row=header[0].row + 1))
    assert (first[0].value, first[1].value) == (1, network_a.other_point_of_sale.name)
    assert first[0].number_format == "0"
    assert first[2].number_format == '"€"#,##0'


@pytest.mark.parametrize(
    ("language", "months"),
    [("en", ["Jan 25", "Feb 25", "Mar 25"]), ("fr", ["jan. 25", "fév. 25", "mars 25"])],
)
def test_the_history_uses_the_short_month_labels(network_a, march, language, months):
    with translation.override(language):
        name, title = str(march.sales.name), _("Twelve months")
    sheet = _workbook(network_a, language)[name]
    top = _row_of(sheet, title)[0].row
    rows = sheet.iter_rows(min_row=top + 2, max_row=top + 4, max_col=1, values_only=True)
    assert [row[0] for row in rows] == months
