# ruff: noqa: S608  # statements composed from the floor module's constants
"""The bench's tight incremental floor (bench/floors.py INCREMENTAL) is honest: on a small tenant
it leaves the same rollups as the platform's own incremental run after the same new day, and
touches no period but the day's month and year."""

import datetime as dt

import pytest
from django.db import connection

from bench import floors
from kpis.aggregation import kpi_rollups_refresh
from kpis.loader import kpi_facts_load
from kpis.models import KpiRollup, RollupLevel
from network_animation.tenancy import tenant_scope
from tests.factories import PointOfSaleFactory
from tests.kpis.factories import ObjectiveFactory
from tests.kpis.test_loader import frame

from ..kpis.conftest import build_kpis

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

DAY = dt.date(2025, 3, 12)
FIRST = dt.date(2025, 1, 2)
COMPARED = (
    "numerator",
    "denominator",
    "value",
    "fact_count",
    "target",
    "achievement_rate",
    "zone_rank",
    "zone_peers",
    "network_rank",
    "network_peers",
)
# The floor's names for the same columns.
FLOOR_COLUMNS = ", ".join(c if c != "fact_count" else "facts" for c in COMPARED)
LEVELS = [RollupLevel.POINT_OF_SALE, RollupLevel.ZONE, RollupLevel.REGION, RollupLevel.NETWORK]


def _rounded(row) -> tuple:
    return tuple(round(float(v), 9) if v is not None else None for v in row)


def facts_until(points, kpis, last: dt.date) -> list[tuple]:
    """Varied facts: every summed, averaged and level KPI; days off; the last point of sale
    starts selling on DAY itself (its rows of March are new)."""
    rows = []
    day = FIRST
    while day <= last:
        for index, point in enumerate(points):
            late = index == len(points) - 1 and day < DAY
            if late or (day.day + index) % 6 == 0:
                continue
            seed = day.toordinal() * (index + 3)
            rows += [
                (point.pk, kpis.sales.pk, None, day.isoformat(), float(seed % 17 + index)),
                (point.pk, kpis.leads.pk, None, day.isoformat(), float(seed % 29 + 5)),
                (point.pk, kpis.satisfaction.pk, None, day.isoformat(), float(seed % 5 + 1)),
                (point.pk, kpis.stock.pk, None, day.isoformat(), float(seed % 40 + 2 * index)),
            ]
        day += dt.timedelta(days=1)
    return rows


def platform_rollups(tenant) -> dict[tuple, tuple]:
    with tenant_scope(tenant):
        rows = KpiRollup.objects.filter(tenant=tenant, level__in=LEVELS).values_list(
            "level", "scope_id", "period", "period_start", "kpi_id", *COMPARED
        )
        return {tuple(row[:5]): _rounded(row[5:]) for row in rows}


def floor_rollups() -> dict[tuple, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT level, scope_id, period, period_start, kpi_id, "
            f"{FLOOR_COLUMNS} FROM {floors.SCHEMA}.rollup"
        )
        return {tuple(row[:5]): _rounded(row[5:]) for row in cursor.fetchall()}


def earlier_months(rollups: dict[tuple, tuple]) -> dict[tuple, tuple]:
    return {k: v for k, v in rollups.items() if k[2] == "month" and k[3] < DAY.replace(day=1)}


def floor_tables(tenant, *, day: bool) -> None:
    """The floor's facts (or the day's) copied from the platform's, as the bench COPYs them."""
    table, condition = ("day", "= %(day)s") if day else ("fact", "< %(day)s")
    with connection.cursor() as cursor:
        if not day:
            cursor.execute(f"DROP SCHEMA IF EXISTS {floors.SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {floors.SCHEMA}")
        cursor.execute(
            f"CREATE TABLE {floors.SCHEMA}.{table} AS SELECT {floors.FACT_COLUMNS} "
            f"FROM kpis_kpifact WHERE tenant_id = %(tenant)s AND date {condition}",
            {"tenant": tenant.pk, "day": DAY},
        )


def run_floor(statements: list[str], tenant) -> None:
    params = {
        "tenant": tenant.pk,
        "month": DAY.replace(day=1),
        "year": DAY.replace(month=1, day=1),
    }
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)


def test_the_tight_incremental_floor_leaves_the_rollups_of_the_platforms_incremental_run(
    network_a,
):
    tenant, kpis = network_a.tenant, build_kpis(network_a)
    points = [
        network_a.point_of_sale,
        network_a.other_point_of_sale,
        PointOfSaleFactory(zone=network_a.zone),
        PointOfSaleFactory(zone=network_a.other_zone),
        PointOfSaleFactory(zone=network_a.zone),  # its first facts come on DAY
    ]
    for month in (1, 2, 3):
        for index, point in enumerate(points):
            for kpi, target in ((kpis.sales, 200 + 10 * index), (kpis.stock, 20)):
                ObjectiveFactory(
                    kpi=kpi,
                    level="point_of_sale",
                    point_of_sale=point,
                    period="month",
                    period_start=dt.date(2025, month, 1),
                    target=target,
                )
    before = facts_until(points, kpis, DAY - dt.timedelta(days=1))
    new_day = [row for row in facts_until(points, kpis, DAY) if row[3] == DAY.isoformat()]
    with tenant_scope(tenant):
        kpi_facts_load(tenant=tenant, facts=frame(before))
        kpi_rollups_refresh(tenant=tenant, full=True)
    floor_tables(tenant, day=False)
    run_floor(floors.FULL, tenant)
    untouched = earlier_months(floor_rollups())

    with tenant_scope(tenant):
        kpi_facts_load(tenant=tenant, facts=frame(new_day))
        kpi_rollups_refresh(tenant=tenant)
    floor_tables(tenant, day=True)
    run_floor(floors.INCREMENTAL, tenant)

    platform, floor = platform_rollups(tenant), floor_rollups()
    assert floor.keys() == platform.keys()
    different = {key: (floor[key], platform[key]) for key in floor if floor[key] != platform[key]}
    assert different == {}
    # The new day reached the month and year, the late point of sale has its rows, with targets.
    month_key = ("point_of_sale", points[-1].pk, "month", dt.date(2025, 3, 1), kpis.sales.pk)
    assert floor[month_key][COMPARED.index("target")] == 240.0
    network_year = ("network", 0, "year", dt.date(2025, 1, 1), kpis.sales.pk)
    assert floor[network_year][COMPARED.index("fact_count")] == sum(
        1 for row in before + new_day if row[1] == kpis.sales.pk
    )
    # Every earlier month kept its rows untouched.
    assert earlier_months(floor) == untouched
