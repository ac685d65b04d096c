"""kpis/services/definitions.py: creating and changing KPIs; a change to how a KPI adds up marks
every month with its facts dirty, so the next incremental aggregation recomputes it."""

import datetime as dt

import pandas as pd
import pytest

from kpis.models import Aggregation, Direction, KpiDefinition, KpiDirtyMonth
from kpis.services.definitions import kpi_definition_save
from network_animation.models import AuditEvent
from network_animation.tenancy import tenant_scope

from ..test_aggregation import refresh, rollups
from .test_objectives import dirty_months, load_facts

MONTHS = {dt.date(2025, month, 1) for month in (1, 2, 3, 4)}


def save(network, kpi=None, **fields) -> KpiDefinition:
    with tenant_scope(network.tenant):
        return kpi_definition_save(
            tenant=network.tenant, actor=network.members["head_office"].user, kpi=kpi, **fields
        )


def forget_dirty(network) -> None:
    with tenant_scope(network.tenant):
        KpiDirtyMonth.objects.filter(tenant=network.tenant).delete()


@pytest.mark.django_db
def test_a_new_kpi_is_created_and_audited(network_a):
    kpi = save(
        network_a,
        code="margin",
        name_fr="Marge",
        name_en="Margin",
        unit="€",
        aggregation=Aggregation.SUM,
        numerator=None,
        denominator=None,
        multiplier=1.0,
        direction=Direction.HIGHER,
        decimals=2,
        position=3,
        is_active=True,
    )
    assert (kpi.tenant, kpi.code, kpi.decimals) == (network_a.tenant, "margin", 2)
    with tenant_scope(network_a.tenant):
        assert AuditEvent.objects.filter(target=f"kpi:{kpi.pk}").exists()
    assert dirty_months(network_a) == set()


@pytest.mark.django_db
def test_changing_the_aggregation_marks_every_month_with_facts(network_a, kpis_a):
    load_facts(network_a, kpis_a)
    forget_dirty(network_a)
    save(network_a, kpis_a.leads, aggregation=Aggregation.AVERAGE)
    assert dirty_months(network_a) == {(kpis_a.leads.pk, month) for month in MONTHS}


@pytest.mark.django_db
def test_a_ratio_is_marked_on_the_months_of_its_parts(network_a, kpis_a):
    load_facts(network_a, kpis_a)
    forget_dirty(network_a)
    save(network_a, kpis_a.conversion, multiplier=1000.0)
    assert dirty_months(network_a) == {(kpis_a.conversion.pk, month) for month in MONTHS}


@pytest.mark.django_db
def test_a_name_or_position_change_marks_nothing(network_a, kpis_a):
    load_facts(network_a, kpis_a)
    forget_dirty(network_a)
    save(network_a, kpis_a.sales, name_fr="Ventes", position=9, is_active=False)
    assert dirty_months(network_a) == set()


@pytest.mark.django_db
def test_another_tenants_ratio_part_is_refused(network_a, kpis_a, kpis_b):
    with pytest.raises(ValueError, match="another tenant"):
        save(network_a, kpis_a.conversion, numerator=kpis_b.sales)


@pytest.mark.django_db
def test_an_incremental_run_after_a_kpi_change_equals_a_full_rebuild(network_a, kpis_a):
    tenant = network_a.tenant
    load_facts(network_a, kpis_a)
    refresh(tenant)
    before = rollups(tenant)
    save(network_a, kpis_a.conversion, numerator=kpis_a.leads, denominator=kpis_a.sales)
    save(network_a, kpis_a.sales, direction=Direction.LOWER)
    assert refresh(tenant).months > 0
    incremental = rollups(tenant)
    refresh(tenant, full=True)
    pd.testing.assert_frame_equal(rollups(tenant), incremental)
    assert not incremental["value"].equals(before["value"])
