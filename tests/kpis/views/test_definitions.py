"""kpis/views/definitions.py: head office lists, downloads, creates and edits KPIs."""

import io

import openpyxl
import pytest
from django.urls import reverse

from kpis.models import Aggregation, KpiDefinition
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..factories import KpiDefinitionFactory

# Session, user, tenant, membership, the KPIs; PostgreSQL adds the row-level security settings.
MAX_QUERIES = 10
OTHER_ROLES = [role for role in Role.values if role != Role.HEAD_OFFICE]


def url(network, name: str = "kpi_list", *args) -> str:
    return reverse(name, args=[network.tenant.slug, *args])


def form_data(**changes) -> dict:
    data = {
        "code": "margin",
        "name_fr": "Marge",
        "name_en": "Margin",
        "unit": "€",
        "aggregation": "sum",
        "multiplier": "1",
        "direction": "higher",
        "decimals": "0",
        "position": "0",
        "is_active": "on",
    }
    return {**data, **changes}


def kpi(network, code: str) -> KpiDefinition:
    with tenant_scope(network.tenant):
        return KpiDefinition.objects.select_related("numerator").get(
            tenant=network.tenant, code=code
        )


@pytest.mark.django_db
def test_the_list_shows_the_kpis_and_downloads_them(network_a, network_b, kpis_a, kpis_b):
    client = network_a.client()
    page = client.get(url(network_a))
    assert page.status_code == 200
    text = page.content.decode()
    assert "conversion" in text
    assert "Ratio de deux indicateurs" in text
    assert "CANARY" not in text
    csv = client.get(url(network_a), {"format": "csv"})
    assert csv["Content-Disposition"].startswith("attachment")
    assert csv.content.decode("utf-8-sig").splitlines()[0].startswith("Code;")
    assert len(csv.content.decode("utf-8-sig").splitlines()) == 1 + len(kpis_a.all())
    xlsx = client.get(url(network_a), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 1 + len(kpis_a.all())
    assert "CANARY" not in csv.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_an_empty_list_invites_to_create_the_first_kpi(network_a):
    assert "Aucun indicateur" in network_a.client().get(url(network_a)).content.decode()


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_many_kpis(
    network_a, kpis_a, django_assert_max_num_queries
):
    client = network_a.client()
    client.get(url(network_a))
    with django_assert_max_num_queries(MAX_QUERIES) as few:
        client.get(url(network_a))
    for index in range(30):
        KpiDefinitionFactory(tenant=network_a.tenant, code=f"extra{index}")
    with django_assert_max_num_queries(MAX_QUERIES) as many:
        assert client.get(url(network_a)).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_head_office_creates_a_ratio_kpi(network_a, kpis_a):
    client = network_a.client()
    assert client.get(url(network_a, "kpi_create")).status_code == 200
    data = form_data(
        code="close_rate",
        aggregation="ratio",
        numerator=kpis_a.sales.pk,
        denominator=kpis_a.leads.pk,
        multiplier="100",
        decimals="1",
    )
    answer = client.post(url(network_a, "kpi_create"), data)
    assert answer.status_code == 302
    created = kpi(network_a, "close_rate")
    assert (created.numerator, created.multiplier, created.decimals) == (kpis_a.sales, 100.0, 1)


@pytest.mark.django_db
def test_head_office_edits_a_kpi(network_a, kpis_a):
    client = network_a.client()
    page = client.get(url(network_a, "kpi_edit", kpis_a.sales.pk))
    assert page.status_code == 200
    assert 'value="sales"' in page.content.decode()
    data = form_data(code="sales", name_fr="Ventes TTC", direction="lower")
    assert client.post(url(network_a, "kpi_edit", kpis_a.sales.pk), data).status_code == 302
    assert (kpi(network_a, "sales").name_fr, kpi(network_a, "sales").direction) == (
        "Ventes TTC",
        "lower",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "SALES"}, "code", "Ce code est déjà utilisé."),
        ({"code": "a b"}, "code", None),
        ({"name_fr": ""}, "name_fr", "Ce champ est obligatoire."),
        ({"aggregation": "ratio"}, "numerator", None),
        ({"numerator": "NUMERATOR"}, "numerator", None),
        ({"multiplier": "0"}, "multiplier", None),
        ({"decimals": "9"}, "decimals", None),
    ],
)
def test_a_bad_kpi_is_shown_again_with_its_errors(network_a, kpis_a, changes, field, message):
    if changes.get("numerator") == "NUMERATOR":
        changes = {"numerator": kpis_a.sales.pk}  # parts on a sum
    answer = network_a.client().post(url(network_a, "kpi_create"), form_data(**changes))
    assert answer.status_code == 400
    assert field in answer.context["form"].errors
    if message:
        assert message in answer.content.decode()
    with tenant_scope(network_a.tenant):
        assert not KpiDefinition.objects.filter(code="margin").exists()


@pytest.mark.django_db
def test_a_ratio_is_made_of_summed_kpis_only(network_a, kpis_a):
    data = form_data(
        aggregation="ratio", numerator=kpis_a.satisfaction.pk, denominator=kpis_a.leads.pk
    )
    answer = network_a.client().post(url(network_a, "kpi_create"), data)
    assert answer.status_code == 400
    assert "numerator" in answer.context["form"].errors


@pytest.mark.django_db
def test_a_part_of_a_ratio_stays_summed(network_a, kpis_a):
    data = form_data(code="sales", aggregation="average")
    answer = network_a.client().post(url(network_a, "kpi_edit", kpis_a.sales.pk), data)
    assert answer.status_code == 400
    assert "conversion" in str(answer.context["form"].errors["aggregation"])


@pytest.mark.django_db
def test_another_tenants_kpi_cannot_be_a_ratios_part(network_a, network_b, kpis_a, kpis_b):
    """CHECKLIST T4."""
    data = form_data(aggregation="ratio", numerator=kpis_b.sales.pk, denominator=kpis_a.leads.pk)
    answer = network_a.client().post(url(network_a, "kpi_create"), data)
    assert answer.status_code == 400
    assert "numerator" in answer.context["form"].errors


@pytest.mark.django_db
def test_another_tenants_kpi_cannot_be_edited(network_a, network_b, kpis_b):
    answer = network_a.client().post(url(network_a, "kpi_edit", kpis_b.sales.pk), form_data())
    assert answer.status_code == 404
    assert kpi(network_b, "sales").name_fr != "Marge"


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_head_office_manages_kpis(network_a, kpis_a, role):
    client = network_a.client(role)
    for name, args in (("kpi_list", []), ("kpi_create", []), ("kpi_edit", [kpis_a.sales.pk])):
        assert client.get(url(network_a, name, *args)).status_code == 403
    assert client.post(url(network_a, "kpi_create"), form_data()).status_code == 403
    with tenant_scope(network_a.tenant):
        assert not KpiDefinition.objects.filter(code="margin").exists()
    assert kpi(network_a, "sales").aggregation == Aggregation.SUM


@pytest.mark.django_db
def test_a_post_without_the_csrf_token_is_refused(network_a):
    """CHECKLIST X1."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(network_a.members[Role.HEAD_OFFICE].user)
    assert client.post(url(network_a, "kpi_create"), form_data()).status_code == 403
