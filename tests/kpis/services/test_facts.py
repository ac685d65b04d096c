"""kpis/services/facts.py: the fact import shared by the page, the API and the command."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.db import DatabaseError
from django.utils import timezone

from kpis.models import KpiDirtyMonth, KpiFact
from kpis.services import facts as facts_service
from kpis.services.facts import kpi_facts_import_file
from network_animation.models import AuditEvent, JobRun
from network_animation.tabular import ImportRejected
from network_animation.tenancy import tenant_scope


def fact_rows(tenant):
    with tenant_scope(tenant):
        return sorted(
            KpiFact.objects.filter(tenant=tenant).values_list(
                "point_of_sale__code", "kpi__code", "person_id", "date", "value"
            )
        )


def run_import(network, content: bytes, filename: str = "facts.csv"):
    with tenant_scope(network.tenant):
        return kpi_facts_import_file(
            tenant=network.tenant,
            actor=network.members["head_office"].user,
            content=content,
            filename=filename,
        )


def rejected(network, content: bytes, filename: str = "facts.csv") -> list[tuple]:
    with pytest.raises(ImportRejected) as caught:
        run_import(network, content, filename)
    return [(error.line, error.column) for error in caught.value.errors]


@pytest.mark.django_db
def test_a_french_csv_with_bom_semicolons_and_decimal_commas_is_imported(network_a, kpis_a):
    code = network_a.point_of_sale.code
    content = (
        "\ufeffValeur;Indicateur;Date;Code_PDV\n"
        f"1 234,5;SALES;31/01/2025;{code}\n"
        f"12;leads;2025-01-30;{code.lower()}\n"
    ).encode()
    result = run_import(network_a, content)
    assert (result.received, result.written) == (2, 2)
    assert fact_rows(network_a.tenant) == [
        (code, "leads", None, dt.date(2025, 1, 30), 12.0),
        (code, "sales", None, dt.date(2025, 1, 31), 1234.5),
    ]


@pytest.mark.django_db
def test_a_windows_1252_csv_with_commas_and_a_person_is_imported(network_a, kpis_a):
    person = network_a.members["pos_staff"]
    content = (
        "point_of_sale,kpi,date,value,person,commentaire\n"
        f'{network_a.point_of_sale.code},sales,02/02/2025,"3,5",{person.user.email.upper()},été\n'
    ).encode("cp1252")
    run_import(network_a, content)
    assert fact_rows(network_a.tenant) == [
        (network_a.point_of_sale.code, "sales", person.pk, dt.date(2025, 2, 2), 3.5)
    ]


@pytest.mark.django_db
def test_an_xlsx_file_is_imported(network_a, kpis_a):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["code_pdv", "indicateur", "date", "valeur"])
    excel_datetime = dt.datetime(2025, 3, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    sheet.append([network_a.point_of_sale.code, "sales", excel_datetime, 7])
    sheet.append([network_a.other_point_of_sale.code, "sales", "01/03/2025", "2,5"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    run_import(network_a, buffer.getvalue(), "facts.xlsx")
    assert [row[4] for row in fact_rows(network_a.tenant)] == [7.0, 2.5] or [
        row[4] for row in fact_rows(network_a.tenant)
    ] == [2.5, 7.0]


@pytest.mark.django_db
def test_every_bad_row_is_reported_and_nothing_is_imported(network_a, network_b, kpis_a, kpis_b):
    """CHECKLIST I1, and every error class of the import."""
    code, other = network_a.point_of_sale.code, network_a.other_point_of_sale.code
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    content = "\n".join(
        [
            "point_of_sale;kpi;date;value;person",
            f"{code};sales;31/02/2025;1;",  # 2 impossible date
            "NOPE;sales;01/01/2025;1;",  # 3 unknown point of sale
            f"{network_b.point_of_sale.code};sales;01/01/2025;1;",  # 4 another tenant's code
            f"{code};nope;01/01/2025;1;",  # 5 unknown KPI
            f"{code};conversion;01/01/2025;1;",  # 6 a ratio
            f"{code};training;01/01/2025;1;",  # 7 computed
            f"{code};sales;01/01/2025;abc;",  # 8 not a number
            f"{code};sales;01/01/2025;;",  # 9 empty value
            f"{code};sales;01/01/2025;1;nobody@example.com",  # 10 unknown person
            f"{code};sales;{tomorrow};1;",  # 11 future
            f"{other};sales;05/01/2025;1;",  # 12 good
            f"{other};sales;2025-01-05;2;",  # 13 duplicate of 12
            f"{code};sales;01/01/2025;inf;",  # 14 not finite
        ]
    ).encode()
    assert rejected(network_a, content) == [
        (2, "date"),
        (3, "point_of_sale"),
        (4, "point_of_sale"),
        (5, "kpi"),
        (6, "kpi"),
        (7, "kpi"),
        (8, "value"),
        (9, "value"),
        (10, "person"),
        (11, "date"),
        (13, "date"),
        (14, "value"),
    ]
    assert fact_rows(network_a.tenant) == []
    assert fact_rows(network_b.tenant) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (b"point_of_sale;kpi;value\nP1;sales;1\n", "f.csv", [(1, "date")]),
        (b"point_of_sale;kpi;date;value\n", "f.csv", [(0, "")]),
        (b"", "f.csv", [(0, "")]),
        (b"MZ\x90\x00\x03 not a workbook", "f.xlsx", [(0, "")]),
        (b"\x00\x01binary", "f.csv", [(0, "")]),
    ],
)
def test_files_that_cannot_be_read_are_rejected(network_a, kpis_a, content, filename, expected):
    assert rejected(network_a, content, filename) == expected


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_rejected_before_reading(network_a, kpis_a, settings):
    settings.IMPORT_MAX_BYTES = 100
    assert rejected(network_a, b"point_of_sale;kpi;date;value\n" + b"x;y;z;1\n" * 50) == [(0, "")]


@pytest.mark.django_db
def test_a_compressed_bomb_is_rejected_before_it_is_opened(network_a, kpis_a):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    assert rejected(network_a, buffer.getvalue(), "bomb.xlsx") == [(0, "")]


@pytest.mark.django_db
def test_sending_the_same_file_twice_changes_nothing_and_new_values_replace(network_a, kpis_a):
    """CHECKLIST I3; the fact without a person is one row whatever how NULLs compare."""
    code = network_a.point_of_sale.code
    content = f"point_of_sale;kpi;date;value\n{code};sales;01/01/2025;5\n".encode()
    assert run_import(network_a, content).written == 1
    with tenant_scope(network_a.tenant):
        dirty = KpiDirtyMonth.objects.count()
    assert run_import(network_a, content).written == 0
    with tenant_scope(network_a.tenant):
        assert KpiDirtyMonth.objects.count() == dirty == 1
    run_import(network_a, content.replace(b";5", b";6"))
    assert fact_rows(network_a.tenant) == [(code, "sales", None, dt.date(2025, 1, 1), 6.0)]


@pytest.mark.django_db
def test_an_import_records_a_job_run_and_an_audit_row(network_a, kpis_a):
    content = f"point_of_sale;kpi;date;value\n{network_a.point_of_sale.code};sales;01/01/2025;5\n"
    result = run_import(network_a, content.encode())
    with tenant_scope(network_a.tenant):
        run = JobRun.objects.get(pk=result.job_run_id)
    assert (run.status, run.counts["facts_written"]) == (JobRun.Status.SUCCEEDED, 1)
    event = AuditEvent.objects.filter(tenant=network_a.tenant, action="import").get()
    assert event.after["written"] == 1
    assert event.actor == network_a.members["head_office"].user


@pytest.mark.django_db
def test_a_rejected_file_marks_the_job_run_failed(network_a, kpis_a):
    rejected(network_a, b"point_of_sale;kpi;date;value\nNOPE;sales;01/01/2025;1\n")
    with tenant_scope(network_a.tenant):
        run = JobRun.objects.get(job=facts_service.IMPORT_JOB)
    assert run.status == JobRun.Status.FAILED
    assert "1 error" in run.error


@pytest.mark.django_db
def test_a_database_error_during_the_load_rolls_everything_back(network_a, kpis_a, monkeypatch):
    """CHECKLIST I2: the facts were merged, then the transaction failed: nothing stays."""

    def failing_audit(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(facts_service, "audit_record", failing_audit)
    content = f"point_of_sale;kpi;date;value\n{network_a.point_of_sale.code};sales;01/01/2025;5\n"
    with pytest.raises(DatabaseError):
        run_import(network_a, content.encode())
    assert fact_rows(network_a.tenant) == []
    with tenant_scope(network_a.tenant):
        assert KpiDirtyMonth.objects.count() == 0
        assert JobRun.objects.get(job=facts_service.IMPORT_JOB).status == JobRun.Status.FAILED
