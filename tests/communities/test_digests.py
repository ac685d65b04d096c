"""The communities' notifications by email: chatty kinds wait for the digests (daily, or weekly
on Mondays), hostile titles stay plain text, and someone who lost access to a community is never
told of it again, in the inbox or by email."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from communities.notifications import REPLY, THREAD_NEW
from communities.services import community_follow_toggle, post_reply
from network_animation.models import Channel, Frequency, Membership, Role
from network_animation.services.notification_emails import notification_digests_send
from network_animation.services.notifications import notification_preferences_save
from network_animation.tenancy import tenant_scope

from .conftest import start, sync

pytestmark = pytest.mark.django_db
MONDAY, TUESDAY = dt.date(2025, 3, 3), dt.date(2025, 3, 4)
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> Stock'


def follow(network, role, community) -> Membership:
    person = network.members[role]
    with tenant_scope(network.tenant):
        community_follow_toggle(tenant=network.tenant, actor=person, community=community)
    return person


def prefer(network, person: Membership, kind: str, frequency: str) -> None:
    with tenant_scope(network.tenant):
        notification_preferences_save(
            tenant=network.tenant, membership=person, choices={(kind, Channel.EMAIL): frequency}
        )


def digests(network, today: dt.date, capture) -> int:
    with tenant_scope(network.tenant), capture(execute=True):
        return notification_digests_send(tenant=network.tenant, today=today)


def inbox(network, role=Role.POS_STAFF) -> str:
    answer = network.client(role).get(reverse("notifications", args=[network.tenant.slug]))
    return answer.content.decode()


def test_new_threads_wait_for_the_daily_digest_and_go_out_once(
    network_a, communities_a, django_capture_on_commit_callbacks
):
    staff = follow(network_a, Role.POS_STAFF, communities_a.zone)
    start(network_a, communities_a.zone, role=Role.ANIMATOR, title="Les essais du samedi")
    start(network_a, communities_a.zone, role=Role.ANIMATOR, title="La prime d’hiver")
    assert mail.outbox == []  # a chatty kind is never one email per event by default
    assert digests(network_a, TUESDAY, django_capture_on_commit_callbacks) == 1
    assert digests(network_a, TUESDAY, django_capture_on_commit_callbacks) == 0
    [digest] = mail.outbox
    assert digest.to == [staff.user.email]
    assert "Les essais du samedi" in digest.body
    assert "La prime d’hiver" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_weekly_reader_gets_the_replies_on_monday_only(
    network_a, communities_a, django_capture_on_commit_callbacks
):
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER, title="Relance")
    manager = network_a.members[Role.POS_MANAGER]
    prefer(network_a, manager, REPLY, Frequency.WEEKLY)
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        post_reply(
            tenant=network_a.tenant,
            actor=network_a.members[Role.ANIMATOR],
            thread=thread,
            body="Appelez à J+2.",
        )
    assert digests(network_a, TUESDAY, django_capture_on_commit_callbacks) == 0
    assert digests(network_a, MONDAY, django_capture_on_commit_callbacks) == 1
    assert mail.outbox[0].to == [manager.user.email]
    assert "Relance" in mail.outbox[0].body


def test_someone_who_chose_never_gets_no_email_but_still_sees_it_in_the_inbox(
    network_a, communities_a, django_capture_on_commit_callbacks
):
    staff = follow(network_a, Role.POS_STAFF, communities_a.zone)
    prefer(network_a, staff, THREAD_NEW, Frequency.NEVER)
    start(network_a, communities_a.zone, role=Role.ANIMATOR, title="Les essais du samedi")
    assert digests(network_a, MONDAY, django_capture_on_commit_callbacks) == 0
    assert "Les essais du samedi" in inbox(network_a)


def test_a_hostile_title_is_plain_text_in_the_digest(
    network_a, communities_a, django_capture_on_commit_callbacks
):
    follow(network_a, Role.POS_STAFF, communities_a.zone)
    start(network_a, communities_a.zone, role=Role.ANIMATOR, title=HOSTILE)
    digests(network_a, TUESDAY, django_capture_on_commit_callbacks)
    [digest] = mail.outbox
    assert digest.content_subtype == "plain"
    assert not getattr(digest, "alternatives", [])  # no HTML part a mail client would run
    assert HOSTILE in digest.body  # shown as typed, never interpreted


def test_a_dealer_moved_to_another_zone_is_told_nothing_more_of_the_old_one(
    network_a, communities_a, django_capture_on_commit_callbacks
):
    follow(network_a, Role.POS_STAFF, communities_a.zone)
    start(network_a, communities_a.zone, role=Role.ANIMATOR, title="Entre nous")
    assert "Entre nous" in inbox(network_a)
    with tenant_scope(network_a.tenant):
        point = network_a.point_of_sale
        point.zone = network_a.other_zone
        point.save(update_fields=["zone"])
    with django_capture_on_commit_callbacks(execute=True):
        sync(network_a)  # what the task after the move does
    assert digests(network_a, TUESDAY, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert "Entre nous" not in inbox(network_a)
