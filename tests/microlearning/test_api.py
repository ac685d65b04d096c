"""The learning API (microlearning/api/): published modules and everyone's progress, for a
tenant's systems; never a quiz's answers, never another tenant's rows, 400 for bad input."""

import pytest
from django.test import Client
from django.urls import reverse

from network_animation.models import Role
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope

from .factories import learn, make_module

pytestmark = pytest.mark.django_db


def api(network) -> Client:
    with tenant_scope(network.tenant):
        _token, key = service_token_create(tenant=network.tenant, actor=None, name="LMS")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_published_modules_with_their_steps_and_never_the_answers(network_a, network_b):
    module = make_module(network_a, title="Publié")
    make_module(network_a, title="Brouillon", publish=False)
    make_module(network_b, title="CANARY-B-7f3a")
    client = api(network_a)
    listed = client.get(reverse("api:learning-module-list")).json()
    assert [row["title_fr"] for row in listed["results"]] == ["Publié"]
    detail = client.get(reverse("api:learning-module-detail", args=[module.pk]))
    body = detail.json()
    assert (body["version"], body["step_count"]) == (1, 3)
    assert [step["kind"] for step in body["steps"]] == ["text", "quiz", "text"]
    assert "is_correct" not in detail.content.decode()
    other = make_module(network_b, title="B")
    assert client.get(reverse("api:learning-module-detail", args=[other.pk])).status_code == 404


def test_progress_of_everyone_filtered_by_person_and_state(network_a, network_b):
    module = make_module(network_a)
    learn(network_a, module)
    learn(network_a, module, role=Role.POS_MANAGER, upto=1)
    learn(network_b, make_module(network_b))
    client = api(network_a)
    rows = client.get(reverse("api:learning-progress-list")).json()["results"]
    assert len(rows) == 2
    dealer = network_a.members[Role.POS_STAFF].user.email
    mine = client.get(reverse("api:learning-progress-list"), {"email": dealer}).json()["results"]
    assert [(r["email"], r["position"], r["passed"]) for r in mine] == [(dealer, 3, True)]
    running = client.get(reverse("api:learning-progress-list"), {"completed": "false"}).json()
    assert [r["position"] for r in running["results"]] == [1]


@pytest.mark.parametrize(
    ("route", "query"),
    [
        ("api:learning-progress-list", {"module": "abc"}),
        ("api:learning-progress-list", {"module": "99999999999999999999"}),
        ("api:learning-progress-list", {"completed": "maybe"}),
        ("api:learning-module-list", {"language": "de"}),
        ("api:learning-module-list", {"limit": "99999999999999999999"}),
        ("api:learning-module-list", {"kpi": "a\x00b"}),
    ],
)
def test_bad_input_answers_400(network_a, route, query):
    answer = api(network_a).get(reverse(route), query)
    assert answer.status_code == 400, answer.content
