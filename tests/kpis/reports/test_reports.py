"""The monthly network report (XLSX with charts, PDF), produced on demand and sent by email."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from kpis.reports.data import monthly_report_data
from kpis.reports.emails import monthly_report_send, weekly_digests_send
from kpis.reports.monthly import monthly_report_pdf, monthly_report_xlsx
from kpis.reports.pdf import monthly_report_html
from network_animation.jobs import NIGHTLY_STEPS
from network_animation.models import GeneratedFile, Role
from network_animation.tenancy import tenant_scope

from ..dashboards.test_dashboards import MONTH, facts, objective, refresh

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 3, 17)


@pytest.fixture
def figures(network_a, kpis_a):
    facts(network_a, kpis_a, network_a.point_of_sale, sales=80, leads=200)
    facts(network_a, kpis_a, network_a.other_point_of_sale, sales=120, leads=100)
    objective(kpis_a.sales, network_a.point_of_sale, 100)
    objective(kpis_a.sales, network_a.other_point_of_sale, 100)
    refresh(network_a)
    return kpis_a


def test_the_workbook_has_a_summary_a_sheet_per_kpi_and_native_charts(network_a, figures):
    with tenant_scope(network_a.tenant):
        content = monthly_report_xlsx(tenant=network_a.tenant, month=MONTH)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames[0] == "Synthèse"
    assert figures.sales.name_fr in workbook.sheetnames  # its name, never its code
    assert figures.sales.code not in workbook.sheetnames
    summary = workbook["Synthèse"]
    rows = {row[0]: row for row in summary.iter_rows(min_row=4, values_only=True) if row[0]}
    sales = rows[figures.sales.name]
    assert sales[2] == 200  # the network's sales: 80 + 120
    assert sales[3] == 200  # the targets of its points of sale, added up
    assert sales[4] == pytest.approx(1.0)
    charts = [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if "charts/chart" in n]
    assert len(charts) >= 2


def test_the_pdf_has_every_kpi_with_regions_and_zones(network_a, figures):
    with tenant_scope(network_a.tenant):
        report = monthly_report_data(tenant=network_a.tenant, month=MONTH)
        html = monthly_report_html(report)
        pdf = monthly_report_pdf(tenant=network_a.tenant, month=MONTH)
    assert pdf.startswith(b"%PDF")
    assert figures.sales.name in html
    assert network_a.zone.name in html
    assert network_a.region.name in html


def test_head_office_produces_the_report_and_downloads_it(
    network_a, figures, django_capture_on_commit_callbacks
):
    client = network_a.client(Role.HEAD_OFFICE)
    url = reverse("kpis:reports", args=[network_a.tenant.slug])
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url, {"month": MONTH.isoformat(), "format": "xlsx"})
    assert answer.status_code == 302
    run_page = client.get(answer.url)
    assert "Réussi" in run_page.content.decode()
    with tenant_scope(network_a.tenant):
        report = GeneratedFile.objects.get(tenant=network_a.tenant)
    download = client.get(reverse("file_download", args=[network_a.tenant.slug, report.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert report.filename in client.get(url).content.decode()


def test_a_month_without_figures_is_refused_with_the_form_errors(network_a, figures):
    client = network_a.client(Role.HEAD_OFFICE)
    url = reverse("kpis:reports", args=[network_a.tenant.slug])
    assert client.post(url, {"month": "1999-01-01", "format": "xlsx"}).status_code == 400


@pytest.mark.parametrize("role", [Role.ANIMATOR, Role.POS_MANAGER, Role.REGIONAL_DIRECTOR])
def test_only_head_office_produces_network_reports(network_a, figures, role):
    url = reverse("kpis:reports", args=[network_a.tenant.slug])
    assert network_a.client(role).get(url).status_code == 403


def test_weekly_emails_go_once_to_managers_and_directors(network_a, figures):
    with tenant_scope(network_a.tenant):
        sent = weekly_digests_send(tenant=network_a.tenant, today=MONDAY)
        again = weekly_digests_send(tenant=network_a.tenant, today=MONDAY + dt.timedelta(days=2))
    assert (sent, again) == (2, 0)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    manager = network_a.members[Role.POS_MANAGER].user.email
    director = network_a.members[Role.REGIONAL_DIRECTOR].user.email
    assert set(by_recipient) == {manager, director}
    assert "Hors objectif" in by_recipient[manager].body
    assert network_a.zone.name in by_recipient[director].body


def test_an_english_speaker_gets_the_email_in_english(network_a, figures):
    user = network_a.members[Role.POS_MANAGER].user
    user.language = "en"
    user.save()
    with tenant_scope(network_a.tenant):
        weekly_digests_send(tenant=network_a.tenant, today=MONDAY)
    message = next(m for m in mail.outbox if m.to == [user.email])
    assert message.subject == "Your figures of the week"


def test_the_monthly_report_is_mailed_once_to_head_office(network_a, figures):
    with tenant_scope(network_a.tenant):
        first = monthly_report_send(tenant=network_a.tenant, today=dt.date(2025, 4, 1))
        second = monthly_report_send(tenant=network_a.tenant, today=dt.date(2025, 4, 2))
    assert (first, second) == (1, 0)
    [message] = mail.outbox
    assert message.to == [network_a.members[Role.HEAD_OFFICE].user.email]
    [(filename, content, _mime)] = message.attachments
    assert filename.endswith("2025-03.xlsx")
    assert content[:2] == b"PK"


def test_scheduled_reports_are_the_last_nightly_step():
    assert list(NIGHTLY_STEPS)[-1] == "scheduled_reports"
