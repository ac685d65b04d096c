"""The row a point of sale's or a zone's page is about, read from the cache under the
organisation's version (network_animation/organisation_rows.py): a page seen before reads it
with its panels, every write shows at once, and rights are checked on the row as written."""

import pytest
from django.urls import reverse

from network_animation.models import Role
from network_animation.services.organisation import point_of_sale_save, zone_save
from network_animation.tenancy import tenant_scope

from .test_organisation_cache import read, tables_read

pytestmark = pytest.mark.django_db


def test_a_dealer_page_seen_before_reads_no_point_of_sale(network_a):
    point = network_a.point_of_sale.pk
    _, cold = read(network_a, Role.POS_STAFF, "point_of_sale", point)
    page, warm = read(network_a, Role.POS_STAFF, "point_of_sale", point)
    assert network_a.point_of_sale.name in page
    assert "network_animation_pointofsale" in tables_read(cold)
    assert "network_animation_pointofsale" not in tables_read(warm)


def test_a_zone_page_seen_before_reads_no_zone(network_a):
    _, cold = read(network_a, Role.ANIMATOR, "zone", network_a.zone.pk)
    page, warm = read(network_a, Role.ANIMATOR, "zone", network_a.zone.pk)
    assert network_a.zone.name in page
    assert "network_animation_zone" in tables_read(cold)
    assert "network_animation_zone" not in tables_read(warm)


def test_a_renamed_point_of_sale_and_zone_show_at_once(network_a, committed):
    point, zone, tenant = network_a.point_of_sale, network_a.zone, network_a.tenant
    read(network_a, Role.POS_STAFF, "point_of_sale", point.pk)
    read(network_a, Role.ANIMATOR, "zone", zone.pk)
    with tenant_scope(tenant):
        committed(
            lambda: point_of_sale_save(
                tenant=tenant, actor=None, point_of_sale=point, zone=zone, name="Garage des Lilas"
            )
        )
        committed(
            lambda: zone_save(
                tenant=tenant,
                actor=None,
                zone=zone,
                code=zone.code,
                name="Zone des Tilleuls",
                region=zone.region,
            )
        )
    assert (
        "<h1>Garage des Lilas</h1>" in read(network_a, Role.POS_STAFF, "point_of_sale", point.pk)[0]
    )
    assert "<h1>Zone des Tilleuls</h1>" in read(network_a, Role.ANIMATOR, "zone", zone.pk)[0]


def test_a_point_of_sale_moved_to_another_zone_leaves_its_animator_at_once(network_a, committed):
    point, tenant = network_a.point_of_sale, network_a.tenant
    client = network_a.client(Role.ANIMATOR)
    url = reverse("point_of_sale", args=[tenant.slug, point.pk])
    assert client.get(url).status_code == 200
    with tenant_scope(tenant):
        committed(
            lambda: point_of_sale_save(
                tenant=tenant, actor=None, point_of_sale=point, zone=network_a.other_zone
            )
        )
    assert client.get(url).status_code == 403


def test_another_tenants_point_of_sale_and_zone_are_never_served(network_a, network_b):
    """Seen by their own people first (their rows in the cache), then asked for under the
    other tenant by its own head office: the same answer as an id that does not exist."""
    read(network_b, Role.HEAD_OFFICE, "point_of_sale", network_b.point_of_sale.pk)
    read(network_b, Role.HEAD_OFFICE, "zone", network_b.zone.pk)
    client = network_a.client(Role.HEAD_OFFICE)
    slug = network_a.tenant.slug
    for name, id in (("point_of_sale", network_b.point_of_sale.pk), ("zone", network_b.zone.pk)):
        for _ in range(2):
            answer = client.get(reverse(name, args=[slug, id]))
            assert answer.status_code == 404
            assert b"CANARY-B" not in answer.content
