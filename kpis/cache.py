"""What the dashboards' cached fragments depend on, besides their scope and period.

- The rollups' version, one per tenant, kept in the cache: every aggregation that commits gives it
  a new value, so fragments rendered from older figures are never read again (they expire).
- The KPI definitions' version: every save or deletion of a definition (the KPI pages, an import,
  the admin) gives it a new value when it commits, so a renamed KPI shows at once, without waiting
  for an aggregation.
- The organisation's version (network_animation/organisation_version.py): a renamed point of sale
  or zone shows at once in the heat maps.
"""

from django.db.models.signals import post_delete, post_save

from network_animation.fragments import register_tenant_version, tenant_version_renew
from network_animation.models import Tenant

from .models import KpiDefinition

ROLLUPS = register_tenant_version("rollups")
KPI_DEFINITIONS = register_tenant_version("kpi-definitions")


def rollups_changed(tenant: Tenant) -> None:
    """The tenant's rollups were rewritten: every fragment showing them is out of date (when the
    transaction commits)."""
    tenant_version_renew(ROLLUPS, tenant.pk)


def _definition_changed(sender, instance: KpiDefinition, **kwargs) -> None:
    tenant_version_renew(KPI_DEFINITIONS, instance.tenant_id)


post_save.connect(_definition_changed, sender=KpiDefinition, dispatch_uid="kpi_definitions_version")
post_delete.connect(
    _definition_changed, sender=KpiDefinition, dispatch_uid="kpi_definitions_version"
)
