"""KPI fixtures: each test network gets the same small set of KPIs (codes shared across tenants,
so a test can prove that a code always resolves to the caller's own tenant)."""

from dataclasses import dataclass

import pytest

from kpis.models import Aggregation, Direction, KpiDefinition, Source

from ..conftest import Network
from .factories import KpiDefinitionFactory


@dataclass
class Kpis:
    sales: KpiDefinition
    leads: KpiDefinition
    satisfaction: KpiDefinition
    stock: KpiDefinition
    conversion: KpiDefinition
    training: KpiDefinition

    def all(self) -> list[KpiDefinition]:
        return [
            self.sales,
            self.leads,
            self.satisfaction,
            self.stock,
            self.conversion,
            self.training,
        ]


def build_kpis(network: Network) -> Kpis:
    tenant = network.tenant
    sales = KpiDefinitionFactory(tenant=tenant, code="sales", unit="€")
    leads = KpiDefinitionFactory(tenant=tenant, code="leads")
    return Kpis(
        sales=sales,
        leads=leads,
        satisfaction=KpiDefinitionFactory(
            tenant=tenant, code="satisfaction", aggregation=Aggregation.AVERAGE, decimals=1
        ),
        stock=KpiDefinitionFactory(
            tenant=tenant, code="stock", aggregation=Aggregation.LAST, direction=Direction.LOWER
        ),
        conversion=KpiDefinitionFactory(
            tenant=tenant,
            code="conversion",
            aggregation=Aggregation.RATIO,
            numerator=sales,
            denominator=leads,
            multiplier=100,
            unit="%",
        ),
        training=KpiDefinitionFactory(tenant=tenant, code="training", source=Source.COMPUTED),
    )


@pytest.fixture
def kpis_a(network_a) -> Kpis:
    return build_kpis(network_a)


@pytest.fixture
def kpis_b(network_b) -> Kpis:
    return build_kpis(network_b)
