"""A tenant page's tenant and membership, read from the cache (network_animation/tenant_cache.py):
every change is seen by the next request, and no entry ever serves another tenant."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from network_animation.models import Role, Tenant
from network_animation.services.people import membership_save
from network_animation.tenancy import tenant_scope
from network_animation.tenant_cache import membership_key, tenant_key
from tests.factories import MembershipFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


# What every tenant page pays before its view, once the session, the person, the tenant and the
# membership are in the cache (tenant_cache.py): entering and leaving the tenant's scope on
# PostgreSQL (rls.py); the session too where it is kept in the database only (no Redis).
def before_the_view() -> int:
    scope = 2 if connection.vendor == "postgresql" else 0
    return scope + (0 if django_settings.SESSION_ENGINE == "network_animation.sessions" else 1)


# The floor view (bench/views.py): one query. The dealer's, zone's and network's pages seen
# before: none, their panels and the row they are about read from the cache (organisation_rows.py),
# an animator's zones with their cached membership, head office's hold-out panel cached too.
FLOOR_VIEW_QUERIES = 1
DEALER_VIEW_QUERIES = 0
ZONE_VIEW_QUERIES = 0
NETWORK_VIEW_QUERIES = 0


@pytest.fixture(autouse=True)
def _settled(network_a):
    """The fixtures' writes marked the tenant stale for a few seconds (tenant_cache.py): the
    tests start once those marks are gone."""
    cache.clear()


def cached(network, user) -> bool:
    entry = cache.get(membership_key(network.tenant.slug, user.pk))
    return isinstance(entry, dict) and isinstance(cache.get(tenant_key(network.tenant.slug)), dict)


def floor(network, role=Role.POS_STAFF, client=None):
    client = client or network.client(role)
    return client, client.get(f"/{network.tenant.slug}/bench-floor/{network.point_of_sale.pk}/")


def dealer_page(network, client):
    url = reverse("point_of_sale", args=[network.tenant.slug, network.point_of_sale.pk])
    return client.get(url)


def test_the_floor_page_reads_no_tenant_nor_membership_from_the_database(
    network_a, floor_urls, django_assert_max_num_queries
):
    client, first = floor(network_a)
    assert first.status_code == 200
    with django_assert_max_num_queries(before_the_view() + FLOOR_VIEW_QUERIES) as queries:
        assert floor(network_a, client=client)[1].status_code == 200
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "network_animation_tenant" not in tables
    assert "network_animation_membership" not in tables


def test_the_dealer_page_pays_its_own_queries_only(network_a, django_assert_max_num_queries):
    client = network_a.client(Role.POS_STAFF)
    assert dealer_page(network_a, client).status_code == 200
    with django_assert_max_num_queries(before_the_view() + DEALER_VIEW_QUERIES):
        assert dealer_page(network_a, client).status_code == 200


def zone_page(network, client, zone=None):
    return client.get(reverse("zone", args=[network.tenant.slug, (zone or network.zone).pk]))


def test_the_zone_page_of_its_animator_reads_no_zone_assignment(
    network_a, django_assert_max_num_queries
):
    client = network_a.client(Role.ANIMATOR)
    assert zone_page(network_a, client).status_code == 200
    with django_assert_max_num_queries(before_the_view() + ZONE_VIEW_QUERIES) as queries:
        assert zone_page(network_a, client).status_code == 200
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "network_animation_membershipzone" not in tables


def test_the_network_page_of_head_office_pays_its_own_queries_only(
    network_a, django_assert_max_num_queries
):
    client = network_a.client(Role.HEAD_OFFICE)
    url = reverse("network", args=[network_a.tenant.slug])
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(before_the_view() + NETWORK_VIEW_QUERIES):
        assert client.get(url).status_code == 200


def test_a_zone_given_to_or_taken_from_an_animator_is_seen_at_the_next_request(
    network_a, committed
):
    membership = network_a.members[Role.ANIMATOR]
    client = network_a.client(Role.ANIMATOR)
    assert zone_page(network_a, client, network_a.other_zone).status_code == 403
    assert cached(network_a, membership.user)

    def assign(zones):
        with tenant_scope(network_a.tenant):
            membership_save(
                tenant=network_a.tenant,
                actor=None,
                user=membership.user,
                role=Role.ANIMATOR,
                zones=zones,
                membership=membership,
            )

    committed(lambda: assign([network_a.other_zone]))
    assert zone_page(network_a, client, network_a.other_zone).status_code == 200
    assert zone_page(network_a, client).status_code == 403
    committed(lambda: assign([network_a.zone]))
    assert zone_page(network_a, client, network_a.other_zone).status_code == 403
    assert zone_page(network_a, client).status_code == 200


def test_a_deactivated_membership_is_refused_at_once(network_a, floor_urls):
    client, _ = floor(network_a)
    membership = network_a.members[Role.POS_STAFF]
    assert cached(network_a, membership.user)
    with tenant_scope(network_a.tenant):
        membership.is_active = False
        membership.save()
    assert floor(network_a, client=client)[1].status_code == 404


def test_a_membership_deleted_is_refused_at_once(network_a, floor_urls):
    client, _ = floor(network_a)
    assert cached(network_a, network_a.members[Role.POS_STAFF].user)
    with tenant_scope(network_a.tenant):
        network_a.members[Role.POS_STAFF].delete()
    assert floor(network_a, client=client)[1].status_code == 404


def test_a_role_changed_or_a_person_moved_by_the_service_is_seen_at_the_next_request(
    network_a, committed
):
    membership = network_a.members[Role.POS_STAFF]
    client = network_a.client(Role.POS_STAFF)
    assert dealer_page(network_a, client).wsgi_request.membership.role == Role.POS_STAFF
    assert cached(network_a, membership.user)

    def move():
        with tenant_scope(network_a.tenant):
            return membership_save(
                tenant=network_a.tenant,
                actor=None,
                user=membership.user,
                role=Role.POS_MANAGER,
                point_of_sale=network_a.other_point_of_sale,
            )

    committed(move)
    url = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.other_point_of_sale.pk])
    seen = client.get(url).wsgi_request.membership
    assert (seen.role, seen.point_of_sale_id) == (
        Role.POS_MANAGER,
        network_a.other_point_of_sale.pk,
    )


def test_a_bulk_update_of_memberships_is_seen_through_the_organisations_version(
    network_a, committed, floor_urls
):
    """Services write memberships in bulk (no signal) and renew the organisation's version."""
    from network_animation.data_versions import ORGANISATION, data_changed
    from network_animation.models import Membership

    client, _ = floor(network_a)
    assert cached(network_a, network_a.members[Role.POS_STAFF].user)

    def deactivate():
        with tenant_scope(network_a.tenant):
            Membership.objects.filter(pk=network_a.members[Role.POS_STAFF].pk).update(
                is_active=False
            )
            data_changed(tenant=network_a.tenant, kinds=[ORGANISATION])

    committed(deactivate)
    assert floor(network_a, client=client)[1].status_code == 404


def test_a_renamed_or_deactivated_tenant_is_seen_at_the_next_request(network_a, floor_urls):
    client, _ = floor(network_a)
    assert cached(network_a, network_a.members[Role.POS_STAFF].user)
    tenant = network_a.tenant
    tenant.name = "Renamed brand"
    tenant.save()
    assert floor(network_a, client=client)[1].wsgi_request.tenant.name == "Renamed brand"
    cache.clear()  # the rename's mark: the deactivation meets a cached tenant
    floor(network_a, client=client)
    assert cached(network_a, network_a.members[Role.POS_STAFF].user)
    tenant.is_active = False
    tenant.save()
    assert floor(network_a, client=client)[1].status_code == 404


def test_a_slug_taken_over_by_another_tenant_never_serves_the_first_ones_membership(
    network_a, floor_urls
):
    client, _ = floor(network_a)
    assert cached(network_a, network_a.members[Role.POS_STAFF].user)
    old_slug = network_a.tenant.slug
    network_a.tenant.slug = "moved-away"
    network_a.tenant.save()
    newcomer = TenantFactory(slug=old_slug)
    answer = client.get(f"/{old_slug}/bench-floor/{network_a.point_of_sale.pk}/")
    assert answer.status_code == 404  # not a member of the newcomer
    assert Tenant.objects.get(slug=old_slug) == newcomer


def test_a_person_in_two_tenants_gets_each_tenants_own_membership(network_a, network_b, floor_urls):
    user = UserFactory()
    mine_a = MembershipFactory(tenant=network_a.tenant, user=user, role=Role.COACH)
    mine_b = MembershipFactory(tenant=network_b.tenant, user=user, role=Role.HEAD_OFFICE)
    cache.clear()  # the new memberships' marks
    client = network_a.client()
    client.force_login(user)
    for _ in range(2):  # the second time from the cache
        for network, membership in ((network_a, mine_a), (network_b, mine_b)):
            request = floor(network, client=client)[1].wsgi_request
            assert request.tenant == network.tenant
            assert request.membership.pk == membership.pk
            assert request.membership.tenant_id == network.tenant.pk
    assert cached(network_a, user)
    assert cached(network_b, user)


def test_a_non_member_is_refused_every_time(network_a, network_b, floor_urls):
    client = network_a.client(Role.POS_STAFF)
    for _ in range(2):
        assert client.get(f"/{network_b.tenant.slug}/bench-floor/1/").status_code == 404
