"""Demo data: two brands and their networks, with one account per role (password `demo`).

The networks stand on a map of France (demo_geography): a brand's regions are areas of it, cut
into zones of neighbouring towns named after their largest ("Secteur Lille"), and each point of
sale is named after its town.

Apps add their own demo data (KPI facts, challenges...) by registering a seeder, called after the
organisation exists: `register_demo_seeder(name, seeder)`, seeder(*, tenant, days, rng).
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from .data_versions import ORGANISATION, data_changed
from .demo_geography import RegionArea, demo_map, point_places
from .models import Membership, MembershipZone, PointOfSale, Region, Role, Tenant, User, Zone
from .tenancy import tenant_scope

DEMO_PASSWORD = "demo"  # noqa: S105  # printed in the README on purpose

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Hugo",
    "Louis",
    "Chloé",
    "Manon",
    "Jules",
    "Inès",
    "Lucas",
    "Sarah",
    "Nathan",
    "Emma",
    "Théo",
    "Jade",
    "Paul",
    "Alice",
    "Tom",
    "Zoé",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "Roux",
]

DemoSeeder = Callable[..., None]
DEMO_SEEDERS: dict[str, DemoSeeder] = {}


def register_demo_seeder(name: str, seeder: DemoSeeder) -> None:
    DEMO_SEEDERS.setdefault(name, seeder)


@dataclass(frozen=True)
class DemoBrand:
    slug: str
    name: str
    domain: str
    regions: dict[str, tuple[str, ...]]  # name -> its administrative regions (demo_towns.AREAS)
    zones_per_region: int
    points_of_sale: int
    type: str
    brands: list[str]
    prefix: str


CAR_MAKER = DemoBrand(
    slug="autonova",
    name="Autonova",
    domain="autonova.example",
    regions={
        "Nord-Ouest": ("IDF", "HDF", "NOR", "BRE", "PDL", "CVL"),
        "Est": ("GES", "BFC", "ARA"),
        "Sud": ("NAQ", "OCC", "PAC"),
    },
    zones_per_region=4,
    points_of_sale=150,
    type=PointOfSale.Type.DEALER,
    brands=["Autonova", "Autonova Utilitaires"],
    prefix="AN",
)
COSMETICS = DemoBrand(
    slug="belle-allure",
    name="Belle Allure",
    domain="belleallure.example",
    regions={
        "Nord": ("IDF", "HDF", "NOR", "BRE", "PDL", "CVL", "GES", "BFC"),
        "Sud": ("ARA", "NAQ", "OCC", "PAC"),
    },
    zones_per_region=3,
    points_of_sale=60,
    type=PointOfSale.Type.STORE,
    brands=["Belle Allure"],
    prefix="BA",
)

# login, role: one demo account per role for each brand.
DEMO_ACCOUNTS = [
    ("siege", Role.HEAD_OFFICE),
    ("directeur", Role.REGIONAL_DIRECTOR),
    ("animateur", Role.ANIMATOR),
    ("coach", Role.COACH),
    ("responsable", Role.POS_MANAGER),
    ("vendeur", Role.POS_STAFF),
]


def demo_logins(brand: DemoBrand) -> list[tuple[str, str]]:
    return [(f"{login}@{brand.domain}", str(role.label)) for login, role in DEMO_ACCOUNTS]


@transaction.atomic
def build_brand(
    brand: DemoBrand,
    *,
    points_of_sale: int | None = None,
    zones_per_region: int | None = None,
    regions: int | None = None,
    seed: int = 42,
) -> Tenant:
    rng = random.Random(seed)
    tenant = Tenant.objects.create(slug=brand.slug, name=brand.name)
    password = make_password(DEMO_PASSWORD)
    areas = demo_map(
        areas=brand.regions,
        regions=regions or len(brand.regions),
        zones_per_region=zones_per_region or brand.zones_per_region,
    )
    with tenant_scope(tenant):
        region_objs = Region.objects.bulk_create(
            [
                Region(tenant=tenant, code=f"R{i + 1:02d}", name=area.name)
                for i, area in enumerate(areas)
            ]
        )
        zones = _zones(tenant, region_objs, areas)
        count = points_of_sale or brand.points_of_sale
        points = _points_of_sale(brand, tenant, areas, zones, count, rng)
        _people(brand, tenant, region_objs, zones, points, password, rng)
    data_changed(tenant=tenant, kinds=[ORGANISATION])
    return tenant


def _zones(tenant: Tenant, regions: list[Region], areas: list[RegionArea]) -> list[Zone]:
    """The zones, region after region (codes Z01, Z02...), each region's largest town's first."""
    cut = [
        (region, zone) for region, area in zip(regions, areas, strict=True) for zone in area.zones
    ]
    return Zone.objects.bulk_create(
        [
            Zone(tenant=tenant, region=region, code=f"Z{number:02d}", name=zone.name)
            for number, (region, zone) in enumerate(cut, start=1)
        ]
    )


def _points_of_sale(
    brand: DemoBrand,
    tenant: Tenant,
    areas: list[RegionArea],
    zones: list[Zone],
    count: int,
    rng: random.Random,
) -> list[PointOfSale]:
    """Dealt to the zones in turn, each named after its town (a town's second "Autonova Lyon 2")."""
    sizes = (
        [PointOfSale.SizeClass.SMALL] * 4
        + [PointOfSale.SizeClass.MEDIUM] * 4
        + [PointOfSale.SizeClass.LARGE] * 2
        + [PointOfSale.SizeClass.EXTRA_LARGE]
    )
    places = point_places([zone for area in areas for zone in area.zones], count)
    points = []
    for index, place in enumerate(places):
        suffix = f" {place.repeat + 1}" if place.repeat else ""
        points.append(
            PointOfSale(
                tenant=tenant,
                zone=zones[place.zone],
                code=f"{brand.prefix}{index + 1:04d}",
                name=f"{brand.name} {place.town.name}{suffix}",
                type=brand.type,
                size_class=rng.choice(sizes),
                brands=brand.brands[: rng.randint(1, len(brand.brands))],
                city=place.town.name,
                opening_date=dt.date(
                    rng.randint(1985, 2022), rng.randint(1, 12), rng.randint(1, 28)
                ),
            )
        )
    return PointOfSale.objects.bulk_create(points, batch_size=1000)


@dataclass
class _Roster:
    """A brand's demo people, built in memory, then written in a few bulk inserts."""

    tenant: Tenant
    password: str
    rng: random.Random
    users: list[User] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    zone_links: list[tuple[Membership, Zone]] = field(default_factory=list)

    def person(self, email: str, role: str, **scope: Any) -> Membership:
        user = User(
            email=email,
            username=email,
            password=self.password,
            first_name=self.rng.choice(FIRST_NAMES),
            last_name=self.rng.choice(LAST_NAMES),
        )
        self.users.append(user)
        membership = Membership(tenant=self.tenant, user=user, role=role, **scope)
        self.memberships.append(membership)
        return membership

    def save(self) -> None:
        User.objects.bulk_create(self.users, batch_size=1000)
        for membership in self.memberships:
            membership.user_id = membership.user.pk
        Membership.objects.bulk_create(self.memberships, batch_size=1000)
        MembershipZone.objects.bulk_create(
            [MembershipZone(tenant=self.tenant, membership=m, zone=z) for m, z in self.zone_links]
        )


def _people(
    brand: DemoBrand,
    tenant: Tenant,
    regions: list[Region],
    zones: list[Zone],
    points: list[PointOfSale],
    password: str,
    rng: random.Random,
) -> None:
    """The demo accounts, around the first point of sale; then a director per other region,
    an animator per other zone, a manager per other point of sale."""
    roster = _Roster(tenant, password, rng)
    first_point = points[0]
    scopes: dict[str, dict[str, Any]] = {
        Role.REGIONAL_DIRECTOR: {"region": first_point.zone.region},
        Role.POS_MANAGER: {"point_of_sale": first_point},
        Role.POS_STAFF: {"point_of_sale": first_point},
    }
    for login, role in DEMO_ACCOUNTS:
        demo = roster.person(f"{login}@{brand.domain}", role, **scopes.get(role, {}))
        if role == Role.ANIMATOR:
            roster.zone_links.append((demo, first_point.zone))
    for region in regions[1:]:
        email = f"directeur.{region.code.lower()}@{brand.domain}"
        roster.person(email, Role.REGIONAL_DIRECTOR, region=region)
    for zone in zones:
        if zone != first_point.zone:
            animator = roster.person(f"animateur.{zone.code.lower()}@{brand.domain}", Role.ANIMATOR)
            roster.zone_links.append((animator, zone))
    for point in points[1:]:
        email = f"responsable.{point.code.lower()}@{brand.domain}"
        roster.person(email, Role.POS_MANAGER, point_of_sale=point)
    roster.save()


def link_consultant(tenants: list[Tenant]) -> User:
    """A coach who works for both brands: shows the tenant switcher."""
    user = User.objects.create(
        email="consultant@demo.example",
        username="consultant@demo.example",
        first_name="Claire",
        last_name="Fontaine",
        password=make_password(DEMO_PASSWORD),
    )
    for tenant in tenants:
        with tenant_scope(tenant):
            Membership.objects.create(tenant=tenant, user=user, role=Role.COACH)
    return user
