"""Announcements (issue 14, item 1): delivered to exactly the people the audience names when it
is sent, read and acknowledged, read rates per zone for the author, a reminder once; nobody else
opens one, by page, list, panel or notification (T12); hostile text runs nothing (X2)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from communities.models import Announcement, AnnouncementRecipient
from communities.services import announcement_send
from communities.services.announcements import announcement_reminders_send
from network_animation.audiences import Audience, audience_membership_ids
from network_animation.models import Notification, Role
from network_animation.tenancy import tenant_scope

from ..factories import MembershipFactory, UserFactory
from ..harmless import dangers
from .test_views import PAYLOADS

pytestmark = pytest.mark.django_db


def url(network, name: str, *args) -> str:
    return reverse(f"communities:{name}", args=[network.tenant.slug, *args])


def other_dealer(network):
    """Staff of the other zone's point of sale."""
    return MembershipFactory(
        tenant=network.tenant,
        role=Role.POS_STAFF,
        point_of_sale=network.other_point_of_sale,
        user=UserFactory(),
    )


def client_of(membership):
    from django.test import Client

    client = Client()
    client.force_login(membership.user)
    return client


def send(network, committed, role=Role.HEAD_OFFICE, audience=None, **fields):
    values = {"title": "Nouvelle gamme printemps", "body": "Les **prix** changent lundi.", **fields}
    with tenant_scope(network.tenant):
        return committed(
            lambda: announcement_send(
                tenant=network.tenant,
                actor=network.members[role],
                audience=audience or Audience(zones=frozenset({network.zone.pk})),
                **values,
            )
        )


def test_a_zone_announcement_reaches_its_people_and_nobody_else(network_a, committed):
    outsider = other_dealer(network_a)
    sent = send(network_a, committed)
    with tenant_scope(network_a.tenant):
        rows = set(
            AnnouncementRecipient.objects.filter(announcement=sent).values_list(
                "membership_id", flat=True
            )
        )
        expected = audience_membership_ids(
            tenant=network_a.tenant, audience=Audience(zones=frozenset({network_a.zone.pk}))
        )
        told = set(
            Notification.objects.filter(kind="community.announcement").values_list(
                "recipient_id", flat=True
            )
        )
    author = network_a.members[Role.HEAD_OFFICE]
    assert rows == expected - {author.pk}
    assert {network_a.members[r].pk for r in (Role.POS_STAFF, Role.POS_MANAGER)} <= rows
    assert network_a.members[Role.ANIMATOR].pk in rows  # the zone's animator
    assert outsider.pk not in rows
    assert network_a.members[Role.COACH].pk not in rows
    assert told == rows
    assert sent.recipient_count == len(rows)
    # The outsider opens it by no way: its page, their list, their notifications.
    outside = client_of(outsider)
    assert outside.get(url(network_a, "announcement", sent.pk)).status_code == 404
    assert outside.post(url(network_a, "announcement_acknowledge", sent.pk)).status_code == 404
    assert sent.title not in outside.get(url(network_a, "announcements")).content.decode()
    inbox = outside.get(reverse("notifications", args=[network_a.tenant.slug]))
    assert sent.title not in inbox.content.decode()


def test_another_brand_never_opens_it(network_a, network_b, committed):
    sent = send(network_a, committed)
    for role in Role.values:
        answer = network_b.client(role).get(url(network_b, "announcement", sent.pk))
        assert answer.status_code == 404, role


def test_a_dealer_reads_and_confirms_and_the_author_sees_the_rate_per_zone(network_a, committed):
    sent = send(network_a, committed, requires_acknowledgement=True)
    dealer = network_a.client(Role.POS_STAFF)
    listed = dealer.get(url(network_a, "announcements")).content.decode()
    assert "Nouvelle gamme printemps" in listed
    assert "nouveau" in listed.lower()
    page = dealer.get(url(network_a, "announcement", sent.pk)).content.decode()
    assert "<strong>prix</strong>" in page
    assert "Qui l’a lue" not in page  # a recipient sees no read rates
    answer = dealer.post(
        url(network_a, "announcement_acknowledge", sent.pk), HTTP_HX_REQUEST="true"
    )
    assert "Vous avez confirmé" in answer.content.decode()
    staff = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        row = AnnouncementRecipient.objects.get(announcement=sent, membership=staff)
        unread = Notification.objects.filter(recipient=staff, read_at__isnull=True)
        assert not unread.filter(kind="community.announcement").exists()
    assert row.read_at is not None
    assert row.acknowledged_at is not None
    rates = network_a.client(Role.HEAD_OFFICE).get(url(network_a, "announcement", sent.pk))
    text = rates.content.decode()
    assert "Qui l’a lue" in text
    zone_row = text.split(f'<th scope="row">{network_a.zone.name}</th>', 1)[1].split("</tr>")[0]
    # Three in the zone (manager, staff, its animator): one read and confirmed. The director
    # counts outside the zones.
    assert "33\u00a0%" in zone_row
    assert "Hors des zones" in text


def test_reading_twice_counts_once(network_a, committed):
    sent = send(network_a, committed)
    dealer = network_a.client(Role.POS_STAFF)
    dealer.get(url(network_a, "announcement", sent.pk))
    with tenant_scope(network_a.tenant):
        first = AnnouncementRecipient.objects.get(
            announcement=sent, membership=network_a.members[Role.POS_STAFF]
        ).read_at
    dealer.get(url(network_a, "announcement", sent.pk))
    with tenant_scope(network_a.tenant):
        again = AnnouncementRecipient.objects.get(
            announcement=sent, membership=network_a.members[Role.POS_STAFF]
        ).read_at
    assert first == again is not None


def test_an_animator_writes_to_their_zones_only(network_a):
    animator = network_a.client(Role.ANIMATOR)
    page = animator.get(url(network_a, "announcement_new"))
    assert page.status_code == 200
    text = page.content.decode()
    assert network_a.zone.name in text
    assert network_a.other_zone.name not in text
    refused = animator.post(
        url(network_a, "announcement_new"),
        {"title": "T", "body": "B", "zones": [network_a.other_zone.pk]},
    )
    assert refused.status_code == 400
    assert "choix valide" in refused.content.decode()  # the other zone is not offered
    sent = animator.post(url(network_a, "announcement_new"), {"title": "Réunion", "body": "Lundi"})
    with tenant_scope(network_a.tenant):
        announcement = Announcement.objects.get(title="Réunion")
        reached = set(announcement.recipients.values_list("membership_id", flat=True))
    assert sent.url == url(network_a, "announcement", announcement.pk)
    # Nothing ticked: everyone in the animator's zone, nobody of the other zone.
    assert Audience.from_json(announcement.audience).zones == {network_a.zone.pk}
    assert network_a.members[Role.POS_STAFF].pk in reached
    assert network_a.members[Role.HEAD_OFFICE].pk not in reached


@pytest.mark.parametrize("role", [Role.POS_STAFF, Role.POS_MANAGER, Role.COACH])
def test_people_who_do_not_announce_cannot_compose(network_a, role):
    client = network_a.client(role)
    assert client.get(url(network_a, "announcement_new")).status_code == 403
    assert client.post(url(network_a, "announcement_audience")).status_code == 403
    assert "Nouvelle annonce" not in client.get(url(network_a, "announcements")).content.decode()


def test_an_empty_audience_is_refused_with_the_text_kept(network_a):
    head_office = network_a.client(Role.HEAD_OFFICE)
    answer = head_office.post(
        url(network_a, "announcement_new"),
        {
            "title": "Pour personne",
            "body": "Texte gardé",
            "roles": [Role.COACH],
            "zones": [network_a.zone.pk],
        },
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "Personne n’est dans cette audience" in text
    assert "Texte gardé" in text
    with tenant_scope(network_a.tenant):
        assert not Announcement.objects.exists()


def test_the_compose_page_counts_the_audience_as_boxes_are_ticked(network_a):
    head_office = network_a.client(Role.HEAD_OFFICE)
    answer = head_office.post(
        url(network_a, "announcement_audience"),
        {"roles": [Role.POS_STAFF, Role.POS_MANAGER]},
        HTTP_HX_REQUEST="true",
    )
    assert "2\u00a0personnes" in answer.content.decode() or "2 personnes" in answer.content.decode()
    nobody = head_office.post(
        url(network_a, "announcement_audience"),
        {"roles": [Role.COACH], "zones": [network_a.zone.pk]},
    )
    assert (
        "Personne n’est dans cette audience" in nobody.content.decode()
        or "0" in nobody.content.decode()
    )


def test_those_who_have_not_read_are_reminded_once_after_the_days_chosen(network_a, committed):
    sent = send(network_a, committed, remind_after_days=3)
    network_a.client(Role.POS_STAFF).get(url(network_a, "announcement", sent.pk))
    with tenant_scope(network_a.tenant):
        assert committed(lambda: announcement_reminders_send(tenant=network_a.tenant)) == 0
        later = timezone.now() + dt.timedelta(days=3, minutes=1)
        reminded = committed(
            lambda: announcement_reminders_send(tenant=network_a.tenant, now=later)
        )
        again = committed(lambda: announcement_reminders_send(tenant=network_a.tenant, now=later))
        told = set(
            Notification.objects.filter(kind="community.announcement_reminder").values_list(
                "recipient_id", flat=True
            )
        )
    assert reminded == sent.recipient_count - 1
    assert again == 0
    assert network_a.members[Role.POS_STAFF].pk not in told  # they read it
    assert network_a.members[Role.POS_MANAGER].pk in told


def test_an_acknowledgement_still_missing_is_reminded(network_a, committed):
    sent = send(network_a, committed, remind_after_days=2, requires_acknowledgement=True)
    network_a.client(Role.POS_STAFF).get(url(network_a, "announcement", sent.pk))  # read only
    later = timezone.now() + dt.timedelta(days=2, minutes=1)
    with tenant_scope(network_a.tenant):
        committed(lambda: announcement_reminders_send(tenant=network_a.tenant, now=later))
        told = Notification.objects.filter(
            kind="community.announcement_reminder", recipient=network_a.members[Role.POS_STAFF]
        )
        assert told.exists()


def test_the_announcement_is_emailed_at_once(network_a, committed):
    mail.outbox.clear()
    send(network_a, committed)
    addresses = {address for message in mail.outbox for address in message.to}
    assert network_a.members[Role.POS_STAFF].user.email in addresses
    assert network_a.members[Role.COACH].user.email not in addresses


def test_the_dealer_page_shows_unread_announcements_until_read(network_a, committed):
    sent = send(network_a, committed)
    page = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    dealer = network_a.client(Role.POS_STAFF)
    assert "Nouvelle gamme printemps" in dealer.get(page).content.decode()
    committed(lambda: dealer.get(url(network_a, "announcement", sent.pk)))
    assert "Nouvelle gamme printemps" not in dealer.get(page).content.decode()


def test_the_zone_page_shows_the_read_rate_to_the_author_only(network_a, committed):
    sent = send(
        network_a,
        committed,
        role=Role.ANIMATOR,
        audience=Audience(roles=frozenset({Role.POS_STAFF})),
    )
    zone_page = reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    network_a.client(Role.POS_STAFF).get(url(network_a, "announcement", sent.pk))
    text = network_a.client(Role.ANIMATOR).get(zone_page).content.decode()
    assert sent.title in text
    assert "100\u00a0%" in text
    # Head office neither wrote nor received it: the zone page does not name it.
    assert sent.title not in network_a.client(Role.HEAD_OFFICE).get(zone_page).content.decode()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_runs_nothing_anywhere_it_is_shown(network_a, committed, payload):
    sent = send(network_a, committed, title=f"Annonce {payload}", body=f"Texte {payload}")
    dealer = network_a.client(Role.POS_STAFF)
    pages = [
        url(network_a, "announcements"),
        reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk]),
        reverse("notifications", args=[network_a.tenant.slug]),
        url(network_a, "announcement", sent.pk),
    ]
    for address in pages:
        assert dangers(dealer.get(address).content.decode()) == [], address
    author = network_a.client(Role.HEAD_OFFICE)
    for address in (
        url(network_a, "announcement", sent.pk),
        url(network_a, "announcements") + "?show=sent",
    ):
        assert dangers(author.get(address).content.decode()) == [], address
    for message in mail.outbox:  # plain text: shown as typed, never interpreted
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])


def test_the_lists_run_a_fixed_number_of_queries(
    network_a, committed, django_assert_max_num_queries
):
    for number in range(30):
        send(network_a, committed, title=f"Annonce {number}")
    dealer = network_a.client(Role.POS_STAFF)
    author = network_a.client(Role.HEAD_OFFICE)
    dealer.get(url(network_a, "announcements"))  # sessions and caches warm
    with django_assert_max_num_queries(12):
        assert dealer.get(url(network_a, "announcements")).status_code == 200
    with django_assert_max_num_queries(12):
        assert author.get(url(network_a, "announcements") + "?show=sent").status_code == 200
