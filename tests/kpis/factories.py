"""Factories of the KPI models (created outside any request, so they span tenants)."""

import datetime as dt

import factory

from kpis.models import Aggregation, KpiDefinition, KpiFact, Level, Objective, Period

from ..factories import PointOfSaleFactory, ScopedFactory, TenantFactory


class KpiDefinitionFactory(ScopedFactory):
    class Meta:
        model = KpiDefinition

    tenant = factory.SubFactory(TenantFactory)
    code = factory.Sequence(lambda n: f"kpi_{n}")
    name_fr = factory.Sequence(lambda n: f"Indicateur {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    aggregation = Aggregation.SUM


class KpiFactFactory(ScopedFactory):
    class Meta:
        model = KpiFact

    point_of_sale = factory.SubFactory(PointOfSaleFactory)
    tenant = factory.SelfAttribute("point_of_sale.tenant")
    kpi = factory.SubFactory(KpiDefinitionFactory, tenant=factory.SelfAttribute("..tenant"))
    date = dt.date(2025, 1, 15)
    value = 1.0


class ObjectiveFactory(ScopedFactory):
    class Meta:
        model = Objective

    kpi = factory.SubFactory(KpiDefinitionFactory)
    tenant = factory.SelfAttribute("kpi.tenant")
    level = Level.NETWORK
    period = Period.MONTH
    period_start = dt.date(2025, 1, 1)
    target = 100.0
