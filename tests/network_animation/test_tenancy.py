"""Tenancy: slugs, membership, fail-closed managers, the tenant switcher, row-level security."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_scopes import ScopeError

from network_animation.models import AccessDenial, AuditEvent, PointOfSale, Role, Zone
from network_animation.tenancy import all_tenants, person_scope, tenant_scope
from tests.factories import MembershipFactory, UserFactory
from tests.roles import as_application_role

pytestmark = pytest.mark.django_db


def test_unknown_tenant_slug_answers_404(network_a):
    client = network_a.client()
    assert client.get("/no-such-brand/network/").status_code == 404


def test_a_non_member_gets_the_answer_of_a_brand_that_does_not_exist(network_a, network_b):
    client = network_a.client()
    answer = client.get(reverse("network", args=[network_b.tenant.slug]))
    missing = client.get(reverse("network", args=["no-such-brand"]))
    assert answer.status_code == missing.status_code == 404
    assert network_b.tenant.name not in answer.content.decode()
    with all_tenants(), tenant_scope(network_b.tenant):
        assert AuditEvent.objects.filter(action="access_denied", tenant=network_b.tenant).exists()


def test_repeated_denials_are_recorded_once_per_person_brand_and_hour_with_a_count(
    network_a, network_b
):
    client = network_a.client()
    for _ in range(30):
        client.get(reverse("network", args=[network_b.tenant.slug]))
    client.get(reverse("region", args=[network_b.tenant.slug, network_b.region.pk]))
    user = network_a.members[Role.HEAD_OFFICE].user
    with tenant_scope(network_b.tenant):
        denied = AuditEvent.objects.filter(tenant=network_b.tenant, action="access_denied")
        assert denied.count() == 1
        denial = AccessDenial.objects.get(tenant=network_b.tenant, user=user)
    assert denial.count == 31
    assert denial.first_path == reverse("network", args=[network_b.tenant.slug])
    assert denial.last_path == reverse("region", args=[network_b.tenant.slug, network_b.region.pk])


def test_a_signed_out_visitor_cannot_tell_whether_a_brand_exists(network_a):
    existing = Client().get(reverse("network", args=[network_a.tenant.slug]))
    missing = Client().get(reverse("network", args=["no-such-brand"]))
    assert existing.status_code == missing.status_code == 302
    assert existing.url.startswith(reverse("login"))


def test_signed_out_visitor_is_sent_to_the_login_page(network_a):
    answer = Client().get(reverse("network", args=[network_a.tenant.slug]))
    assert answer.status_code == 302
    assert answer.url.startswith(reverse("login"))


def test_inactive_membership_is_refused_as_no_membership_at_all(network_a):
    membership = network_a.members[Role.HEAD_OFFICE]
    with tenant_scope(network_a.tenant):
        membership.is_active = False
        membership.save()
    assert (
        network_a.client().get(reverse("network", args=[network_a.tenant.slug])).status_code == 404
    )


def test_tenant_owned_query_outside_a_scope_raises(network_a):
    with pytest.raises(ScopeError):
        list(PointOfSale.objects.all())
    with pytest.raises(ScopeError):
        Zone.objects.filter(name="x").count()


def test_scope_shows_only_the_scoped_tenants_rows(network_a, network_b):
    with tenant_scope(network_a.tenant):
        codes = set(PointOfSale.objects.values_list("code", flat=True))
    assert network_a.point_of_sale.code in codes
    assert network_b.point_of_sale.code not in codes


def test_person_in_two_tenants_chooses_between_them(network_a, network_b):
    user = UserFactory()
    MembershipFactory(tenant=network_a.tenant, user=user, role=Role.COACH)
    MembershipFactory(tenant=network_b.tenant, user=user, role=Role.COACH)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert network_a.tenant.name in page.content.decode()
    assert network_b.tenant.name in page.content.decode()
    page = client.get(reverse("network", args=[network_b.tenant.slug]))
    assert page.status_code == 200
    assert reverse("home").encode() + b'">' in page.content  # the switcher, in the menu


def test_person_in_one_tenant_goes_straight_to_their_page(network_a):
    answer = network_a.client(Role.POS_STAFF).get(reverse("home"))
    assert answer.status_code == 302
    assert answer.url == reverse(
        "point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk]
    )


@pytest.mark.postgres
def test_row_level_security_hides_rows_without_a_tenant(network_a, network_b):
    table = PointOfSale._meta.db_table
    with as_application_role(), connection.cursor() as cursor:
        with all_tenants():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            assert cursor.fetchone()[0] == 0
        with tenant_scope(network_a.tenant):
            cursor.execute(f"SELECT DISTINCT tenant_id FROM {table}")  # noqa: S608
            assert [row[0] for row in cursor.fetchall()] == [network_a.tenant.pk]


@pytest.mark.postgres
def test_row_level_security_refuses_inserting_another_tenants_row(network_a, network_b):
    from django.db import DatabaseError, transaction

    insert = (
        f"INSERT INTO {PointOfSale._meta.db_table} (tenant_id, zone_id, code, name, type, "  # noqa: S608
        "size_class, brands, city, is_active) "
        "VALUES (%s, %s, 'X1', 'Intruder', 'dealer', 'M', '[]', '', true)"
    )
    with (
        as_application_role(),
        tenant_scope(network_a.tenant),
        connection.cursor() as cursor,
        pytest.raises(DatabaseError),
        transaction.atomic(),
    ):
        cursor.execute(insert, [network_b.tenant.pk, network_b.zone.pk])


@pytest.mark.postgres
def test_audit_rows_cannot_be_changed_even_in_sql(network_a):
    from django.db import DatabaseError, transaction

    from network_animation.audit import audit_record

    event = audit_record(tenant=network_a.tenant, actor=None, action="import")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE network_animation_auditevent SET action = 'x' WHERE id = %s", [event.pk]
        )


@pytest.mark.postgres
def test_leaving_a_person_scope_puts_back_the_tenant_it_was_entered_from(network_a, network_b):
    """The page header reads the person's memberships across tenants (the switcher) in the
    middle of a request: the rest of the request must still see its own tenant's rows."""
    table = PointOfSale._meta.db_table
    user = network_a.members[Role.COACH].user
    with as_application_role(), tenant_scope(network_a.tenant):
        with person_scope(user):
            pass
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT tenant_id FROM {table}")  # noqa: S608
            seen = [row[0] for row in cursor.fetchall()]
    assert seen == [network_a.tenant.pk]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('app.tenant_id', true)")
        assert cursor.fetchone()[0] == ""
