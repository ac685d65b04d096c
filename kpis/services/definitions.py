"""Writing KPI definitions (head office's KPI pages).

A change to how a KPI adds up (its aggregation, a ratio's parts or multiplier, its direction)
changes every rollup it has: its months with facts are marked dirty so the next incremental
aggregation recomputes them, instead of waiting for a full rebuild.
"""

from typing import Any

from django.db import transaction

from network_animation.audit import audit_record
from network_animation.data_versions import data_changed
from network_animation.models import Tenant

from ..cache import KPI_DEFINITIONS
from ..models import KpiDefinition
from .dirty import kpi_months_mark_dirty

AUDIT_KPI_CHANGED = "kpi_changed"
EDITABLE_FIELDS = (
    "code",
    "name_fr",
    "name_en",
    "unit",
    "family",
    "aggregation",
    "numerator",
    "denominator",
    "multiplier",
    "direction",
    "decimals",
    "position",
    "is_active",
)
AGGREGATING_FIELDS = frozenset(
    {"aggregation", "numerator", "denominator", "multiplier", "direction"}
)


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, KpiDefinition) else value


def _apply(kpi: KpiDefinition, fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set the fields on the KPI; return what they were and what they became."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in fields.items():
        old = _plain(getattr(kpi, name)) if kpi.pk else None
        if old != _plain(value) or not kpi.pk:
            before[name], after[name] = old, _plain(value)
            setattr(kpi, name, value)
    return before, after


def _check_fields(tenant: Tenant, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    for part in (fields.get("numerator"), fields.get("denominator")):
        if part is not None and part.tenant_id != tenant.pk:
            raise ValueError("A ratio's part belongs to another tenant.")


@transaction.atomic
def kpi_definition_save(
    *, tenant: Tenant, actor: Any, kpi: KpiDefinition | None = None, **fields: Any
) -> KpiDefinition:
    """Create or change a KPI with the fields of EDITABLE_FIELDS (a ratio's parts are KPIs of
    the same tenant)."""
    _check_fields(tenant, fields)
    kpi = kpi or KpiDefinition(tenant=tenant)
    old_parts = {kpi.numerator_id, kpi.denominator_id} if kpi.pk else set()
    was_new = not kpi.pk
    before, after = _apply(kpi, fields)
    before = {} if was_new else before
    kpi.save()
    data_changed(tenant=tenant, kinds=[KPI_DEFINITIONS])
    if not was_new and AGGREGATING_FIELDS & after.keys():
        parts = old_parts | {kpi.numerator_id, kpi.denominator_id, kpi.pk}
        kpi_months_mark_dirty(tenant=tenant, kpi=kpi, fact_kpi_ids={p for p in parts if p})
    if after:
        audit_record(
            tenant=tenant,
            actor=actor,
            action=AUDIT_KPI_CHANGED,
            target=f"kpi:{kpi.pk}",
            before=before or None,
            after=after,
        )
    return kpi
