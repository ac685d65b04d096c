"""Where the demo's points of sale are: French cities grouped into zones and regions as a brand
would draw them, so a zone's points of sale are neighbours (Normandie holds Rouen, Caen and Le
Havre, never Marseille).

A demo of another shape (`seed_demo --regions 5 --zones-per-region 8`, the benchmarks) cuts the
same cities into bands of longitude (regions), then of latitude (zones): still neighbours.
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    department: str
    latitude: float
    longitude: float


def _cities(*rows: tuple[str, str, float, float]) -> dict[str, City]:
    return {name: City(name, department, lat, lon) for name, department, lat, lon in rows}


CITIES = _cities(
    ("Rouen", "76", 49.44, 1.10),
    ("Caen", "14", 49.18, -0.37),
    ("Le Havre", "76", 49.49, 0.11),
    ("Cherbourg", "50", 49.64, -1.62),
    ("Évreux", "27", 49.03, 1.15),
    ("Alençon", "61", 48.43, 0.09),
    ("Dieppe", "76", 49.92, 1.08),
    ("Rennes", "35", 48.11, -1.68),
    ("Brest", "29", 48.39, -4.49),
    ("Quimper", "29", 48.00, -4.10),
    ("Lorient", "56", 47.75, -3.37),
    ("Vannes", "56", 47.66, -2.76),
    ("Saint-Brieuc", "22", 48.51, -2.76),
    ("Saint-Malo", "35", 48.65, -2.03),
    ("Nantes", "44", 47.22, -1.55),
    ("Angers", "49", 47.47, -0.55),
    ("Le Mans", "72", 48.00, 0.20),
    ("Laval", "53", 48.07, -0.77),
    ("La Roche-sur-Yon", "85", 46.67, -1.43),
    ("Saint-Nazaire", "44", 47.27, -2.21),
    ("Cholet", "49", 47.06, -0.88),
    ("Orléans", "45", 47.90, 1.91),
    ("Tours", "37", 47.39, 0.69),
    ("Bourges", "18", 47.08, 2.40),
    ("Blois", "41", 47.59, 1.33),
    ("Chartres", "28", 48.44, 1.49),
    ("Châteauroux", "36", 46.81, 1.69),
    ("Abbeville", "80", 50.11, 1.83),
    ("Lille", "59", 50.63, 3.06),
    ("Amiens", "80", 49.89, 2.30),
    ("Roubaix", "59", 50.69, 3.17),
    ("Dunkerque", "59", 51.03, 2.38),
    ("Calais", "62", 50.95, 1.86),
    ("Arras", "62", 50.29, 2.78),
    ("Valenciennes", "59", 50.36, 3.52),
    ("Beauvais", "60", 49.43, 2.08),
    ("Paris", "75", 48.86, 2.35),
    ("Versailles", "78", 48.80, 2.13),
    ("Créteil", "94", 48.79, 2.46),
    ("Meaux", "77", 48.96, 2.88),
    ("Cergy", "95", 49.04, 2.08),
    ("Évry", "91", 48.63, 2.44),
    ("Nanterre", "92", 48.89, 2.21),
    ("Boulogne-Billancourt", "92", 48.84, 2.24),
    ("Neuilly-sur-Seine", "92", 48.88, 2.27),
    ("Saint-Germain-en-Laye", "78", 48.90, 2.09),
    ("Vincennes", "94", 48.85, 2.44),
    ("Reims", "51", 49.26, 4.03),
    ("Metz", "57", 49.12, 6.18),
    ("Nancy", "54", 48.69, 6.18),
    ("Strasbourg", "67", 48.57, 7.75),
    ("Mulhouse", "68", 47.75, 7.34),
    ("Troyes", "10", 48.30, 4.07),
    ("Colmar", "68", 48.08, 7.36),
    ("Dijon", "21", 47.32, 5.04),
    ("Besançon", "25", 47.24, 6.02),
    ("Auxerre", "89", 47.80, 3.57),
    ("Chalon-sur-Saône", "71", 46.78, 4.85),
    ("Belfort", "90", 47.64, 6.86),
    ("Mâcon", "71", 46.31, 4.83),
    ("Nevers", "58", 46.99, 3.16),
    ("Bordeaux", "33", 44.84, -0.58),
    ("Pau", "64", 43.30, -0.37),
    ("Bayonne", "64", 43.49, -1.47),
    ("Biarritz", "64", 43.48, -1.56),
    ("Mont-de-Marsan", "40", 43.89, -0.50),
    ("Périgueux", "24", 45.18, 0.72),
    ("Agen", "47", 44.20, 0.62),
    ("Arcachon", "33", 44.66, -1.17),
    ("Toulouse", "31", 43.60, 1.44),
    ("Montpellier", "34", 43.61, 3.88),
    ("Nîmes", "30", 43.84, 4.36),
    ("Perpignan", "66", 42.70, 2.90),
    ("Béziers", "34", 43.34, 3.22),
    ("Carcassonne", "11", 43.21, 2.35),
    ("Albi", "81", 43.93, 2.15),
    ("Lyon", "69", 45.76, 4.84),
    ("Grenoble", "38", 45.19, 5.72),
    ("Saint-Étienne", "42", 45.44, 4.39),
    ("Annecy", "74", 45.90, 6.13),
    ("Chambéry", "73", 45.56, 5.92),
    ("Valence", "26", 44.93, 4.89),
    ("Villeurbanne", "69", 45.77, 4.88),
    ("Marseille", "13", 43.30, 5.37),
    ("Nice", "06", 43.70, 7.27),
    ("Toulon", "83", 43.12, 5.93),
    ("Avignon", "84", 43.95, 4.81),
    ("Aix-en-Provence", "13", 43.53, 5.45),
    ("Cannes", "06", 43.55, 7.01),
    ("Fréjus", "83", 43.43, 6.74),
)

# A brand's map: region -> zone -> its cities. The first zone's first city holds the demo
# accounts' point of sale: it comes first by name too (Abbeville, Aix-en-Provence), as the apps'
# demo seeders find it either by id or by name.
Geography = list[tuple[str, list[tuple[str, list[str]]]]]

CAR_MAKER_MAP: Geography = [
    (
        "Nord-Est",
        [
            (
                "Hauts-de-France",
                ["Abbeville", "Lille", "Amiens", "Roubaix", "Dunkerque", "Calais", "Arras"],
            ),
            ("Île-de-France", ["Paris", "Versailles", "Créteil", "Meaux", "Cergy", "Évry"]),
            ("Grand Est", ["Reims", "Metz", "Nancy", "Strasbourg", "Mulhouse", "Troyes"]),
            (
                "Bourgogne-Franche-Comté",
                ["Dijon", "Besançon", "Auxerre", "Chalon-sur-Saône", "Belfort", "Mâcon"],
            ),
        ],
    ),
    (
        "Nord-Ouest",
        [
            (
                "Normandie",
                ["Rouen", "Caen", "Le Havre", "Cherbourg", "Évreux", "Alençon", "Dieppe"],
            ),
            (
                "Bretagne",
                ["Rennes", "Brest", "Quimper", "Lorient", "Vannes", "Saint-Brieuc", "Saint-Malo"],
            ),
            (
                "Pays de la Loire",
                ["Nantes", "Angers", "Le Mans", "Laval", "La Roche-sur-Yon", "Saint-Nazaire"],
            ),
            ("Centre-Val de Loire", ["Orléans", "Tours", "Bourges", "Blois", "Chartres"]),
        ],
    ),
    (
        "Sud",
        [
            ("Aquitaine", ["Bordeaux", "Pau", "Bayonne", "Mont-de-Marsan", "Périgueux", "Agen"]),
            ("Occitanie", ["Toulouse", "Montpellier", "Nîmes", "Perpignan", "Béziers", "Albi"]),
            (
                "Rhône-Alpes",
                ["Lyon", "Grenoble", "Saint-Étienne", "Annecy", "Chambéry", "Valence"],
            ),
            ("Provence-Côte d'Azur", ["Marseille", "Nice", "Toulon", "Avignon", "Aix-en-Provence"]),
        ],
    ),
]
COSMETICS_MAP: Geography = [
    (
        "Sud",
        [
            (
                "Méditerranée",
                ["Aix-en-Provence", "Marseille", "Nice", "Montpellier", "Toulon", "Cannes"],
            ),
            (
                "Rhône-Alpes",
                ["Lyon", "Annecy", "Grenoble", "Chambéry", "Saint-Étienne", "Valence"],
            ),
            ("Sud-Ouest", ["Bordeaux", "Toulouse", "Pau", "Biarritz", "Bayonne", "Mont-de-Marsan"]),
        ],
    ),
    (
        "Nord",
        [
            (
                "Île-de-France",
                [
                    "Paris",
                    "Boulogne-Billancourt",
                    "Neuilly-sur-Seine",
                    "Versailles",
                    "Saint-Germain-en-Laye",
                    "Vincennes",
                ],
            ),
            ("Nord-Ouest", ["Rouen", "Caen", "Le Havre", "Rennes", "Le Mans", "Angers"]),
            ("Nord-Est", ["Lille", "Amiens", "Reims", "Metz", "Nancy", "Arras"]),
        ],
    ),
]


def demo_map(geography: Geography, regions: int, zones_per_region: int) -> Geography:
    """The brand's map, or the first `regions` x `zones_per_region` of it, or, for a shape it
    does not have, its cities cut into that many bands of neighbours."""
    if regions <= len(geography) and all(
        zones_per_region <= len(zones) for _name, zones in geography[:regions]
    ):
        return [(name, zones[:zones_per_region]) for name, zones in geography[:regions]]
    cities = sorted(
        {city for _region, zones in geography for _zone, names in zones for city in names},
        key=lambda name: (CITIES[name].longitude, CITIES[name].latitude),
    )
    drawn: Geography = []
    for number, band in enumerate(_bands(cities, regions), start=1):
        band.sort(key=lambda name: -CITIES[name].latitude)
        region = f"Région {number}"
        drawn.append(
            (
                region,
                [
                    (f"{region} {z}", part)
                    for z, part in enumerate(_bands(band, zones_per_region), 1)
                ],
            )
        )
    return drawn


def _bands(items: list[str], count: int) -> list[list[str]]:
    """`items` cut into `count` runs of (nearly) equal length; a run never empty while any item
    is left to repeat (more zones than cities share the last city of the run before)."""
    runs = [items[len(items) * i // count : len(items) * (i + 1) // count] for i in range(count)]
    for index, run in enumerate(runs):
        if not run:
            run.append((runs[index - 1] or items)[-1] if index else items[0])
    return runs


def distance_km(first: City, second: City) -> float:
    """Great-circle distance (haversine, on a sphere of the Earth's mean radius)."""
    lat1, lat2 = math.radians(first.latitude), math.radians(second.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(second.longitude - first.longitude)
    a = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
