"""The demo's geography (network_animation/demo_geography.py): regions are areas of the map,
zones hold neighbouring towns and are named after their largest, points of sale after their
town; the same at the bench's sizes."""

import pytest

from network_animation.demo import CAR_MAKER, COSMETICS, DemoBrand, build_brand
from network_animation.demo_geography import demo_map, point_places, span_km
from network_animation.demo_towns import TOWNS, TOWNS_BY_NAME
from network_animation.models import Membership, PointOfSale, Zone
from network_animation.tenancy import tenant_scope

# The widest distance between two points of sale of a zone, at the brand's own sizes: twelve
# zones share Autonova's France, six Belle Allure's (Lille to Marseille is 835 km).
WIDEST_ZONE_KM = {CAR_MAKER.slug: 400, COSMETICS.slug: 550}
BRANDS = [CAR_MAKER, COSMETICS]


def _brand_id(brand: DemoBrand) -> str:
    return brand.slug


@pytest.mark.parametrize("brand", BRANDS, ids=_brand_id)
def test_the_zones_hold_neighbouring_towns_of_their_region(brand):
    regions = demo_map(
        areas=brand.regions, regions=len(brand.regions), zones_per_region=brand.zones_per_region
    )
    assert [region.name for region in regions] == list(brand.regions)
    zones = [zone for region in regions for zone in region.zones]
    places = point_places(zones, brand.points_of_sale)
    for region in regions:
        assert {town.area for town in region.towns} <= set(brand.regions[region.name])
        assert len(region.zones) == brand.zones_per_region
        for zone in region.zones:
            assert set(zone.towns) <= set(region.towns)
            assert zone.name == f"Secteur {zone.towns[0].name}"
            assert zone.towns[0].population == max(town.population for town in zone.towns)
    for number, zone in enumerate(zones):
        towns = [place.town for place in places if place.zone == number]
        assert towns
        assert span_km(towns) < WIDEST_ZONE_KM[brand.slug], zone.name
    # No town is in two zones: the zones cut the map, they do not overlap.
    assert len({town for zone in zones for town in zone.towns}) == sum(
        len(zone.towns) for zone in zones
    )


def test_marseille_toulouse_and_annecy_are_in_three_zones():
    regions = demo_map(areas=CAR_MAKER.regions, regions=3, zones_per_region=4)
    zone_of = {
        town.name: zone.name for region in regions for zone in region.zones for town in zone.towns
    }
    assert len({zone_of["Marseille"], zone_of["Toulouse"], zone_of["Annecy"]}) == 3
    assert zone_of["Lille"] != zone_of["Brest"]


def test_the_map_is_the_same_every_time():
    first = demo_map(areas=COSMETICS.regions, regions=2, zones_per_region=3)
    assert first == demo_map(areas=COSMETICS.regions, regions=2, zones_per_region=3)


def test_the_bench_sizes_cut_the_whole_map():
    """The bench's tenants: five regions of eight zones, a thousand points of sale (towns come
    back with a number then); one region; more zones than a region has towns."""
    regions = demo_map(areas=CAR_MAKER.regions, regions=5, zones_per_region=8)
    zones = [zone for region in regions for zone in region.zones]
    assert len({region.name for region in regions}) == 5
    assert len({zone.name for zone in zones}) == 40
    assert sorted(town.name for region in regions for town in region.towns) == sorted(
        town.name for town in TOWNS
    )
    places = point_places(zones, 1000)
    assert {place.zone for place in places} == set(range(40))
    assert len({(place.town, place.repeat) for place in places}) == 1000
    single = demo_map(areas=CAR_MAKER.regions, regions=1, zones_per_region=2)
    assert [region.name for region in single] == ["France"]
    crowded = demo_map(areas=COSMETICS.regions, regions=2, zones_per_region=150)
    assert all(len(region.zones) == 150 for region in crowded)


@pytest.mark.django_db
@pytest.mark.parametrize("brand", BRANDS, ids=_brand_id)
def test_the_demo_networks_stand_on_the_map(brand):
    tenant = build_brand(brand)
    with tenant_scope(tenant):
        points = list(PointOfSale.objects.select_related("zone__region").order_by("pk"))
        animator = Membership.objects.get(user__email=f"animateur@{brand.domain}")
        animator_zones = set(animator.zones.values_list("pk", flat=True))
        manager = Membership.objects.get(user__email=f"responsable@{brand.domain}")
    by_zone: dict[Zone, list[PointOfSale]] = {}
    for point in points:
        town = TOWNS_BY_NAME[point.city]
        assert town.area in brand.regions[point.zone.region.name]
        assert point.name.startswith(f"{brand.name} {point.city}")
        by_zone.setdefault(point.zone, []).append(point)
    assert len(by_zone) == len(brand.regions) * brand.zones_per_region
    for zone, members in by_zone.items():
        towns = [TOWNS_BY_NAME[point.city] for point in members]
        assert span_km(towns) < WIDEST_ZONE_KM[brand.slug], zone.name
        largest = min(towns, key=lambda town: (-town.population, town.name))
        assert zone.name == f"Secteur {largest.name}"
    # The demo accounts sit around the first point of sale, the animator in its zone.
    assert manager.point_of_sale_id == points[0].pk
    assert animator_zones == {points[0].zone_id}
