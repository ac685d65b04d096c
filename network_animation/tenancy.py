"""Entering and leaving a tenant's scope.

Every piece of code that touches tenant-owned rows runs inside `tenant_scope(tenant)`: django-scopes
then lets the default managers answer, and on PostgreSQL the connection's `app.tenant_id` is set so
that row-level security policies apply as a last line of defence. Code that spans tenants by nature
(the nightly fan-out, platform staff's admin) says so with `all_tenants()`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection
from django_scopes import scope, scopes_disabled

from .models import Tenant

# What the connection was last told (tenant id, bypass): leaving a scope puts back the one it was
# entered from, so that `all_tenants()` inside a request (the network switcher in the page
# header) does not leave the rest of the request without a tenant under row-level security.
_database_state: ContextVar[tuple[str, str]] = ContextVar("database_tenant", default=("", "off"))


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
def _database_tenant(tenant_id: str, bypass: str) -> Iterator[None]:
    token = _database_state.set((tenant_id, bypass))
    _set_database_tenant(tenant_id, bypass)
    try:
        yield
    finally:
        _database_state.reset(token)
        _set_database_tenant(*_database_state.get())


@contextmanager
def tenant_scope(tenant: Tenant) -> Iterator[Tenant]:
    with _database_tenant(str(tenant.pk), "off"), scope(tenant=tenant):
        yield tenant


@contextmanager
def all_tenants() -> Iterator[None]:
    with _database_tenant("", "on"), scopes_disabled():
        yield
