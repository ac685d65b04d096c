"""The competences a module builds, on its card and in the modules API (with a filter); and the
zone's training panel counting each person's plan modules late, even someone with nothing
assigned."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from microlearning.models import PlanItem
from microlearning.selectors import zone_training
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .factories import learn, link, make_competence, make_module
from .test_api import api
from .test_plans_pages import planned  # noqa: F401  # the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def linked(network_a):
    vente = make_competence(network_a, "Vente", name_en="Selling")
    relation = make_competence(network_a, "Relation client")
    module = make_module(network_a, title="Découvrir le besoin")
    link(network_a, module, vente, relation)
    bare = make_module(network_a, title="Sans compétence")
    return {"module": module, "bare": bare, "vente": vente, "relation": relation}


def test_the_module_card_names_the_competences_it_builds(network_a, linked):
    page = network_a.client(Role.POS_STAFF).get(
        reverse("microlearning:list", args=[network_a.tenant.slug])
    )
    html = page.content.decode()
    assert f'data-competence="{linked["vente"].pk}">Selling</span>' in html
    assert f'data-competence="{linked["relation"].pk}">Relation client</span>' in html
    assert html.count("competence-tag") == 2  # the module without any shows none


def test_the_list_costs_the_same_queries_with_competences(
    network_a, linked, django_assert_max_num_queries
):
    client = network_a.client(Role.POS_STAFF)
    list_url = reverse("microlearning:list", args=[network_a.tenant.slug])
    client.get(list_url)
    with django_assert_max_num_queries(30) as few:
        client.get(list_url)
    for n in range(3):
        module = make_module(network_a, title=f"Autre {n}")
        link(network_a, module, make_competence(network_a, f"Compétence {n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(list_url)


def test_the_api_lists_each_modules_competences_and_filters_by_one(network_a, network_b, linked):
    client = api(network_a)
    rows = client.get(reverse("api:learning-module-list")).json()["results"]
    by_title = {row["title_fr"]: row["competences"] for row in rows}
    vente, relation = linked["vente"], linked["relation"]
    assert by_title == {
        "Découvrir le besoin": [
            {"id": vente.pk, "name_fr": "Vente", "name_en": "Selling"},
            {"id": relation.pk, "name_fr": "Relation client", "name_en": ""},
        ],
        "Sans compétence": [],
    }
    found = client.get(reverse("api:learning-module-list"), {"competence": vente.pk}).json()
    assert [row["title_fr"] for row in found["results"]] == ["Découvrir le besoin"]
    detail = client.get(reverse("api:learning-module-detail", args=[linked["module"].pk])).json()
    assert [c["id"] for c in detail["competences"]] == [vente.pk, relation.pk]
    foreign = make_competence(network_b, "Étrangère")
    link(network_b, make_module(network_b, title="B"), foreign)
    none = client.get(reverse("api:learning-module-list"), {"competence": foreign.pk}).json()
    assert none["results"] == []
    assert client.get(reverse("api:learning-module-list"), {"competence": "x"}).status_code == 400


@pytest.fixture
def plans_late(network_a, planned):  # noqa: F811  # the fixture imported above
    """The dealer and their manager each have a plan of one module, due a week ago: the
    manager finished theirs, the dealer did not."""
    with tenant_scope(network_a.tenant):
        PlanItem.objects.update(due_on=timezone.localdate() - dt.timedelta(days=7))
    learn(network_a, planned, role=Role.POS_MANAGER)
    return planned


def test_the_zone_panel_counts_each_persons_plan_modules_late(network_a, plans_late):
    with tenant_scope(network_a.tenant):
        points = zone_training(
            tenant=network_a.tenant, zone=network_a.zone, today=timezone.localdate()
        )
    people = {p.name: p.plan_late for point in points for p in point.people}
    dealer = network_a.members[Role.POS_STAFF].user.get_full_name()
    # Nothing assigned to anyone: the dealer is there for their plan alone; the manager, whose
    # plan is done, is not.
    assert people == {dealer: 1}
    page = network_a.client(Role.ANIMATOR).get(
        reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    )
    html = page.content.decode()
    assert "1 plan module late" in html
    assert f'<th scope="row">{dealer}</th>' in html
    assert 'data-plan-late="1"' in html


def test_a_module_removed_from_the_plan_or_not_yet_due_is_not_late(network_a, plans_late):
    with tenant_scope(network_a.tenant):
        item = PlanItem.objects.get(plan__membership=network_a.members[Role.POS_STAFF])
        item.due_on = timezone.localdate()
        item.save()
        assert not any(
            p.plan_late
            for point in zone_training(
                tenant=network_a.tenant, zone=network_a.zone, today=timezone.localdate()
            )
            for p in point.people
        )
        item.due_on = timezone.localdate() - dt.timedelta(days=1)
        item.removed_at = timezone.now()
        item.save()
        points = zone_training(
            tenant=network_a.tenant, zone=network_a.zone, today=timezone.localdate()
        )
    assert [p for point in points for p in point.people] == []
