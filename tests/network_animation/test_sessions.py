"""Sessions with Redis: every page reads them from Redis, not the database, and a Redis that lost
them (restarted empty, flushed) signs nobody out: they are also kept in the database."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network_animation.models import Role

from ..factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def test_a_page_reads_the_session_from_redis_and_survives_redis_losing_it(network_a):
    assert settings.SESSION_ENGINE == "network_animation.sessions"  # Django's cached_db, read ahead
    client = Client()
    email = network_a.members[Role.POS_STAFF].user.email
    client.post(reverse("login"), {"username": email, "password": PASSWORD})
    page = reverse("communities:list", args=[network_a.tenant.slug])
    assert client.get(page).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"]]
    cache.clear()  # Redis restarted empty
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200  # still signed in
    assert [q for q in queries if "django_session" in q["sql"]]
    client.post(reverse("logout"))
    assert client.get(page).status_code == 302  # signing out ends it in both
