"""The deployment's database roles, set up the way docker-compose.yml sets them up (C8, T5, L2).

A fresh database gets the roles from deploy/postgres/init-roles.sh (as the postgres image runs
it), `migrate` runs as the owner, and the application's role is then checked directly.
"""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest
import yaml
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _superuser_connection(dbname: str):
    settings = connection.settings_dict
    link = psycopg2.connect(
        dbname=dbname,
        user=settings["USER"],
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
    )
    link.autocommit = True
    return link


@pytest.fixture(scope="module")
def deployed() -> Iterator[dict[str, str]]:
    """A database set up by the init script and migrated by its owner, dropped afterwards."""
    suffix = uuid.uuid4().hex[:8]
    names = {"db": f"na_deploy_{suffix}", "owner": f"na_owner_{suffix}", "app": f"na_app_{suffix}"}
    admin = _superuser_connection("postgres")
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{names["db"]}"')
    try:
        _run_init_script(names)
        _migrate_as_owner(names)
        yield names
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{names["db"]}" WITH (FORCE)')
            cursor.execute(f'DROP ROLE IF EXISTS "{names["owner"]}"')
            cursor.execute(f'DROP ROLE IF EXISTS "{names["app"]}"')
        admin.close()


def _run_init_script(names: dict[str, str]) -> None:
    settings = connection.settings_dict
    environment = {
        **os.environ,
        "PGHOST": settings["HOST"] or "127.0.0.1",
        "PGPORT": str(settings["PORT"] or 5432),
        "POSTGRES_USER": settings["USER"],
        "POSTGRES_DB": names["db"],
        "DB_OWNER_USER": names["owner"],
        "DB_OWNER_PASSWORD": "owner-secret",
        "DB_APP_USER": names["app"],
        "DB_APP_PASSWORD": "app-secret",
    }
    script = ROOT / "deploy" / "postgres" / "init-roles.sh"
    result = subprocess.run(  # noqa: S603
        ["/bin/sh", str(script)], env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def _migrate_as_owner(names: dict[str, str]) -> None:
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PYTEST_XDIST_WORKER")},
        "DJANGO_SETTINGS_MODULE": "network_animation.settings.base",
        "DEBUG": "on",
        "DATABASE_URL": f"postgres://{names['owner']}:owner-secret@{host}:{port}/{names['db']}",
        "DATABASE_APPLICATION_ROLE": names["app"],
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _as(deployed: dict[str, str], role: str):
    settings = connection.settings_dict
    link = psycopg2.connect(
        dbname=deployed["db"],
        user=deployed[role],
        password=f"{role}-secret",
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
    )
    link.autocommit = True
    return link


def _refused(cursor, statement: str, params: tuple = ()) -> bool:
    try:
        cursor.execute(statement, params)
    except psycopg2.Error:
        return True
    return False


def test_migrations_run_as_the_owner_who_owns_every_table(deployed):
    with closing(_as(deployed, "owner")) as link, link.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE tableowner = current_user) "
            "FROM pg_tables WHERE schemaname = 'public'"
        )
        tables, owned = cursor.fetchone()
    assert tables > 20
    assert owned == tables


def test_the_application_role_is_bound_by_row_level_security(deployed):
    with closing(_as(deployed, "app")) as link, link.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False)
        cursor.execute(
            "INSERT INTO network_animation_tenant (slug, name, is_active, created_at) "
            "VALUES ('a', 'A', true, now()), ('b', 'B', true, now()) RETURNING id"
        )
        tenant_a, tenant_b = (row[0] for row in cursor.fetchall())
        cursor.execute("SELECT set_config('app.tenant_id', %s, false)", [str(tenant_a)])
        cursor.execute(
            "INSERT INTO network_animation_region (tenant_id, code, name) VALUES (%s, 'N', 'Nord')",
            [tenant_a],
        )
        assert _refused(
            cursor,
            "INSERT INTO network_animation_region (tenant_id, code, name) VALUES (%s, 'S', 'Sud')",
            (tenant_b,),
        )
        cursor.execute("SELECT set_config('app.tenant_id', '', false)")
        cursor.execute("SELECT set_config('app.bypass_rls', 'on', false)")
        cursor.execute("SELECT count(*) FROM network_animation_region")
        assert cursor.fetchone()[0] == 0


def test_the_application_role_cannot_change_the_audit_nor_the_schema(deployed):
    with closing(_as(deployed, "app")) as link, link.cursor() as cursor:
        cursor.execute(
            "INSERT INTO network_animation_auditevent (actor_label, action, target, created_at) "
            "VALUES ('', 'sign_in', '', now())"
        )
        audit = "network_animation_auditevent"
        assert _refused(cursor, f"UPDATE {audit} SET action = 'x'")  # noqa: S608
        assert _refused(cursor, f"DELETE FROM {audit}")  # noqa: S608
        assert _refused(cursor, f"TRUNCATE {audit}")
        assert _refused(cursor, f"ALTER TABLE {audit} DISABLE TRIGGER ALL")
        assert _refused(cursor, "ALTER TABLE network_animation_region DISABLE ROW LEVEL SECURITY")
        assert _refused(cursor, "CREATE TABLE intruder (id int)")
        assert _refused(cursor, "SET ROLE postgres")


def test_docker_compose_runs_migrations_as_the_owner_and_the_rest_as_the_application():
    services = COMPOSE["services"]
    owner_url = services["migrate"]["environment"]["DATABASE_URL"]
    assert owner_url.startswith("postgres://network_owner:")
    assert services["migrate"]["command"] == "python manage.py migrate --no-input"
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://network_app:"), name
        assert "migrate" not in services[name]["command"], name
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert services["migrate"]["environment"]["DATABASE_APPLICATION_ROLE"] == "network_app"
    database = services["db"]["environment"]
    assert (database["DB_OWNER_USER"], database["DB_APP_USER"]) == ("network_owner", "network_app")
    assert any("init-roles.sh:/docker-entrypoint-initdb.d/" in v for v in services["db"]["volumes"])
