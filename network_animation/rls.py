"""Row-level security on PostgreSQL (CHECKLIST T5).

Installed after every migration on every tenant-owned table, so a model added later is covered
without anyone writing a migration for it. The application's database role sees no row of a
tenant-owned table unless the connection has set `app.tenant_id` to that row's tenant (or
`app.bypass_rls`, which only `all_tenants()` sets). Superusers bypass RLS: production runs as an
ordinary role.
"""

from django.apps import apps
from django.db import connections

POLICY = "tenant_isolation"


def tenant_owned_tables() -> list[str]:
    from .models import TenantOwnedModel

    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, TenantOwnedModel) and model._meta.managed
    )


def install_row_level_security(*, using: str = "default", **kwargs) -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    condition = (
        "current_setting('app.bypass_rls', true) = 'on' OR "
        "tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::bigint"
    )
    with connection.cursor() as cursor:
        for table in tenant_owned_tables():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY")
            cursor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {quoted}")
            cursor.execute(
                f"CREATE POLICY {POLICY} ON {quoted} USING ({condition}) WITH CHECK ({condition})"
            )
        cursor.execute(
            """
            CREATE OR REPLACE FUNCTION na_audit_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'audit events are append-only';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        cursor.execute("DROP TRIGGER IF EXISTS audit_append_only ON network_animation_auditevent")
        cursor.execute(
            "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE "
            "ON network_animation_auditevent FOR EACH ROW EXECUTE FUNCTION na_audit_append_only()"
        )
