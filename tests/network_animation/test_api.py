"""The organisation API and the plumbing every API view shares: service tokens, scoping,
filters, pagination, ids in URLs, NUL characters and the schema's error answers (CHECKLIST P1)."""

import pytest
from django.test import Client
from django.urls import reverse

from network_animation.services.tokens import service_token_create, service_token_revoke
from network_animation.tenancy import tenant_scope
from tests.test_translations import marked_strings

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_a(network_a):
    with tenant_scope(network_a.tenant):
        return service_token_create(tenant=network_a.tenant, actor=None, name="DMS")


def api(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_no_token_or_a_wrong_one_is_refused(network_a):
    assert Client().get(reverse("api:point-of-sale-list")).status_code == 401
    assert api("not-a-key").get(reverse("api:point-of-sale-list")).status_code == 401


def test_a_revoked_token_is_refused(network_a, token_a):
    token, key = token_a
    with tenant_scope(network_a.tenant):
        service_token_revoke(tenant=network_a.tenant, actor=None, token=token)
    assert api(key).get(reverse("api:point-of-sale-list")).status_code == 401


def test_the_apis_own_messages_go_through_gettext(network_a, token_a):
    """Said in the caller's language: with English asked, the message is its msgid, and that
    msgid is marked for translation (the French catalogue holds it)."""
    answer = api("not-a-key").get(reverse("api:point-of-sale-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert answer.json()["detail"] == "Invalid or revoked token."
    _token, key = token_a
    answer = api(key).post(
        "/api/v1/kpi-facts/",
        "{not json",
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("The body is not valid JSON: ")
    marked = marked_strings()
    assert {"Invalid or revoked token.", "The body is not valid JSON: %(error)s"} <= marked


def test_a_french_caller_reads_the_apis_messages_in_french(network_a, token_a):
    answer = api("not-a-key").get(reverse("api:point-of-sale-list"), HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.status_code == 401
    assert answer.json()["detail"] == "Jeton invalide ou révoqué."
    answer = api(token_a[1]).post(
        "/api/v1/kpi-facts/",
        "{not json",
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith(
        "Le corps de la requête n’est pas un JSON valide\u00a0: "
    )


def test_points_of_sale_are_listed_with_filters_and_pagination(network_a, network_b, token_a):
    client = api(token_a[1])
    answer = client.get(reverse("api:point-of-sale-list")).json()
    assert answer["count"] == 2
    assert {p["code"] for p in answer["results"]} == {
        network_a.point_of_sale.code,
        network_a.other_point_of_sale.code,
    }
    one = client.get(reverse("api:point-of-sale-list"), {"zone": network_a.zone.code}).json()
    assert [p["code"] for p in one["results"]] == [network_a.point_of_sale.code]
    page = client.get(reverse("api:point-of-sale-list"), {"limit": 1}).json()
    assert len(page["results"]) == 1
    assert page["next"]


def test_a_point_of_sale_is_read_by_id(network_a, token_a):
    answer = api(token_a[1]).get(
        reverse("api:point-of-sale-detail", args=[network_a.point_of_sale.pk])
    )
    assert answer.status_code == 200
    assert answer.json()["zone"] == network_a.zone.code


def test_a_bad_filter_value_answers_400_with_the_field(network_a, token_a):
    answer = api(token_a[1]).get(reverse("api:point-of-sale-list"), {"size_class": "XXL"})
    assert answer.status_code == 400
    assert "size_class" in answer.json()


def test_the_schema_and_its_docs_are_served():
    schema = Client().get(reverse("api:schema"), {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/points-of-sale/" in paths
    assert Client().get(reverse("api:docs")).status_code == 200


def api_lists() -> list[str]:
    """Every API list without an id in its URL, found in the URLconf (new lists are covered)."""
    from ..walk import tenant_routes

    return [r.name for r in tenant_routes() if r.is_api and not r.params and "-list" in r.name]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=99999999999999999999", "limit"),  # was a 500: "bigint out of range"
        ("offset=99999999999999999999", "offset"),
        ("limit=-1", "limit"),  # was quietly the default page
        ("offset=-5", "offset"),
        ("limit=abc", "limit"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),  # over the maximum: refused, not cut
        ("limit=1%00", "limit"),
    ],
)
def test_every_list_refuses_a_bad_page_with_a_400_naming_the_parameter(
    network_a, token_a, query, field
):
    client = api(token_a[1])
    for name in api_lists():
        answer = client.get(f"{reverse(name)}?{query}")
        assert answer.status_code == 400, (name, query, answer.status_code)
        assert list(answer.json()) == [field], name


def test_a_page_up_to_the_maximum_is_served(network_a, token_a):
    client = api(token_a[1])
    url = reverse("api:point-of-sale-list")
    assert len(client.get(url, {"limit": 1000}).json()["results"]) == 2
    assert client.get(url, {"limit": "", "offset": ""}).json()["count"] == 2  # empty: not sent
    past_the_end = client.get(url, {"offset": 2**31 - 1})
    assert (past_the_end.status_code, past_the_end.json()["results"]) == (200, [])
    assert api_lists()  # the discovery found the lists


@pytest.mark.parametrize(
    "query", ["search=a%00b", "zone=Z1&zone=a%00", "unknown=%00", "a%00b=1", "is_active=%00"]
)
def test_a_nul_in_any_query_parameter_answers_400(network_a, token_a, query):
    client = api(token_a[1])
    detail = reverse("api:point-of-sale-detail", args=[network_a.point_of_sale.pk])
    for url in (reverse("api:point-of-sale-list"), detail):
        answer = client.get(f"{url}?{query}")
        assert answer.status_code == 400, url
        assert all(isinstance(reasons, list) for reasons in answer.json().values())


@pytest.mark.parametrize("segment", ["abc", "0", "99999999999999999999999", "-1", "%00"])
def test_an_id_that_names_nothing_gets_the_apis_json_404(network_a, token_a, segment):
    """Was the site's HTML 404 page (Django's `int` converter matched no route)."""
    client = api(token_a[1])
    answer = client.get(f"/api/v1/zones/{segment}/")
    missing = client.get(reverse("api:zone-detail", args=[987654321]))
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"
    assert answer.json() == missing.json()


def test_a_boolean_filter_refuses_what_is_not_true_or_false(network_a, token_a):
    """`?is_active=yes` used to answer the whole list, as if no filter had been sent."""
    client = api(token_a[1])
    url = reverse("api:point-of-sale-list")
    assert client.get(url, {"is_active": "yes"}).status_code == 400
    assert client.get(url, {"is_active": "false"}).json()["count"] == 0
    assert client.get(url, {"is_active": "true"}).json()["count"] == 2
    assert client.get(url, {"is_active": ""}).json()["count"] == 2


def test_the_schema_documents_every_error_answer():
    schema = Client().get(reverse("api:schema"), {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "401", "429"} <= codes, (method, path)
            assert "Retry-After" in operation["responses"]["429"]["headers"]
            if "{id}" in path:
                assert "404" in codes, path
            if method == "post":
                assert "415" in codes, path
            assert "schema generator" not in operation.get("description", ""), path
    limit = next(
        p for p in schema["paths"]["/api/v1/zones/"]["get"]["parameters"] if p["name"] == "limit"
    )
    assert (limit["schema"]["minimum"], limit["schema"]["maximum"]) == (1, 1000)
