"""`sees_community` (the thread page's test, in Python, of a community already read) says
exactly what `_visible` (the selectors' query) says, for every role and every kind of community:
visibility, zone, region and membership, each combination."""

import itertools

import pytest

from communities.models import Community, CommunityMember
from communities.selectors.threads import _visible, sees_community
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..factories import RegionFactory, ZoneFactory


@pytest.mark.django_db
def test_the_python_rules_and_the_query_agree_on_every_community_for_every_role(network_a):
    tenant = network_a.tenant
    with tenant_scope(tenant):
        far_region = RegionFactory(tenant=tenant)
        far_zone = ZoneFactory(region=far_region)
        zones = [None, network_a.zone, network_a.other_zone, far_zone]
        regions = [None, network_a.region, far_region]
        combinations = itertools.product(Community.Visibility, zones, regions, [False, True])
        communities, joined = [], []
        for number, (visibility, zone, region, member) in enumerate(combinations):
            community = Community.objects.create(
                tenant=tenant,
                name=f"Community {number}",
                rule=f"rule-{number}",
                visibility=visibility,
                zone=zone,
                region=region,
            )
            communities.append(community)
            if member:
                joined.append(community)
        people = list(network_a.members.values())
        assert {person.role for person in people} == set(Role)
        for person in people:
            CommunityMember.objects.bulk_create(
                CommunityMember(tenant=tenant, community=community, membership=person)
                for community in joined
            )
            by_query = set(
                Community.objects.filter(tenant=tenant, pk__in=[c.pk for c in communities])
                .filter(_visible(person))
                .values_list("pk", flat=True)
            )
            by_python = {
                community.pk
                for community in communities
                if sees_community(person, community, is_member=community in joined)
            }
            assert by_python == by_query, person.role
            # Both rules see some communities and hide others from every role but those who
            # see the whole network: the comparison is not between two empty sets.
            assert by_query
            CommunityMember.objects.filter(tenant=tenant, membership=person).delete()
