"""What row-level security is told, and when (the policies are in rls.py).

The connection's session settings `app.tenant_id`, `app.user_id` and `app.token_digest` tell the
policies whose rows the code may see. Entering or leaving a scope (tenancy.py) only records the
scope wanted, in a context variable; the connection is told just before a statement runs, and
only when what its session holds differs. A worker's connection that served the same network's
last request is told nothing, and a page answered from caches sends nothing to the database.

What the session holds is what we last told it, unless something undid it or changed it behind
our back; it is then unknown, and the next statement tells it again:
- a rollback, of the whole transaction or to a savepoint, restores the settings the session had
  before it (the backend, network_animation.postgresql, forgets what it told on each rollback);
- a new connection holds nothing of ours;
- a statement that calls `set_config` itself (a migration, a test) may have set any of them.

Every statement Django runs thus runs with the scope of the code that runs it, where setting the
scope eagerly at each entry and exit could be undone by a rollback without anyone noticing.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import connection


@dataclass(frozen=True)
class DatabaseScope:
    """What the connection tells row-level security: whose rows the code may see."""

    tenant_id: str = ""
    user_id: str = ""
    token_digest: str = ""


NO_SCOPE = DatabaseScope()
_wanted: ContextVar[DatabaseScope] = ContextVar("database_scope", default=NO_SCOPE)

# What Django's savepoints send (the backend's operations).
TRANSACTION_CONTROL = ("SAVEPOINT ", "RELEASE SAVEPOINT ", "ROLLBACK TO SAVEPOINT ")
TELL = (
    "SELECT set_config('app.tenant_id', %s, false), "
    "set_config('app.user_id', %s, false), "
    "set_config('app.token_digest', %s, false)"
)


@contextmanager
def database_scope(state: DatabaseScope) -> Iterator[None]:
    """Statements run in this block run in `state`; leaving it puts back the scope it was
    entered from (a `person_scope()` inside a request's tenant scope, for instance)."""
    token = _wanted.set(state)
    try:
        yield
    finally:
        _wanted.reset(token)


def database_scope_tell() -> None:
    """Tell the connection the wanted scope now, before a statement that bypasses Django's
    execute wrappers (`copy_expert`)."""
    wanted = _wanted.get()
    if connection.vendor == "postgresql" and getattr(connection, "told_scope", None) != wanted:
        connection.ensure_connection()
        _tell(connection, wanted)


def tell_row_security(
    execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """An execute wrapper, installed first on every PostgreSQL connection by the backend: tell
    the session the wanted scope if it may hold another, then run the statement."""
    connection = context["connection"]
    wanted = _wanted.get()
    if connection.told_scope != wanted and not _transaction_control(sql):
        _tell(connection, wanted)
    if isinstance(sql, str) and "set_config" in sql:
        connection.told_scope = None
    return execute(sql, params, many, context)


def _tell(connection: Any, wanted: DatabaseScope) -> None:
    # On a cursor of its own: the statement's may be a server-side cursor, which runs one
    # statement only.
    with connection.connection.cursor() as cursor:
        cursor.execute(TELL, [wanted.tenant_id, wanted.user_id, wanted.token_digest])
    connection.told_scope = wanted


def _transaction_control(sql: Any) -> bool:
    """Savepoints need no scope, and rolling back to one must work in a failed transaction,
    where telling the session anything is refused."""
    return isinstance(sql, str) and sql.startswith(TRANSACTION_CONTROL)
