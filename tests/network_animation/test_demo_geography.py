"""The demo's zones are geographic: a zone's points of sale are neighbours, whatever the shape
of the demo (the benchmarks' 5 regions of 8 zones too)."""

import pytest

from network_animation.demo import CAR_MAKER, COSMETICS, build_brand
from network_animation.demo.places import CITIES, City, distance_km
from network_animation.models import PointOfSale, Zone
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db

NEIGHBOURS_KM = 200  # from a zone's centre: a day's round of visits for its animator
BANDS_KM = 250  # the benchmarks' shapes, cut out of the same cities


def cities_by_zone(tenant) -> dict[str, list[City]]:
    with tenant_scope(tenant):
        zones = {zone.pk: zone.name for zone in Zone.objects.filter(tenant=tenant)}
        points = PointOfSale.objects.filter(tenant=tenant).values_list("zone_id", "city")
        found: dict[str, list[City]] = {name: [] for name in zones.values()}
        for zone_id, city in points:
            found[zones[zone_id]].append(CITIES[city])
    return found


def farthest_from_centre(cities: list[City]) -> float:
    centre = City(
        "centre",
        "",
        sum(city.latitude for city in cities) / len(cities),
        sum(city.longitude for city in cities) / len(cities),
    )
    return max(distance_km(city, centre) for city in cities)


@pytest.mark.parametrize(
    ("brand", "shape", "within"),
    [
        (CAR_MAKER, {}, NEIGHBOURS_KM),
        (COSMETICS, {}, NEIGHBOURS_KM),
        (CAR_MAKER, {"zones_per_region": 2, "points_of_sale": 12}, NEIGHBOURS_KM),
        (CAR_MAKER, {"regions": 5, "zones_per_region": 8, "points_of_sale": 200}, BANDS_KM),
    ],
)
def test_every_zone_holds_neighbours(brand, shape, within):
    zones = cities_by_zone(build_brand(brand, **shape))
    assert all(zones.values()), "every zone has points of sale"
    too_far = {
        name: round(farthest_from_centre(cities))
        for name, cities in zones.items()
        if farthest_from_centre(cities) > within
    }
    assert too_far == {}


def test_normandy_holds_rouen_caen_and_le_havre_and_never_marseille():
    zones = cities_by_zone(build_brand(CAR_MAKER))
    normandy = {city.name for city in zones["Normandie"]}
    assert {"Rouen", "Caen", "Le Havre"} <= normandy
    assert "Marseille" not in normandy
    assert {city.department for city in zones["Normandie"]} <= {"14", "27", "50", "61", "76"}


@pytest.mark.parametrize(
    ("brand", "place"),
    [
        (CAR_MAKER, ("Autonova Abbeville", "Hauts-de-France", "Nord-Est")),
        (COSMETICS, ("Belle Allure Aix-en-Provence", "Méditerranée", "Sud")),
    ],
)
def test_the_demo_accounts_point_of_sale_comes_first_by_id_and_by_name(brand, place):
    """The apps' demo seeders find it either way (challenges/demo.py by name)."""
    tenant = build_brand(brand)
    with tenant_scope(tenant):
        points = PointOfSale.objects.filter(tenant=tenant).select_related("zone__region")
        first = points.order_by("pk").first()
        names = list(points.values_list("name", flat=True))
    assert (first.name, first.zone.name, first.zone.region.name) == place
    assert min(names) == first.name
    assert len(set(names)) == len(names), "a city's second point of sale is numbered"
