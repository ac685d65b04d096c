"""Audiences: one rule engine that says who a message, a document or a module is for.

An `Audience` names regions, zones, roles, point-of-sale types, points of sale (a module pushed
to one point of sale's people) and criteria on points of sale that other apps register
(`register_audience_criterion`: "label level" from challenges, "off target on KPI X this month"
from kpis). Within one dimension any value matches; across
dimensions all must; an empty dimension does not filter. An empty audience is the whole tenant.

Who is where (the same reading of the organisation as the automatic communities):
- point of sale manager and staff: their point of sale, its type, zone and region;
- an animator: the zones they look after and those zones' regions;
- a regional director: their region and every zone in it;
- head office and coaches: no place; a place or point-of-sale dimension leaves them out.
Point-of-sale dimensions (types, points of sale and criteria) only ever match the people of a
point of sale.

`audience_members` is pure (records in, ids out); `audience_membership_ids` loads the tenant's
active people once and the criteria's points of sale, then calls it. `audience_within` narrows an
audience to what its sender may address (an animator: their zones; a director: their region).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Membership, MembershipZone, PointOfSale, Role, Tenant, Zone
from .permissions import NETWORK_WIDE_ROLES, POINT_OF_SALE_ROLES, membership_zone_ids

OUTSIDE_SCOPE = _("You can only address people of the zones or region you look after.")
UNKNOWN_CRITERION = _("This audience uses a criterion that no longer exists.")


@dataclass(frozen=True)
class Person:
    """One active membership, as the rules see it."""

    membership_id: int
    role: str
    point_of_sale_id: int | None = None
    point_of_sale_type: str = ""
    zone_id: int | None = None  # their point of sale's
    region_id: int | None = None  # their point of sale's, or the region they direct
    animated_zones: frozenset[int] = field(default_factory=frozenset)
    animated_regions: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class AudienceCriterion:
    """A criterion on points of sale another app provides: its choices for the forms, and the
    points of sale that meet it for a value."""

    code: str
    label: Any  # a lazy translation
    choices: Callable[[Tenant], list[tuple[str, str]]]
    points_of_sale: Callable[[Tenant, str], set[int]]


CRITERIA: dict[str, AudienceCriterion] = {}


def register_audience_criterion(criterion: AudienceCriterion) -> None:
    """Called from an AppConfig.ready(); the first registration of a code wins."""
    CRITERIA.setdefault(criterion.code, criterion)


@dataclass(frozen=True)
class Audience:
    regions: frozenset[int] = frozenset()
    zones: frozenset[int] = frozenset()
    roles: frozenset[str] = frozenset()
    point_of_sale_types: frozenset[str] = frozenset()
    criteria: frozenset[tuple[str, str]] = frozenset()  # (criterion code, value)
    points_of_sale: frozenset[int] = frozenset()

    @property
    def is_everyone(self) -> bool:
        return not (
            self.regions
            or self.zones
            or self.roles
            or self.point_of_sale_types
            or self.criteria
            or self.points_of_sale
        )

    def as_json(self) -> dict[str, list[Any]]:
        """What a model keeps in a JSON field (sorted: the same audience, the same JSON). Points
        of sale only when named: audiences kept before they existed read the same."""
        data: dict[str, list[Any]] = {
            "regions": sorted(self.regions),
            "zones": sorted(self.zones),
            "roles": sorted(self.roles),
            "point_of_sale_types": sorted(self.point_of_sale_types),
            "criteria": sorted([code, value] for code, value in self.criteria),
        }
        if self.points_of_sale:
            data["points_of_sale"] = sorted(self.points_of_sale)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "Audience":
        data = data or {}
        return cls(
            regions=frozenset(int(pk) for pk in data.get("regions", [])),
            zones=frozenset(int(pk) for pk in data.get("zones", [])),
            roles=frozenset(str(role) for role in data.get("roles", [])),
            point_of_sale_types=frozenset(
                str(kind) for kind in data.get("point_of_sale_types", [])
            ),
            criteria=frozenset((str(code), str(value)) for code, value in data.get("criteria", [])),
            points_of_sale=frozenset(int(pk) for pk in data.get("points_of_sale", [])),
        )


def _places(person: Person, zone_regions: dict[int, int]) -> tuple[set[int], set[int]]:
    """The zones and regions a person is in (see the module's docstring)."""
    if person.role in POINT_OF_SALE_ROLES and person.point_of_sale_id is not None:
        zone, region = person.zone_id, person.region_id
        return ({zone} if zone else set()), ({region} if region else set())
    if person.role == Role.ANIMATOR:
        return set(person.animated_zones), set(person.animated_regions)
    if person.role == Role.REGIONAL_DIRECTOR and person.region_id is not None:
        zones = {zone for zone, region in zone_regions.items() if region == person.region_id}
        return zones, {person.region_id}
    return set(), set()


def _matches(
    person: Person,
    audience: Audience,
    zone_regions: dict[int, int],
    points_by_criterion: dict[tuple[str, str], set[int]],
) -> bool:
    if audience.roles and person.role not in audience.roles:
        return False
    zones, regions = _places(person, zone_regions)
    if audience.zones and not zones & audience.zones:
        return False
    if audience.regions and not regions & audience.regions:
        return False
    at_point = person.role in POINT_OF_SALE_ROLES and person.point_of_sale_id is not None
    if audience.point_of_sale_types and not (
        at_point and person.point_of_sale_type in audience.point_of_sale_types
    ):
        return False
    if audience.points_of_sale and not (
        at_point and person.point_of_sale_id in audience.points_of_sale
    ):
        return False
    return not audience.criteria or (
        at_point
        and any(person.point_of_sale_id in points_by_criterion[key] for key in audience.criteria)
    )


def audience_members(
    people: Iterable[Person],
    audience: Audience,
    *,
    zone_regions: dict[int, int],
    points_by_criterion: dict[tuple[str, str], set[int]],
) -> set[int]:
    """The membership ids of the people the audience names. Criteria values of one code are
    alternatives ("silver or gold"); points_by_criterion holds each (code, value)'s points."""
    return {
        person.membership_id
        for person in people
        if _matches(person, audience, zone_regions, points_by_criterion)
    }


def people_of(tenant: Tenant, membership_ids: Iterable[int] | None = None) -> list[Person]:
    """The tenant's active people as records (two queries), or only these memberships."""
    animated: dict[int, set[tuple[int, int]]] = defaultdict(set)
    links = MembershipZone.objects.filter(tenant=tenant, membership__is_active=True)
    memberships = Membership.objects.filter(tenant=tenant, is_active=True)
    if membership_ids is not None:
        ids = list(membership_ids)
        links, memberships = links.filter(membership_id__in=ids), memberships.filter(pk__in=ids)
    for membership_id, zone_id, region_id in links.values_list(
        "membership_id", "zone_id", "zone__region_id"
    ):
        animated[membership_id].add((zone_id, region_id))
    rows = memberships.values_list(
        "pk",
        "role",
        "point_of_sale_id",
        "point_of_sale__type",
        "point_of_sale__zone_id",
        "point_of_sale__zone__region_id",
        "region_id",
    )
    return [
        Person(
            membership_id=pk,
            role=role,
            point_of_sale_id=point,
            point_of_sale_type=point_type or "",
            zone_id=zone,
            region_id=point_region or directed_region,
            animated_zones=frozenset(z for z, _r in animated[pk]),
            animated_regions=frozenset(r for _z, r in animated[pk]),
        )
        for pk, role, point, point_type, zone, point_region, directed_region in rows
    ]


def _criteria_points(tenant: Tenant, audience: Audience) -> dict[tuple[str, str], set[int]]:
    points = {}
    for code, value in audience.criteria:
        if code not in CRITERIA:
            raise ValidationError(UNKNOWN_CRITERION)
        points[(code, value)] = CRITERIA[code].points_of_sale(tenant, value)
    return points


def _zone_regions(tenant: Tenant) -> dict[int, int]:
    return dict(Zone.objects.filter(tenant=tenant).values_list("pk", "region_id"))


def audience_people(
    *, tenant: Tenant, audience: Audience, among: Iterable[int] | None = None
) -> list[Person]:
    """The records of the active people the audience names (or of those of `among` it names):
    for a caller that needs more of them than their ids (an announcement's zones)."""
    people = people_of(tenant, among)
    named = audience_members(
        people,
        audience,
        zone_regions=_zone_regions(tenant),
        points_by_criterion=_criteria_points(tenant, audience),
    )
    return [person for person in people if person.membership_id in named]


class AudienceResolver:
    """Many audiences resolved against one read of the tenant's people (or of `among`), its
    zones, and each criterion's points of sale read once: for a caller with many audiences (the
    documents a person may read, the nightly enrolment of every open assignment)."""

    def __init__(self, tenant: Tenant, among: Iterable[int] | None = None) -> None:
        self.tenant = tenant
        self.people = people_of(tenant, among)
        self.zone_regions = _zone_regions(tenant)
        self.points: dict[tuple[str, str], set[int]] = {}

    def members(self, audience: Audience) -> set[int]:
        """The membership ids the audience names among the people read."""
        for key in audience.criteria - self.points.keys():
            code, value = key
            criterion = CRITERIA.get(code)
            self.points[key] = criterion.points_of_sale(self.tenant, value) if criterion else set()
        return audience_members(
            self.people,
            audience,
            zone_regions=self.zone_regions,
            points_by_criterion=self.points,
        )


def audience_membership_ids(
    *, tenant: Tenant, audience: Audience, among: Iterable[int] | None = None
) -> set[int]:
    """The active memberships the audience names (or those of `among` it names)."""
    people = audience_people(tenant=tenant, audience=audience, among=among)
    return {person.membership_id for person in people}


def audience_includes(*, tenant: Tenant, audience: Audience, membership: Membership) -> bool:
    """Whether one person is in the audience (a page deciding whether they may read)."""
    if audience.is_everyone:
        return membership.is_active and membership.tenant_id == tenant.pk
    found = audience_membership_ids(tenant=tenant, audience=audience, among=[membership.pk])
    return membership.pk in found


def audience_within(*, audience: Audience, sender: Membership) -> Audience:
    """The audience narrowed to what the sender may address: head office (and coaches) the
    whole network, a director their region, an animator their zones. Naming a place outside
    them is refused rather than silently dropped."""
    if sender.role in NETWORK_WIDE_ROLES:
        return audience
    if sender.role == Role.REGIONAL_DIRECTOR and sender.region_id is not None:
        region = frozenset({sender.region_id})
        allowed_zones = frozenset(
            Zone.objects.filter(tenant_id=sender.tenant_id, region_id=sender.region_id).values_list(
                "pk", flat=True
            )
        )
        if (
            (audience.regions - region)
            or (audience.zones - allowed_zones)
            or _points_outside(sender, audience, allowed_zones)
        ):
            raise ValidationError(OUTSIDE_SCOPE)
        return replace(audience, regions=region)
    if sender.role == Role.ANIMATOR:
        mine = membership_zone_ids(sender)
        if (
            not mine
            or audience.regions
            or (audience.zones - mine)
            or _points_outside(sender, audience, mine)
        ):
            raise ValidationError(OUTSIDE_SCOPE)
        return replace(audience, zones=audience.zones or mine)
    raise ValidationError(OUTSIDE_SCOPE)


def _points_outside(sender: Membership, audience: Audience, zones: frozenset[int]) -> bool:
    """Whether the audience names a point of sale outside these zones (one query, if any)."""
    if not audience.points_of_sale:
        return False
    inside = PointOfSale.objects.filter(
        tenant_id=sender.tenant_id, pk__in=audience.points_of_sale, zone_id__in=zones
    ).count()
    return inside != len(audience.points_of_sale)


def point_of_sale_type_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in PointOfSale.Type.choices]
