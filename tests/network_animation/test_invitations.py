"""People are global accounts: a brand invites an address and never writes a person (T10)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network_animation.models import AuditEvent, Invitation, Membership, Role
from network_animation.tenancy import all_tenants, tenant_scope

from .test_isolation import CANARY, tenant_rows_digest

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/accounts/invitations/[^/\s]+/")


def invite(network, client, email, capture, **fields):
    data = {"email": email, "role": Role.ANIMATOR, "zones": [network.zone.pk], "language": "fr"}
    with capture(execute=True):
        return client.post(reverse("person_create", args=[network.tenant.slug]), {**data, **fields})


def path_of_link(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    url = LINK.search(message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_inviting_another_brands_person_changes_nothing_of_theirs(
    network_a, network_b, django_capture_on_commit_callbacks
):
    person = network_b.members[Role.POS_MANAGER]
    user = person.user
    before = (user.first_name, user.last_name, user.password, user.language)
    b_rows = tenant_rows_digest(network_b.tenant)
    answer = invite(
        network_a,
        network_a.client(),
        user.email,
        django_capture_on_commit_callbacks,
        first_name="Renamed",
        last_name="By A",
        language="en",
    )
    assert answer.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.password, user.language) == before
    assert tenant_rows_digest(network_b.tenant) == b_rows
    with tenant_scope(network_a.tenant):
        assert not Membership.objects.filter(user=user).exists()
        assert Invitation.objects.get(email=user.email).status == Invitation.Status.PENDING
    assert path_of_link(user.email).startswith("/accounts/invitations/")


def test_the_answer_is_the_same_whether_the_address_has_an_account_or_not(
    network_a, network_b, django_capture_on_commit_callbacks
):
    client = network_a.client()
    existing = network_b.members[Role.COACH].user.email
    answers = [
        invite(network_a, client, email, django_capture_on_commit_callbacks)
        for email in (existing, "nobody-yet@example.com")
    ]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0].url == answers[1].url
    messages = [str(list(answer.wsgi_request._messages)[-1]) for answer in answers]
    assert messages[0].replace(existing, "nobody-yet@example.com") == messages[1]
    page = client.get(reverse("manage_people", args=[network_a.tenant.slug])).content.decode()
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td>", page)
    assert (existing, "Animateur réseau") in rows
    assert ("nobody-yet@example.com", "Animateur réseau") in rows


def test_an_existing_account_accepts_and_joins_with_the_offered_role(
    network_a, network_b, django_capture_on_commit_callbacks
):
    user = network_b.members[Role.COACH].user
    names = (user.first_name, user.last_name)
    invite(network_a, network_a.client(), user.email, django_capture_on_commit_callbacks)
    client = Client()
    assert client.get(path_of_link(user.email)).status_code == 200  # signed out: sign in first
    client.force_login(user)
    page = client.get(path_of_link(user.email))
    assert network_a.tenant.name in page.content.decode()
    answer = client.post(path_of_link(user.email), {"action": "accept"})
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        membership = Membership.objects.get(user=user)
        assert membership.role == Role.ANIMATOR
        assert list(membership.zones.all()) == [network_a.zone]
        assert AuditEvent.objects.filter(action="membership_created", target=user.email).exists()
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == names
    with tenant_scope(network_b.tenant):
        assert Membership.objects.get(user=user).role == Role.COACH


def test_a_newcomer_creates_their_account_from_the_link(
    network_a, django_capture_on_commit_callbacks
):
    email = "newcomer@example.com"
    invite(
        network_a,
        network_a.client(),
        email,
        django_capture_on_commit_callbacks,
        first_name="Léa",
        last_name="Roux",
    )
    client = Client()
    form = client.get(path_of_link(email)).content.decode()
    assert 'value="Léa"' in form
    weak = client.post(
        path_of_link(email),
        {
            "first_name": "Léa",
            "last_name": "Roux",
            "language": "en",
            "password": "123",
            "password_again": "123",
        },
    )
    assert weak.status_code == 400
    answer = client.post(
        path_of_link(email),
        {
            "first_name": "Léa",
            "last_name": "Roux-Martin",
            "language": "en",
            "password": "a-long-Passphrase-42",
            "password_again": "a-long-Passphrase-42",
        },
    )
    assert answer.status_code == 302
    with all_tenants():
        from network_animation.models import User

        user = User.objects.get(email=email)
    assert (user.last_name, user.language) == ("Roux-Martin", "en")
    assert user.check_password("a-long-Passphrase-42")
    assert client.get(reverse("tenant_home", args=[network_a.tenant.slug])).status_code == 302
    with tenant_scope(network_a.tenant):
        assert Membership.objects.get(user=user).role == Role.ANIMATOR


def test_a_declined_or_used_link_opens_nothing(network_a, django_capture_on_commit_callbacks):
    email = "declines@example.com"
    invite(network_a, network_a.client(), email, django_capture_on_commit_callbacks)
    client = Client()
    assert client.post(path_of_link(email), {"action": "decline"}).status_code == 200
    with tenant_scope(network_a.tenant):
        assert Invitation.objects.get(email=email).status == Invitation.Status.DECLINED
    again = client.get(path_of_link(email))
    assert again.status_code == 404
    assert network_a.tenant.name not in again.content.decode()


def test_someone_else_signed_in_with_the_link_sees_no_brand(
    network_a, network_b, django_capture_on_commit_callbacks
):
    invite(network_b, network_b.client(), "someone@example.com", django_capture_on_commit_callbacks)
    stranger = network_a.client()
    answer = stranger.get(path_of_link("someone@example.com"))
    assert answer.status_code == 404
    assert CANARY not in answer.content.decode()
    assert (
        stranger.post(path_of_link("someone@example.com"), {"action": "accept"}).status_code == 404
    )
    with tenant_scope(network_b.tenant):
        assert Invitation.objects.get(email="someone@example.com").status == "pending"


def test_an_expired_link_opens_nothing(network_a, django_capture_on_commit_callbacks):
    invite(network_a, network_a.client(), "late@example.com", django_capture_on_commit_callbacks)
    with tenant_scope(network_a.tenant):
        Invitation.objects.filter(email="late@example.com").update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    assert Client().get(path_of_link("late@example.com")).status_code == 404


def test_sending_again_gives_a_new_link_and_cancelling_kills_it(
    network_a, django_capture_on_commit_callbacks
):
    client = network_a.client()
    invite(network_a, client, "twice@example.com", django_capture_on_commit_callbacks)
    first = path_of_link("twice@example.com")
    with tenant_scope(network_a.tenant):
        invitation = Invitation.objects.get(email="twice@example.com")
    manage = reverse("invitation_manage", args=[network_a.tenant.slug, invitation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(manage, {"action": "resend"}).status_code == 302
    second = path_of_link("twice@example.com")
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    assert client.post(manage, {"action": "cancel"}).status_code == 302
    assert Client().get(second).status_code == 404


def test_inviting_the_same_address_twice_with_the_same_role_sends_nothing_new(
    network_a, django_capture_on_commit_callbacks
):
    client = network_a.client()
    invite(network_a, client, "same@example.com", django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    from network_animation.services.invitations import invitation_send

    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        invitation_send(
            tenant=network_a.tenant,
            actor=None,
            email="SAME@example.com",
            role=Role.ANIMATOR,
            zones=[network_a.zone],
        )
    assert len(mail.outbox) == sent


def test_a_member_cannot_be_invited_again(network_a, django_capture_on_commit_callbacks):
    member = network_a.members[Role.COACH].user.email
    answer = invite(network_a, network_a.client(), member, django_capture_on_commit_callbacks)
    assert answer.status_code == 400
    assert "fait déjà partie du réseau" in answer.content.decode()


def test_an_invitation_cannot_point_at_another_brands_zone(
    network_a, network_b, django_capture_on_commit_callbacks
):
    answer = invite(
        network_a,
        network_a.client(),
        "x@example.com",
        django_capture_on_commit_callbacks,
        zones=[network_b.zone.pk],
    )
    assert answer.status_code == 400
    with tenant_scope(network_a.tenant):
        assert not Invitation.objects.filter(email="x@example.com").exists()


def test_editing_a_member_never_changes_their_name(network_a):
    seller = network_a.members[Role.POS_STAFF]
    url = reverse("person_edit", args=[network_a.tenant.slug, seller.pk])
    form = network_a.client().get(url).content.decode()
    assert 'name="first_name"' not in form
    answer = network_a.client().post(
        url,
        {
            "first_name": "Hacked",
            "last_name": "Name",
            "role": Role.POS_MANAGER,
            "point_of_sale": network_a.point_of_sale.pk,
            "is_active": "on",
        },
    )
    assert answer.status_code == 302
    seller.user.refresh_from_db()
    assert seller.user.first_name != "Hacked"
    with tenant_scope(network_a.tenant):
        seller.refresh_from_db()
    assert seller.role == Role.POS_MANAGER


def test_invitation_pages_and_emails_are_in_the_persons_language(
    network_a, network_b, django_capture_on_commit_callbacks
):
    user = network_b.members[Role.COACH].user
    user.language = "en"
    user.save(update_fields=["language"])
    invite(network_a, network_a.client(), user.email, django_capture_on_commit_callbacks)
    invite(network_a, network_a.client(), "fr@example.com", django_capture_on_commit_callbacks)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[user.email].startswith("Invitation to join")
    assert subjects["fr@example.com"].startswith("Invitation à rejoindre")


def test_a_person_changes_their_own_name_and_language(network_a):
    client = network_a.client(Role.POS_STAFF)
    user = network_a.members[Role.POS_STAFF].user
    answer = client.post(
        reverse("profile"), {"first_name": "Inès", "last_name": "Moreau", "language": "en"}
    )
    assert answer.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.language) == ("Inès", "Moreau", "en")
    assert client.get(reverse("password_change")).status_code == 200
