"""Entering and leaving a tenant's scope.

Every piece of code that touches tenant-owned rows runs inside `tenant_scope(tenant)`: django-scopes
then lets the default managers answer, and on PostgreSQL every statement run inside it runs with
the connection's `app.tenant_id` naming the tenant, so that row-level security policies (rls.py)
apply as a last line of defence (database_scope.py says when the connection is told).

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

from django_scopes import scope, scopes_disabled

from .database_scope import NO_SCOPE, DatabaseScope, database_scope
from .models import Tenant, User


@contextmanager
def tenant_scope(tenant: Tenant) -> Iterator[Tenant]:
    with database_scope(DatabaseScope(tenant_id=str(tenant.pk))), scope(tenant=tenant):
        yield tenant


@contextmanager
def all_tenants() -> Iterator[None]:
    """No tenant: django-scopes' check lifted, and no tenant's rows visible under row-level
    security (the application's role reads tenants and people, never tenant-owned rows)."""
    with database_scope(NO_SCOPE), scopes_disabled():
        yield


@contextmanager
def person_scope(user: User) -> Iterator[None]:
    """One person's own memberships, in every tenant, and nothing else tenant-owned."""
    with database_scope(DatabaseScope(user_id=str(user.pk))), scopes_disabled():
        yield


@contextmanager
def token_scope(digest: str) -> Iterator[None]:
    """The service token or invitation with this digest, whatever its tenant, and nothing else."""
    with database_scope(DatabaseScope(token_digest=digest)), scopes_disabled():
        yield
