"""kpis/services/objectives.py: objective writes mark their months dirty, so an incremental
aggregation after a change gives the same rollups as a full rebuild."""

import datetime as dt

import pandas as pd
import pytest

from kpis.loader import kpi_facts_load
from kpis.models import KpiDirtyMonth, Level, Objective, Period
from kpis.services.objectives import objective_delete, objective_save
from network_animation.models import AuditEvent
from network_animation.tenancy import tenant_scope

from ..test_aggregation import refresh, rollups


def dirty_months(network) -> set[tuple[int, dt.date]]:
    with tenant_scope(network.tenant):
        rows = KpiDirtyMonth.objects.filter(tenant=network.tenant)
        return set(rows.values_list("kpi_id", "month_start"))


def save(network, **fields) -> Objective:
    with tenant_scope(network.tenant):
        return objective_save(
            tenant=network.tenant, actor=network.members["head_office"].user, **fields
        )


def load_facts(network, kpis) -> None:
    """Sales and leads of both points of sale, over January to April 2025."""
    days = pd.date_range("2025-01-03", "2025-04-28", freq="9D")
    rows = [
        (point.pk, kpi.pk, day, float((10 + index) * factor))
        for index, day in enumerate(days)
        for point in (network.point_of_sale, network.other_point_of_sale)
        for kpi, factor in ((kpis.sales, 1), (kpis.leads, 3))
    ]
    frame = pd.DataFrame(rows, columns=["point_of_sale_id", "kpi_id", "date", "value"])
    frame["person_id"] = pd.array([None] * len(frame), dtype="Int64")
    frame["month_start"] = frame["date"].dt.to_period("M").dt.start_time
    with tenant_scope(network.tenant):
        kpi_facts_load(tenant=network.tenant, facts=frame)


@pytest.mark.django_db
def test_saving_an_objective_marks_the_months_of_its_period_and_is_audited(network_a, kpis_a):
    objective = save(
        network_a,
        kpi=kpis_a.sales,
        level=Level.ZONE,
        scope=network_a.zone,
        period=Period.QUARTER,
        period_start=dt.date(2025, 4, 1),
        target=300.0,
    )
    assert objective.zone == network_a.zone
    assert objective.scope_key == network_a.zone.pk
    assert dirty_months(network_a) == {
        (kpis_a.sales.pk, dt.date(2025, month, 1)) for month in (4, 5, 6)
    }
    with tenant_scope(network_a.tenant):
        assert AuditEvent.objects.filter(target=f"objective:{objective.pk}").exists()


@pytest.mark.django_db
def test_moving_an_objective_marks_its_old_and_new_months(network_a, kpis_a):
    objective = save(
        network_a,
        kpi=kpis_a.sales,
        level=Level.NETWORK,
        scope=None,
        period=Period.MONTH,
        period_start=dt.date(2025, 1, 1),
        target=1.0,
    )
    with tenant_scope(network_a.tenant):
        KpiDirtyMonth.objects.all().delete()
    save(
        network_a,
        objective=objective,
        kpi=kpis_a.leads,
        level=Level.NETWORK,
        scope=None,
        period=Period.MONTH,
        period_start=dt.date(2025, 3, 1),
        target=2.0,
    )
    assert dirty_months(network_a) == {
        (kpis_a.sales.pk, dt.date(2025, 1, 1)),
        (kpis_a.leads.pk, dt.date(2025, 3, 1)),
    }


@pytest.mark.django_db
def test_changing_the_scope_clears_the_other_scope_fields(network_a, kpis_a):
    objective = save(
        network_a,
        kpi=kpis_a.sales,
        level=Level.POINT_OF_SALE,
        scope=network_a.point_of_sale,
        period=Period.MONTH,
        period_start=dt.date(2025, 1, 1),
        target=1.0,
    )
    save(
        network_a,
        objective=objective,
        kpi=kpis_a.sales,
        level=Level.REGION,
        scope=network_a.region,
        period=Period.MONTH,
        period_start=dt.date(2025, 1, 1),
        target=1.0,
    )
    with tenant_scope(network_a.tenant):
        objective.refresh_from_db()
    assert (objective.point_of_sale, objective.region) == (None, network_a.region)
    assert objective.scope_key == network_a.region.pk


@pytest.mark.django_db
def test_another_tenants_kpi_or_scope_is_refused(network_a, network_b, kpis_a, kpis_b):
    """CHECKLIST T4, behind the forms."""
    with pytest.raises(ValueError, match="another tenant"):
        save(
            network_a,
            kpi=kpis_b.sales,
            level=Level.NETWORK,
            scope=None,
            period=Period.MONTH,
            period_start=dt.date(2025, 1, 1),
            target=1.0,
        )
    with pytest.raises(ValueError, match="another tenant"):
        save(
            network_a,
            kpi=kpis_a.sales,
            level=Level.ZONE,
            scope=network_b.zone,
            period=Period.MONTH,
            period_start=dt.date(2025, 1, 1),
            target=1.0,
        )
    with tenant_scope(network_a.tenant):
        assert not Objective.objects.filter(tenant=network_a.tenant).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["create", "edit", "delete", "year"])
def test_an_incremental_run_after_an_objective_change_equals_a_full_rebuild(
    network_a, kpis_a, change
):
    tenant = network_a.tenant
    load_facts(network_a, kpis_a)
    point = {"level": Level.POINT_OF_SALE, "scope": network_a.point_of_sale}
    january = save(
        network_a,
        kpi=kpis_a.sales,
        period=Period.MONTH,
        period_start=dt.date(2025, 1, 1),
        target=50.0,
        **point,
    )
    refresh(tenant)
    before = rollups(tenant)
    if change == "create":
        save(
            network_a,
            kpi=kpis_a.leads,
            level=Level.ZONE,
            scope=network_a.zone,
            period=Period.QUARTER,
            period_start=dt.date(2025, 4, 1),
            target=90.0,
        )
    elif change == "edit":
        save(
            network_a,
            objective=january,
            kpi=kpis_a.sales,
            period=Period.MONTH,
            period_start=dt.date(2025, 1, 1),
            target=75.0,
            **point,
        )
    elif change == "year":
        save(
            network_a,
            kpi=kpis_a.conversion,
            level=Level.NETWORK,
            scope=None,
            period=Period.YEAR,
            period_start=dt.date(2025, 1, 1),
            target=40.0,
        )
    else:
        with tenant_scope(tenant):
            objective_delete(tenant=tenant, actor=None, objective=january)
    assert refresh(tenant).months > 0
    incremental = rollups(tenant)
    refresh(tenant, full=True)
    pd.testing.assert_frame_equal(rollups(tenant), incremental)
    assert not incremental["target"].equals(before["target"])
