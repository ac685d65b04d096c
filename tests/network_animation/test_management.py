"""Head office manages the organisation from the platform's pages (forms, T4, audit)."""

import pytest
from django.urls import reverse

from network_animation.models import AuditEvent, Membership, PointOfSale, Region, Role, Zone
from network_animation.tenancy import all_tenants, tenant_scope

pytestmark = pytest.mark.django_db


def url(network, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": network.tenant.slug, **kwargs})


def test_head_office_creates_a_region_a_zone_and_a_point_of_sale(network_a):
    client = network_a.client()
    assert (
        client.post(
            url(network_a, "region_create"), {"code": "IDF", "name": "Île-de-France"}
        ).status_code
        == 302
    )
    with tenant_scope(network_a.tenant):
        region = Region.objects.get(code="IDF")
    assert (
        client.post(
            url(network_a, "zone_create"), {"code": "PAR", "name": "Paris", "region": region.pk}
        ).status_code
        == 302
    )
    with tenant_scope(network_a.tenant):
        zone = Zone.objects.get(code="PAR")
    answer = client.post(
        url(network_a, "point_of_sale_create"),
        {
            "code": "D900",
            "name": "Paris Bastille",
            "zone": zone.pk,
            "type": "dealer",
            "size_class": "L",
            "brands": "Autonova, Utilitaires",
            "city": "Paris",
            "opening_date": "2001-05-04",
            "is_active": "on",
        },
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        point = PointOfSale.objects.get(code="D900")
    assert point.brands == ["Autonova", "Utilitaires"]


def test_a_form_with_errors_re_renders_with_them(network_a):
    answer = network_a.client().post(
        url(network_a, "region_create"), {"code": network_a.region.code, "name": ""}
    )
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "Ce code est déjà utilisé." in body
    assert "field__error" in body


def test_another_tenants_region_cannot_be_chosen(network_a, network_b):
    answer = network_a.client().post(
        url(network_a, "zone_create"),
        {"code": "X", "name": "Intruder", "region": network_b.region.pk},
    )
    assert answer.status_code == 400
    with all_tenants():
        assert not Zone.objects.filter(code="X").exists()


def test_another_tenants_zone_cannot_be_given_to_an_animator(network_a, network_b):
    answer = network_a.client().post(
        url(network_a, "person_create"),
        {
            "email": "new@example.com",
            "role": Role.ANIMATOR,
            "zones": [network_b.zone.pk],
            "is_active": "on",
        },
    )
    assert answer.status_code == 400
    with all_tenants():
        assert not Membership.objects.filter(user__email="new@example.com").exists()


def test_the_scope_must_fit_the_role(network_a):
    answer = network_a.client().post(
        url(network_a, "person_create"),
        {"email": "new@example.com", "role": Role.REGIONAL_DIRECTOR, "is_active": "on"},
    )
    assert answer.status_code == 400
    assert "Un directeur régional a besoin d’une région." in answer.content.decode()


def test_changing_a_role_is_audited(network_a):
    membership = network_a.members[Role.POS_STAFF]
    answer = network_a.client().post(
        url(network_a, "person_edit", membership_id=membership.pk),
        {
            "role": Role.ANIMATOR,
            "zones": [network_a.zone.pk],
            "first_name": "Léa",
            "last_name": "Roux",
            "is_active": "on",
        },
    )
    assert answer.status_code == 302
    with all_tenants():
        event = AuditEvent.objects.get(action="role_changed", tenant=network_a.tenant)
    assert event.before["role"] == Role.POS_STAFF
    assert event.after["role"] == Role.ANIMATOR
    assert event.after["zones"] == [network_a.zone.pk]


def test_lists_paginate_and_search(network_a):
    from tests.factories import PointOfSaleFactory

    PointOfSaleFactory.create_batch(60, zone=network_a.zone)
    client = network_a.client()
    first = client.get(url(network_a, "manage_points_of_sale"))
    assert "Page 1 sur 2" in first.content.decode()
    found = client.get(url(network_a, "manage_points_of_sale"), {"q": network_a.point_of_sale.code})
    assert network_a.point_of_sale.name in found.content.decode()


def test_list_pages_cost_the_same_queries_for_10_or_60_rows(
    network_a, django_assert_max_num_queries
):
    from tests.factories import MembershipFactory, PointOfSaleFactory

    PointOfSaleFactory.create_batch(60, zone=network_a.zone)
    for _ in range(30):
        MembershipFactory(tenant=network_a.tenant, role=Role.ANIMATOR, zones=[network_a.zone])
    client = network_a.client()
    for name in ["manage_points_of_sale", "manage_people", "organisation", "network"]:
        with django_assert_max_num_queries(24):
            assert client.get(url(network_a, name)).status_code == 200
    with django_assert_max_num_queries(24):
        client.get(url(network_a, "zone", zone_id=network_a.zone.pk))


def test_a_service_token_is_shown_once_and_can_be_revoked(network_a):
    client = network_a.client()
    page = client.post(url(network_a, "service_tokens"), {"name": "DMS"})
    assert "Copiez cette clé maintenant" in page.content.decode()
    from network_animation.models import ServiceToken

    with tenant_scope(network_a.tenant):
        token = ServiceToken.objects.get(name="DMS")
    assert client.post(url(network_a, "service_token_revoke", token_id=token.pk)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
