"""Community fixtures: the automatic communities of each test network, kept by the sync."""

from dataclasses import dataclass

import pytest
from django.test import TestCase

from communities.models import Community
from communities.services import community_memberships_sync, thread_start
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..conftest import Network
from ..kpis.conftest import Kpis, build_kpis


@dataclass
class Communities:
    zone: Community  # the network's first zone: its dealer's staff and its animator
    other_zone: Community
    region: Community
    staff: Community  # every point of sale staff member


def sync(network: Network) -> Communities:
    """The network's automatic communities, committed (the versions it renews are renewed)."""
    with tenant_scope(network.tenant), TestCase.captureOnCommitCallbacks(execute=True):
        community_memberships_sync(tenant=network.tenant)
        found = {(c.kind, c.rule): c for c in Community.objects.filter(tenant=network.tenant)}
    return Communities(
        zone=found[("zone", str(network.zone.pk))],
        other_zone=found[("zone", str(network.other_zone.pk))],
        region=found[("region", str(network.region.pk))],
        staff=found[("role", Role.POS_STAFF)],
    )


@pytest.fixture
def communities_a(network_a) -> Communities:
    return sync(network_a)


@pytest.fixture
def kpis_a(network_a) -> Kpis:
    return build_kpis(network_a)


@pytest.fixture
def communities_b(network_b) -> Communities:
    return sync(network_b)


def start(network: Network, community: Community, role=Role.POS_STAFF, **fields):
    """A thread started by the network's person of that role, committed (what follows a commit,
    such as the renewed versions of the cached panels, has happened)."""
    values = {"title": "Comment relancer un client ?", "body": "Vos idées ?", **fields}
    with tenant_scope(network.tenant), TestCase.captureOnCommitCallbacks(execute=True):
        return thread_start(
            tenant=network.tenant, actor=network.members[role], community=community, **values
        )
