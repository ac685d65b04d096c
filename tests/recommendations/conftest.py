"""A network with a year of month rollups: ten small dealers in the first zone (one far off
target for months, one a little off for months, one with a single bad month, one off target
only this month) and eleven large stores in the other zone, on target."""

from dataclasses import dataclass

import pytest

from kpis.models import KpiDefinition
from network_animation.models import PointOfSale
from network_animation.tenancy import tenant_scope

from ..conftest import Network
from ..factories import PointOfSaleFactory
from ..kpis.factories import KpiDefinitionFactory
from .factories import month_rollups, more_points, steady


@dataclass
class Diagnosed:
    network: Network
    dealers: list[PointOfSale]  # the first is the network's own point of sale
    stores: list[PointOfSale]
    far_off: PointOfSale  # 70 % of target for four months
    a_little_off: PointOfSale  # the network's point of sale: 85 % for four months
    one_bad_month: PointOfSale  # steady, then 60 % last month, 90 % this month
    bad_start: PointOfSale  # steady, 70 % this month only


def build_diagnosed(network: Network) -> Diagnosed:
    tenant = network.tenant
    with tenant_scope(tenant):
        PointOfSale.objects.filter(pk=network.point_of_sale.pk).update(
            size_class="S", type="dealer"
        )
        PointOfSale.objects.filter(pk=network.other_point_of_sale.pk).update(
            size_class="XL", type="store"
        )
    network.point_of_sale.refresh_from_db()
    dealers = [network.point_of_sale, *more_points(network, 9, size_class="S", type="dealer")]
    stores = [network.other_point_of_sale]
    stores += [
        PointOfSaleFactory(zone=network.other_zone, size_class="XL", type="store")
        for _ in range(10)
    ]
    a_little_off, far_off, one_bad_month, bad_start = dealers[:4]
    rates = {point: steady(1.0) for point in dealers}
    rates[a_little_off] = [*steady(1.0)[:9], 0.85, 0.86, 0.84, 0.85]
    rates[far_off] = [*steady(1.0)[:9], 0.7, 0.71, 0.69, 0.7]
    rates[one_bad_month] = [*steady(1.0)[:11], 0.6, 0.9]
    rates[bad_start] = steady(1.0, last=0.7)
    rates.update({point: steady(1.1) for point in stores})
    sales = KpiDefinitionFactory(tenant=tenant, code="sales", name_en="Sales", name_fr="Ventes")
    month_rollups(sales, rates, scale={point.pk: 5.0 for point in stores})
    return Diagnosed(network, dealers, stores, far_off, a_little_off, one_bad_month, bad_start)


def add_leads_far_off(diagnosed: Diagnosed) -> KpiDefinition:
    """A second KPI, on which the point of sale a little off on sales has been at half its
    target for four months: its surest and largest shortfall, so that this point of sale comes
    first with two figures off target, leads before sales."""
    network = diagnosed.network
    leads = KpiDefinitionFactory(
        tenant=network.tenant, code="leads", name_en="Leads", name_fr="Contacts", position=2
    )
    rates = {point: steady(1.0) for point in diagnosed.dealers}
    rates[diagnosed.a_little_off] = [*steady(1.0)[:9], 0.5, 0.51, 0.49, 0.5]
    rates.update({point: steady(1.1) for point in diagnosed.stores})
    month_rollups(leads, rates, scale={point.pk: 5.0 for point in diagnosed.stores})
    return leads


@pytest.fixture
def diagnosed(network_a) -> Diagnosed:
    return build_diagnosed(network_a)
