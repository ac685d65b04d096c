"""Demo KPIs, facts and objectives: two years of daily figures (their shape: demo_series, with
seasons, busy Saturdays, good and bad months, stocks that wander and some points of sale clearly
off target), as the registered stories tell them. Vectorised with numpy and loaded through the
bulk loader, so the 150-dealer demo seeds in seconds.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone

from network_animation.data_versions import data_changed
from network_animation.jobs import tracked_job
from network_animation.models import Membership, PointOfSale, Role, Tenant

from .aggregation import kpi_rollups_refresh
from .cache import KPI_DEFINITIONS
from .demo_series import (
    DemoStory,
    daily_values,
    demo_profiles,
    month_codes,
    month_targets,
    performance_grid,
)
from .loader import kpi_facts_load
from .models import Aggregation, Direction, KpiDefinition, Level, Objective, Period


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


CAR_MAKER_KPIS = [
    DemoKpi("vn", "Ventes véhicules neufs", "New car sales", "", 0.9),
    DemoKpi("vo", "Ventes véhicules d’occasion", "Used car sales", "", 0.7),
    DemoKpi("atelier_ca", "Chiffre d’affaires atelier", "Workshop revenue", "€", 2400.0),
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
    DemoKpi("ca", "Chiffre d’affaires", "Revenue", "€", 3100.0),
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
        "ruptures", "Ruptures de stock", "Stock-outs", "", 12.0, Aggregation.LAST, Direction.LOWER
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
# A story tells what some points of sale did in some months (challenges' demo: a zone that
# recovers after a challenge...): teller(*, tenant, profile, months, kpis, today) -> DemoStory.
StoryTeller = Callable[..., DemoStory]
DEMO_STORIES: dict[str, StoryTeller] = {}


def register_demo_story(name: str, teller: StoryTeller) -> None:
    DEMO_STORIES.setdefault(name, teller)


EXTRA_KPI_DAILY = (0.8, 1.5, 3.0, 6.0, 12.0, 25.0, 60.0, 140.0, 450.0, 1200.0)


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


def kpi_demo_seed(
    *, tenant: Tenant, days: int, rng: random.Random, kpi_count: int | None = None
) -> None:
    base = CAR_MAKER_KPIS if tenant.slug == "autonova" else COSMETICS_KPIS
    specs = demo_kpi_specs(base, kpi_count)
    kpis = _definitions(tenant, specs)
    data_changed(tenant=tenant, kinds=[KPI_DEFINITIONS])
    points = pd.DataFrame(
        list(
            PointOfSale.objects.filter(tenant=tenant)
            .order_by("pk")
            .values("pk", "size_class", "zone_id")
        )
    )
    generator = np.random.default_rng(rng.randrange(2**32))
    profile = demo_profiles(points, generator)
    today = timezone.localdate()
    dates = _open_days(tenant, today, days)
    story = _story(tenant, profile, dates, specs, today)
    facts = pd.concat(
        [
            _facts(spec, kpis[spec.code], profile, dates, generator, story)
            for spec in specs
            if spec.ratio is None
        ],
        ignore_index=True,
    )
    facts = _shared_by_staff(tenant, facts, kpis[specs[0].code])
    with transaction.atomic():  # as an import loads them: one transaction, one staging table
        kpi_facts_load(tenant=tenant, facts=facts)
    _analyze_facts()
    _objectives(tenant, specs, kpis, profile, dates, today)
    _staff_objectives(tenant, kpis[specs[0].code])
    with tracked_job(tenant=tenant, job="nightly.kpi_aggregation") as progress:
        result = kpi_rollups_refresh(tenant=tenant, full=True)
        progress.add("facts", len(facts))
        progress.add("rollups", result.rollups)


def _story(
    tenant: Tenant,
    profile: pd.DataFrame,
    dates: pd.DatetimeIndex,
    specs: list[DemoKpi],
    today: dt.date,
) -> DemoStory:
    """What the registered stories make of the figures (challenges' demo tells one)."""
    story = DemoStory.untold()
    _codes, months = month_codes(dates)
    for teller in DEMO_STORIES.values():
        story += teller(
            tenant=tenant,
            profile=profile,
            months=months,
            kpis=[spec.code for spec in specs],
            today=today,
        )
    return story


def _analyze_facts() -> None:
    """SQLite gathers no statistics by itself: without them it plans the rollups' reads of the
    facts just loaded as if the table were small (PostgreSQL's full rebuild scans them)."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE kpis_kpifact")


def _open_days(tenant: Tenant, today: dt.date, days: int) -> pd.DatetimeIndex:
    """The last `days` days before today on which the brand's points of sale open."""
    dates = pd.date_range(end=today - dt.timedelta(days=1), periods=days, freq="D")
    if tenant.slug == "autonova":
        dates = dates[dates.day_of_week != 6]  # dealers close on Sundays
    return dates


def _demo_staff(tenant: Tenant) -> list[Membership]:
    """The staff of the demo accounts' point of sale (the brand's first), manager first."""
    first = PointOfSale.objects.filter(tenant=tenant).order_by("pk").first()
    return list(
        Membership.objects.filter(
            tenant=tenant, point_of_sale=first, role__in=[Role.POS_MANAGER, Role.POS_STAFF]
        ).order_by("role")
    )


def _shared_by_staff(tenant: Tenant, facts: pd.DataFrame, kpi: KpiDefinition) -> pd.DataFrame:
    """The first KPI of the demo point of sale is reported per person: each sale goes to the
    manager or the seller, so the point of sale's totals stay the same."""
    staff = _demo_staff(tenant)
    if len(staff) < 2:
        return facts
    mine = (facts["kpi_id"] == kpi.pk) & (facts["point_of_sale_id"] == staff[0].point_of_sale_id)
    shared = facts[mine]
    manager_part = (shared["value"] * 0.4).round()
    people = [
        shared.assign(
            value=manager_part, person_id=pd.array([staff[0].pk] * len(shared), dtype="Int64")
        ),
        shared.assign(
            value=shared["value"] - manager_part,
            person_id=pd.array([staff[1].pk] * len(shared), dtype="Int64"),
        ),
    ]
    return pd.concat([facts[~mine], *people], ignore_index=True)


def _staff_objectives(tenant: Tenant, kpi: KpiDefinition) -> None:
    """Each person's share of their point of sale's monthly objectives (40 % and 60 %)."""
    staff = _demo_staff(tenant)
    if len(staff) < 2:
        return
    monthly = Objective.objects.filter(
        tenant=tenant,
        kpi=kpi,
        level=Level.POINT_OF_SALE,
        period=Period.MONTH,
        point_of_sale_id=staff[0].point_of_sale_id,
    )
    Objective.objects.bulk_create(
        [
            Objective(
                tenant=tenant,
                kpi=kpi,
                level=Level.PERSON,
                person=person,
                period=Period.MONTH,
                period_start=objective.period_start,
                target=round(objective.target * share),
            )
            for objective in monthly
            for person, share in zip(staff, (0.4, 0.6), strict=True)
        ]
    )


def _definitions(tenant: Tenant, specs: list[DemoKpi]) -> dict[str, KpiDefinition]:
    kpis: dict[str, KpiDefinition] = {}
    for position, spec in enumerate(specs):
        parts = {}
        if spec.ratio:
            parts = {
                "numerator": kpis[spec.ratio[0]],
                "denominator": kpis[spec.ratio[1]],
                "multiplier": spec.ratio[2],
            }
        kpis[spec.code] = KpiDefinition.objects.create(
            tenant=tenant,
            code=spec.code,
            name_fr=spec.name_fr,
            name_en=spec.name_en,
            unit=spec.unit,
            family=spec.family or FAMILIES.get(spec.code, ""),
            aggregation=spec.aggregation,
            direction=spec.direction,
            decimals=spec.decimals,
            position=position,
            **parts,
        )
    return kpis


def _facts(
    spec: DemoKpi,
    kpi: KpiDefinition,
    profile: pd.DataFrame,
    dates: pd.DatetimeIndex,
    generator: np.random.Generator,
    story: DemoStory,
) -> pd.DataFrame:
    performance = performance_grid(spec.code, profile, dates, generator, story)
    values = daily_values(spec.daily, spec.aggregation, profile, dates, generator, performance)
    kept = generator.random(values.shape) < spec.coverage
    rows, columns = np.nonzero(kept)
    return pd.DataFrame(
        {
            "point_of_sale_id": profile["point_of_sale_id"].to_numpy()[rows],
            "kpi_id": kpi.pk,
            "person_id": pd.array([None] * len(rows), dtype="Int64"),
            "date": dates[columns],
            "value": values[rows, columns].astype(float),
            "month_start": dates[columns].to_period("M").start_time,
        }
    )


def _objectives(
    tenant: Tenant,
    specs: list[DemoKpi],
    kpis: dict[str, KpiDefinition],
    profile: pd.DataFrame,
    dates: pd.DatetimeIndex,
    today: dt.date,
) -> None:
    """Monthly objectives per point of sale, from its expected (not actual) pace, plus a
    little stretch: the off-target points of sale fall clearly short."""
    months = pd.date_range(dates[0].replace(day=1), dt.date(today.year, 12, 1), freq="MS")
    open_days = 26 if tenant.slug == "autonova" else 30
    objectives = []
    for spec in specs:
        if spec.aggregation == Aggregation.LAST or spec.ratio:
            continue
        for month in months:
            targets = month_targets(
                spec.daily, spec.aggregation, profile, month, dates[0], open_days
            )
            objectives += [
                Objective(
                    tenant=tenant,
                    kpi=kpis[spec.code],
                    level=Level.POINT_OF_SALE,
                    point_of_sale_id=point,
                    period=Period.MONTH,
                    period_start=month.date(),
                    target=float(target),
                )
                for point, target in zip(profile["point_of_sale_id"], targets, strict=True)
            ]
    Objective.objects.bulk_create(objectives, batch_size=2000)
