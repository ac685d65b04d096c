"""Signing in and out, password reset, throttling (A1) and the audit trail (L1, L2)."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from network_animation.models import AuditEvent, Role
from network_animation.tenancy import all_tenants
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_sign_in_lands_on_the_persons_page_in_their_language(network_a):
    user = network_a.members[Role.POS_STAFF].user
    client = Client()
    answer = sign_in(client, user.email, PASSWORD)
    assert answer.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get(answer.url, follow=True)
    assert page.resolver_match.url_name == "point_of_sale"
    assert '<html lang="fr">' in page.content.decode()


def test_a_wrong_password_shows_a_clear_error(network_a):
    answer = sign_in(Client(), network_a.members[Role.POS_STAFF].user.email, "wrong")
    assert answer.status_code == 200
    assert (
        "Wrong email or password" in answer.content.decode()
        or "Adresse e-mail ou mot de passe incorrect" in answer.content.decode()
    )


def test_repeated_wrong_passwords_lock_the_account_for_a_while(network_a):
    email = network_a.members[Role.POS_STAFF].user.email
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, email, "wrong")
    locked = sign_in(Client(), email, PASSWORD)
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    other = network_a.members[Role.POS_MANAGER].user.email
    assert sign_in(Client(), other, PASSWORD).status_code == 302


def test_sign_in_and_failures_are_audited(network_a):
    user = network_a.members[Role.ANIMATOR].user
    sign_in(Client(), user.email, "wrong")
    sign_in(Client(), user.email, PASSWORD)
    with all_tenants():
        actions = list(
            AuditEvent.objects.filter(actor_label=user.email).values_list("action", flat=True)
        )
    assert "sign_in_failed" in actions
    assert "sign_in" in actions


def test_audit_rows_cannot_be_edited_or_deleted_by_the_application(network_a):
    from network_animation.audit import audit_record

    event = audit_record(tenant=network_a.tenant, actor=None, action="import")
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_password_reset_by_email(network_a):
    user = network_a.members[Role.POS_STAFF].user
    client = Client()
    answer = client.post(reverse("password_reset"), {"email": user.email})
    assert answer.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {
            "new_password1": "Un-nouveau-mot-de-passe-42",
            "new_password2": "Un-nouveau-mot-de-passe-42",
        },
    )
    assert done.status_code == 302
    assert sign_in(Client(), user.email, "Un-nouveau-mot-de-passe-42").status_code == 302


def test_sign_out_needs_a_post_and_ends_the_session(network_a):
    client = network_a.client(Role.POS_STAFF)
    assert client.post(reverse("logout")).status_code == 302
    page = client.get(reverse("network", args=[network_a.tenant.slug]))
    assert page.status_code == 302


def test_language_switch_changes_the_page_and_is_remembered(network_a):
    client = network_a.client(Role.POS_STAFF)
    url = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    answer = client.post(reverse("language_switch"), {"language": "en", "next": url})
    assert answer.status_code == 302
    assert '<html lang="en">' in client.get(url).content.decode()
    user = network_a.members[Role.POS_STAFF].user
    user.refresh_from_db()
    assert user.language == "en"
