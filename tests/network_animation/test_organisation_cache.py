"""The organisation's panels of the core pages are cached under the organisation's version:
a page seen before reads none of its rows, and every write shows at once (when it commits).
Which write renews which version: test_data_versions.py."""

import pytest
from django.contrib.auth.signals import user_logged_in
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network_animation.data_versions import ORGANISATION, tenant_version
from network_animation.models import Role
from network_animation.services.imports import points_of_sale_import
from network_animation.services.organisation import point_of_sale_save
from network_animation.services.people import membership_save
from network_animation.tenancy import tenant_scope

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def version(network) -> str:
    return tenant_version(ORGANISATION, network.tenant.pk)


def read(network, role: str, name: str, *args) -> tuple[str, CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as queries:
        answer = network.client(role).get(reverse(name, args=[network.tenant.slug, *args]))
    assert answer.status_code == 200
    return answer.content.decode(), queries


def tables_read(queries: CaptureQueriesContext) -> list[str]:
    """The table each query reads from (not those it joins)."""
    return [
        query["sql"].split(' FROM "')[1].split('"')[0]
        for query in queries.captured_queries
        if ' FROM "' in query["sql"]
    ]


def test_signing_in_keeps_the_version(network_a, committed, rf):
    before = version(network_a)
    user = network_a.members[Role.POS_STAFF].user
    committed(lambda: user_logged_in.send(sender=type(user), request=rf.get("/"), user=user))
    assert version(network_a) == before


def test_another_tenants_writes_keep_the_version(network_a, network_b, committed):
    before = version(network_a)
    with tenant_scope(network_b.tenant):
        committed(
            lambda: point_of_sale_save(
                tenant=network_b.tenant,
                actor=None,
                zone=network_b.zone,
                point_of_sale=network_b.point_of_sale,
                name="Elsewhere",
            )
        )
    assert version(network_a) == before


def test_a_dealer_page_seen_before_reads_no_team(network_a):
    point = network_a.point_of_sale.pk
    _, cold = read(network_a, Role.POS_STAFF, "point_of_sale", point)
    again, warm = read(network_a, Role.POS_STAFF, "point_of_sale", point)
    assert str(network_a.members[Role.POS_MANAGER].user) in again
    # The signed-in person's own membership, then the team and the zone's animators.
    assert tables_read(cold).count("network_animation_membership") >= 3
    assert tables_read(warm).count("network_animation_membership") == 1


def test_a_new_team_member_shows_at_once(network_a, committed):
    point = network_a.point_of_sale
    read(network_a, Role.POS_STAFF, "point_of_sale", point.pk)
    newcomer = UserFactory(first_name="Inès", last_name="Moreau")
    with tenant_scope(network_a.tenant):
        committed(
            lambda: membership_save(
                tenant=network_a.tenant,
                actor=None,
                user=newcomer,
                role=Role.POS_STAFF,
                point_of_sale=point,
            )
        )
    page, _ = read(network_a, Role.POS_STAFF, "point_of_sale", point.pk)
    assert "Inès Moreau" in page


def test_a_zone_page_seen_before_reads_no_point_of_sale(network_a):
    zone = network_a.zone.pk
    _, cold = read(network_a, Role.ANIMATOR, "zone", zone)
    page, warm = read(network_a, Role.ANIMATOR, "zone", zone)
    assert network_a.point_of_sale.name in page
    assert "network_animation_pointofsale" in tables_read(cold)
    assert "network_animation_pointofsale" not in tables_read(warm)


def test_an_imported_point_of_sale_shows_at_once_on_its_zone(network_a, committed):
    read(network_a, Role.ANIMATOR, "zone", network_a.zone.pk)
    content = b"code;nom;zone\nD901;Garage des Lilas;" + network_a.zone.code.encode() + b"\n"
    tenant = network_a.tenant
    with tenant_scope(tenant):
        committed(
            lambda: points_of_sale_import(
                tenant=tenant, actor=None, content=content, filename="points.csv"
            )
        )
    page, _ = read(network_a, Role.ANIMATOR, "zone", network_a.zone.pk)
    assert "Garage des Lilas" in page


def test_the_network_page_seen_before_reads_no_region_nor_zone(network_a):
    _, cold = read(network_a, Role.HEAD_OFFICE, "network")
    page, warm = read(network_a, Role.HEAD_OFFICE, "network")
    assert network_a.region.name in page
    assert "network_animation_region" in tables_read(cold)
    assert "network_animation_region" not in tables_read(warm)
    assert "network_animation_zone" not in tables_read(warm)


def test_what_is_left_to_complete_is_shown_to_head_office_only(network_a, committed):
    # The other zone has no animator: head office, who can assign one, is told; a coach is not,
    # even once head office's page is in the cache.
    head_office, _ = read(network_a, Role.HEAD_OFFICE, "network")
    coach, _ = read(network_a, Role.COACH, "network")
    assert "1 zone n’a pas d’animateur." in head_office
    assert "d’animateur" not in coach

    animator, tenant = network_a.members[Role.ANIMATOR], network_a.tenant
    zones = [network_a.zone, network_a.other_zone]
    with tenant_scope(tenant):
        committed(
            lambda: membership_save(
                tenant=tenant,
                actor=None,
                user=animator.user,
                membership=animator,
                role=Role.ANIMATOR,
                zones=zones,
            )
        )
    head_office, _ = read(network_a, Role.HEAD_OFFICE, "network")
    assert "d’animateur" not in head_office


def test_a_deactivated_person_leaves_the_team_at_once(network_a, committed):
    staff = network_a.members[Role.POS_STAFF]
    point = network_a.point_of_sale
    page, _ = read(network_a, Role.POS_MANAGER, "point_of_sale", point.pk)
    assert str(staff.user) in page
    with tenant_scope(network_a.tenant):
        committed(
            lambda: membership_save(
                tenant=network_a.tenant,
                actor=None,
                user=staff.user,
                membership=staff,
                role=Role.POS_STAFF,
                point_of_sale=point,
                is_active=False,
            )
        )
    page, _ = read(network_a, Role.POS_MANAGER, "point_of_sale", point.pk)
    assert str(staff.user) not in page
