"""Feedback sent up the network (issue 14, item 4): an idea or a problem to the zone's animators
or head office; only its sender and those it was sent to read it (T12); a status and an answer,
the sender told; hostile text runs nothing (X2)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Feedback
from communities.services import feedback_send, feedback_update
from network_animation.models import MembershipZone, Notification, Role
from network_animation.tenancy import tenant_scope

from ..factories import MembershipFactory, UserFactory
from ..harmless import dangers
from .test_views import PAYLOADS

pytestmark = pytest.mark.django_db


def url(network, name: str, *args) -> str:
    return reverse(f"communities:{name}", args=[network.tenant.slug, *args])


def send(network, committed, role=Role.POS_STAFF, **fields):
    values = {
        "kind": Feedback.Kind.IDEA,
        "sent_to": Feedback.Recipient.ANIMATOR,
        "title": "Des présentoirs plus bas",
        "body": "Les clientes ne voient pas le haut du présentoir.",
        **fields,
    }
    with tenant_scope(network.tenant):
        return committed(
            lambda: feedback_send(tenant=network.tenant, actor=network.members[role], **values)
        )


def told(network, kind):
    with tenant_scope(network.tenant):
        return set(
            Notification.objects.filter(kind=f"community.{kind}").values_list(
                "recipient_id", flat=True
            )
        )


def test_a_dealers_idea_reaches_the_zones_animator_and_nobody_else(network_a, committed):
    dealer = network_a.client(Role.POS_STAFF)
    answer = dealer.post(
        url(network_a, "feedback_new"),
        {"kind": "idea", "sent_to": "animator", "title": "Vitrine", "body": "Plus de lumière"},
    )
    with tenant_scope(network_a.tenant):
        sent = Feedback.objects.get()
    assert answer.url == url(network_a, "feedback", sent.pk)
    assert sent.zone == network_a.zone
    assert told(network_a, "feedback_new") == {network_a.members[Role.ANIMATOR].pk}
    animator = network_a.client(Role.ANIMATOR)
    assert "Vitrine" in animator.get(url(network_a, "feedback_list")).content.decode()
    assert animator.get(url(network_a, "feedback", sent.pk)).status_code == 200
    # Neither head office, the director, nor the point of sale's manager reads it.
    for role in (Role.HEAD_OFFICE, Role.REGIONAL_DIRECTOR, Role.POS_MANAGER, Role.COACH):
        assert network_a.client(role).get(url(network_a, "feedback", sent.pk)).status_code == 404
    other_animator = MembershipFactory(
        tenant=network_a.tenant,
        role=Role.ANIMATOR,
        user=UserFactory(),
        zones=[network_a.other_zone],
    )
    from django.test import Client

    stranger = Client()
    stranger.force_login(other_animator.user)
    assert stranger.get(url(network_a, "feedback", sent.pk)).status_code == 404
    assert "Vitrine" not in stranger.get(url(network_a, "feedback_list")).content.decode()


def test_the_animator_answers_and_the_dealer_is_told_in_their_language(network_a, committed):
    sent = send(network_a, committed, kind=Feedback.Kind.PROBLEM)
    animator = network_a.client(Role.ANIMATOR)
    with tenant_scope(network_a.tenant):
        committed(
            lambda: animator.post(
                url(network_a, "feedback_answer", sent.pk),
                {"status": "in_progress", "answer": "On commande des **présentoirs bas**."},
            )
        )
        sent.refresh_from_db()
    assert sent.status == Feedback.Status.ANSWERED
    assert sent.answered_by == network_a.members[Role.ANIMATOR]
    assert told(network_a, "feedback_updated") == {network_a.members[Role.POS_STAFF].pk}
    dealer = network_a.client(Role.POS_STAFF)
    page = dealer.get(url(network_a, "feedback", sent.pk)).content.decode()
    assert "<strong>présentoirs bas</strong>" in page
    assert "Répondu" in page
    inbox = dealer.get(reverse("notifications", args=[network_a.tenant.slug])).content.decode()
    assert "est désormais\u00a0: Répondu" in inbox
    # The sender cannot answer it themselves.
    refused = dealer.post(url(network_a, "feedback_answer", sent.pk), {"status": "closed"})
    assert refused.status_code == 403


def test_saving_nothing_new_tells_nobody(network_a, committed):
    sent = send(network_a, committed)
    with tenant_scope(network_a.tenant):
        committed(
            lambda: feedback_update(
                tenant=network_a.tenant,
                actor=network_a.members[Role.ANIMATOR],
                feedback=sent,
                status=Feedback.Status.NEW,
            )
        )
    assert told(network_a, "feedback_updated") == set()


def test_what_is_sent_to_head_office_stays_with_head_office(network_a, committed):
    sent = send(network_a, committed, sent_to=Feedback.Recipient.HEAD_OFFICE)
    assert told(network_a, "feedback_new") == {network_a.members[Role.HEAD_OFFICE].pk}
    assert (
        network_a.client(Role.ANIMATOR).get(url(network_a, "feedback", sent.pk)).status_code == 404
    )
    head_office = network_a.client(Role.HEAD_OFFICE)
    assert head_office.get(url(network_a, "feedback", sent.pk)).status_code == 200


def test_an_animator_writes_to_head_office_only(network_a, committed):
    animator = network_a.client(Role.ANIMATOR)
    page = animator.get(url(network_a, "feedback_new")).content.decode()
    assert 'value="head_office"' in page
    assert 'value="animator"' not in page
    refused = animator.post(
        url(network_a, "feedback_new"),
        {"kind": "idea", "sent_to": "animator", "title": "T", "body": "B"},
    )
    assert refused.status_code == 400
    sent = send(network_a, committed, role=Role.ANIMATOR, sent_to=Feedback.Recipient.HEAD_OFFICE)
    assert sent.zone is None


@pytest.mark.parametrize("role", [Role.COACH, Role.REGIONAL_DIRECTOR])
def test_people_outside_the_flow_neither_send_nor_list(network_a, role):
    client = network_a.client(role)
    assert client.get(url(network_a, "feedback_new")).status_code == 403
    assert client.get(url(network_a, "feedback_list")).status_code == 403
    assert "Idées et problèmes" not in client.get(url(network_a, "list")).content.decode()


def test_a_zone_without_animator_is_told_to_write_to_head_office_and_keeps_its_text(network_a):
    with tenant_scope(network_a.tenant):
        MembershipZone.objects.filter(zone=network_a.zone).delete()
    dealer = network_a.client(Role.POS_STAFF)
    answer = dealer.post(
        url(network_a, "feedback_new"),
        {"kind": "problem", "sent_to": "animator", "title": "Rupture", "body": "Texte gardé"},
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "envoyez-le au siège" in text
    assert "Texte gardé" in text
    with tenant_scope(network_a.tenant):
        assert not Feedback.objects.exists()


def test_the_zone_page_lists_what_waits_for_its_animator_until_closed(network_a, committed):
    sent = send(network_a, committed)
    zone_page = reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    animator = network_a.client(Role.ANIMATOR)
    assert sent.title in animator.get(zone_page).content.decode()
    assert sent.title not in network_a.client(Role.HEAD_OFFICE).get(zone_page).content.decode()
    closing = {"status": "closed", "answer": ""}
    committed(lambda: animator.post(url(network_a, "feedback_answer", sent.pk), closing))
    assert sent.title not in animator.get(zone_page).content.decode()
    closed = animator.get(url(network_a, "feedback_list") + "?show=received&status=closed")
    assert sent.title in closed.content.decode()


def test_another_brand_never_opens_it(network_a, network_b, committed):
    sent = send(network_a, committed)
    for role in Role.values:
        answer = network_b.client(role).get(url(network_b, "feedback", sent.pk))
        assert answer.status_code in (403, 404), role


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_runs_nothing(network_a, committed, payload):
    sent = send(network_a, committed, title=f"Idée {payload}", body=f"Texte {payload}")
    animator = network_a.client(Role.ANIMATOR)
    animator.post(
        url(network_a, "feedback_answer", sent.pk), {"status": "answered", "answer": payload}
    )
    zone_page = reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    inbox = reverse("notifications", args=[network_a.tenant.slug])
    for client, pages in (
        (
            animator,
            [url(network_a, "feedback_list"), url(network_a, "feedback", sent.pk), zone_page],
        ),
        (network_a.client(Role.POS_STAFF), [url(network_a, "feedback", sent.pk), inbox]),
    ):
        for address in pages:
            assert dangers(client.get(address).content.decode()) == [], address


def test_the_lists_run_a_fixed_number_of_queries(
    network_a, committed, django_assert_max_num_queries
):
    for number in range(30):
        send(network_a, committed, title=f"Idée {number}")
    animator = network_a.client(Role.ANIMATOR)
    dealer = network_a.client(Role.POS_STAFF)
    animator.get(url(network_a, "feedback_list"))
    with django_assert_max_num_queries(12):
        assert animator.get(url(network_a, "feedback_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert dealer.get(url(network_a, "feedback_list")).status_code == 200


def test_the_zone_page_reads_its_feedback_panel_from_the_cache(network_a, committed):
    """Opened again, the zone page asks nothing of the feedback: its panel is cached until
    feedback is sent or answered."""
    sent = send(network_a, committed)
    zone_page = reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    animator = network_a.client(Role.ANIMATOR)
    animator.get(zone_page)
    with CaptureQueriesContext(connection) as captured:
        assert sent.title in animator.get(zone_page).content.decode()
    assert not [q for q in captured if "communities_feedback" in q["sql"]]
