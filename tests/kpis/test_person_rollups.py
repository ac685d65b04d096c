"""People's own rollups: the facts that carry a person, with the person's objectives."""

import datetime as dt

import pytest

from kpis.aggregation import kpi_rollups_refresh
from kpis.models import KpiRollup, Level, Period
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .factories import KpiFactFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db
MARCH = dt.date(2025, 3, 1)


def person_rollups(network, person):
    with tenant_scope(network.tenant):
        kpi_rollups_refresh(tenant=network.tenant, full=True)
        return {
            (r.kpi_id, r.period): r
            for r in KpiRollup.objects.filter(
                tenant=network.tenant, level="person", scope_id=person.pk
            )
        }


def test_a_persons_figures_sum_average_last_and_ratio_their_own_facts(network_a, kpis_a):
    seller = network_a.members[Role.POS_STAFF]
    manager = network_a.members[Role.POS_MANAGER]
    point = network_a.point_of_sale
    for day, sales, leads, satisfaction, stock in ((1, 3, 10, 8.0, 5), (31, 5, 10, 9.0, 2)):
        date = dt.date(2025, 3, day)
        for kpi, value in (
            (kpis_a.sales, sales),
            (kpis_a.leads, leads),
            (kpis_a.satisfaction, satisfaction),
            (kpis_a.stock, stock),
        ):
            KpiFactFactory(point_of_sale=point, kpi=kpi, date=date, value=value, person=seller)
    KpiFactFactory(point_of_sale=point, kpi=kpis_a.sales, date=MARCH, value=100, person=manager)
    KpiFactFactory(point_of_sale=point, kpi=kpis_a.sales, date=MARCH, value=1000)  # no person
    ObjectiveFactory(
        kpi=kpis_a.sales,
        level=Level.PERSON,
        person=seller,
        period=Period.MONTH,
        period_start=MARCH,
        target=10,
    )
    mine = person_rollups(network_a, seller)
    month = {kpi: mine[(kpi.pk, "month")] for kpi in kpis_a.all() if (kpi.pk, "month") in mine}
    assert month[kpis_a.sales].value == 8
    assert month[kpis_a.sales].target == 10
    assert month[kpis_a.sales].achievement_rate == pytest.approx(0.8)
    assert month[kpis_a.satisfaction].value == pytest.approx(8.5)
    assert month[kpis_a.stock].value == 2
    assert month[kpis_a.conversion].value == pytest.approx(8 / 20 * 100)
    assert month[kpis_a.sales].point_of_sale_id == point.pk
    assert month[kpis_a.sales].zone_id == network_a.zone.pk
    assert month[kpis_a.sales].network_rank == 2  # behind the manager's 100
    with tenant_scope(network_a.tenant):
        point_row = KpiRollup.objects.get(
            tenant=network_a.tenant,
            level="point_of_sale",
            scope_id=point.pk,
            kpi=kpis_a.sales,
            period="month",
        )
    assert point_row.value == 1108  # a point of sale counts every fact, people's or not
