"""The application's database role in tests on PostgreSQL (CHECKLIST T5, C8).

The test database is created and migrated by a superuser, as production's is by the tables'
owner; `as_application_role()` then runs a block as the role production's web and workers use:
not a superuser, not the owner, no BYPASSRLS, with the grants `migrate` gives it (rls.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from network_animation.rls import grant_application_role

APPLICATION_ROLE = "na_test_application"


def application_role_create() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "DO $$ BEGIN "
            f"CREATE ROLE {APPLICATION_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    grant_application_role(APPLICATION_ROLE)
    return APPLICATION_ROLE


@contextmanager
def as_application_role() -> Iterator[None]:
    """Run the block as the application's role (on PostgreSQL; elsewhere, as it is)."""
    if connection.vendor != "postgresql":
        yield
        return
    role = application_role_create()
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
