"""A tenant page's reads of the cache, folded into one round trip (network_animation/page_reads.py
and read_ahead.py): what it read ahead is only ever handed to code asking for that very key,
once, and never after the request wrote to the cache."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.urls import reverse

from network_animation import page_reads
from network_animation.data_versions import ORGANISATION, version_key
from network_animation.models import PointOfSale, Role
from network_animation.read_ahead import ReadAhead, cache_get, cache_get_many, read_ahead
from network_animation.services.organisation import point_of_sale_save
from network_animation.tenancy import tenant_scope
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settled(network_a, network_b):
    """Each dealer in a city of its own; then the cache emptied of the marks the fixtures' writes
    left for a few seconds (tenant_cache.py)."""
    for network, city in ((network_a, "Aurillac"), (network_b, "Brive CANARY-B-7f3a")):
        with tenant_scope(network.tenant):
            network.point_of_sale.city = city
            network.point_of_sale.save()
    cache.clear()


@pytest.fixture
def redis_commands(monkeypatch):
    """The commands this process sends to Redis, in order; a pipeline is one round trip."""
    import redis

    sent: list[str] = []
    execute, pipeline_execute = redis.Redis.execute_command, redis.client.Pipeline.execute

    def command(client, *args, **options):
        sent.append(str(args[0]).upper())
        return execute(client, *args, **options)

    def pipeline(client, *args, **options):
        sent.append("PIPELINE")
        return pipeline_execute(client, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", command)
    monkeypatch.setattr(redis.client.Pipeline, "execute", pipeline)
    return sent


@pytest.fixture
def keys_asked(monkeypatch):
    """Every key the pages' code asked for through what they read ahead."""
    asked: list[str] = []
    take = ReadAhead.take

    def recording(store, key):
        asked.append(key)
        return take(store, key)

    monkeypatch.setattr(ReadAhead, "take", recording)
    return asked


def signed_in(membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def dealer_page(network, client, point=None):
    point = point or network.point_of_sale
    answer = client.get(reverse("point_of_sale", args=[network.tenant.slug, point.pk]))
    assert answer.status_code == 200
    return answer


def floor(network, client):
    answer = client.get(f"/{network.tenant.slug}/bench-floor/{network.point_of_sale.pk}/")
    assert answer.status_code == 200
    return answer


def another_process():
    """The same cache as another process sees it: its writes are not this request's."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return RedisCache(django_settings.CACHES["default"]["LOCATION"], {})
    return LocMemCache(django_settings.CACHES["default"].get("LOCATION", ""), {})


@pytest.mark.redis
def test_the_dealer_page_seen_again_makes_one_round_trip_to_redis(network_a, redis_commands):
    client = signed_in(network_a.members[Role.POS_STAFF])
    dealer_page(network_a, client)
    assert redis_commands.count("MGET") + redis_commands.count("GET") > 1
    redis_commands.clear()
    again = dealer_page(network_a, client)
    assert redis_commands == ["MGET"]
    page = again.content.decode()
    assert network_a.point_of_sale.name in page
    assert str(network_a.members[Role.POS_MANAGER].user) in page  # the team's panel


@pytest.mark.redis
def test_the_floor_view_seen_again_makes_one_round_trip_to_redis(
    network_a, floor_urls, redis_commands
):
    client = signed_in(network_a.members[Role.POS_STAFF])
    floor(network_a, client)
    redis_commands.clear()
    floor(network_a, client)
    assert redis_commands == ["MGET"]


def test_an_entry_read_ahead_is_handed_out_once_and_as_read(network_a):
    cache.set_many({"first": 1, "second": 2})
    with read_ahead(["first", "second", "absent"]):
        another_process().set("first", 10)
        assert cache_get("first") == 1  # as the request read it when it started
        assert cache_get("first") == 10  # asked again: read again
        assert cache_get_many(["second", "absent"]) == {"second": 2}
    assert cache_get("first") == 10


def test_a_write_in_the_request_drops_everything_read_ahead(network_a):
    cache.set_many({"first": 1, "second": 2})
    with read_ahead(["first", "second"]):
        another_process().set("second", 20)
        cache.set("first", 10)  # this request's write: nothing read ahead is served after it
        assert cache_get_many(["first", "second"]) == {"first": 10, "second": 20}


def test_an_add_that_finds_the_key_taken_writes_nothing_and_keeps_what_was_read(network_a):
    cache.set_many({"first": 1, "second": 2})
    with read_ahead(["first", "second"]):
        assert not cache.add("first", 10)
        assert cache_get("second") == 2
        another_process().set("first", 30)
        assert cache.add("third", 3)  # this one writes
        assert cache_get("first") == 30


def test_an_organisation_change_shows_at_once_on_a_page_read_ahead(network_a, committed):
    client = signed_in(network_a.members[Role.POS_STAFF])
    point = network_a.point_of_sale
    dealer_page(network_a, client)
    assert point.city in dealer_page(network_a, client).content.decode()  # the guesses made

    def move():
        with tenant_scope(network_a.tenant):
            point_of_sale_save(
                tenant=network_a.tenant,
                actor=None,
                point_of_sale=point,
                zone=network_a.zone,
                city="Villeneuve-sur-Lot",
            )

    committed(move)
    page = dealer_page(network_a, client).content.decode()
    assert "Villeneuve-sur-Lot" in page
    assert "Aurillac" not in page


@pytest.fixture
def read(monkeypatch):
    """The keys each page read ahead."""
    read: list[list[str]] = []
    reading = page_reads.read_ahead

    def recording(keys):
        read.append(list(keys))
        return reading(read[-1])

    monkeypatch.setattr(page_reads, "read_ahead", recording)
    return read


def test_a_fragment_guessed_under_an_older_version_is_never_served(network_a, read, keys_asked):
    client = signed_in(network_a.members[Role.POS_STAFF])
    dealer_page(network_a, client)
    assert "Aurillac" in dealer_page(network_a, client).content.decode()
    # Another process changed the organisation: a new version, the old fragments still there.
    with tenant_scope(network_a.tenant):
        PointOfSale.objects.filter(pk=network_a.point_of_sale.pk).update(city="Figeac")
    cache.set(version_key(ORGANISATION, network_a.tenant.pk), "renewed", timeout=None)
    keys_asked.clear()
    page = dealer_page(network_a, client).content.decode()
    assert "Figeac" in page
    assert "Aurillac" not in page
    unused = [key for key in read[-1] if key.startswith("fragment:") and key not in keys_asked]
    assert unused  # the old fragment was read ahead, and nobody asked for it


def test_a_page_that_writes_reads_no_versions_nor_fragments_ahead(network_a, read):
    client = signed_in(network_a.members[Role.POS_STAFF])
    dealer_page(network_a, client)
    read.clear()
    url = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    assert client.post(url).status_code == 200
    dealer_page(network_a, client)
    posted, got = read
    assert [key for key in posted if key.startswith("signed-in:")]  # the person, guessed
    assert not [key for key in posted if key.startswith(("version:", "fragment:"))]
    assert [key for key in got if key.startswith("version:")]
    assert [key for key in got if key.startswith("fragment:")]


def test_guesses_naming_another_sessions_and_tenants_keys_serve_nothing_of_theirs(
    network_a, network_b, keys_asked, monkeypatch
):
    mine, theirs = network_a.members[Role.POS_STAFF], network_b.members[Role.POS_STAFF]
    client_a, client_b = signed_in(mine), signed_in(theirs)
    dealer_page(network_a, client_a)
    dealer_page(network_b, client_b)
    # Every session guesses it is the other tenant's person, on a page that read every key.
    every_key = tuple(dict.fromkeys(keys_asked))
    monkeypatch.setattr(page_reads._pages, "get", lambda page: every_key)
    monkeypatch.setattr(page_reads._people, "get", lambda session: theirs.user.pk)
    for _ in range(2):
        for network, client, member in ((network_a, client_a, mine), (network_b, client_b, theirs)):
            answer = dealer_page(network, client)
            request = answer.wsgi_request
            assert (request.user.pk, request.tenant, request.membership.pk) == (
                member.user.pk,
                network.tenant,
                member.pk,
            )
            page = answer.content.decode()
            assert network.point_of_sale.city in page
            assert ("CANARY-B-7f3a" in page) == (network is network_b)


def test_a_person_in_two_tenants_gets_each_tenants_own_page(network_a, network_b):
    user = UserFactory()
    own = {
        tenant.pk: MembershipFactory(tenant=tenant, user=user, role=Role.HEAD_OFFICE)
        for tenant in (network_a.tenant, network_b.tenant)
    }
    cache.clear()  # the new memberships' marks
    client = Client()
    client.force_login(user)
    for _ in range(3):  # then from the cache, then read ahead
        for network in (network_a, network_b):
            answer = dealer_page(network, client)
            assert answer.wsgi_request.membership.pk == own[network.tenant.pk].pk
            assert network.point_of_sale.city in answer.content.decode()
            other = network_b if network is network_a else network_a
            assert other.point_of_sale.city not in answer.content.decode()


def test_the_redis_cache_keeps_one_client_per_server_and_answers_as_before():
    """Django builds a redis-py client at each command; ours keeps one (read_ahead.py)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("the tests' cache is Redis only with REDIS_URL")
    kept = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is kept
    backend.set("shared-client", {"answer": 42})
    assert backend.get("shared-client") == {"answer": 42}
    backend.delete("shared-client")
    assert backend.get("shared-client") is None
