"""Visit grids: head office's criteria, versioned. A version no visit answered yet is edited in
place; once a visit answered it, saving the grid makes the next version, so every visit keeps
the criteria it was scored on (as a year's label grid is kept once its labels are awarded)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kpis.services.computed import computed_kpis_ensure
from network_animation.audit import audit_record
from network_animation.models import Membership, Tenant

from ...models import AnswerKind, Visit, VisitCriterion, VisitGrid, VisitGridVersion
from .. import errors, rights
from ..kpi_facts import VISIT_FACTS

GRID_SAVED = "visit_grid_saved"


@dataclass(frozen=True)
class CriterionSpec:
    text: str
    weight: int
    kind: str = AnswerKind.YES_NO
    scale_max: int = 5


def _check_manager(actor: Membership) -> None:
    if not rights.can_manage(actor):
        raise PermissionDenied(errors.CANNOT_MANAGE)


@transaction.atomic
def visit_grid_create(
    *, tenant: Tenant, actor: Membership, name: str, criteria: list[CriterionSpec]
) -> VisitGrid:
    """A new grid with its first version; the visits' KPIs exist from then on."""
    _check_manager(actor)
    if VisitGrid.objects.filter(tenant=tenant, name=name).exists():
        raise ValidationError(errors.NAME_TAKEN)
    grid = VisitGrid.objects.create(tenant=tenant, name=name)
    visit_grid_save(tenant=tenant, actor=actor, grid=grid, criteria=criteria)
    computed_kpis_ensure(tenant=tenant, producer=VISIT_FACTS)
    return grid


@transaction.atomic
def visit_grid_save(
    *,
    tenant: Tenant,
    actor: Membership,
    grid: VisitGrid,
    criteria: list[CriterionSpec],
    is_active: bool | None = None,
) -> VisitGridVersion:
    """The grid's criteria from now on: its latest version's, or a new version's if a visit
    answered the latest. Returns the version new visits answer."""
    _check_manager(actor)
    if not criteria:
        raise ValidationError(errors.NO_CRITERIA)
    latest = _latest(tenant, grid)
    if latest is None or Visit.objects.filter(tenant=tenant, version=latest).exists():
        number = latest.number + 1 if latest else 1
        latest = VisitGridVersion.objects.create(tenant=tenant, grid=grid, number=number)
    else:
        VisitCriterion.objects.filter(tenant=tenant, version=latest).delete()
    VisitCriterion.objects.bulk_create(
        VisitCriterion(
            tenant=tenant,
            version=latest,
            position=position,
            text=spec.text,
            weight=spec.weight,
            kind=spec.kind,
            scale_max=spec.scale_max if spec.kind == AnswerKind.SCALE else 5,
        )
        for position, spec in enumerate(criteria)
    )
    if is_active is not None and grid.is_active != is_active:
        grid.is_active = is_active
        grid.save(update_fields=["is_active"])
    audit_record(
        tenant=tenant,
        actor=actor.user,
        action=GRID_SAVED,
        target=f"visit_grid:{grid.pk}",
        after={"version": latest.number, "criteria": [[c.text, c.weight] for c in criteria]},
    )
    return latest


def _latest(tenant: Tenant, grid: VisitGrid) -> VisitGridVersion | None:
    return (
        VisitGridVersion.objects.select_for_update()
        .filter(tenant=tenant, grid=grid)
        .order_by("-number")
        .first()
    )
