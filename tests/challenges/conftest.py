"""Challenge fixtures: a zone with four points of sale of different sizes, with March facts."""

import datetime as dt
from dataclasses import dataclass

import pytest

from kpis.aggregation import kpi_rollups_refresh
from kpis.models import Level, Period
from network_animation.models import PointOfSale
from network_animation.tenancy import tenant_scope

from ..factories import PointOfSaleFactory
from ..kpis.conftest import Kpis, build_kpis
from ..kpis.factories import KpiFactFactory, ObjectiveFactory

MARCH = dt.date(2025, 3, 1)


@dataclass
class Zone:
    points: list[PointOfSale]  # the zone's points of sale, the fixture's own first


def add_facts(kpi, point, values: dict[dt.date, float], person=None) -> None:
    for day, value in values.items():
        KpiFactFactory(point_of_sale=point, kpi=kpi, date=day, value=value, person=person)


def monthly_objective(kpi, point, target: float, month=MARCH) -> None:
    ObjectiveFactory(
        kpi=kpi,
        level=Level.POINT_OF_SALE,
        point_of_sale=point,
        period=Period.MONTH,
        period_start=month,
        target=target,
    )


def refresh(network) -> None:
    with tenant_scope(network.tenant):
        kpi_rollups_refresh(tenant=network.tenant, full=True)


@pytest.fixture
def kpis_a(network_a) -> Kpis:
    return build_kpis(network_a)


@pytest.fixture
def kpis_b(network_b) -> Kpis:
    return build_kpis(network_b)


@pytest.fixture
def zone_a(network_a, kpis_a) -> Zone:
    """Sales in March 2025 (and March 2024) for four points of sale of the zone:
    small (S): 45 of 50 (90 %), last year 30; large (XL): 400 of 500 (80 %), last year 400;
    medium (M): 110 of 100 (110 %), last year 100; the fixture's own: 60 of 60, last year 50."""
    own = network_a.point_of_sale
    small = PointOfSaleFactory(zone=network_a.zone, name="Small", size_class="S")
    large = PointOfSaleFactory(zone=network_a.zone, name="Large", size_class="XL")
    medium = PointOfSaleFactory(zone=network_a.zone, name="Medium", size_class="M")
    figures = [
        (small, 45, 50, 30),
        (large, 400, 500, 400),
        (medium, 110, 100, 100),
        (own, 60, 60, 50),
    ]
    for point, value, target, last_year in figures:
        add_facts(kpis_a.sales, point, {dt.date(2025, 3, 31): value})
        add_facts(kpis_a.sales, point, {dt.date(2024, 3, 31): last_year})
        monthly_objective(kpis_a.sales, point, target)
    refresh(network_a)
    return Zone([own, small, large, medium])
