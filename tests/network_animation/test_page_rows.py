"""network_animation/page_rows.py: rows kept for one page are named by their tenant and by the
shape of their models, besides the caller's key (the versions and the person)."""

from types import SimpleNamespace
from typing import cast

import pytest

from communities.models import Community, Thread
from network_animation.page_rows import rows_key
from network_animation.request import TenantRequest

pytestmark = pytest.mark.django_db


def request_of(tenant) -> TenantRequest:
    return cast(TenantRequest, SimpleNamespace(tenant=tenant))


def test_a_tenants_rows_are_never_another_tenants(network_a, network_b):
    key = "v1:v2:7:12"
    ours = rows_key(request_of(network_a.tenant), "reader-thread", key, (Thread, Community))
    theirs = rows_key(request_of(network_b.tenant), "reader-thread", key, (Thread, Community))
    assert ours != theirs


def shaped(*columns: str) -> type:
    """A stand-in for one model, communities.Thread, as a deployment defines it."""
    fields = [SimpleNamespace(attname=c, get_internal_type=lambda: "IntegerField") for c in columns]
    meta = SimpleNamespace(label="communities.Thread", concrete_fields=fields)
    return type("Thread", (), {"_meta": meta})


def test_rows_kept_under_one_shape_are_not_read_under_another(network_a):
    """A deployment that adds a column reads none of the rows pickled before it."""
    request = request_of(network_a.tenant)
    before = rows_key(request, "reader-thread", "k", (shaped("id", "title"),))
    same = rows_key(request, "reader-thread", "k", (shaped("id", "title"),))
    after = rows_key(request, "reader-thread", "k", (shaped("id", "title", "added"),))
    assert before == same != after
