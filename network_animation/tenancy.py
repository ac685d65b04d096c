"""Entering and leaving a tenant's scope.

Every piece of code that touches tenant-owned rows runs inside `tenant_scope(tenant)`: django-scopes
then lets the default managers answer, and on PostgreSQL the connection's `app.tenant_id` is set so
that row-level security policies (rls.py) apply as a last line of defence.

Nothing lets the application's database role read every tenant at once: there is no bypass
setting. Code that spans tenants by nature says how, by name:
- `all_tenants()` lifts django-scopes' check for reads of what is not tenant-owned (tenants,
  people) and for loops that then enter each tenant's scope in turn (the nightly fan-out);
- `person_scope(user)` lets one person's own memberships be read across tenants (the switcher);
- `token_scope(digest)` lets the one service token or invitation with that digest be found (the
  API's key, an invitation's link).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection
from django_scopes import scope, scopes_disabled

from .models import Tenant, User


@dataclass(frozen=True)
class DatabaseScope:
    """What the connection tells row-level security: whose rows the code may see."""

    tenant_id: str = ""
    user_id: str = ""
    token_digest: str = ""


# What the connection was last told: leaving a scope puts back the one it was entered from, so
# that `person_scope()` inside a request (the network switcher in the page header) does not
# leave the rest of the request without its tenant under row-level security.
NO_SCOPE = DatabaseScope()
_database_state: ContextVar[DatabaseScope] = ContextVar("database_scope", default=NO_SCOPE)


def _set_database_scope(state: DatabaseScope) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.tenant_id', %s, false), "
            "set_config('app.user_id', %s, false), "
            "set_config('app.token_digest', %s, false)",
            [state.tenant_id, state.user_id, state.token_digest],
        )


@contextmanager
def _database_scope(state: DatabaseScope) -> Iterator[None]:
    token = _database_state.set(state)
    _set_database_scope(state)
    try:
        yield
    finally:
        _database_state.reset(token)
        _set_database_scope(_database_state.get())


@contextmanager
def tenant_scope(tenant: Tenant) -> Iterator[Tenant]:
    with _database_scope(DatabaseScope(tenant_id=str(tenant.pk))), scope(tenant=tenant):
        yield tenant


@contextmanager
def all_tenants() -> Iterator[None]:
    """No tenant: django-scopes' check lifted, and no tenant's rows visible under row-level
    security (the application's role reads tenants and people, never tenant-owned rows)."""
    with _database_scope(NO_SCOPE), scopes_disabled():
        yield


@contextmanager
def person_scope(user: User) -> Iterator[None]:
    """One person's own memberships, in every tenant, and nothing else tenant-owned."""
    with _database_scope(DatabaseScope(user_id=str(user.pk))), scopes_disabled():
        yield


@contextmanager
def token_scope(digest: str) -> Iterator[None]:
    """The service token or invitation with this digest, whatever its tenant, and nothing else."""
    with _database_scope(DatabaseScope(token_digest=digest)), scopes_disabled():
        yield
