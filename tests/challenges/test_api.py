"""challenges/api: challenges, leaderboards and labels, read-only, scoped by the token."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from challenges.services import challenge_standings_refresh
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope

from .factories import challenge_walk_objects, launch

pytestmark = pytest.mark.django_db


def api(network) -> Client:
    with tenant_scope(network.tenant):
        _, key = service_token_create(tenant=network.tenant, actor=None, name="BI")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_challenges_and_their_leaderboard_are_read(network_a, network_b, kpis_a, zone_a):
    challenge = launch(network_a, [kpis_a.sales])
    challenge_walk_objects(network_b)
    with tenant_scope(network_a.tenant):
        challenge_standings_refresh(
            tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 4, 1)
        )
    client = api(network_a)
    listed = client.get(reverse("api:challenge-list")).json()
    assert [c["id"] for c in listed["results"]] == [challenge.pk]
    assert listed["results"][0]["kpis"] == [{"kpi": "sales", "weight": 1, "target": None}]
    board = client.get(reverse("api:challenge-leaderboard", args=[challenge.pk])).json()
    assert [row["rank"] for row in board["results"]] == [1, 2, 3, 4]


def test_another_networks_challenge_is_not_found(network_a, network_b, kpis_a):
    other = challenge_walk_objects(network_b)["challenge_id"]
    client = api(network_a)
    assert client.get(reverse("api:challenge-detail", args=[other])).status_code == 404
    assert client.get(reverse("api:challenge-leaderboard", args=[other])).status_code == 404


def test_label_awards_are_listed_with_filters(network_a, kpis_a):
    client = api(network_a)
    answer = client.get(reverse("api:label-award-list") + "?year=2024&zone=nowhere")
    assert answer.status_code == 200
    assert answer.json()["results"] == []


def test_the_schema_documents_the_challenge_routes(network_a):
    schema = api(network_a).get(reverse("api:schema")).content.decode()
    assert "/api/v1/challenges/{id}/leaderboard/" in schema
    assert "/api/v1/label-awards/" in schema


def test_a_network_challenge_has_no_zone_nor_region_as_the_schema_says(network_a, kpis_a):
    """The schema declared both as always a code: a network's challenge answered null."""
    launch(network_a, [kpis_a.sales], zone=None)
    listed = api(network_a).get(reverse("api:challenge-list")).json()["results"]
    assert [(c["level"], c["zone"], c["region"]) for c in listed] == [("network", None, None)]
    schema = Client().get(reverse("api:schema"), {"format": "json"}).json()
    fields = schema["components"]["schemas"]["ChallengeOutput"]["properties"]
    assert fields["zone"]["nullable"]
    assert fields["region"]["nullable"]


@pytest.mark.parametrize("query", ["year=2024.5", "year=99999", "year=x", "level=4", "level=1.5"])
def test_label_filters_refuse_what_is_not_a_year_or_a_level(network_a, kpis_a, query):
    """`year=2024.5` used to find the labels of 2024, any number was taken."""
    answer = api(network_a).get(f"{reverse('api:label-award-list')}?{query}")
    assert answer.status_code == 400
    assert list(answer.json()) == [query.split("=")[0]]


def test_a_leaderboard_is_paged_in_rank_order(network_a, kpis_a, zone_a):
    challenge = launch(network_a, [kpis_a.sales])
    with tenant_scope(network_a.tenant):
        challenge_standings_refresh(
            tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 4, 1)
        )
    url = reverse("api:challenge-leaderboard", args=[challenge.pk])
    client = api(network_a)
    first = client.get(url, {"limit": 3}).json()
    rest = client.get(url, {"limit": 3, "offset": 3}).json()
    assert first["count"] == 4
    assert [row["rank"] for row in first["results"] + rest["results"]] == [1, 2, 3, 4]
    assert client.get(url, {"limit": 1001}).status_code == 400
