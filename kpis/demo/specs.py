"""The demo's KPIs per brand, with how each behaves: its daily level, its season, its stock
dynamics."""

from dataclasses import dataclass

from ..models import Aggregation, Direction

# A month's weight in the year (January first), 1 on average: a car dealer sells in March, June
# and September, little in August; a cosmetics store at Christmas, Mother's Day and Black Friday.
CAR_SEASON = (0.85, 0.9, 1.25, 1.0, 0.95, 1.15, 0.95, 0.55, 1.2, 1.05, 0.95, 1.2)
WORKSHOP_SEASON = (1.0, 0.95, 1.0, 1.05, 1.0, 1.1, 1.05, 0.75, 1.0, 1.1, 1.15, 0.85)
COSMETICS_SEASON = (0.8, 0.95, 0.9, 0.95, 1.15, 0.95, 0.85, 0.75, 0.9, 0.95, 1.2, 1.65)
# A weekday's weight among the days a point of sale opens (Monday first): Saturday is the day.
CAR_WEEK = (0.85, 0.9, 0.95, 1.0, 1.1, 1.45, 0.0)
COSMETICS_WEEK = (0.75, 0.85, 1.0, 0.95, 1.1, 1.55, 0.6)

# How a level KPI moves: a stock run down by the sales and refilled by weekly deliveries, or the
# number of references out of stock, climbing until the next delivery.
STOCK_COVER, STOCK_OUTS = "cover", "outs"


@dataclass(frozen=True)
class DemoKpi:
    code: str
    name_fr: str
    name_en: str
    unit: str
    daily: float  # a medium point of sale's daily mean (a level for `last`, a score for averages)
    aggregation: str = Aggregation.SUM
    direction: str = Direction.HIGHER
    decimals: int = 0
    ratio: tuple[str, str, float] | None = None  # numerator, denominator, multiplier
    coverage: float = 1.0  # share of days with a fact
    family: str = ""
    season: tuple[float, ...] | None = None  # the brand's when None
    stock: str = STOCK_COVER  # for `last` KPIs


CAR_MAKER_KPIS = [
    DemoKpi("vn", "Ventes véhicules neufs", "New car sales", "", 0.9),
    DemoKpi("vo", "Ventes véhicules d'occasion", "Used car sales", "", 0.7),
    DemoKpi(
        "atelier_ca",
        "Chiffre d'affaires atelier",
        "Workshop revenue",
        "€",
        2400.0,
        season=WORKSHOP_SEASON,
    ),
    DemoKpi("essais", "Essais", "Test drives", "", 2.2),
    DemoKpi("leads", "Contacts entrants", "Leads", "", 4.5),
    DemoKpi(
        "transfo",
        "Taux de transformation",
        "Conversion rate",
        "%",
        0,
        Aggregation.RATIO,
        decimals=1,
        ratio=("vn", "leads", 100.0),
    ),
    DemoKpi(
        "satisfaction",
        "Satisfaction client",
        "Customer satisfaction",
        "/10",
        8.3,
        Aggregation.AVERAGE,
        decimals=1,
        coverage=0.35,
    ),
    DemoKpi(
        "stock_vn",
        "Stock véhicules neufs",
        "New car stock",
        "",
        35.0,
        Aggregation.LAST,
        Direction.LOWER,
    ),
]
COSMETICS_KPIS = [
    DemoKpi("ca", "Chiffre d'affaires", "Revenue", "€", 3100.0),
    DemoKpi("tickets", "Tickets", "Transactions", "", 52.0),
    DemoKpi("visiteurs", "Visiteurs", "Visitors", "", 240.0),
    DemoKpi(
        "transfo",
        "Taux de transformation",
        "Conversion rate",
        "%",
        0,
        Aggregation.RATIO,
        decimals=1,
        ratio=("tickets", "visiteurs", 100.0),
    ),
    DemoKpi(
        "panier",
        "Panier moyen",
        "Average basket",
        "€",
        0,
        Aggregation.RATIO,
        decimals=2,
        ratio=("ca", "tickets", 1.0),
    ),
    DemoKpi("fidelite", "Adhésions fidélité", "Loyalty sign-ups", "", 3.5),
    DemoKpi(
        "satisfaction",
        "Satisfaction client",
        "Customer satisfaction",
        "/10",
        8.6,
        Aggregation.AVERAGE,
        decimals=1,
        coverage=0.5,
    ),
    DemoKpi(
        "ruptures",
        "Ruptures de stock",
        "Stock-outs",
        "",
        12.0,
        Aggregation.LAST,
        Direction.LOWER,
        stock=STOCK_OUTS,
    ),
]
# The demo's KPI families (a community each).
FAMILIES = {
    "vn": "Ventes",
    "vo": "Ventes",
    "essais": "Ventes",
    "leads": "Ventes",
    "transfo": "Ventes",
    "ca": "Ventes",
    "tickets": "Ventes",
    "visiteurs": "Ventes",
    "panier": "Ventes",
    "atelier_ca": "Après-vente",
    "fidelite": "Fidélité",
    "satisfaction": "Satisfaction client",
    "stock_vn": "Stock",
    "ruptures": "Stock",
}

EXTRA_KPI_DAILY = (0.8, 1.5, 3.0, 6.0, 12.0, 25.0, 60.0, 140.0, 450.0, 1200.0)


@dataclass(frozen=True)
class DemoBrandKpis:
    kpis: list[DemoKpi]
    season: tuple[float, ...]
    week: tuple[float, ...]


CAR_MAKER = DemoBrandKpis(CAR_MAKER_KPIS, CAR_SEASON, CAR_WEEK)
COSMETICS = DemoBrandKpis(COSMETICS_KPIS, COSMETICS_SEASON, COSMETICS_WEEK)


def demo_kpi_specs(base: list[DemoKpi], count: int | None) -> list[DemoKpi]:
    """The brand's KPIs, cut to `count` or completed with summed KPIs up to it (benchmarks)."""
    if count is None:
        return base
    extra = [
        DemoKpi(
            f"kpi_{number:02d}",
            f"Indicateur {number}",
            f"Indicator {number}",
            "",
            EXTRA_KPI_DAILY[number % len(EXTRA_KPI_DAILY)],
        )
        for number in range(len(base) + 1, count + 1)
    ]
    return [*base, *extra][:count]
