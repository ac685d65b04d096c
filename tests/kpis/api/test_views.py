"""kpis/api/views.py: facts in, KPIs and rollups out, each tenant through its own token."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client

from kpis.aggregation import kpi_rollups_refresh
from kpis.models import KpiFact
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope

CANARY = "CANARY-B-7f3a"
# Token, tenant scope, references, job run and audit rows, staging and merge: per batch, not per
# fact (PostgreSQL also sets the tenant of the connection for row-level security, and finds the
# days without facts, whose insertion runs under a savepoint).
IMPORT_QUERIES = {"postgresql": 29, "sqlite": 21}


def api_client(network) -> Client:
    with tenant_scope(network.tenant):
        _token, key = service_token_create(tenant=network.tenant, actor=None, name="ERP")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def fact_count(network) -> int:
    with tenant_scope(network.tenant):
        return KpiFact.objects.filter(tenant=network.tenant).count()


@pytest.mark.django_db
def test_a_batch_of_facts_is_imported_and_sending_it_again_changes_nothing(network_a, kpis_a):
    client = api_client(network_a)
    batch = {
        "facts": [
            {
                "point_of_sale": network_a.point_of_sale.code,
                "kpi": "sales",
                "date": "2025-01-02",
                "value": 3.5,
            },
            {
                "point_of_sale": network_a.point_of_sale.code,
                "kpi": "sales",
                "date": "03/01/2025",
                "value": "4,5",
                "person": network_a.members["pos_staff"].user.email,
            },
        ]
    }
    answer = client.post("/api/v1/kpi-facts/", batch, content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert (answer.json()["received"], answer.json()["written"]) == (2, 2)
    again = client.post("/api/v1/kpi-facts/", batch["facts"], content_type="application/json")
    assert (again.status_code, again.json()["written"]) == (201, 0)
    assert fact_count(network_a) == 2


@pytest.mark.django_db
def test_a_batch_with_bad_items_answers_400_per_item_and_imports_nothing(
    network_a, network_b, kpis_a, kpis_b
):
    client = api_client(network_a)
    code = network_a.point_of_sale.code
    batch = [
        {"point_of_sale": code, "kpi": "sales", "date": "2025-01-02", "value": 1},
        "not an object",
        {
            "point_of_sale": network_b.point_of_sale.code,
            "kpi": "sales",
            "date": "2025-01-02",
            "value": 1,
        },
        {"point_of_sale": code, "kpi": "sales", "date": "2025-13-02", "value": 1},
        {"point_of_sale": code, "kpi": "conversion", "date": "2025-01-02", "value": "x"},
        {"point_of_sale": code, "date": "2025-01-02", "value": 1},
    ]
    answer = client.post("/api/v1/kpi-facts/", batch, content_type="application/json")
    assert answer.status_code == 400
    assert [(e["index"], e["field"]) for e in answer.json()["errors"]] == [
        (1, ""),
        (2, "point_of_sale"),
        (3, "date"),
        (4, "kpi"),
        (4, "value"),
        (5, "kpi"),
    ]
    assert fact_count(network_a) == fact_count(network_b) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"facts": "nope"}, 3, {"other": []}])
def test_a_body_that_is_not_a_list_of_facts_answers_400(network_a, kpis_a, body):
    answer = api_client(network_a).post("/api/v1/kpi-facts/", body, content_type="application/json")
    assert answer.status_code == 400


@pytest.mark.django_db
def test_a_batch_over_the_limit_answers_400(network_a, kpis_a, monkeypatch):
    from kpis.api import views

    monkeypatch.setattr(views, "API_BATCH_LIMIT", 2)
    fact = {
        "point_of_sale": network_a.point_of_sale.code,
        "kpi": "sales",
        "date": "2025-01-02",
        "value": 1,
    }
    answer = api_client(network_a).post(
        "/api/v1/kpi-facts/", [fact] * 3, content_type="application/json"
    )
    assert answer.status_code == 400
    assert fact_count(network_a) == 0


@pytest.mark.django_db
def test_without_a_token_nothing_is_imported(network_a, kpis_a):
    fact = {
        "point_of_sale": network_a.point_of_sale.code,
        "kpi": "sales",
        "date": "2025-01-02",
        "value": 1,
    }
    answer = Client().post("/api/v1/kpi-facts/", [fact], content_type="application/json")
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Token"
    assert fact_count(network_a) == 0


def rolled_up(network, kpis) -> None:
    with tenant_scope(network.tenant):
        KpiFact.objects.create(
            tenant=network.tenant,
            kpi=kpis.sales,
            date=dt.date(2025, 1, 2),
            point_of_sale=network.point_of_sale,
            value=5,
        )
        kpis.sales.name_en = f"Sales {network.tenant.name}"
        kpis.sales.save()
        from kpis.models import KpiDirtyMonth

        KpiDirtyMonth.objects.create(
            tenant=network.tenant, kpi=kpis.sales, month_start=dt.date(2025, 1, 1)
        )
        kpi_rollups_refresh(tenant=network.tenant)


@pytest.mark.django_db
def test_kpis_and_rollups_list_only_the_callers_rows(network_a, network_b, kpis_a, kpis_b):
    """CHECKLIST T2, T3: the lists and every filter answer tenant A's rows only."""
    rolled_up(network_a, kpis_a)
    rolled_up(network_b, kpis_b)
    client = api_client(network_a)
    kpis = client.get("/api/v1/kpis/")
    assert sorted(k["code"] for k in kpis.json()["results"]) == sorted(k.code for k in kpis_a.all())
    assert CANARY not in kpis.content.decode()
    for query in (
        "",
        "?kpi=sales",
        f"?zone={network_b.zone.code}",
        "?level=network",
        f"?point_of_sale={network_b.point_of_sale.code}",
    ):
        answer = client.get("/api/v1/rollups/" + query)
        assert answer.status_code == 200
        assert CANARY not in answer.content.decode(), query


@pytest.mark.django_db
def test_rollups_are_filtered_by_kpi_period_and_scope(
    network_a, kpis_a, django_assert_max_num_queries
):
    rolled_up(network_a, kpis_a)
    client = api_client(network_a)
    query = (
        f"?kpi=sales&period=month&period_start=2025-01-01&level=point_of_sale"
        f"&zone={network_a.zone.code}"
    )
    with django_assert_max_num_queries(8):
        rows = client.get("/api/v1/rollups/" + query).json()["results"]
    assert [(r["point_of_sale"], r["value"], r["network_rank"]) for r in rows] == [
        (network_a.point_of_sale.code, 5.0, 1)
    ]
    network = client.get("/api/v1/rollups/?level=network&period=year").json()["results"]
    # The conversion rate has no leads to divide by: a row, without a value.
    assert sorted((r["kpi"], r["value"] or 0) for r in network) == [
        ("conversion", 0),
        ("sales", 5.0),
    ]


@pytest.mark.django_db
def test_the_schema_documents_the_kpi_routes(network_a):
    schema = Client().get("/api/v1/schema/").content.decode()
    for route in ("/api/v1/kpi-facts/", "/api/v1/kpis/", "/api/v1/rollups/"):
        assert route in schema


def batch_of(network, days: int) -> list[dict]:
    points = [network.point_of_sale.code, network.other_point_of_sale.code]
    first = dt.date(2025, 1, 1)
    return [
        {
            "point_of_sale": point,
            "kpi": kpi,
            "date": str(first + dt.timedelta(days=day)),
            "value": day,
        }
        for day in range(days)
        for point in points
        for kpi in ("sales", "leads")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("days", [1, 400])
def test_an_import_costs_the_same_queries_for_4_facts_or_1600(
    network_a, kpis_a, django_assert_max_num_queries, days
):
    client = api_client(network_a)
    batch = batch_of(network_a, days)
    with django_assert_max_num_queries(IMPORT_QUERIES[connection.vendor]):
        answer = client.post("/api/v1/kpi-facts/", batch, content_type="application/json")
    assert (answer.status_code, answer.json()["written"]) == (201, len(batch))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        '[{"point_of_sale": "P1", "kpi": "sales\\u0000", "date": "2025-01-02", "value": 1}]',
        '{"facts": [], "\\u0000": 1}',
    ],
)
def test_a_nul_anywhere_in_the_body_answers_400_and_imports_nothing(network_a, kpis_a, body):
    answer = api_client(network_a).post("/api/v1/kpi-facts/", body, content_type="application/json")
    assert answer.status_code == 400
    assert "detail" in answer.json()
    assert fact_count(network_a) == 0


@pytest.mark.django_db
def test_an_escaped_backslash_before_u0000_is_no_nul(network_a, kpis_a):
    body = '[{"point_of_sale": "\\\\u0000", "kpi": "sales", "date": "2025-01-02", "value": 1}]'
    answer = api_client(network_a).post("/api/v1/kpi-facts/", body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "point_of_sale"  # an unknown code, read as such


@pytest.mark.django_db
def test_a_body_that_is_not_json_answers_415(network_a, kpis_a):
    """The schema offered form and multipart bodies; the import only ever read JSON."""
    answer = api_client(network_a).post("/api/v1/kpi-facts/", {"facts": "x"})
    assert answer.status_code == 415


@pytest.mark.django_db
@pytest.mark.parametrize("date", ["2725-05-06", "0232-09-04", "9999-12-31"])
def test_a_date_pandas_cannot_hold_is_a_bad_date_not_a_500(network_a, kpis_a, date):
    """Found by schemathesis: a date after 2262 or before 1677 made the import's date parsing
    overflow (kpis/fact_table.py `parse_dates`)."""
    fact = {"point_of_sale": network_a.point_of_sale.code, "kpi": "sales", "date": date, "value": 1}
    answer = api_client(network_a).post(
        "/api/v1/kpi-facts/", [fact], content_type="application/json"
    )
    assert answer.status_code == 400
    assert [e["field"] for e in answer.json()["errors"]] == ["date"]


@pytest.mark.django_db
def test_the_schemas_import_example_is_accepted(network_a, kpis_a):
    """The example clients copy (and schemathesis sends) imports, given the codes it names."""
    from tests.factories import PointOfSaleFactory

    schema = Client().get("/api/v1/schema/", {"format": "json"}).json()
    content = schema["paths"]["/api/v1/kpi-facts/"]["post"]["requestBody"]["content"]
    assert list(content) == ["application/json"]
    example = next(iter(content["application/json"]["examples"].values()))["value"]
    PointOfSaleFactory(zone=network_a.zone, code=example["facts"][0]["point_of_sale"])
    answer = api_client(network_a).post(
        "/api/v1/kpi-facts/", example, content_type="application/json"
    )
    assert answer.status_code == 201, answer.content


@pytest.mark.django_db
def test_the_scopes_a_rollup_does_not_have_are_null_as_the_schema_says(network_a, kpis_a):
    rolled_up(network_a, kpis_a)
    client = api_client(network_a)
    network = client.get("/api/v1/rollups/", {"level": "network", "kpi": "sales"}).json()
    assert {(r["point_of_sale"], r["zone"], r["region"]) for r in network["results"]} == {
        (None, None, None)
    }
    sales = client.get("/api/v1/kpis/").json()["results"]
    assert {(k["code"], k["numerator"]) for k in sales if k["code"] in ("sales", "conversion")} == {
        ("sales", None),
        ("conversion", "sales"),
    }
    schemas = Client().get("/api/v1/schema/", {"format": "json"}).json()["components"]["schemas"]
    for component, field in [
        ("RollupOutput", "point_of_sale"),
        ("RollupOutput", "zone"),
        ("RollupOutput", "region"),
        ("KpiOutput", "numerator"),
        ("KpiOutput", "denominator"),
    ]:
        assert schemas[component]["properties"][field].get("nullable"), (component, field)
