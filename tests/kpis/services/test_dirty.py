"""kpis/services/dirty.py: which months an objective or a KPI change sends back to the
incremental aggregation."""

import datetime as dt

import pytest

from kpis.models import KpiDirtyMonth, Period
from kpis.services.dirty import kpi_months_mark_dirty, months_of_period
from network_animation.tenancy import tenant_scope

from ..factories import KpiFactFactory
from .test_objectives import dirty_months


def test_an_objective_covers_the_months_of_its_period():
    assert months_of_period(Period.MONTH, dt.date(2025, 2, 1)) == [dt.date(2025, 2, 1)]
    assert months_of_period(Period.QUARTER, dt.date(2025, 10, 1)) == [
        dt.date(2025, 10, 1),
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
    ]
    year = months_of_period(Period.YEAR, dt.date(2025, 1, 1))
    assert (len(set(year)), year[-1]) == (12, dt.date(2025, 12, 1))


@pytest.mark.django_db
def test_a_kpi_is_marked_once_per_month_with_facts_of_its_own_tenant(
    network_a, network_b, kpis_a, kpis_b
):
    """CHECKLIST T7: B's facts never mark A's months (nor the reverse)."""
    for day in (dt.date(2025, 1, 3), dt.date(2025, 1, 30), dt.date(2025, 3, 1)):
        KpiFactFactory(point_of_sale=network_a.point_of_sale, kpi=kpis_a.sales, date=day)
    KpiFactFactory(
        point_of_sale=network_b.point_of_sale, kpi=kpis_b.sales, date=dt.date(2024, 6, 1)
    )
    with tenant_scope(network_a.tenant):
        written = kpi_months_mark_dirty(
            tenant=network_a.tenant,
            kpi=kpis_a.sales,
            fact_kpi_ids=[kpis_a.sales.pk, kpis_b.sales.pk],
        )
    assert written == 2
    assert dirty_months(network_a) == {
        (kpis_a.sales.pk, dt.date(2025, 1, 1)),
        (kpis_a.sales.pk, dt.date(2025, 3, 1)),
    }
    with tenant_scope(network_b.tenant):
        assert not KpiDirtyMonth.objects.filter(tenant=network_b.tenant).exists()
