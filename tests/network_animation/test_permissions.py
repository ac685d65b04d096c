"""Each role sees and acts inside its own scope, and nowhere else."""

import pytest
from django.urls import reverse

from network_animation.models import AuditEvent, Role
from network_animation.tenancy import all_tenants

pytestmark = pytest.mark.django_db


def url(network, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": network.tenant.slug, **kwargs})


def test_animator_opens_their_zone_but_not_another(network_a):
    client = network_a.client(Role.ANIMATOR)
    assert client.get(url(network_a, "zone", zone_id=network_a.zone.pk)).status_code == 200
    assert client.get(url(network_a, "zone", zone_id=network_a.other_zone.pk)).status_code == 403
    with all_tenants():
        assert AuditEvent.objects.filter(
            action="access_denied",
            tenant=network_a.tenant,
            actor=network_a.members[Role.ANIMATOR].user,
        ).exists()


def test_animator_opens_points_of_sale_of_their_zone_only(network_a):
    client = network_a.client(Role.ANIMATOR)
    mine = url(network_a, "point_of_sale", point_of_sale_id=network_a.point_of_sale.pk)
    other = url(network_a, "point_of_sale", point_of_sale_id=network_a.other_point_of_sale.pk)
    assert client.get(mine).status_code == 200
    assert client.get(other).status_code == 403


@pytest.mark.parametrize("role", [Role.POS_MANAGER, Role.POS_STAFF])
def test_point_of_sale_staff_open_only_their_own_page(network_a, role):
    client = network_a.client(role)
    mine = url(network_a, "point_of_sale", point_of_sale_id=network_a.point_of_sale.pk)
    other = url(network_a, "point_of_sale", point_of_sale_id=network_a.other_point_of_sale.pk)
    assert client.get(mine).status_code == 200
    assert client.get(other).status_code == 403
    assert client.get(url(network_a, "zone", zone_id=network_a.zone.pk)).status_code == 403
    assert client.get(url(network_a, "network")).status_code == 403


def test_regional_director_sees_their_region_and_its_zones(network_a):
    client = network_a.client(Role.REGIONAL_DIRECTOR)
    assert client.get(url(network_a, "region", region_id=network_a.region.pk)).status_code == 200
    assert client.get(url(network_a, "zone", zone_id=network_a.other_zone.pk)).status_code == 200
    assert client.get(url(network_a, "network")).status_code == 403


def test_director_of_another_region_is_refused(network_a):
    from tests.factories import MembershipFactory, RegionFactory

    elsewhere = RegionFactory(tenant=network_a.tenant)
    director = MembershipFactory(
        tenant=network_a.tenant, role=Role.REGIONAL_DIRECTOR, region=elsewhere
    )
    from django.test import Client

    client = Client()
    client.force_login(director.user)
    assert client.get(url(network_a, "region", region_id=network_a.region.pk)).status_code == 403
    assert client.get(url(network_a, "zone", zone_id=network_a.zone.pk)).status_code == 403


def test_head_office_sees_the_whole_network(network_a):
    client = network_a.client(Role.HEAD_OFFICE)
    page = client.get(url(network_a, "network"))
    assert page.status_code == 200
    assert network_a.zone.name in page.content.decode()
    for name, kwargs in [
        ("zone", {"zone_id": network_a.other_zone.pk}),
        ("region", {"region_id": network_a.region.pk}),
        ("point_of_sale", {"point_of_sale_id": network_a.other_point_of_sale.pk}),
    ]:
        assert client.get(url(network_a, name, **kwargs)).status_code == 200


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.HEAD_OFFICE])
def test_only_head_office_manages_the_organisation(network_a, role):
    client = network_a.client(role)
    for name in [
        "organisation",
        "manage_people",
        "manage_points_of_sale",
        "organisation_import",
        "service_tokens",
        "job_runs",
        "region_create",
    ]:
        assert client.get(url(network_a, name)).status_code == 403, name
    answer = client.post(url(network_a, "region_create"), {"code": "X", "name": "X"})
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.HEAD_OFFICE, "network"),
        (Role.COACH, "network"),
        (Role.REGIONAL_DIRECTOR, "region"),
        (Role.ANIMATOR, "zone"),
        (Role.POS_MANAGER, "point_of_sale"),
        (Role.POS_STAFF, "point_of_sale"),
    ],
)
def test_each_role_lands_on_its_own_home_page(network_a, role, landing):
    page = network_a.client(role).get(url(network_a, "tenant_home"), follow=True)
    assert page.status_code == 200
    assert page.resolver_match.url_name == landing


def test_navigation_depends_on_the_role(network_a):
    head_office = network_a.client(Role.HEAD_OFFICE).get(url(network_a, "network")).content
    dealer = (
        network_a.client(Role.POS_STAFF)
        .get(url(network_a, "point_of_sale", point_of_sale_id=network_a.point_of_sale.pk))
        .content
    )
    manage = url(network_a, "manage_people").encode()
    assert manage in head_office
    assert manage not in dealer
