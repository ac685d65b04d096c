"""The learning API's plans and assessment results: a person's plan (`?email=`), everyone's
results, scoped by the token's tenant; 400 for bad filters; in the OpenAPI schema."""

import pytest
from django.urls import reverse

from network_animation.models import Role

from .factories import learn, link, make_assessment, make_competence, make_module, make_scale, take
from .test_api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(network_a, network_b):
    """In each network, the dealer below the level on "Vente" with a plan of two modules, one
    of them done."""
    modules = {}
    for network in (network_a, network_b):
        make_scale(network)
        vente = make_competence(network, f"Vente {network.tenant.name}")
        first, second = make_module(network, title="A"), make_module(network, title="B")
        link(network, first, vente)
        link(network, second, vente)
        take(network, make_assessment(network, [vente]), right=lambda q: False)
        learn(network, first)
        modules[network.tenant.pk] = (first, second, vente)
    return modules[network_a.tenant.pk]


def test_a_persons_plan(network_a, planned):
    first, second, vente = planned
    dealer = network_a.members[Role.POS_STAFF].user.email
    client = api(network_a)
    rows = client.get(reverse("api:learning-plan-list"), {"email": dealer}).json()["results"]
    assert sorted((r["module"], r["competence"], r["done"], r["source"]) for r in rows) == sorted(
        [(first.pk, vente.pk, True, "gap"), (second.pk, vente.pk, False, "gap")]
    )
    left = client.get(reverse("api:learning-plan-list"), {"done": "false"}).json()["results"]
    assert [r["module"] for r in left] == [second.pk]


def test_results_only_of_the_tokens_tenant(network_a, planned):
    _first, _second, vente = planned
    rows = api(network_a).get(reverse("api:learning-result-list")).json()["results"]
    assert [(r["competence"], r["score"], r["level_fr"], r["proficient"]) for r in rows] == [
        (vente.pk, 0, "Débutant", False)
    ]
    assert "CANARY" not in str(rows)


@pytest.mark.parametrize(
    ("route", "query"),
    [
        ("api:learning-plan-list", {"done": "maybe"}),
        ("api:learning-result-list", {"competence": "abc"}),
        ("api:learning-result-list", {"competence": "99999999999999999999"}),
    ],
)
def test_bad_filters_answer_400(network_a, route, query):
    assert api(network_a).get(reverse(route), query).status_code == 400


def test_in_the_schema(network_a):
    schema = api(network_a).get(reverse("api:schema")).content.decode()
    assert "/api/v1/learning/plans/" in schema
    assert "/api/v1/learning/results/" in schema
