"""The platform's notifications: one service for every app, by each person's preferences; the
inbox and the bell; emails at once or in digests; a one-click unsubscribe (RFC 8058)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from challenges.notifications import CLOSED
from network_animation.models import Channel, Frequency, Notification, Role
from network_animation.notifications import KINDS
from network_animation.selectors import notification_unread_count
from network_animation.services.notification_emails import notification_digests_send
from network_animation.services.notifications import (
    notification_preferences_save,
    notifications_withdraw,
    notify,
)
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db
MONDAY, TUESDAY = dt.date(2025, 3, 3), dt.date(2025, 3, 4)
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def tell(network, recipients, capture, **options):
    """A challenge closing told to `recipients`, committed (emails at once go out)."""
    fields = {
        "kind": CLOSED,
        "url": f"/{network.tenant.slug}/network/",
        "params": {"name": "Sprint", "rank": 2, "peers": 4, "points": 20},
        **options,
    }
    with tenant_scope(network.tenant), capture(execute=True):
        return notify(tenant=network.tenant, recipients=recipients, **fields)


def prefer(network, role, kind, channel, frequency):
    with tenant_scope(network.tenant):
        notification_preferences_save(
            tenant=network.tenant,
            membership=network.members[role],
            choices={(kind, channel): frequency},
        )


def inbox(network, role=Role.POS_STAFF) -> str:
    return (
        network.client(role)
        .get(reverse("notifications", args=[network.tenant.slug]))
        .content.decode()
    )


def test_each_recipient_but_the_actor_is_told_once_whatever_the_reruns(
    network_a, django_capture_on_commit_callbacks
):
    staff, manager = network_a.members[Role.POS_STAFF], network_a.members[Role.POS_MANAGER]
    for _ in range(2):
        tell(
            network_a,
            [staff, manager],
            django_capture_on_commit_callbacks,
            actor=manager,
            once_key="c:1",
        )
    with tenant_scope(network_a.tenant):
        assert list(Notification.objects.values_list("recipient_id", flat=True)) == [staff.pk]
    assert "vous finissez 2 sur 4. Vous gagnez 20 points." in inbox(network_a)


def test_a_closing_is_emailed_at_once_with_a_one_click_unsubscribe(
    network_a, django_capture_on_commit_callbacks
):
    tell(network_a, [network_a.members[Role.POS_STAFF]], django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.to == [network_a.members[Role.POS_STAFF].user.email]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"<(https?://[^>]+)>", email.extra_headers["List-Unsubscribe"]).group(1)
    assert link in email.body


def test_unsubscribing_needs_no_sign_in_and_only_a_post_stops_the_emails(
    network_a, django_capture_on_commit_callbacks
):
    staff = network_a.members[Role.POS_STAFF]
    tell(network_a, [staff], django_capture_on_commit_callbacks)
    url = re.search(
        r"<https?://[^/]+([^>]+)>", mail.outbox[0].extra_headers["List-Unsubscribe"]
    ).group(1)
    visitor = Client(enforce_csrf_checks=True)  # a mail client: no session, no CSRF token
    assert visitor.get(url).status_code == 200
    tell(network_a, [staff], django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2  # a GET changed nothing
    assert visitor.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    tell(network_a, [staff], django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert "Sprint" in inbox(network_a)  # the inbox still shows them
    assert visitor.post(url.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 404


def test_daily_digests_group_what_is_new_and_a_rerun_sends_nothing_twice(
    network_a, django_capture_on_commit_callbacks
):
    staff, manager = network_a.members[Role.POS_STAFF], network_a.members[Role.POS_MANAGER]
    for role in (Role.POS_STAFF, Role.POS_MANAGER):
        prefer(network_a, role, CLOSED, Channel.EMAIL, Frequency.DAILY)
    prefer(network_a, Role.POS_MANAGER, CLOSED, Channel.EMAIL, Frequency.WEEKLY)
    for name in ("Sprint", "Marathon"):
        tell(network_a, [staff, manager], django_capture_on_commit_callbacks, params={"name": name})
    assert mail.outbox == []
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        assert notification_digests_send(tenant=network_a.tenant, today=TUESDAY) == 1
        assert notification_digests_send(tenant=network_a.tenant, today=TUESDAY) == 0
    [digest] = mail.outbox
    assert digest.to == [staff.user.email]
    assert "Sprint" in digest.body
    assert "Marathon" in digest.body
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        assert notification_digests_send(tenant=network_a.tenant, today=MONDAY) == 1
    assert mail.outbox[-1].to == [manager.user.email]


def test_nothing_is_sent_to_someone_with_nothing_new_nor_what_they_read(
    network_a, django_capture_on_commit_callbacks
):
    prefer(network_a, Role.POS_STAFF, CLOSED, Channel.EMAIL, Frequency.DAILY)
    tell(network_a, [network_a.members[Role.POS_STAFF]], django_capture_on_commit_callbacks)
    client = network_a.client(Role.POS_STAFF)
    client.post(reverse("notifications_read_all", args=[network_a.tenant.slug]))
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        assert notification_digests_send(tenant=network_a.tenant, today=MONDAY) == 0
    assert mail.outbox == []


def test_no_platform_and_no_email_means_no_notification(
    network_a, django_capture_on_commit_callbacks
):
    prefer(network_a, Role.POS_STAFF, CLOSED, Channel.PLATFORM, Frequency.NEVER)
    prefer(network_a, Role.POS_STAFF, CLOSED, Channel.EMAIL, Frequency.NEVER)
    assert (
        tell(network_a, [network_a.members[Role.POS_STAFF]], django_capture_on_commit_callbacks)
        == []
    )
    assert mail.outbox == []


def test_the_bell_counts_what_is_unread_and_forgets_its_count_when_it_changes(
    network_a, django_capture_on_commit_callbacks
):
    staff = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        assert notification_unread_count(tenant=network_a.tenant, membership=staff) == 0
    [note] = tell(network_a, [staff], django_capture_on_commit_callbacks)
    page = inbox(network_a)
    assert 'class="bell__count">1' in page
    client = network_a.client(Role.POS_STAFF)
    with tenant_scope(network_a.tenant):
        note = Notification.objects.get(recipient=staff)
    answer = client.post(
        reverse("notification_read", args=[network_a.tenant.slug, note.pk]), HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    assert "notification--unread" not in answer.content.decode()
    assert 'class="bell__count"' not in inbox(network_a)


def test_a_notification_opens_what_it_is_about_and_never_another_site(
    network_a, django_capture_on_commit_callbacks
):
    staff = network_a.members[Role.POS_STAFF]
    tell(network_a, [staff], django_capture_on_commit_callbacks)
    tell(network_a, [staff], django_capture_on_commit_callbacks, url="//evil.example/")
    client = network_a.client(Role.POS_STAFF)
    with tenant_scope(network_a.tenant):
        inside, outside = Notification.objects.order_by("pk")
    opened = client.get(reverse("notification_open", args=[network_a.tenant.slug, inside.pk]))
    assert opened.url == f"/{network_a.tenant.slug}/network/"
    elsewhere = client.get(reverse("notification_open", args=[network_a.tenant.slug, outside.pk]))
    assert elsewhere.url == reverse("notifications", args=[network_a.tenant.slug])
    with tenant_scope(network_a.tenant):
        inside.refresh_from_db()
    assert inside.read_at is not None


def test_another_persons_notification_is_answered_as_missing(
    network_a, django_capture_on_commit_callbacks
):
    [note] = tell(
        network_a, [network_a.members[Role.POS_STAFF]], django_capture_on_commit_callbacks
    )
    with tenant_scope(network_a.tenant):
        note = Notification.objects.get()
    client = network_a.client(Role.POS_MANAGER)
    assert (
        client.get(reverse("notification_open", args=[network_a.tenant.slug, note.pk])).status_code
        == 404
    )
    assert "Sprint" not in inbox(network_a, Role.POS_MANAGER)


def test_withdrawn_notifications_leave_the_inbox_and_the_digests(
    network_a, django_capture_on_commit_callbacks
):
    staff = network_a.members[Role.POS_STAFF]
    prefer(network_a, Role.POS_STAFF, CLOSED, Channel.EMAIL, Frequency.DAILY)
    tell(network_a, [staff], django_capture_on_commit_callbacks, scope="community:1")
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        notifications_withdraw(
            tenant=network_a.tenant, membership_ids=[staff.pk], scope="community:1"
        )
        assert notification_digests_send(tenant=network_a.tenant, today=TUESDAY) == 0
    assert "Sprint" not in inbox(network_a)


def test_names_people_typed_are_escaped_in_the_inbox_and_plain_in_emails(
    network_a, django_capture_on_commit_callbacks
):
    params = {"name": HOSTILE, "rank": 1, "peers": 2, "points": 0}
    tell(
        network_a,
        [network_a.members[Role.POS_STAFF]],
        django_capture_on_commit_callbacks,
        params=params,
    )
    page = inbox(network_a)
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert mail.outbox[0].content_subtype == "plain"


def test_the_preferences_page_saves_a_choice_per_kind_and_channel(network_a):
    client = network_a.client(Role.POS_STAFF)
    url = reverse("notification_preferences", args=[network_a.tenant.slug])
    assert client.get(url).status_code == 200
    # Every kind is on the form; the closing's platform box is left unticked.
    form = {f"{kind}:email": Frequency.DAILY for kind in KINDS}
    answer = client.post(url, {**form, f"{CLOSED}:email": Frequency.WEEKLY})
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        from network_animation.selectors import notification_preferences

        chosen = notification_preferences(
            tenant=network_a.tenant, membership=network_a.members[Role.POS_STAFF]
        )
    assert chosen[(CLOSED, Channel.EMAIL)] == Frequency.WEEKLY
    assert chosen[(CLOSED, Channel.PLATFORM)] == Frequency.NEVER
    assert client.post(url, {**form, f"{CLOSED}:email": "hourly"}).status_code == 400
