"""The demo's geography: a brand's regions are areas of the map, each cut into zones of
neighbouring towns, and each point of sale stands in a town of its zone. Pure and deterministic:
the same sizes give the same map.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .demo_towns import TOWNS, Town

EARTH_RADIUS_KM = 6371.0
# On a map of France a degree of longitude is shorter than a degree of latitude: cos(46.5°).
EAST_SCALE = math.cos(math.radians(46.5))
CENTRE = (46.6, 2.5)  # latitude, longitude: about the middle of mainland France
NEAR_CENTRE = 0.6  # degrees: a region whose towns centre this near it is the "Centre"
COMPASS = ("Est", "Nord-Est", "Nord", "Nord-Ouest", "Ouest", "Sud-Ouest", "Sud", "Sud-Est")


@dataclass(frozen=True)
class ZoneArea:
    name: str
    towns: tuple[Town, ...]  # the largest first: the zone's points of sale go to them in turn


@dataclass(frozen=True)
class RegionArea:
    name: str
    towns: tuple[Town, ...]
    zones: tuple[ZoneArea, ...]


@dataclass(frozen=True)
class PointPlace:
    zone: int  # its zone's position among all the zones, region after region
    town: Town
    repeat: int  # 0 for the town's first point of sale, 1 for its second...


def distance_km(a: Town, b: Town) -> float:
    """The great-circle distance between two towns (haversine)."""
    north = math.radians(b.latitude - a.latitude)
    east = math.radians(b.longitude - a.longitude)
    half = (
        math.sin(north / 2) ** 2
        + math.cos(math.radians(a.latitude))
        * math.cos(math.radians(b.latitude))
        * math.sin(east / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(half))


def span_km(towns: Sequence[Town]) -> float:
    """The widest distance between two of the towns."""
    return max(
        (distance_km(a, b) for at, a in enumerate(towns) for b in towns[at + 1 :]), default=0.0
    )


def _flat(town: Town) -> tuple[float, float]:
    return town.longitude * EAST_SCALE, town.latitude


def _extent(towns: Sequence[Town]) -> float:
    """The diagonal of the towns' bounding box on the flattened map."""
    points = [_flat(town) for town in towns]
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    return math.hypot(max(xs) - min(xs), max(ys) - min(ys))


def split_towns(towns: Sequence[Town], parts: int) -> list[list[Town]]:
    """`parts` groups of neighbouring towns, as even in number as can be: halved again and again,
    across whichever axis (east-west or north-south) leaves the two halves the smaller. Fewer
    towns than parts: some towns serve two parts."""
    if parts <= 1:
        return [list(towns)]
    if len(towns) < parts:
        return [[towns[at % len(towns)]] if towns else [] for at in range(parts)]
    first = parts // 2
    cut = round(len(towns) * first / parts)
    cut = min(max(cut, first), len(towns) - (parts - first))
    halves: list[tuple[float, list[Town], list[Town]]] = []
    for axis in (0, 1):
        ordered = sorted(towns, key=lambda town: (_flat(town)[axis], town.name))
        low, high = ordered[:cut], ordered[cut:]
        halves.append((_extent(low) + _extent(high), low, high))
    _size, low, high = min(halves, key=lambda half: half[0])
    return split_towns(low, first) + split_towns(high, parts - first)


def _largest_first(towns: Sequence[Town]) -> tuple[Town, ...]:
    return tuple(sorted(towns, key=lambda town: (-town.population, town.name)))


def _unique(names: list[str]) -> list[str]:
    """The names, a repeated one numbered from its second time ("Sud", "Sud 2")."""
    seen: dict[str, int] = {}
    found = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        found.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    return found


def _direction(towns: Sequence[Town]) -> str:
    """Where the towns lie from the middle of France, as a region is named after it."""
    north = sum(town.latitude for town in towns) / len(towns) - CENTRE[0]
    east = (sum(town.longitude for town in towns) / len(towns) - CENTRE[1]) * EAST_SCALE
    if math.hypot(north, east) < NEAR_CENTRE:
        return "Centre"
    angle = math.degrees(math.atan2(north, east)) % 360
    return COMPASS[round(angle / 45) % len(COMPASS)]


def _zones(towns: Sequence[Town], count: int) -> tuple[ZoneArea, ...]:
    """The region cut into `count` zones, the one of its largest town first, each named after
    its own largest town."""
    groups = sorted(
        (_largest_first(group) for group in split_towns(towns, count)),
        key=lambda group: (-group[0].population, group[0].name),
    )
    names = _unique([f"Secteur {group[0].name}" for group in groups])
    return tuple(ZoneArea(name, group) for name, group in zip(names, groups, strict=True))


def demo_map(
    *, areas: dict[str, tuple[str, ...]], regions: int, zones_per_region: int
) -> list[RegionArea]:
    """The brand's regions, each cut into `zones_per_region` zones. As many regions as the brand
    has `areas` (region name -> administrative regions, see demo_towns.AREAS) are those areas;
    another number cuts the whole map into that many, named after where they lie."""
    if regions == len(areas):
        cut = [
            (name, [town for town in TOWNS if town.area in codes]) for name, codes in areas.items()
        ]
    elif regions == 1:
        cut = [("France", list(TOWNS))]
    else:
        groups = split_towns(TOWNS, regions)
        cut = list(zip(_unique([_direction(group) for group in groups]), groups, strict=True))
    return [RegionArea(name, tuple(towns), _zones(towns, zones_per_region)) for name, towns in cut]


def point_places(zones: Sequence[ZoneArea], count: int) -> list[PointPlace]:
    """Where `count` points of sale stand: dealt to the zones in turn (so the zones hold as many),
    each zone's to its towns, the largest first, then round again."""
    places = []
    for index in range(count):
        zone = index % len(zones)
        rank = index // len(zones)
        towns = zones[zone].towns
        places.append(PointPlace(zone, towns[rank % len(towns)], rank // len(towns)))
    return places
