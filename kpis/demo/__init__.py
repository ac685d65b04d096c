"""Demo KPIs, facts and objectives: two years of daily figures per point of sale, with its
level, performance, trend, good and bad months, the brand's season and weekdays, stocks with
their own dynamics, targets set as head office would, and the demo's story (story.py). Drawn
with numpy (series.py) and loaded through the bulk loader, so the 150-dealer demo seeds in
seconds.
"""

import random

import numpy as np
import pandas as pd
from django.utils import timezone

from network_animation.data_versions import data_changed
from network_animation.demo.progress import Progress
from network_animation.jobs import tracked_job
from network_animation.models import Membership, PointOfSale, Role, Tenant

from ..aggregation import kpi_rollups_refresh
from ..cache import KPI_DEFINITIONS
from ..loader import kpi_facts_load
from ..models import Aggregation, KpiDefinition, Level, Objective, Period
from .series import Calendar, Profile, daily_values, demo_calendar, demo_profile, month_targets
from .specs import CAR_MAKER, COSMETICS, FAMILIES, DemoBrandKpis, DemoKpi, demo_kpi_specs
from .story import demo_story, story_tell

__all__ = ["kpi_demo_seed", "demo_kpi_specs"]


def _quiet(done: int, total: int, what: str) -> None:
    """No progress to show (the seeder called outside `seed_demo`)."""


def kpi_demo_seed(
    *,
    tenant: Tenant,
    days: int,
    rng: random.Random,
    kpi_count: int | None = None,
    progress: Progress = _quiet,
) -> None:
    brand = CAR_MAKER if tenant.slug == "autonova" else COSMETICS
    specs = demo_kpi_specs(brand.kpis, kpi_count)
    kpis = _definitions(tenant, specs)
    data_changed(tenant=tenant, kinds=[KPI_DEFINITIONS])
    points = list(
        PointOfSale.objects.filter(tenant=tenant)
        .order_by("pk")
        .values_list("pk", "size_class", "zone_id")
    )
    generator = np.random.default_rng(rng.randrange(2**32))
    calendar = demo_calendar(today=timezone.localdate(), days=days, week=brand.week)
    profile = demo_profile([p[1] for p in points], len(calendar.months), len(specs), generator)
    story = demo_story([p[2] for p in points], calendar.current)
    if story is not None:
        story_tell(story, profile)
    drawn = [spec for spec in specs if spec.ratio is None]
    steps = len(drawn) + 3
    facts = []
    sales: np.ndarray | None = None
    for number, spec in enumerate(drawn):
        progress(number, steps, spec.name_en)
        values = daily_values(spec, number, brand, profile, calendar, generator, sales)
        sales = values if sales is None else sales
        facts.append(_facts(values, kpis[spec.code], points, calendar, spec.coverage, generator))
    table = _shared_by_staff(tenant, pd.concat(facts, ignore_index=True), kpis[specs[0].code])
    progress(len(drawn), steps, f"{len(table):,} facts")
    kpi_facts_load(tenant=tenant, facts=table)
    progress(len(drawn) + 1, steps, "objectives")
    _objectives(tenant, specs, kpis, brand, profile, calendar, [p[0] for p in points])
    _staff_objectives(tenant, kpis[specs[0].code])
    progress(len(drawn) + 2, steps, "rollups")
    with tracked_job(tenant=tenant, job="nightly.kpi_aggregation") as job:
        result = kpi_rollups_refresh(tenant=tenant, full=True)
        job.add("facts", len(table))
        job.add("rollups", result.rollups)
    progress(steps, steps, "done")


def _facts(
    values: np.ndarray,
    kpi: KpiDefinition,
    points: list[tuple[int, str, int]],
    calendar: Calendar,
    coverage: float,
    generator: np.random.Generator,
) -> pd.DataFrame:
    """The values as facts, on a `coverage` share of the days (satisfaction surveys come in
    on some days only)."""
    kept = (
        generator.random(values.shape) < coverage if coverage < 1 else np.ones(values.shape, bool)
    )
    rows, columns = np.nonzero(kept)
    return pd.DataFrame(
        {
            "point_of_sale_id": np.asarray([p[0] for p in points])[rows],
            "kpi_id": kpi.pk,
            "person_id": pd.array([None] * len(rows), dtype="Int64"),
            "date": calendar.past[columns],
            "value": values[rows, columns].astype(float),
        }
    )


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


def _objectives(
    tenant: Tenant,
    specs: list[DemoKpi],
    kpis: dict[str, KpiDefinition],
    brand: DemoBrandKpis,
    profile: Profile,
    calendar: Calendar,
    point_ids: list[int],
) -> None:
    """Monthly objectives per point of sale through the end of the year, from head office's
    plan (series.month_targets), for the KPIs that add up or average."""
    objectives = []
    for spec in specs:
        if spec.aggregation == Aggregation.LAST or spec.ratio:
            continue
        targets = month_targets(spec, brand, profile, calendar)
        for column, month in enumerate(calendar.months):
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
                for point, target in zip(point_ids, targets[:, column], strict=True)
            ]
    Objective.objects.bulk_create(objectives, batch_size=2000)
