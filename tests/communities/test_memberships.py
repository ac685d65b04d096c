"""communities/services/memberships.py: the automatic communities follow the organisation."""

import datetime as dt

import pytest

from communities.models import Community, CommunityMember
from communities.services import community_join, community_memberships_sync
from kpis.models import Level
from network_animation.models import Notification, Role
from network_animation.services.people import membership_save
from network_animation.tenancy import tenant_scope
from tests.factories import PointOfSaleFactory
from tests.kpis.conftest import build_kpis
from tests.kpis.factories import ObjectiveFactory

from .conftest import start, sync

pytestmark = pytest.mark.django_db


def members(network, community) -> set[int]:
    with tenant_scope(network.tenant):
        return set(
            CommunityMember.objects.filter(community=community).values_list(
                "membership_id", flat=True
            )
        )


def test_each_zone_region_role_and_type_gets_its_community(network_a, network_b):
    communities = sync(network_a)
    staff = network_a.members
    assert members(network_a, communities.zone) == {
        staff[Role.POS_MANAGER].pk,
        staff[Role.POS_STAFF].pk,
        staff[Role.ANIMATOR].pk,
    }
    assert members(network_a, communities.region) == {
        staff[Role.POS_MANAGER].pk,
        staff[Role.POS_STAFF].pk,
        staff[Role.ANIMATOR].pk,
        staff[Role.REGIONAL_DIRECTOR].pk,
    }
    assert members(network_a, communities.staff) == {staff[Role.POS_STAFF].pk}
    with tenant_scope(network_a.tenant):
        kinds = set(Community.objects.values_list("kind", "visibility"))
    assert ("point_of_sale_type", "members") in kinds
    with tenant_scope(network_b.tenant):
        assert not Community.objects.exists()  # another tenant's sync made nothing here


def test_a_second_sync_changes_nothing(network_a):
    sync(network_a)
    with tenant_scope(network_a.tenant):
        again = community_memberships_sync(tenant=network_a.tenant)
    assert (again.added, again.removed) == (0, 0)


def test_a_dealer_who_moves_zone_changes_communities_and_loses_what_they_were_told(
    network_a, django_capture_on_commit_callbacks
):
    communities = sync(network_a)
    staff = network_a.members[Role.POS_STAFF]
    start(network_a, communities.zone, role=Role.POS_MANAGER)  # nobody follows the zone yet
    with tenant_scope(network_a.tenant):
        Notification.objects.create(
            tenant=network_a.tenant,
            recipient=staff,
            kind="community.reply",
            scope=communities.zone.scope,
        )
        membership_save(
            tenant=network_a.tenant,
            actor=None,
            user=staff.user,
            membership=staff,
            role=Role.POS_STAFF,
            point_of_sale=network_a.other_point_of_sale,
        )
        community_memberships_sync(tenant=network_a.tenant)
        assert not Notification.objects.filter(recipient=staff, scope=communities.zone.scope)
    assert staff.pk not in members(network_a, communities.zone)
    assert staff.pk in members(network_a, communities.other_zone)


def test_someone_who_joined_an_open_community_stays_through_syncs(network_a):
    communities = sync(network_a)
    coach = network_a.members[Role.COACH]
    with tenant_scope(network_a.tenant):
        Community.objects.filter(pk=communities.staff.pk).update(visibility="open")
        communities.staff.refresh_from_db()
        community_join(tenant=network_a.tenant, actor=coach, community=communities.staff)
        community_memberships_sync(tenant=network_a.tenant)
    assert coach.pk in members(network_a, communities.staff)


def test_a_kpi_family_community_gathers_the_points_of_sale_with_objectives_on_it(network_a):
    kpis = build_kpis(network_a)
    with tenant_scope(network_a.tenant):
        type(kpis.sales).objects.filter(pk=kpis.sales.pk).update(family="Ventes")
    ObjectiveFactory(
        kpi=kpis.sales,
        level=Level.POINT_OF_SALE,
        point_of_sale=network_a.point_of_sale,
        period_start=dt.date(2025, 1, 1),
    )
    PointOfSaleFactory(zone=network_a.zone)  # no objective: its people are not in it
    sync(network_a)
    with tenant_scope(network_a.tenant):
        family = Community.objects.get(kind="kpi_family", rule="Ventes")
    assert family.visibility == "open"
    staff = network_a.members
    assert members(network_a, family) == {
        staff[Role.POS_MANAGER].pk,
        staff[Role.POS_STAFF].pk,
        staff[Role.ANIMATOR].pk,
    }


def test_a_community_no_rule_calls_for_is_archived_not_deleted(network_a):
    communities = sync(network_a)
    thread = start(network_a, communities.staff)
    with tenant_scope(network_a.tenant):
        for member in network_a.members.values():
            if member.role == Role.POS_STAFF:
                membership_save(
                    tenant=network_a.tenant,
                    actor=None,
                    user=member.user,
                    membership=member,
                    role=Role.POS_MANAGER,
                    point_of_sale=network_a.point_of_sale,
                )
        community_memberships_sync(tenant=network_a.tenant)
        communities.staff.refresh_from_db()
        assert communities.staff.is_archived
        assert type(thread).objects.filter(pk=thread.pk).exists()
