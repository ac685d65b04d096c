"""Row-level security and the application's grants on PostgreSQL (CHECKLIST T5, L2, C8).

Installed after every migration, by the role that runs migrations and owns the tables, on every
tenant-owned table, so a model added later is covered without anyone writing a migration for it.
The web and the workers connect as another role, the application's (`DATABASE_APPLICATION_ROLE`):
not a superuser, not the owner, without BYPASSRLS. That role:

- sees and writes a tenant-owned row only while the connection's `app.tenant_id` names the row's
  tenant (tenancy.tenant_scope); there is no setting that lifts this;
- may also read a person's own memberships across tenants while `app.user_id` names the person
  (the tenant switcher), and the one service token or invitation whose digest `app.token_digest`
  holds (the API finds the tenant from the key, an invitation link from its token): reads only,
  never writes;
- may read and append audit rows, never change, delete or truncate them (no grant, a trigger, and
  no policy for UPDATE or DELETE); rows without a tenant (sign-ins) only outside any tenant.

Superusers and BYPASSRLS roles skip all of this: the deployment never gives them to the
application (docker-compose.yml, deploy/postgres/roles.sql).
"""

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

POLICY = "tenant_isolation"
CURRENT_TENANT = "NULLIF(current_setting('app.tenant_id', true), '')::bigint"
# Extra reads, each keyed on a setting that names one person or one key, never a whole tenant.
READ_POLICIES = {
    "network_animation_membership": (
        "own_memberships",
        "user_id = NULLIF(current_setting('app.user_id', true), '')::bigint",
    ),
    "network_animation_servicetoken": (
        "token_by_digest",
        "key_digest = NULLIF(current_setting('app.token_digest', true), '')",
    ),
    "network_animation_invitation": (
        "invitation_by_digest",
        "token_digest = NULLIF(current_setting('app.token_digest', true), '')",
    ),
}
AUDIT_TABLE = "network_animation_auditevent"
# Rows without a tenant (a sign-in) belong to the platform: seen only outside any tenant.
AUDIT_VISIBLE = f"tenant_id = {CURRENT_TENANT} OR (tenant_id IS NULL AND {CURRENT_TENANT} IS NULL)"


def tenant_owned_tables() -> list[str]:
    from .models import TenantOwnedModel

    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, TenantOwnedModel) and model._meta.managed
    )


def install_row_level_security(*, using: str = "default", **kwargs: object) -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tenant_owned_tables():
            for statement in _tenant_policies(connection, table):
                cursor.execute(statement)
        for statement in _audit_policies(connection):
            cursor.execute(statement)
    role = settings.DATABASE_APPLICATION_ROLE
    if role:
        grant_application_role(role, using=using)


def _tenant_policies(connection: BaseDatabaseWrapper, table: str) -> list[str]:
    quoted = connection.ops.quote_name(table)
    condition = f"tenant_id = {CURRENT_TENANT}"
    statements = [
        f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {quoted}",
        f"CREATE POLICY {POLICY} ON {quoted} USING ({condition}) WITH CHECK ({condition})",
    ]
    if table in READ_POLICIES:
        name, read = READ_POLICIES[table]
        statements += [
            f"DROP POLICY IF EXISTS {name} ON {quoted}",
            f"CREATE POLICY {name} ON {quoted} FOR SELECT USING ({read})",
        ]
    return statements


def _audit_policies(connection: BaseDatabaseWrapper) -> list[str]:
    quoted = connection.ops.quote_name(AUDIT_TABLE)
    return [
        f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS audit_read ON {quoted}",
        f"CREATE POLICY audit_read ON {quoted} FOR SELECT USING ({AUDIT_VISIBLE})",
        f"DROP POLICY IF EXISTS audit_append ON {quoted}",
        f"CREATE POLICY audit_append ON {quoted} FOR INSERT WITH CHECK ({AUDIT_VISIBLE})",
        """
        CREATE OR REPLACE FUNCTION na_audit_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'audit events are append-only';
        END;
        $$ LANGUAGE plpgsql
        """,
        f"DROP TRIGGER IF EXISTS audit_append_only ON {quoted}",
        f"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {quoted} "
        "FOR EACH ROW EXECUTE FUNCTION na_audit_append_only()",
    ]


def grant_application_role(role: str, *, using: str = "default") -> None:
    """What the application's role may do: read and write tables (row-level security decides
    which rows), append to the audit, use sequences and temporary tables; nothing else."""
    connection = connections[using]
    quoted_role = connection.ops.quote_name(role)
    audit = connection.ops.quote_name(AUDIT_TABLE)
    database = connection.ops.quote_name(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        for statement in [
            f"GRANT USAGE ON SCHEMA public TO {quoted_role}",
            f"GRANT TEMPORARY ON DATABASE {database} TO {quoted_role}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted_role}",
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {quoted_role}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted_role}",
        ]:
            cursor.execute(statement)
