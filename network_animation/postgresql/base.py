"""Django's PostgreSQL backend, with row-level security told lazily (database_scope.py)."""

from typing import Any

from django.db.backends.postgresql import base

from ..database_scope import DatabaseScope, tell_row_security


class DatabaseWrapper(base.DatabaseWrapper):
    """What the session holds is forgotten whenever it may have changed: a new connection, or a
    rollback (which restores the settings of the transaction's or savepoint's start)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.told_scope: DatabaseScope | None = None
        self.execute_wrappers.append(tell_row_security)

    def init_connection_state(self) -> None:
        self.told_scope = None
        super().init_connection_state()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.told_scope = None

    def savepoint_rollback(self, sid: str) -> None:
        try:
            super().savepoint_rollback(sid)
        finally:
            self.told_scope = None
