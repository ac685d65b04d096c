"""Writing objectives one at a time (the form and the delete button).

Every write marks the months of the objective's period dirty, before and after the change, so
the next incremental aggregation recomputes the targets it feeds.
"""

import datetime as dt
from typing import Any

from django.db import transaction

from network_animation.audit import audit_record
from network_animation.models import Membership, PointOfSale, Region, Tenant, Zone

from ..models import KpiDefinition, Level, Objective
from .dirty import ObjectivePeriod, objective_months_mark_dirty

AUDIT_OBJECTIVE_CHANGED = "objective_changed"
AUDIT_OBJECTIVE_DELETED = "objective_deleted"
SCOPE_FIELDS = {
    Level.POINT_OF_SALE: "point_of_sale",
    Level.PERSON: "person",
    Level.ZONE: "zone",
    Level.REGION: "region",
}

Scope = PointOfSale | Membership | Zone | Region


def _check_tenant(tenant: Tenant, *objects: Any) -> None:
    """Forms offer only the tenant's objects; this refuses a caller that did not use one."""
    for item in objects:
        if item is not None and item.tenant_id != tenant.pk:
            raise ValueError(f"{item._meta.model_name} {item.pk} belongs to another tenant.")


def _period_of(objective: Objective) -> ObjectivePeriod:
    return (objective.kpi_id, objective.period, objective.period_start)


def _snapshot(objective: Objective) -> dict[str, Any]:
    return {
        "kpi": objective.kpi_id,
        "level": objective.level,
        "scope": objective.scope_key if objective.pk else None,
        "period": objective.period,
        "period_start": objective.period_start.isoformat() if objective.period_start else None,
        "target": objective.target,
    }


@transaction.atomic
def objective_save(
    *,
    tenant: Tenant,
    actor: Any,
    objective: Objective | None = None,
    kpi: KpiDefinition,
    level: str,
    scope: Scope | None,
    period: str,
    period_start: dt.date,
    target: float,
) -> Objective:
    """Create or change an objective; `scope` is the object of `level` (None for the network)."""
    _check_tenant(tenant, kpi, scope)
    objective = objective or Objective(tenant=tenant)
    before = _snapshot(objective) if objective.pk else None
    touched = [_period_of(objective)] if objective.pk else []
    objective.kpi, objective.level, objective.period = kpi, level, period
    objective.period_start, objective.target = period_start, target
    for each_level, field in SCOPE_FIELDS.items():
        setattr(objective, field, scope if each_level == level else None)
    objective.save()
    objective.refresh_from_db(fields=["scope_key"])
    objective_months_mark_dirty(tenant=tenant, periods=[*touched, _period_of(objective)])
    audit_record(
        tenant=tenant,
        actor=actor,
        action=AUDIT_OBJECTIVE_CHANGED,
        target=f"objective:{objective.pk}",
        before=before,
        after=_snapshot(objective),
    )
    return objective


@transaction.atomic
def objective_delete(*, tenant: Tenant, actor: Any, objective: Objective) -> None:
    _check_tenant(tenant, objective)
    before = _snapshot(objective)
    target = f"objective:{objective.pk}"
    objective_months_mark_dirty(tenant=tenant, periods=[_period_of(objective)])
    objective.delete()
    audit_record(
        tenant=tenant, actor=actor, action=AUDIT_OBJECTIVE_DELETED, target=target, before=before
    )
