"""Importing objectives from a file: validate every row, then write all of them or none.

Rows are matched on the objectives' unique key (KPI, period, start, level, scope): a new key is
created, a known one with another target is updated, a known one with the same target is left
alone, so the same file sent twice changes nothing (and dirties no month).
"""

from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils import timezone

from network_animation.audit import Action, audit_record
from network_animation.models import Region, Tenant, Zone
from network_animation.tabular import ImportRejected, file_error

from .. import errors, selectors
from ..models import Level, Objective
from ..objective_table import (
    ObjectiveKey,
    ObjectiveReferences,
    ObjectiveRow,
    objectives_table_from_file,
    validate_objectives,
)
from .dirty import objective_months_mark_dirty
from .objectives import SCOPE_FIELDS

BATCH = 1000


@dataclass(frozen=True)
class ObjectivesImportResult:
    received: int
    created: int
    updated: int

    @property
    def unchanged(self) -> int:
        return self.received - self.created - self.updated


def objective_references(*, tenant: Tenant) -> ObjectiveReferences:
    def codes(model: type[Zone] | type[Region]) -> dict[str, int]:
        rows = model.objects.filter(tenant=tenant).values_list("code", "pk")
        return {code.lower(): pk for code, pk in rows}

    return ObjectiveReferences(
        kpis={kpi.code.lower(): kpi.pk for kpi in selectors.kpi_list(tenant=tenant)},
        scopes={
            Level.POINT_OF_SALE: selectors.point_of_sale_ids_by_code(tenant=tenant),
            Level.PERSON: selectors.membership_ids_by_email(tenant=tenant),
            Level.ZONE: codes(Zone),
            Level.REGION: codes(Region),
        },
    )


def objectives_check(*, tenant: Tenant, table: pd.DataFrame) -> list[ObjectiveRow]:
    """The valid objectives of a table, or ImportRejected with every error. Writes nothing."""
    if table.empty:
        raise file_error(str(errors.NO_OBJECTIVES))
    rows, found = validate_objectives(table, objective_references(tenant=tenant))
    if found:
        raise ImportRejected(sorted(found, key=lambda error: error.line))
    return rows


def objectives_import_file(
    *, tenant: Tenant, actor: Any, content: bytes, filename: str
) -> ObjectivesImportResult:
    rows = objectives_check(tenant=tenant, table=objectives_table_from_file(content, filename))
    with transaction.atomic():
        result = _upsert(tenant=tenant, rows=rows)
        audit_record(
            tenant=tenant,
            actor=actor,
            action=Action.IMPORT,
            target=f"objectives:{filename}",
            after={
                "received": result.received,
                "created": result.created,
                "updated": result.updated,
            },
        )
    return result


def _existing(*, tenant: Tenant, rows: list[ObjectiveRow]) -> dict[ObjectiveKey, Objective]:
    objectives = Objective.objects.filter(
        tenant=tenant,
        kpi_id__in={row.kpi_id for row in rows},
        period_start__gte=min(row.period_start for row in rows),
        period_start__lte=max(row.period_start for row in rows),
    ).only("pk", "kpi_id", "period", "period_start", "level", "scope_key", "target")
    return {
        (o.kpi_id, o.period, o.period_start, o.level, o.scope_key): o for o in objectives.iterator()
    }


def _new_objective(tenant: Tenant, row: ObjectiveRow) -> Objective:
    objective = Objective(
        tenant=tenant,
        kpi_id=row.kpi_id,
        level=row.level,
        period=row.period,
        period_start=row.period_start,
        target=row.target,
    )
    if row.level in SCOPE_FIELDS:
        setattr(objective, f"{SCOPE_FIELDS[Level(row.level)]}_id", row.scope_id)
    return objective


def _upsert(*, tenant: Tenant, rows: list[ObjectiveRow]) -> ObjectivesImportResult:
    existing = _existing(tenant=tenant, rows=rows)
    now = timezone.now()
    created = [_new_objective(tenant, row) for row in rows if row.key not in existing]
    changed = []
    for row in rows:
        known = existing.get(row.key)
        if known is not None and known.target != row.target:
            known.target, known.updated_at = row.target, now
            changed.append(known)
    Objective.objects.bulk_create(created, batch_size=BATCH)
    Objective.objects.bulk_update(changed, ["target", "updated_at"], batch_size=BATCH)
    touched = [(o.kpi_id, o.period, o.period_start) for o in [*created, *changed]]
    objective_months_mark_dirty(tenant=tenant, periods=touched)
    return ObjectivesImportResult(received=len(rows), created=len(created), updated=len(changed))
