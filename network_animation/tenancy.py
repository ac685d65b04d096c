"""Entering and leaving a tenant's scope.

Every piece of code that touches tenant-owned rows runs inside `tenant_scope(tenant)`: django-scopes
then lets the default managers answer, and on PostgreSQL the connection's `app.tenant_id` is set so
that row-level security policies apply as a last line of defence. Code that spans tenants by nature
(the nightly fan-out, platform staff's admin) says so with `all_tenants()`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django_scopes import scope, scopes_disabled

from .models import Tenant


def _set_database_tenant(tenant_id: str, bypass: str) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.tenant_id', %s, false), "
            "set_config('app.bypass_rls', %s, false)",
            [tenant_id, bypass],
        )


@contextmanager
def tenant_scope(tenant: Tenant) -> Iterator[Tenant]:
    _set_database_tenant(str(tenant.pk), "off")
    try:
        with scope(tenant=tenant):
            yield tenant
    finally:
        _set_database_tenant("", "off")


@contextmanager
def all_tenants() -> Iterator[None]:
    _set_database_tenant("", "on")
    try:
        with scopes_disabled():
            yield
    finally:
        _set_database_tenant("", "off")
