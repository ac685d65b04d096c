"""Audiences (network_animation/audiences.py): exactly the people a rule names, over random
organisations; the criteria other apps register; what a sender may address."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from challenges.models import LabelAward
from network_animation.audiences import (
    CRITERIA,
    Audience,
    AudienceCriterion,
    audience_includes,
    audience_membership_ids,
    audience_within,
)
from network_animation.models import Membership, PointOfSale, Role, Tenant
from network_animation.tenancy import tenant_scope

from ..factories import (
    MembershipFactory,
    PointOfSaleFactory,
    RegionFactory,
    TenantFactory,
    ZoneFactory,
)
from ..kpis.conftest import build_kpis
from ..kpis.dashboards.test_dashboards import facts, objective, refresh

pytestmark = pytest.mark.django_db
TYPES = [PointOfSale.Type.DEALER, PointOfSale.Type.AGENT]
ROLES = [role.value for role in Role]
POINT_ROLES = {Role.POS_MANAGER, Role.POS_STAFF}
NOW = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)


@pytest.fixture
def kpis_a(network_a):
    return build_kpis(network_a)


@dataclass
class Organisation:
    tenant: Tenant
    zone_region: dict[int, int]  # zone id -> region id
    point_zone: dict[int, int]
    point_type: dict[int, str]
    people: list[Membership]
    animated: dict[int, set[int]]  # animator -> zones
    flagged: set[int]  # the points of sale the test criterion names


@st.composite
def organisations(draw):
    """Two regions of two zones, up to eight points of sale, up to fourteen people."""
    tenant = TenantFactory()
    regions = [RegionFactory(tenant=tenant) for _ in range(2)]
    zones = [ZoneFactory(region=regions[i // 2]) for i in range(4)]
    points = [
        PointOfSaleFactory(zone=draw(st.sampled_from(zones)), type=draw(st.sampled_from(TYPES)))
        for _ in range(draw(st.integers(1, 8)))
    ]
    people, animated = [], {}
    for _ in range(draw(st.integers(1, 14))):
        role = draw(st.sampled_from(ROLES))
        fields = {"tenant": tenant, "role": role}
        if role in POINT_ROLES:
            fields["point_of_sale"] = draw(st.sampled_from(points))
        elif role == Role.REGIONAL_DIRECTOR:
            fields["region"] = draw(st.sampled_from(regions))
        elif role == Role.ANIMATOR:
            fields["zones"] = draw(st.lists(st.sampled_from(zones), max_size=3, unique=True))
        person = MembershipFactory(**fields, is_active=draw(st.sampled_from([True, True, False])))
        if role == Role.ANIMATOR:
            animated[person.pk] = {zone.pk for zone in fields["zones"]}
        people.append(person)
    flagged = {p.pk for p in points if draw(st.booleans())}
    return Organisation(
        tenant=tenant,
        zone_region={zone.pk: zone.region_id for zone in zones},
        point_zone={p.pk: p.zone_id for p in points},
        point_type={p.pk: p.type for p in points},
        people=people,
        animated=animated,
        flagged=flagged,
    )


@st.composite
def audiences(draw, organisation: Organisation):
    def some(values):
        return frozenset(draw(st.lists(st.sampled_from(sorted(values)), max_size=2)))

    return Audience(
        regions=some(set(organisation.zone_region.values())),
        zones=some(organisation.zone_region),
        roles=some(ROLES),
        point_of_sale_types=some(TYPES),
        criteria=frozenset([("flagged", "yes")]) if draw(st.booleans()) else frozenset(),
        points_of_sale=some(organisation.point_zone) if draw(st.booleans()) else frozenset(),
    )


def expected(organisation: Organisation, audience: Audience) -> set[int]:
    """The audience, dimension by dimension, as sets of people (the spec, read another way)."""
    everyone = {person.pk for person in organisation.people if person.is_active}
    by_zone: dict[int, set[int]] = {zone: set() for zone in organisation.zone_region}
    at_points: dict[int, int] = {}  # person -> their point of sale
    for person in organisation.people:
        if person.role in POINT_ROLES:
            at_points[person.pk] = person.point_of_sale_id
            by_zone[organisation.point_zone[person.point_of_sale_id]].add(person.pk)
        for zone in organisation.animated.get(person.pk, ()):
            by_zone[zone].add(person.pk)
        if person.role == Role.REGIONAL_DIRECTOR:
            for zone, region in organisation.zone_region.items():
                if region == person.region_id:
                    by_zone[zone].add(person.pk)
    chosen = set(everyone)
    if audience.roles:
        chosen &= {p.pk for p in organisation.people if p.role in audience.roles}
    if audience.zones:
        chosen &= set().union(*(by_zone[zone] for zone in audience.zones))
    if audience.regions:
        in_regions = [z for z, r in organisation.zone_region.items() if r in audience.regions]
        directors = {
            p.pk
            for p in organisation.people
            if p.role == Role.REGIONAL_DIRECTOR and p.region_id in audience.regions
        }
        chosen &= set().union(directors, *(by_zone[zone] for zone in in_regions))
    if audience.point_of_sale_types:
        chosen &= {
            pk
            for pk, point in at_points.items()
            if organisation.point_type[point] in audience.point_of_sale_types
        }
    if audience.criteria:
        chosen &= {pk for pk, point in at_points.items() if point in organisation.flagged}
    if audience.points_of_sale:
        chosen &= {pk for pk, point in at_points.items() if point in audience.points_of_sale}
    return chosen


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_an_audience_is_exactly_the_people_it_names(data, monkeypatch):
    with transaction.atomic():
        organisation = data.draw(organisations())
        flagged = organisation.flagged
        monkeypatch.setitem(
            CRITERIA,
            "flagged",
            AudienceCriterion("flagged", "Flagged", lambda t: [], lambda t, v: set(flagged)),
        )
        audience = data.draw(audiences(organisation))
        with tenant_scope(organisation.tenant):
            found = audience_membership_ids(tenant=organisation.tenant, audience=audience)
            for person in organisation.people[:3]:
                inside = audience_includes(
                    tenant=organisation.tenant, audience=audience, membership=person
                )
                assert inside == (person.pk in found)
        assert found == expected(organisation, audience)
        transaction.set_rollback(True)


def test_an_audience_survives_its_json():
    audience = Audience(
        regions=frozenset({2, 1}),
        zones=frozenset({5}),
        roles=frozenset({Role.POS_STAFF}),
        point_of_sale_types=frozenset({"dealer"}),
        criteria=frozenset({("label_level", "3")}),
        points_of_sale=frozenset({7, 3}),
    )
    assert Audience.from_json(audience.as_json()) == audience
    assert Audience.from_json(None).is_everyone
    # Audiences kept before points of sale existed read, and are written, the same.
    assert "points_of_sale" not in Audience(zones=frozenset({5})).as_json()
    assert not Audience(points_of_sale=frozenset({3})).is_everyone


def test_a_point_of_sale_names_its_people_and_only_within_the_senders_zones(network_a):
    point, other = network_a.point_of_sale, network_a.other_point_of_sale
    animator = network_a.members[Role.ANIMATOR]  # of network_a.zone only
    with tenant_scope(network_a.tenant):
        narrowed = audience_within(
            audience=Audience(points_of_sale=frozenset({point.pk})), sender=animator
        )
        found = audience_membership_ids(tenant=network_a.tenant, audience=narrowed)
        with pytest.raises(ValidationError):
            audience_within(
                audience=Audience(points_of_sale=frozenset({other.pk})), sender=animator
            )
        director = network_a.members[Role.REGIONAL_DIRECTOR]
        assert audience_within(
            audience=Audience(points_of_sale=frozenset({other.pk})), sender=director
        ).points_of_sale == {other.pk}
    assert found == {network_a.members[Role.POS_STAFF].pk, network_a.members[Role.POS_MANAGER].pk}


def test_nobody_inactive_nor_of_another_tenant_is_in_an_audience(network_a, network_b):
    gone = network_a.members[Role.POS_STAFF]
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    with tenant_scope(network_a.tenant):
        everyone = audience_membership_ids(tenant=network_a.tenant, audience=Audience())
    assert gone.pk not in everyone
    assert everyone == {m.pk for m in network_a.members.values() if m.is_active}
    assert not everyone & {m.pk for m in network_b.members.values()}
    outsider = network_b.members[Role.POS_STAFF]
    assert not audience_includes(tenant=network_a.tenant, audience=Audience(), membership=outsider)


def test_off_target_on_a_kpi_names_the_people_of_those_points_of_sale(network_a, kpis_a):
    facts(network_a, kpis_a, network_a.point_of_sale, sales=80, leads=100)
    facts(network_a, kpis_a, network_a.other_point_of_sale, sales=120, leads=100)
    objective(kpis_a.sales, network_a.point_of_sale, 100)
    objective(kpis_a.sales, network_a.other_point_of_sale, 100)
    refresh(network_a)
    audience = Audience(criteria=frozenset({("off_target_kpi", str(kpis_a.sales.pk))}))
    with tenant_scope(network_a.tenant):
        found = audience_membership_ids(tenant=network_a.tenant, audience=audience)
        choices = CRITERIA["off_target_kpi"].choices(network_a.tenant)
    assert found == {network_a.members[Role.POS_MANAGER].pk, network_a.members[Role.POS_STAFF].pk}
    assert (str(kpis_a.sales.pk), kpis_a.sales.name) in choices


def test_a_label_level_names_the_points_of_sale_holding_it_in_the_newest_year(network_a):
    with tenant_scope(network_a.tenant):
        for year, level in ((2024, 3), (2025, 2)):
            point = network_a.point_of_sale
            LabelAward.objects.create(
                tenant=network_a.tenant, point_of_sale=point, year=year, level=level, awarded_at=NOW
            )
        gold = Audience(criteria=frozenset({("label_level", "3")}))
        silver = Audience(criteria=frozenset({("label_level", "2")}))
        assert audience_membership_ids(tenant=network_a.tenant, audience=gold) == set()
        assert network_a.members[Role.POS_STAFF].pk in audience_membership_ids(
            tenant=network_a.tenant, audience=silver
        )


def test_a_sender_addresses_only_the_zones_or_region_they_look_after(network_a):
    animator = network_a.members[Role.ANIMATOR]
    with tenant_scope(network_a.tenant):
        narrowed = audience_within(audience=Audience(), sender=animator)
        assert narrowed.zones == {network_a.zone.pk}
        with pytest.raises(ValidationError):
            audience_within(audience=Audience(zones=frozenset({-1})), sender=animator)
        with pytest.raises(ValidationError):
            audience_within(
                audience=Audience(regions=frozenset({network_a.region.pk})), sender=animator
            )
        staff = network_a.members[Role.POS_STAFF]
        with pytest.raises(ValidationError):
            audience_within(audience=Audience(), sender=staff)
        everyone = audience_within(audience=Audience(), sender=network_a.members[Role.HEAD_OFFICE])
    assert everyone.is_everyone
