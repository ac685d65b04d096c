"""Who belongs to the automatic communities: pure computation over the organisation, no ORM.

`automatic_members` takes the people as plain records (network_animation.audiences.Person: their
role, their point of sale and its zone, region and type, the zones they animate, the region they
direct) and the KPI families each point of sale has objectives on, and says who belongs to which
community, by (kind, rule).
"""

from collections import defaultdict
from collections.abc import Iterable

from network_animation.audiences import Person
from network_animation.models import Role

ROLE = "role"
POINT_OF_SALE_TYPE = "point_of_sale_type"
ZONE = "zone"
REGION = "region"
KPI_FAMILY = "kpi_family"
FIELD_ROLES = frozenset({Role.POS_MANAGER, Role.POS_STAFF})
__all__ = ["Person", "automatic_members"]

# (kind, rule): ("zone", "12"), ("role", "animator"), ("kpi_family", "Ventes")
Key = tuple[str, str]


def automatic_members(
    people: Iterable[Person], families_by_point: dict[int, set[str]]
) -> dict[Key, set[int]]:
    """Every automatic community's members: by role; point of sale staff by their point's type,
    zone, region and KPI families; animators by the zones they animate (and those zones'
    regions and families); a director by their region."""
    members: dict[Key, set[int]] = defaultdict(set)
    people = list(people)
    families_by_zone: dict[int, set[str]] = defaultdict(set)
    for person in people:
        if person.role in FIELD_ROLES and person.zone_id is not None:
            families_by_zone[person.zone_id] |= families_by_point.get(
                person.point_of_sale_id or 0, set()
            )
    for person in people:
        for key in _keys(person, families_by_point, families_by_zone):
            members[key].add(person.membership_id)
    return dict(members)


def _keys(
    person: Person, families_by_point: dict[int, set[str]], families_by_zone: dict[int, set[str]]
) -> list[Key]:
    keys: list[Key] = [(ROLE, person.role)]
    if person.role in FIELD_ROLES and person.point_of_sale_id is not None:
        keys.append((POINT_OF_SALE_TYPE, person.point_of_sale_type))
        keys += [(ZONE, str(person.zone_id)), (REGION, str(person.region_id))]
        keys += [
            (KPI_FAMILY, family) for family in families_by_point.get(person.point_of_sale_id, ())
        ]
    elif person.role == Role.ANIMATOR:
        keys += [(ZONE, str(zone)) for zone in person.animated_zones]
        keys += [(REGION, str(region)) for region in person.animated_regions]
        families = set().union(*(families_by_zone.get(z, set()) for z in person.animated_zones))
        keys += [(KPI_FAMILY, family) for family in families]
    elif person.role == Role.REGIONAL_DIRECTOR and person.region_id is not None:
        keys.append((REGION, str(person.region_id)))
    return keys
