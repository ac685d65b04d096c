"""kpis/reports/xlsx.py: its sheets are named by `sheet_name` after the KPIs' names in the
reader's language (never their codes), so no name can clash with the summary sheet or make a
name Excel refuses."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import translation

from kpis.reports.monthly import monthly_report_xlsx
from network_animation.tenancy import tenant_scope

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
