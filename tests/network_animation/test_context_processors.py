"""network_animation/context_processors: the tenant switcher in the menu, on every page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network_animation.models import Role
from network_animation.selectors import belongs_to_several_tenants
from network_animation.services.people import membership_save
from network_animation.tenancy import tenant_scope

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
SWITCHER = "Changer de réseau"


def network_page(user, network) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("network", args=[network.tenant.slug])).content.decode()


def test_the_switcher_shows_while_a_person_belongs_to_two_tenants(network_a, network_b):
    user = UserFactory()
    MembershipFactory(tenant=network_a.tenant, user=user, role=Role.COACH)
    elsewhere = MembershipFactory(tenant=network_b.tenant, user=user, role=Role.COACH)
    assert SWITCHER in network_page(user, network_a)
    with tenant_scope(network_b.tenant):
        membership_save(
            tenant=network_b.tenant,
            actor=None,
            user=user,
            membership=elsewhere,
            role=Role.COACH,
            is_active=False,
        )
    assert SWITCHER not in network_page(user, network_a)  # at once: the cached answer is gone


def test_an_inactive_tenant_does_not_count(network_a, network_b):
    user = UserFactory()
    MembershipFactory(tenant=network_a.tenant, user=user, role=Role.COACH)
    MembershipFactory(tenant=network_b.tenant, user=user, role=Role.COACH)
    network_b.tenant.is_active = False
    network_b.tenant.save()
    assert SWITCHER not in network_page(user, network_a)


def test_the_switcher_reads_one_small_query_then_the_cache(network_a):
    user = network_a.members[Role.POS_STAFF].user
    with CaptureQueriesContext(connection) as queries:
        assert belongs_to_several_tenants(user=user) is False
    reads = [q["sql"] for q in queries if "set_config" not in q["sql"]]
    assert len(reads) == 1
    assert "LIMIT 2" in reads[0]
    with CaptureQueriesContext(connection) as again:
        assert belongs_to_several_tenants(user=user) is False
    assert len(again) == 0


def test_a_new_membership_elsewhere_shows_the_switcher_at_once(network_a, network_b):
    user = UserFactory()
    MembershipFactory(tenant=network_a.tenant, user=user, role=Role.COACH)
    assert SWITCHER not in network_page(user, network_a)
    with tenant_scope(network_b.tenant):
        membership_save(tenant=network_b.tenant, actor=None, user=user, role=Role.COACH)
    assert SWITCHER in network_page(user, network_a)
