"""Shared fixtures: two tenants with a small organisation each, and people in every role."""

import os
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client

from network_animation.models import Membership, PointOfSale, Region, Role, Tenant, Zone

from .factories import (
    MembershipFactory,
    PointOfSaleFactory,
    RegionFactory,
    TenantFactory,
    UserFactory,
    ZoneFactory,
)


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis"))
    has_redis = bool(os.environ.get("REDIS_URL"))
    # The markers themselves, not `item.keywords`: those also hold the name of every folder above
    # the test, so a checkout in a folder named `redis` or `postgres` would skip every test.
    for item in items:
        if item.get_closest_marker("postgres") and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)"))
        if item.get_closest_marker("redis") and not has_redis:
            item.add_marker(pytest.mark.skip(reason="needs Redis (REDIS_URL)"))


@dataclass
class Network:
    """One tenant's organisation: two zones in one region, a point of sale in each, and people."""

    tenant: Tenant
    region: Region
    zone: Zone
    other_zone: Zone
    point_of_sale: PointOfSale
    other_point_of_sale: PointOfSale
    members: dict[str, Membership]

    def client(self, role: str = Role.HEAD_OFFICE) -> Client:
        client = Client()
        client.force_login(self.members[role].user)
        return client


def build_network(marker=""):
    tenant = TenantFactory(name=f"Brand {marker}".strip())
    region = RegionFactory(tenant=tenant, name=f"Region {marker}".strip())
    zone = ZoneFactory(region=region, name=f"Zone {marker}".strip())
    other_zone = ZoneFactory(region=region)
    point = PointOfSaleFactory(
        zone=zone, name=f"Dealer {marker}".strip(), city=f"City {marker}".strip()
    )
    other_point = PointOfSaleFactory(zone=other_zone)
    scopes = {
        Role.HEAD_OFFICE: {},
        Role.COACH: {},
        Role.REGIONAL_DIRECTOR: {"region": region},
        Role.ANIMATOR: {"zones": [zone]},
        Role.POS_MANAGER: {"point_of_sale": point},
        Role.POS_STAFF: {"point_of_sale": point},
    }
    members = {
        role: MembershipFactory(tenant=tenant, role=role, user=UserFactory(), **scope)
        for role, scope in scopes.items()
    }
    return Network(tenant, region, zone, other_zone, point, other_point, members)


@pytest.fixture
def network_a(db) -> Network:
    return build_network()


@pytest.fixture
def network_b(db) -> Network:
    return build_network("CANARY-B-7f3a")


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _french_first():
    """Users are French first: every test starts in French, whatever ran before in the worker."""
    from django.utils import translation

    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (this worker's own Redis database)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """Each test keeps its files in its own folder: a file left by another test (whose tenant had
    the same id in a rolled-back database) is never found."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write and commit it (the tests' transaction never commits by itself): what happens
    at commit (new cache versions, tasks) happens too."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run
