"""CHECKLIST T5, L2, C8: what the application's database role can and cannot do on PostgreSQL.

The role gets exactly the grants `migrate` gives it (rls.py); a superuser created the tables, as
the owner role does in the deployment.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from network_animation.audit import audit_record
from network_animation.models import AuditEvent, Membership, PointOfSale, Role, ServiceToken
from network_animation.rls import AUDIT_TABLE
from network_animation.selectors import (
    membership_list_across_tenants,
    service_token_authenticate,
)
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import person_scope, tenant_scope, token_scope
from tests.factories import MembershipFactory, UserFactory
from tests.roles import APPLICATION_ROLE, as_application_role

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def refused(statement: str, params: list | None = None) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError:
        return True
    return False


def test_the_application_role_is_neither_superuser_nor_owner_nor_bypassing(network_a):
    with as_application_role(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles "
            "WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (False, False, False, False)
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = %s",
            [APPLICATION_ROLE],
        )
        assert cursor.fetchone()[0] == 0


def test_audit_rows_can_be_appended_but_never_changed_deleted_or_truncated(network_a):
    with tenant_scope(network_a.tenant):
        event = audit_record(tenant=network_a.tenant, actor=None, action="import")
    with as_application_role():
        table = connection.ops.quote_name(AUDIT_TABLE)
        assert refused(f"UPDATE {table} SET action = 'x' WHERE id = %s", [event.pk])  # noqa: S608
        assert refused(f"DELETE FROM {table} WHERE id = %s", [event.pk])  # noqa: S608
        assert refused(f"TRUNCATE {table}")
        assert refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        assert refused(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        with tenant_scope(network_a.tenant):
            audit_record(tenant=network_a.tenant, actor=None, action="import")
    with tenant_scope(network_a.tenant):
        assert AuditEvent.objects.filter(tenant=network_a.tenant).count() == 2


def test_no_setting_lets_the_application_role_read_every_tenant(network_a, network_b):
    table = connection.ops.quote_name(PointOfSale._meta.db_table)
    with as_application_role(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.bypass_rls', 'on', false)")
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0] == 0
        assert refused(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        assert refused(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


def test_another_tenants_audit_is_invisible(network_a, network_b):
    with tenant_scope(network_b.tenant):
        audit_record(tenant=network_b.tenant, actor=None, action="import", target="CANARY")
    with as_application_role(), tenant_scope(network_a.tenant):
        assert not AuditEvent.objects.filter(target="CANARY").exists()
        assert refused(
            f"INSERT INTO {AUDIT_TABLE} (tenant_id, actor_label, action, target, created_at) "  # noqa: S608
            "VALUES (%s, '', 'forged', '', now())",
            [network_b.tenant.pk],
        )


def test_a_person_reads_their_own_memberships_across_tenants_and_no_one_elses(network_a, network_b):
    user = UserFactory()
    MembershipFactory(tenant=network_a.tenant, user=user, role=Role.COACH)
    MembershipFactory(tenant=network_b.tenant, user=user, role=Role.COACH)
    with as_application_role():
        tenants = {m.tenant_id for m in membership_list_across_tenants(user=user)}
        assert tenants == {network_a.tenant.pk, network_b.tenant.pk}
        with person_scope(user), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT user_id FROM {Membership._meta.db_table}"  # noqa: S608
            )
            assert [row[0] for row in cursor.fetchall()] == [user.pk]


def test_a_service_token_is_found_by_its_key_and_nothing_else_is(network_a, network_b):
    with tenant_scope(network_b.tenant):
        service_token_create(tenant=network_b.tenant, actor=None, name="Other")
    with tenant_scope(network_a.tenant):
        _token, key = service_token_create(tenant=network_a.tenant, actor=None, name="ERP")
    with as_application_role():
        found = service_token_authenticate(key=key)
        assert found is not None
        assert found.tenant == network_a.tenant
        with token_scope(ServiceToken.digest(key)), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {ServiceToken._meta.db_table}"  # noqa: S608
            )
            assert cursor.fetchone()[0] == 1
            cursor.execute(f"UPDATE {ServiceToken._meta.db_table} SET name = 'x'")  # noqa: S608
            assert cursor.rowcount == 0  # read, never written, through its digest
