"""The recommendations API: the content recommended to each point of sale with its reason in the
request's language, and the alerts ranked as the zone page ranks them; scoped by the token's
tenant, nothing for a held-out point of sale, in the OpenAPI schema."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network_animation.jobs import tracked_job
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope
from recommendations.holdout import quarter_start
from recommendations.models import HoldoutPoint, HoldoutQuarter
from recommendations.services import recommendations_nightly_step

from ..network_animation.test_isolation import CANARY
from .conftest import build_diagnosed
from .content_setup import build_helped

pytestmark = pytest.mark.django_db

CONTENT = "api:recommendations-content-list"
ALERTS = "api:recommendations-alert-list"


def _nightly(tenant) -> None:
    with tracked_job(tenant=tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=tenant, progress=progress)


def _client(network) -> Client:
    with tenant_scope(network.tenant):
        _token, key = service_token_create(tenant=network.tenant, actor=None, name="BI")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def helped(diagnosed, committed):
    found = build_helped(diagnosed, title="Selling accessories")
    committed(lambda: _nightly(diagnosed.network.tenant))
    return found


def test_a_point_of_sales_content_with_its_reason_in_the_requests_language(helped):
    network = helped.diagnosed.network
    point = helped.diagnosed.a_little_off
    client = _client(network)
    url = reverse(CONTENT) + f"?point_of_sale={point.code}"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    [row] = english["results"]
    assert english["count"] == 1
    assert (row["point_of_sale"], row["kpi"], row["rank"]) == (point.code, "sales", 1)
    assert (row["kind"], row["item_id"], row["title"]) == (
        "module",
        helped.module.pk,
        "Selling accessories",
    )
    assert row["url"] == reverse(
        "microlearning:module", args=[network.tenant.slug, helped.module.pk]
    )
    assert row["expected_uplift"] > 0.05
    # The gain quoted is what is claimed (issue 17), never more than the readers' mean (the
    # control model that expects the recovery after a bad month claims 17 %, the truth is 20 %).
    assert row["reason"].startswith("Points of sale like yours (dealer, size S) did 17")
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()["results"][0]
    assert french["reason"].startswith("Les points de vente comme le vôtre")


def test_every_off_target_point_of_sale_is_listed_but_none_held_out(helped):
    network = helped.diagnosed.network
    client = _client(network)
    listed = {row["point_of_sale"] for row in client.get(reverse(CONTENT)).json()["results"]}
    far_off = helped.diagnosed.far_off
    assert {far_off.code, helped.diagnosed.a_little_off.code} <= listed
    with tenant_scope(network.tenant):
        quarter = HoldoutQuarter.objects.get(
            tenant=network.tenant, quarter_start=quarter_start(timezone.localdate())
        )
        HoldoutPoint.objects.create(
            tenant=network.tenant,
            quarter=quarter,
            point_of_sale=far_off,
            zone_id_drawn=far_off.zone_id,
            size_class_drawn="S",
        )
    listed = {row["point_of_sale"] for row in client.get(reverse(CONTENT)).json()["results"]}
    assert far_off.code not in listed
    assert listed


def test_another_tenants_token_and_rows_stay_apart(helped, network_b, committed):
    other = build_diagnosed(network_b)
    build_helped(other, title=f"Module {CANARY}")
    committed(lambda: _nightly(network_b.tenant))
    mine, theirs = _client(helped.diagnosed.network), _client(network_b)
    own = {point.code for point in (*helped.diagnosed.dealers, *helped.diagnosed.stores)}
    for url in (reverse(CONTENT), reverse(ALERTS)):
        for query in ("", f"?point_of_sale={other.far_off.code}", f"?zone={network_b.zone.code}"):
            answer = mine.get(url + query, HTTP_ACCEPT_LANGUAGE="en")
            assert answer.status_code == 200
            assert CANARY not in answer.content.decode()
            assert {row["point_of_sale"] for row in answer.json()["results"]} <= own
    assert CANARY in theirs.get(reverse(CONTENT)).content.decode()
    assert Client().get(reverse(CONTENT)).status_code == 401


def test_the_alerts_come_surest_first_by_zone(helped):
    network = helped.diagnosed.network
    client = _client(network)
    answer = client.get(reverse(ALERTS) + f"?zone={network.zone.code}").json()
    codes = [row["point_of_sale"] for row in answer["results"]]
    assert codes[0] == helped.diagnosed.far_off.code
    assert helped.diagnosed.a_little_off.code in codes
    assert {row["zone"] for row in answer["results"]} == {network.zone.code}
    confidences = [round(row["confidence"], 2) for row in answer["results"]]
    assert confidences == sorted(confidences, reverse=True)


def test_the_routes_are_in_the_schema(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/recommendations/content/" in schema
    assert "/api/v1/recommendations/alerts/" in schema


def test_the_list_costs_the_same_for_more_rows(helped, django_assert_max_num_queries):
    client = _client(helped.diagnosed.network)
    client.get(reverse(CONTENT))
    with django_assert_max_num_queries(8):
        assert client.get(reverse(CONTENT)).status_code == 200
