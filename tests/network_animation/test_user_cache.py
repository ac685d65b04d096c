"""The signed-in person read from the cache (network_animation/user_cache.py): no query for them
on a page seen before, and still refused at once when deactivated, deleted or when their password
changed elsewhere; no password hash in the cache."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network_animation.models import Role, User
from network_animation.user_cache import STALE, cached_user_add, cached_user_get, user_key

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Un-autre-mot-de-passe-42"


def signed_in(email: str, password: str = PASSWORD) -> Client:
    client = Client()
    answer = client.post(reverse("login"), {"username": email, "password": password})
    assert answer.status_code == 302
    return client


def cached(user: User) -> bool:
    return cached_user_get(user.pk)[0] is not None


def page(network) -> str:
    return reverse("point_of_sale", args=[network.tenant.slug, network.point_of_sale.pk])


def user_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "network_animation_user"' in q["sql"]]


def test_a_page_seen_before_reads_nobody_from_the_database(network_a):
    client = signed_in(network_a.members[Role.POS_STAFF].user.email)
    assert client.get(page(network_a)).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page(network_a)).status_code == 200
    assert user_queries(queries) == []


def test_a_deactivated_person_is_refused_at_once(network_a):
    user = network_a.members[Role.POS_STAFF].user
    client = signed_in(user.email)
    assert client.get(page(network_a)).status_code == 200
    assert cached(user)
    user.is_active = False
    user.save()
    answer = client.get(page(network_a))
    assert answer.status_code == 302
    assert answer.url.startswith(reverse("login"))


def test_a_person_deactivated_in_bulk_is_refused_at_once(network_a):
    user = network_a.members[Role.POS_STAFF].user
    client = signed_in(user.email)
    assert client.get(page(network_a)).status_code == 200
    assert cached(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(page(network_a)).status_code == 302


def test_a_deleted_person_is_refused_at_once(network_a):
    user = network_a.members[Role.POS_STAFF].user
    client = signed_in(user.email)
    assert client.get(page(network_a)).status_code == 200
    assert cached(user)
    user.delete()
    assert client.get(page(network_a)).status_code == 302


def test_changing_ones_password_signs_out_ones_other_sessions_only(network_a):
    email = network_a.members[Role.POS_STAFF].user.email
    here, elsewhere = signed_in(email), signed_in(email)
    for client in (here, elsewhere):
        assert client.get(page(network_a)).status_code == 200
    assert cached(network_a.members[Role.POS_STAFF].user)  # both read from the cache now
    answer = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert answer.status_code == 302
    assert here.get(page(network_a)).status_code == 200
    assert here.get(page(network_a)).status_code == 200  # and again, from the cache
    assert elsewhere.get(page(network_a)).status_code == 302
    assert SESSION_KEY not in elsewhere.session


def test_a_password_set_by_someone_else_signs_every_session_out(network_a):
    user = network_a.members[Role.POS_STAFF].user
    client = signed_in(user.email)
    assert client.get(page(network_a)).status_code == 200
    assert cached(user)
    user.set_password(NEW_PASSWORD)
    user.save()
    assert client.get(page(network_a)).status_code == 302
    assert signed_in(user.email, NEW_PASSWORD).get(page(network_a)).status_code == 200


def test_a_wrong_old_password_is_still_refused_from_a_cached_person(network_a):
    client = signed_in(network_a.members[Role.POS_STAFF].user.email)
    assert client.get(page(network_a)).status_code == 200
    answer = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert answer.status_code == 200  # the form again, with its error
    assert client.get(page(network_a)).status_code == 200


def test_the_cache_holds_no_password_hash(network_a):
    user = network_a.members[Role.POS_STAFF].user
    client = signed_in(user.email)
    assert client.get(page(network_a)).status_code == 200
    entry = cache.get(user_key(user.pk))
    assert isinstance(entry, dict)
    assert "password" not in entry["fields"]
    assert user.password not in repr(entry)


def test_a_row_read_before_a_write_is_not_cached_over_it(network_a):
    user = network_a.members[Role.POS_STAFF].user
    before = User.objects.get(pk=user.pk)  # a request read the row
    user.is_active = False
    user.save()  # then the write, before that request cached the row
    cached_user_add(before)
    assert cache.get(user_key(user.pk)) == STALE
    assert cached_user_get(user.pk) == (None, False)


def test_another_secret_key_reads_none_of_the_entries(network_a, settings):
    user = network_a.members[Role.POS_STAFF].user
    client = signed_in(user.email)
    assert client.get(page(network_a)).status_code == 200
    assert cached_user_get(user.pk)[0] is not None
    settings.SECRET_KEY = "another-secret-key-for-a-rolling-deployment"
    settings.SECRET_KEY_FALLBACKS = []
    assert cached_user_get(user.pk) == (None, True)
