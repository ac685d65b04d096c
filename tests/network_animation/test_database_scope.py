"""Row-level security is told the code's scope lazily (network_animation/database_scope.py): every
statement runs in the scope of the code that runs it, and the session is told only when what it
holds may differ. Run as the application's role, which the policies bind."""

import pytest
from django.db import connection, transaction

from network_animation import database_scope
from network_animation.models import PointOfSale
from network_animation.tenancy import all_tenants, tenant_scope
from tests.roles import as_application_role

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

TABLE = PointOfSale._meta.db_table


class Boom(Exception):
    pass


@pytest.fixture
def tells(monkeypatch):
    """The scopes told to the session, in order."""
    told = []
    tell = database_scope._tell

    def counted(connection, wanted):
        told.append(wanted)
        tell(connection, wanted)

    monkeypatch.setattr(database_scope, "_tell", counted)
    return told


def tenants_seen() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT tenant_id FROM {TABLE} ORDER BY 1")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def read_in_a_savepoint_then_fail(network) -> None:
    with transaction.atomic(), tenant_scope(network.tenant):
        assert tenants_seen() == [network.tenant.pk]
        raise Boom


def test_statements_in_one_scope_tell_it_once_and_leaving_it_sends_nothing(network_a, tells):
    with as_application_role():
        with tenant_scope(network_a.tenant):
            for _ in range(3):
                assert tenants_seen() == [network_a.tenant.pk]
        with tenant_scope(network_a.tenant):  # the next request of the same network
            assert PointOfSale.objects.filter(pk=network_a.point_of_sale.pk).exists()
        assert [told.tenant_id for told in tells] == [str(network_a.tenant.pk)]


def test_a_rollback_to_a_savepoint_is_not_taken_for_the_scope_it_undid(network_a, network_b):
    """The savepoint's rollback restores the session's settings of before it (network B's):
    the next statement in network A's scope tells it again, and sees A's rows only."""
    with as_application_role():
        with tenant_scope(network_b.tenant):
            assert tenants_seen() == [network_b.tenant.pk]
        with pytest.raises(Boom):
            read_in_a_savepoint_then_fail(network_a)
        with tenant_scope(network_a.tenant):
            assert tenants_seen() == [network_a.tenant.pk]


def test_a_failed_statement_in_a_scope_left_before_the_rollback_lets_the_rollback_run(
    network_a, network_b
):
    """The transaction is aborted when the scope is left: rolling back to the savepoint must not
    be preceded by telling the session anything (which an aborted transaction refuses)."""
    with as_application_role(), tenant_scope(network_b.tenant):
        assert tenants_seen() == [network_b.tenant.pk]
        with (
            pytest.raises(Exception, match="division by zero"),
            transaction.atomic(),
            tenant_scope(network_a.tenant),
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT 1 / 0")
        assert tenants_seen() == [network_b.tenant.pk]


def test_a_setting_changed_behind_the_scopes_back_is_told_again(network_a, network_b):
    with as_application_role(), tenant_scope(network_a.tenant), connection.cursor() as cursor:
        assert tenants_seen() == [network_a.tenant.pk]
        cursor.execute("SELECT set_config('app.tenant_id', %s, false)", [str(network_b.tenant.pk)])
        assert tenants_seen() == [network_a.tenant.pk]


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_is_told_its_scope(network_a):
    with as_application_role(), tenant_scope(network_a.tenant):
        assert tenants_seen() == [network_a.tenant.pk]
    connection.close()
    with as_application_role():
        with all_tenants():
            assert tenants_seen() == []
        with tenant_scope(network_a.tenant):
            assert tenants_seen() == [network_a.tenant.pk]


def test_a_statement_that_bypasses_django_is_told_its_scope_when_asked(network_a, network_b):
    """COPY goes straight to the driver: `database_scope_tell()` comes first."""
    with as_application_role():
        with tenant_scope(network_b.tenant):
            assert tenants_seen() == [network_b.tenant.pk]
        with tenant_scope(network_a.tenant):
            database_scope.database_scope_tell()
            with connection.connection.cursor() as raw:
                raw.execute(f"SELECT DISTINCT tenant_id FROM {TABLE}")  # noqa: S608
                assert [row[0] for row in raw.fetchall()] == [network_a.tenant.pk]
