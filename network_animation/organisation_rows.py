"""The organisation's row a page is about (a point of sale with its zone and region, a zone with
its region), kept in the cache under the organisation's version (data_versions.py).

The page's organisation panel already shows these rows from the cache under that version
(organisation_panels.py): every write of a region, zone or point of sale renews it when its
transaction commits, and with it the tenant's cached memberships (tenant_cache.py). The row is
read in the round trip of the page's versions and panels, instead of a query of its own; the
view checks the reader's rights on it as on a row read from the database. The key names the
tenant, and the row must say it is the tenant's.
"""

from collections.abc import Callable

from django.core.cache import cache

from . import selectors
from .data_versions import ORGANISATION, request_version
from .fragments import FRAGMENT_SECONDS
from .models import PointOfSale, TenantOwnedModel, Zone
from .read_ahead import cache_get
from .request import TenantRequest


def point_of_sale_of_page(request: TenantRequest, id: int) -> PointOfSale:
    """`selectors.point_of_sale_get`, the same row (its zone and region with it) or 404."""
    tenant = request.tenant
    return _row(request, PointOfSale, id, lambda: selectors.point_of_sale_get(tenant=tenant, id=id))


def zone_of_page(request: TenantRequest, id: int) -> Zone:
    """`selectors.zone_get`, the same row (its region with it) or 404."""
    tenant = request.tenant
    return _row(request, Zone, id, lambda: selectors.zone_get(tenant=tenant, id=id))


def _row[T: TenantOwnedModel](
    request: TenantRequest, model: type[T], id: int, read: Callable[[], T]
) -> T:
    tenant = request.tenant
    version = request_version(request, ORGANISATION)
    key = f"organisation-row:{tenant.pk}:{model._meta.model_name}:{id}:{version}"
    row = cache_get(key)
    if isinstance(row, model) and row.tenant_id == tenant.pk:
        return row
    row = read()  # a missing row raises 404 and is not kept
    cache.set(key, row, FRAGMENT_SECONDS)
    return row
