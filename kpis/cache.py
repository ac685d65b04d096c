"""What the dashboards' cached fragments depend on, besides their scope and period.

- The rollups' version, one per tenant, kept in the cache: every aggregation that commits gives it
  a new value, so fragments rendered from older figures are never read again (they expire).
- A digest of what a fragment shows of the KPI definitions and of the organisation (names,
  units, decimals, order): renaming a KPI or a point of sale changes the key at once, whoever
  made the change (the KPI pages, an import, the admin), without waiting for an aggregation.
"""

import hashlib
from collections.abc import Iterable
from uuid import uuid4

from django.core.cache import cache

from network_animation.models import Tenant

from .models import KpiDefinition

# What tiles and heat maps show of a KPI, or use to colour it (the direction).
KPI_SHOWN_FIELDS = ("pk", "code", "name_fr", "name_en", "unit", "decimals", "position", "direction")


def _version_key(tenant: Tenant) -> str:
    return f"kpis:rollups-version:{tenant.pk}"


def rollups_version(tenant: Tenant) -> str:
    """The tenant's current rollups version, created on first read.

    A random value rather than a counter: if the cache loses it (eviction, a restart), the new
    value cannot meet the keys of fragments rendered under an older one.
    """
    key = _version_key(tenant)
    version = cache.get(key)
    if version is None:
        fresh = uuid4().hex
        version = fresh if cache.add(key, fresh, timeout=None) else cache.get(key, fresh)
    return version


def rollups_changed(tenant: Tenant) -> None:
    """The tenant's rollups were rewritten: every fragment showing them is out of date."""
    cache.set(_version_key(tenant), uuid4().hex, timeout=None)


def digest(values: Iterable[object]) -> str:
    return hashlib.blake2b(repr(tuple(values)).encode(), digest_size=12).hexdigest()


def kpis_digest(kpis: Iterable[KpiDefinition]) -> str:
    return digest(tuple(getattr(kpi, name) for name in KPI_SHOWN_FIELDS) for kpi in kpis)


def names_digest(objects: Iterable) -> str:
    """The rows of a heat map: which points of sale, zones or regions, in which order, named how."""
    return digest((item.pk, item.name) for item in objects)
