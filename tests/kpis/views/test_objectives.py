"""kpis/views/objectives.py: head office lists (filters, pages, downloads), creates, edits,
deletes and imports objectives."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis.models import KpiDirtyMonth, Level, Objective, Period
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ...factories import PointOfSaleFactory
from ..factories import ObjectiveFactory

# Session, user, tenant, membership, the KPI filter (checked, then drawn), the count and the
# page of objectives;
# PostgreSQL adds the row-level security settings.
MAX_QUERIES = 14
OTHER_ROLES = [role for role in Role.values if role != Role.HEAD_OFFICE]


def url(network, name: str = "objective_list", *args) -> str:
    return reverse(name, args=[network.tenant.slug, *args])


def form_data(kpis, **changes) -> dict:
    data = {
        "kpi": kpis.sales.pk,
        "level": "network",
        "period": "month",
        "period_start": "2025-03-01",
        "target": "1250,5",
    }
    return {**data, **changes}


def stored(network) -> list[tuple]:
    with tenant_scope(network.tenant):
        rows = Objective.objects.filter(tenant=network.tenant).values_list(
            "kpi__code", "level", "scope_key", "period", "period_start", "target"
        )
        return sorted(rows)


@pytest.fixture
def objectives_a(network_a, kpis_a):
    tenant = network_a.tenant
    return [
        ObjectiveFactory(
            tenant=tenant,
            kpi=kpis_a.sales,
            level=Level.POINT_OF_SALE,
            point_of_sale=network_a.point_of_sale,
            target=111.0,
        ),
        ObjectiveFactory(
            tenant=tenant,
            kpi=kpis_a.leads,
            level=Level.ZONE,
            zone=network_a.zone,
            period=Period.QUARTER,
            period_start=dt.date(2025, 4, 1),
            target=222.0,
        ),
        ObjectiveFactory(
            tenant=tenant,
            kpi=kpis_a.sales,
            period=Period.YEAR,
            period_start=dt.date(2024, 1, 1),
            target=333.0,
        ),
    ]


@pytest.mark.django_db
def test_the_list_shows_and_filters_objectives(network_a, objectives_a, kpis_a, network_b, kpis_b):
    # A target no id or count can spell, in any of its groupings (ids are in the page's selects).
    ObjectiveFactory(tenant=network_b.tenant, kpi=kpis_b.sales, target=987654.0)
    client = network_a.client()
    page = client.get(url(network_a))
    assert page.status_code == 200
    assert [o.target for o in page.context["page"]] == [222.0, 111.0, 333.0]
    content = page.content.decode()
    assert not any(f"987{space}654" in content for space in ("", " ", "\u00a0", "\u202f", ","))
    assert "CANARY" not in page.content.decode()
    for query, targets in (
        ({"kpi": kpis_a.sales.pk}, [111.0, 333.0]),
        ({"level": "zone"}, [222.0]),
        ({"period": "year"}, [333.0]),
        ({"year": "2025", "kpi": kpis_a.sales.pk}, [111.0]),
    ):
        answer = client.get(url(network_a), query)
        assert [o.target for o in answer.context["page"]] == targets, query


@pytest.mark.django_db
def test_filtering_on_another_tenants_kpi_is_refused(network_a, objectives_a, kpis_b):
    """CHECKLIST T4: filter querysets are scoped."""
    answer = network_a.client().get(url(network_a), {"kpi": kpis_b.sales.pk})
    assert answer.status_code == 400
    assert list(answer.context["page"]) == []


@pytest.mark.django_db
def test_an_empty_list_says_so(network_a, kpis_a):
    text = network_a.client().get(url(network_a)).content.decode()
    assert "Aucun objectif pour l’instant" in text


@pytest.mark.django_db
def test_the_list_is_paginated_and_costs_the_same_queries_for_many_objectives(
    network_a, kpis_a, django_assert_max_num_queries
):
    client = network_a.client()
    tenant = network_a.tenant
    ObjectiveFactory(tenant=tenant, kpi=kpis_a.sales, level=Level.ZONE, zone=network_a.zone)
    client.get(url(network_a))  # the menu's cached answers, read alike by both counts
    with django_assert_max_num_queries(MAX_QUERIES) as few:
        client.get(url(network_a), {"kpi": kpis_a.sales.pk})
    points = [PointOfSaleFactory(zone=network_a.zone, tenant=tenant) for _ in range(30)]
    for month in range(1, 3):
        for point in points:
            ObjectiveFactory(
                tenant=tenant,
                kpi=kpis_a.sales,
                level=Level.POINT_OF_SALE,
                point_of_sale=point,
                period_start=dt.date(2025, month, 1),
            )
    with django_assert_max_num_queries(MAX_QUERIES) as many:
        first = client.get(url(network_a), {"kpi": kpis_a.sales.pk})
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(first.context["page"]) == 50
    assert f"kpi={kpis_a.sales.pk}&amp;page=2" in first.content.decode()
    second = client.get(url(network_a), {"kpi": kpis_a.sales.pk, "page": 2})
    assert len(second.context["page"]) == 11


@pytest.mark.django_db
def test_the_list_downloads_in_the_format_the_import_reads(network_a, objectives_a):
    client = network_a.client()
    csv = client.get(url(network_a), {"level": "point_of_sale", "format": "csv"})
    assert csv["Content-Disposition"].startswith("attachment")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Indicateur;Périmètre;Code;Nom;Période;Début de la période;Objectif"
    assert lines[1].startswith(f"sales;Point de vente;{network_a.point_of_sale.code};")
    xlsx = client.get(url(network_a), {"format": "xlsx"})
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.max_row == 4
    with tenant_scope(network_a.tenant):
        Objective.objects.filter(tenant=network_a.tenant).delete()
    upload = SimpleUploadedFile("objectifs.csv", csv.content)
    preview = client.post(url(network_a, "objective_import"), {"file": upload})
    assert preview.status_code == 200, preview.context.get("errors")
    client.post(url(network_a, "objective_import"), {"upload": preview.context["token"]})
    assert [row[:2] for row in stored(network_a)] == [("sales", "point_of_sale")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "scope"),
    [
        ({}, lambda n: 0),
        ({"level": "point_of_sale", "point_of_sale": "POS"}, lambda n: n.point_of_sale.pk),
        ({"level": "zone", "zone": "ZONE", "point_of_sale": "POS"}, lambda n: n.zone.pk),
        ({"level": "region", "region": "REGION"}, lambda n: n.region.pk),
        ({"level": "person", "person": "PERSON"}, lambda n: n.members["pos_staff"].pk),
    ],
)
def test_head_office_creates_an_objective_for_each_scope(network_a, kpis_a, changes, scope):
    objects = {
        "POS": network_a.point_of_sale.pk,
        "ZONE": network_a.zone.pk,
        "REGION": network_a.region.pk,
        "PERSON": network_a.members["pos_staff"].pk,
    }
    data = form_data(kpis_a, **{k: objects.get(v, v) for k, v in changes.items()})
    client = network_a.client()
    assert client.get(url(network_a, "objective_create")).status_code == 200
    answer = client.post(url(network_a, "objective_create"), data)
    assert answer.status_code == 302, answer.context and answer.context["form"].errors
    level = changes.get("level", "network")
    assert stored(network_a) == [
        ("sales", level, scope(network_a), "month", dt.date(2025, 3, 1), 1250.5)
    ]
    with tenant_scope(network_a.tenant):
        assert KpiDirtyMonth.objects.filter(month_start=dt.date(2025, 3, 1)).exists()


@pytest.mark.django_db
def test_head_office_edits_and_deletes_an_objective(network_a, kpis_a, objectives_a):
    client = network_a.client()
    objective = objectives_a[1]
    page = client.get(url(network_a, "objective_edit", objective.pk))
    assert page.status_code == 200
    assert "222" in page.content.decode()
    data = form_data(
        kpis_a,
        kpi=kpis_a.leads.pk,
        level="zone",
        zone=network_a.zone.pk,
        period="quarter",
        period_start="01/04/2025",
        target="250",
    )
    assert client.post(url(network_a, "objective_edit", objective.pk), data).status_code == 302
    assert ("leads", "zone", network_a.zone.pk, "quarter", dt.date(2025, 4, 1), 250.0) in stored(
        network_a
    )
    assert client.get(url(network_a, "objective_delete", objective.pk)).status_code == 200
    assert client.post(url(network_a, "objective_delete", objective.pk)).status_code == 302
    assert len(stored(network_a)) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period": "quarter", "period_start": "2025-02-01"}, "period_start"),
        ({"period_start": "31/02/2025"}, "period_start"),
        ({"target": "beaucoup"}, "target"),
        ({"level": "zone"}, "zone"),
        ({"kpi": ""}, "kpi"),
    ],
)
def test_a_bad_objective_is_shown_again_with_its_errors(network_a, kpis_a, changes, field):
    answer = network_a.client().post(
        url(network_a, "objective_create"), form_data(kpis_a, **changes)
    )
    assert answer.status_code == 400
    assert field in answer.context["form"].errors
    assert stored(network_a) == []


@pytest.mark.django_db
def test_a_second_objective_for_the_same_key_is_refused(network_a, kpis_a):
    client = network_a.client()
    client.post(url(network_a, "objective_create"), form_data(kpis_a))
    answer = client.post(url(network_a, "objective_create"), form_data(kpis_a, target="5"))
    assert answer.status_code == 400
    assert "Cet indicateur a déjà un objectif" in answer.content.decode()
    assert len(stored(network_a)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["kpi", "point_of_sale", "zone", "region", "person"])
def test_another_tenants_kpi_or_scope_is_refused(network_a, network_b, kpis_a, kpis_b, field):
    """CHECKLIST T4."""
    foreign = {
        "kpi": kpis_b.sales.pk,
        "point_of_sale": network_b.point_of_sale.pk,
        "zone": network_b.zone.pk,
        "region": network_b.region.pk,
        "person": network_b.members["pos_staff"].pk,
    }
    level = "network" if field == "kpi" else field
    data = form_data(kpis_a, level=level, **{field: foreign[field]})
    answer = network_a.client().post(url(network_a, "objective_create"), data)
    assert answer.status_code == 400
    assert field in answer.context["form"].errors
    assert stored(network_a) == stored(network_b) == []


@pytest.mark.django_db
def test_another_tenants_objective_cannot_be_edited_or_deleted(
    network_a, network_b, kpis_a, kpis_b
):
    objective = ObjectiveFactory(tenant=network_b.tenant, kpi=kpis_b.sales)
    client = network_a.client()
    assert (
        client.post(url(network_a, "objective_edit", objective.pk), form_data(kpis_a)).status_code
        == 404
    )
    assert client.post(url(network_a, "objective_delete", objective.pk)).status_code == 404
    assert len(stored(network_b)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_head_office_manages_objectives(network_a, kpis_a, objectives_a, role):
    client = network_a.client(role)
    pk = objectives_a[0].pk
    for name, args in (
        ("objective_list", []),
        ("objective_create", []),
        ("objective_edit", [pk]),
        ("objective_delete", [pk]),
        ("objective_import", []),
    ):
        assert client.get(url(network_a, name, *args)).status_code == 403, name
        assert client.post(url(network_a, name, *args), form_data(kpis_a)).status_code == 403
    assert len(stored(network_a)) == 3


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("objectifs.csv", text.encode())


@pytest.mark.django_db
def test_head_office_previews_then_imports_objectives(network_a, kpis_a):
    client = network_a.client()
    assert client.get(url(network_a, "objective_import")).status_code == 200
    text = (
        "indicateur;niveau;code;periode;debut;objectif\n"
        f"sales;zone;{network_a.zone.code};mois;01/01/2025;10,5\n"
    )
    preview = client.post(url(network_a, "objective_import"), {"file": upload(text)})
    assert preview.status_code == 200
    assert preview.context["ready"] == 1
    assert stored(network_a) == []
    done = client.post(url(network_a, "objective_import"), {"upload": preview.context["token"]})
    assert done.status_code == 302
    assert done["Location"] == url(network_a)
    assert stored(network_a) == [
        ("sales", "zone", network_a.zone.pk, "month", dt.date(2025, 1, 1), 10.5)
    ]
    again = client.post(url(network_a, "objective_import"), {"upload": preview.context["token"]})
    assert again.status_code == 302
    assert len(stored(network_a)) == 1


@pytest.mark.django_db
def test_a_bad_objectives_file_lists_every_error_and_offers_the_report(network_a, kpis_a):
    """CHECKLIST I1."""
    client = network_a.client()
    text = "kpi;period;period_start;target\nsales;mois;31/02/2025;1\nnope;mois;01/01/2025;x\n"
    answer = client.post(url(network_a, "objective_import"), {"file": upload(text)})
    assert answer.status_code == 400
    assert [(e.line, e.column) for e in answer.context["errors"]] == [
        (2, "period_start"),
        (3, "kpi"),
        (3, "target"),
    ]
    report = client.get(url(network_a, "objective_import"), {"errors": answer.context["token"]})
    assert report["Content-Disposition"].startswith("attachment")
    assert len(report.content.decode().splitlines()) == 4
    assert stored(network_a) == []


@pytest.mark.django_db
def test_a_facts_upload_cannot_be_imported_as_objectives(network_a, kpis_a):
    client = network_a.client()
    facts = SimpleUploadedFile(
        "facts.csv", b"code_pdv;indicateur;date;valeur\nX;sales;02/01/2025;1\n"
    )
    token = client.post(url(network_a, "kpi_facts_import"), {"file": facts}).context["token"]
    answer = client.post(url(network_a, "objective_import"), {"upload": token})
    assert answer.status_code == 302
    assert answer["Location"] == url(network_a, "objective_import")
    assert client.get(url(network_a, "objective_import"), {"errors": token}).status_code == 404
