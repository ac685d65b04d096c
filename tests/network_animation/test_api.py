"""The organisation API: service tokens, scoping, filters, pagination and the schema."""

import pytest
from django.test import Client
from django.urls import reverse

from network_animation.services.tokens import service_token_create, service_token_revoke
from network_animation.tenancy import tenant_scope

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
