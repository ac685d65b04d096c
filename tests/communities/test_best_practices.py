"""Best practices: a month far above target invites the manager to a draft only they see; once
published, the practice reaches the dealers behind on its KPIs, on their own page. Questions
nobody settled for two days wait on the animator's zone page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.cache import COMMUNITIES
from communities.models import Thread
from communities.services import post_best_practice_set
from communities.services.best_practices import best_practice_invitations_for_month
from network_animation.data_versions import data_changed
from network_animation.models import Notification, Role
from network_animation.tenancy import tenant_scope

from ..kpis.dashboards.test_dashboards import facts, objective, refresh
from .conftest import start

pytestmark = pytest.mark.django_db
MARCH = dt.date(2025, 3, 1)


def url(network, name: str, *args) -> str:
    return reverse(f"communities:{name}", args=[network.tenant.slug, *args])


def dealer_page(network, role=Role.POS_MANAGER, point=None) -> str:
    point = point or network.point_of_sale
    address = reverse("point_of_sale", args=[network.tenant.slug, point.pk])
    return network.client(role).get(address).content.decode()


def invite(network) -> int:
    with tenant_scope(network.tenant):
        return best_practice_invitations_for_month(tenant=network.tenant, month=MARCH)


def test_a_month_far_above_target_invites_the_manager_once_to_a_private_draft(
    network_a, kpis_a, communities_a
):
    facts(network_a, kpis_a, network_a.point_of_sale, sales=140, leads=100)
    objective(kpis_a.sales, network_a.point_of_sale, 100)
    refresh(network_a)
    assert invite(network_a) == 1
    assert invite(network_a) == 0  # the next night writes nothing more
    manager = network_a.members[Role.POS_MANAGER]
    with tenant_scope(network_a.tenant):
        draft = Thread.objects.get(is_draft=True)
        told = Notification.objects.filter(
            recipient=manager, kind="community.best_practice_invitation"
        )
        assert told.count() == 1
    assert draft.author == manager
    assert draft.community == communities_a.zone
    address = url(network_a, "thread", draft.pk)
    assert network_a.client(Role.ANIMATOR).get(address).status_code == 404
    assert network_a.client(Role.POS_MANAGER).get(address).url == url(network_a, "draft", draft.pk)
    assert (
        "Comment nous avons fait"
        in network_a.client(Role.POS_MANAGER).get(address, follow=True).content.decode()
    )
    zone_list = network_a.client(Role.POS_STAFF).get(
        url(network_a, "community", communities_a.zone.pk)
    )
    assert "Comment nous avons fait" not in zone_list.content.decode()


def test_the_nights_after_find_those_already_invited_without_a_query_each(
    network_a, kpis_a, communities_a, django_assert_max_num_queries
):
    facts(network_a, kpis_a, network_a.point_of_sale, sales=140, leads=100)
    objective(kpis_a.sales, network_a.point_of_sale, 100)
    objective(kpis_a.leads, network_a.point_of_sale, 50)
    refresh(network_a)
    assert invite(network_a) == 2
    with django_assert_max_num_queries(5):  # KPIs, points of sale, rollups, managers, sent
        assert invite(network_a) == 0


def test_a_published_draft_is_the_managers_words_and_shows_to_everyone(
    network_a, kpis_a, communities_a, django_capture_on_commit_callbacks
):
    facts(network_a, kpis_a, network_a.point_of_sale, sales=140, leads=100)
    objective(kpis_a.sales, network_a.point_of_sale, 100)
    refresh(network_a)
    invite(network_a)
    with tenant_scope(network_a.tenant):
        draft = Thread.objects.get(is_draft=True)
    manager = network_a.client(Role.POS_MANAGER)
    empty = manager.post(url(network_a, "draft", draft.pk), {"title": "", "body": ""})
    assert empty.status_code == 400  # the form again, with its errors, nothing published
    assert "field__error" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        published = manager.post(
            url(network_a, "draft", draft.pk),
            {"title": "Nos essais du samedi", "body": "Un essai par client, **le samedi**."},
        )
    assert published.status_code == 302
    seen = network_a.client(Role.POS_STAFF).get(url(network_a, "best_practices")).content.decode()
    assert "Nos essais du samedi" in seen


def test_a_dealer_behind_on_a_kpi_sees_the_networks_practices_for_it(
    network_a, kpis_a, communities_a, django_capture_on_commit_callbacks
):
    facts(network_a, kpis_a, network_a.point_of_sale, sales=80, leads=100)
    objective(kpis_a.sales, network_a.point_of_sale, 100)
    with django_capture_on_commit_callbacks(execute=True):
        refresh(network_a)
    assert "Ce qui a marché ailleurs" not in dealer_page(network_a)
    thread = start(
        network_a, communities_a.region, role=Role.ANIMATOR, title="Le samedi des essais"
    )
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        post = thread.posts.get()
        post_best_practice_set(
            tenant=network_a.tenant,
            actor=network_a.members[Role.ANIMATOR],
            post=post,
            kpis=[kpis_a.sales],
        )
    shown = dealer_page(network_a)  # the panel's cached "nothing" was renewed by the practice
    assert "Ce qui a marché ailleurs" in shown
    assert "Le samedi des essais" in shown
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        post_best_practice_set(
            tenant=network_a.tenant,
            actor=network_a.members[Role.ANIMATOR],
            post=post,
            kpis=[kpis_a.leads],  # on target there: nothing to suggest
        )
    assert "Le samedi des essais" not in dealer_page(network_a)


def test_a_practice_in_a_community_one_cannot_see_is_never_suggested(
    network_a, kpis_a, communities_a, django_capture_on_commit_callbacks
):
    facts(network_a, kpis_a, network_a.point_of_sale, sales=80, leads=100)
    objective(kpis_a.sales, network_a.point_of_sale, 100)
    with django_capture_on_commit_callbacks(execute=True):
        refresh(network_a)
    # The other zone's community is for its own people: the first zone's dealer is not in it.
    thread = start(network_a, communities_a.other_zone, role=Role.HEAD_OFFICE, title="Entre nous")
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        post_best_practice_set(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            post=thread.posts.get(),
            kpis=[kpis_a.sales],
        )
    assert "Entre nous" not in dealer_page(network_a, Role.POS_MANAGER)
    assert "Entre nous" in dealer_page(network_a, Role.HEAD_OFFICE)


def test_an_unanswered_question_waits_on_the_zone_page_after_two_days(
    network_a, communities_a, django_capture_on_commit_callbacks
):
    zone_page = reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    animator = network_a.client(Role.ANIMATOR)
    question = start(network_a, communities_a.zone, kind="question", title="Stock de démo ?")
    assert "Stock de démo" not in animator.get(zone_page).content.decode()  # asked just now
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        Thread.objects.filter(pk=question.pk).update(
            created_at=timezone.now() - dt.timedelta(days=3)
        )
        data_changed(tenant=network_a.tenant, kinds=[COMMUNITIES])
    body = animator.get(zone_page).content.decode()
    assert "Questions en attente de réponse" in body
    assert "Stock de démo" in body
