"""What the dashboards' cached fragments depend on, besides their scope and period.

- The rollups' version, one per tenant, kept in the cache: every aggregation that commits gives it
  a new value, so fragments rendered from older figures are never read again (they expire).
- A digest of what a fragment shows of the KPI definitions and of the organisation (names,
  units, decimals, order): renaming a KPI or a point of sale changes the key at once, whoever
  made the change (the KPI pages, an import, the admin), without waiting for an aggregation.
"""

import hashlib
from collections.abc import Iterable

from network_animation.fragments import version_read, version_renew
from network_animation.models import Tenant

from .models import KpiDefinition

# What tiles and heat maps show of a KPI, or use to colour it (the direction).
KPI_SHOWN_FIELDS = ("pk", "code", "name_fr", "name_en", "unit", "decimals", "position", "direction")


def _version_key(tenant: Tenant) -> str:
    return f"kpis:rollups-version:{tenant.pk}"


def rollups_version(tenant: Tenant) -> str:
    """The tenant's current rollups version (network_animation.fragments.version_read)."""
    return version_read(_version_key(tenant))


def rollups_changed(tenant: Tenant) -> None:
    """The tenant's rollups were rewritten: every fragment showing them is out of date."""
    version_renew(_version_key(tenant))


def digest(values: Iterable[object]) -> str:
    return hashlib.blake2b(repr(tuple(values)).encode(), digest_size=12).hexdigest()


def kpis_digest(kpis: Iterable[KpiDefinition]) -> str:
    return digest(tuple(getattr(kpi, name) for name in KPI_SHOWN_FIELDS) for kpi in kpis)


def names_digest(objects: Iterable) -> str:
    """The rows of a heat map: which points of sale, zones or regions, in which order, named how."""
    return digest((item.pk, item.name) for item in objects)
