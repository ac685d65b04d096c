"""communities/rules.py: automatic membership follows the organisation (a property test over
random organisations and moves)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from communities import rules
from network_animation.models import Role

ZONES = {1: 10, 2: 10, 3: 20}  # zone -> region
TYPES = ["dealer", "agent"]


@st.composite
def organisations(draw):
    """People of random roles in random places, and random KPI families per point of sale."""
    points = {
        p: (draw(st.sampled_from(list(ZONES))), draw(st.sampled_from(TYPES))) for p in range(1, 6)
    }
    families = {p: draw(st.sets(st.sampled_from(["Ventes", "Stock"]), max_size=2)) for p in points}
    people = []
    for pk in range(1, draw(st.integers(1, 25)) + 1):
        role = draw(st.sampled_from(list(Role)))
        if role in rules.FIELD_ROLES:
            point = draw(st.sampled_from(list(points)))
            zone, kind = points[point]
            people.append(rules.Person(pk, role, point, kind, zone, ZONES[zone]))
        elif role == Role.ANIMATOR:
            zones = frozenset(draw(st.sets(st.sampled_from(list(ZONES)), min_size=1)))
            people.append(
                rules.Person(
                    pk,
                    role,
                    animated_zones=zones,
                    animated_regions=frozenset(ZONES[z] for z in zones),
                )
            )
        elif role == Role.REGIONAL_DIRECTOR:
            people.append(rules.Person(pk, role, region_id=draw(st.sampled_from([10, 20]))))
        else:
            people.append(rules.Person(pk, role))
    return people, families


def expected(person: rules.Person, people, families) -> set[rules.Key]:
    """What a person should belong to, said the long way."""
    keys = {(rules.ROLE, person.role)}
    if person.role in rules.FIELD_ROLES:
        keys |= {
            (rules.POINT_OF_SALE_TYPE, person.point_of_sale_type),
            (rules.ZONE, str(person.zone_id)),
            (rules.REGION, str(person.region_id)),
        }
        keys |= {(rules.KPI_FAMILY, f) for f in families.get(person.point_of_sale_id, set())}
    elif person.role == Role.ANIMATOR:
        keys |= {(rules.ZONE, str(z)) for z in person.animated_zones}
        keys |= {(rules.REGION, str(ZONES[z])) for z in person.animated_zones}
        staffed = {
            f
            for other in people
            if other.role in rules.FIELD_ROLES and other.zone_id in person.animated_zones
            for f in families.get(other.point_of_sale_id, set())
        }
        keys |= {(rules.KPI_FAMILY, f) for f in staffed}
    elif person.role == Role.REGIONAL_DIRECTOR:
        keys.add((rules.REGION, str(person.region_id)))
    return keys


@settings(max_examples=150, deadline=None, derandomize=True)
@given(organisations(), st.data())
def test_everyone_belongs_exactly_where_their_role_and_place_say_even_after_moves(org, data):
    people, families = org
    for _round in range(2):  # then some people move: they follow
        members = rules.automatic_members(people, families)
        for person in people:
            belongs = {key for key, ids in members.items() if person.membership_id in ids}
            assert belongs == expected(person, people, families)
        people = [_moved(person, data) if data.draw(st.booleans()) else person for person in people]


def _moved(person: rules.Person, data) -> rules.Person:
    if person.role not in rules.FIELD_ROLES:
        return person
    zone = data.draw(st.sampled_from(list(ZONES)))
    return rules.Person(
        person.membership_id,
        person.role,
        person.point_of_sale_id,
        person.point_of_sale_type,
        zone,
        ZONES[zone],
    )
