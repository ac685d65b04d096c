"""kpis/services/objective_import.py (and kpis/objective_table.py): objectives from a file, all
or nothing, every bad row reported; the same file twice changes nothing."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from kpis.models import KpiDirtyMonth, Objective
from kpis.services.objective_import import objectives_import_file
from network_animation.models import AuditEvent
from network_animation.tabular import ImportRejected
from network_animation.tenancy import tenant_scope

from ..factories import ObjectiveFactory


def run_import(network, text: str | bytes, filename: str = "objectives.csv"):
    content = text.encode() if isinstance(text, str) else text
    with tenant_scope(network.tenant):
        return objectives_import_file(
            tenant=network.tenant,
            actor=network.members["head_office"].user,
            content=content,
            filename=filename,
        )


def rejected(network, text: str | bytes, filename: str = "objectives.csv") -> list[tuple]:
    with pytest.raises(ImportRejected) as caught:
        run_import(network, text, filename)
    return [(error.line, error.column) for error in caught.value.errors]


def objectives(network) -> list[tuple]:
    with tenant_scope(network.tenant):
        rows = Objective.objects.filter(tenant=network.tenant).values_list(
            "kpi__code", "level", "scope_key", "period", "period_start", "target"
        )
        return sorted(rows)


def dirty_count(network) -> int:
    with tenant_scope(network.tenant):
        return KpiDirtyMonth.objects.filter(tenant=network.tenant).count()


def french_file(network) -> str:
    person = network.members["pos_staff"].user.email
    return (
        "\ufeffIndicateur;Niveau;Code;Période;Début;Objectif\n"
        f"SALES;point_de_vente;{network.point_of_sale.code.lower()};mois;01/02/2025;1 250,5\n"
        f"leads;Zone;{network.zone.code};Trimestre;2025-04-01;300\n"
        f"satisfaction;Réseau;;Année;01/01/2025;4,2\n"
        f"sales;collaborateur;{person.upper()};mois;01/03/2025;80\n"
        f"conversion;region;{network.region.code};annee;01/01/2025;12,5\n"
    )


@pytest.mark.django_db
def test_a_french_file_is_imported_with_every_scope(network_a, kpis_a):
    result = run_import(network_a, french_file(network_a))
    assert (result.received, result.created, result.updated) == (5, 5, 0)
    staff = network_a.members["pos_staff"].pk
    assert objectives(network_a) == sorted(
        [
            (
                "sales",
                "point_of_sale",
                network_a.point_of_sale.pk,
                "month",
                dt.date(2025, 2, 1),
                1250.5,
            ),
            ("leads", "zone", network_a.zone.pk, "quarter", dt.date(2025, 4, 1), 300.0),
            ("satisfaction", "network", 0, "year", dt.date(2025, 1, 1), 4.2),
            ("sales", "person", staff, "month", dt.date(2025, 3, 1), 80.0),
            ("conversion", "region", network_a.region.pk, "year", dt.date(2025, 1, 1), 12.5),
        ]
    )
    with tenant_scope(network_a.tenant):
        assert AuditEvent.objects.filter(action="import", target__startswith="objectives:")


@pytest.mark.django_db
def test_the_same_file_twice_changes_nothing_and_dirties_no_month(network_a, kpis_a):
    """CHECKLIST I3."""
    run_import(network_a, french_file(network_a))
    first = objectives(network_a)
    with tenant_scope(network_a.tenant):
        KpiDirtyMonth.objects.all().delete()
        stamps = sorted(Objective.objects.values_list("pk", "updated_at"))
    result = run_import(network_a, french_file(network_a))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert objectives(network_a) == first
    assert dirty_count(network_a) == 0
    with tenant_scope(network_a.tenant):
        assert sorted(Objective.objects.values_list("pk", "updated_at")) == stamps


@pytest.mark.django_db
def test_a_changed_target_is_updated_and_its_months_marked(network_a, kpis_a):
    ObjectiveFactory(tenant=network_a.tenant, kpi=kpis_a.sales, period_start=dt.date(2025, 5, 1))
    result = run_import(
        network_a, 'kpi,period,period_start,target\nsales,month,2025-05-01,"140,5"\n'
    )
    assert (result.created, result.updated) == (0, 1)
    assert objectives(network_a)[0][-1] == 140.5
    assert dirty_count(network_a) == 1


@pytest.mark.django_db
def test_scope_columns_instead_of_a_level(network_a, kpis_a):
    text = (
        "kpi;point_of_sale;zone;region;person;period;period_start;target\n"
        f"sales;{network_a.point_of_sale.code};;;;month;01/01/2025;10\n"
        f"sales;;{network_a.zone.code};;;month;01/01/2025;20\n"
        "sales;;;;;month;01/01/2025;30\n"
    )
    run_import(network_a, text)
    assert [row[1] for row in objectives(network_a)] == ["network", "point_of_sale", "zone"]


@pytest.mark.django_db
def test_an_xlsx_file_is_imported(network_a, kpis_a):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Indicateur", "Niveau", "Code", "Période", "Début de la période", "Objectif"])
    sheet.append(["sales", "Zone", network_a.zone.code, "Mois", dt.datetime(2025, 6, 1), 12.5])  # noqa: DTZ001  # an Excel date has no time zone
    buffer = io.BytesIO()
    workbook.save(buffer)
    run_import(network_a, buffer.getvalue(), "objectifs.xlsx")
    assert objectives(network_a) == [
        ("sales", "zone", network_a.zone.pk, "month", dt.date(2025, 6, 1), 12.5)
    ]


@pytest.mark.django_db
def test_every_bad_row_is_reported_and_nothing_is_imported(network_a, network_b, kpis_a, kpis_b):
    """CHECKLIST I1 and T4: another tenant's codes are unknown codes."""
    text = (
        "kpi;level;code;period;period_start;target\n"
        f"sales;zone;{network_a.zone.code};month;01/01/2025;10\n"  # 2: fine
        f"nope;zone;{network_a.zone.code};month;01/01/2025;10\n"  # 3: unknown KPI
        "sales;planet;X;month;01/01/2025;10\n"  # 4: unknown level
        f"sales;zone;{network_b.zone.code};month;01/01/2025;10\n"  # 5: another tenant's zone
        f"sales;pdv;{network_b.point_of_sale.code};month;01/01/2025;10\n"  # 6: B’s point of sale
        f"sales;zone;{network_a.zone.code};week;01/01/2025;10\n"  # 7: unknown period
        f"sales;zone;{network_a.zone.code};quarter;01/02/2025;10\n"  # 8: not a quarter’s first day
        f"sales;zone;{network_a.zone.code};month;31/02/2025;10\n"  # 9: not a date
        f"sales;zone;{network_a.zone.code};month;01/03/2025;dix\n"  # 10: not a number
        f"sales;zone;{network_a.zone.code};month;01/01/2025;12\n"  # 11: same key as line 2
        "sales;zone;;month;01/04/2025;10\n"  # 12: no zone
        f"sales;;{network_a.zone.code};month;01/04/2025;10\n"  # 13: a code without a level
        f";zone;{network_a.zone.code};;;\n"  # 14: empty values
    )
    assert rejected(network_a, text) == [
        (3, "kpi"),
        (4, "level"),
        (5, "code"),
        (6, "code"),
        (7, "period"),
        (8, "period_start"),
        (9, "period_start"),
        (10, "target"),
        (11, "period_start"),
        (12, "code"),
        (13, "level"),
        (14, "kpi"),
        (14, "period"),
        (14, "period_start"),
        (14, "target"),
    ]
    assert objectives(network_a) == objectives(network_b) == []


@pytest.mark.django_db
def test_the_reasons_say_what_is_wrong_in_french(network_a, kpis_a):
    text = "kpi;level;code;period;period_start;target\nsales;zone;Z9;quarter;01/02/2025;1\n"
    with pytest.raises(ImportRejected) as caught:
        run_import(network_a, text)
    reasons = [error.reason for error in caught.value.errors]
    assert reasons == [
        "Code de zone «\u00a0Z9\u00a0» inconnu.",
        "La période doit commencer par son premier jour (01/01/2025).",
    ]


@pytest.mark.django_db
def test_a_file_without_a_required_column_or_rows_is_refused(network_a, kpis_a):
    assert rejected(network_a, "kpi;level;code;period;target\n") == [(1, "period_start")]
    assert rejected(network_a, "kpi;period;period_start;target\n") == [(0, "")]


@pytest.mark.django_db
def test_a_windows_1252_file_with_several_scopes_filled_is_refused(network_a, kpis_a):
    text = (
        "kpi,zone,region,période,début,objectif\n"
        f"sales,{network_a.zone.code},{network_a.region.code},mois,01/01/2025,1\n"
    )
    assert rejected(network_a, text.encode("cp1252")) == [(2, "region")]


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_rejected_before_reading(network_a, kpis_a, settings):
    """CHECKLIST U1."""
    settings.IMPORT_MAX_BYTES = 100
    text = "kpi;period;period_start;target\n" + "sales;month;01/01/2025;1\n" * 20
    assert rejected(network_a, text) == [(0, "")]


@pytest.mark.django_db
def test_a_file_that_is_not_what_its_name_says_is_rejected(network_a, kpis_a):
    """CHECKLIST U2."""
    assert rejected(network_a, b"MZ\x90\x00\x03\x00\x00\x00", "objectifs.xlsx") == [(0, "")]


@pytest.mark.django_db
def test_a_compressed_bomb_is_rejected_before_it_is_opened(network_a, kpis_a):
    """CHECKLIST U3."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    assert rejected(network_a, buffer.getvalue(), "bomb.xlsx") == [(0, "")]
