"""Head office's view of what followed each module (the nightly step's figures,
services/outcomes.py): the KPIs on which the points of sale that finished it did better, over the
two months after, than comparable ones that had not. One query."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from network_animation.models import Membership, Tenant

from .. import permissions
from ..models import ModuleKpiOutcome
from ..models.translated import in_reader_language

# Fewer points of sale that finished a module than this: a figure too thin to show.
MIN_POINTS = 3


@dataclass(frozen=True)
class ModuleOutcomes:
    id: int
    name: str
    improvements: list[ModuleKpiOutcome]  # the largest difference first


@dataclass(frozen=True)
class Outcomes:
    computed_at: dt.datetime | None  # none: the nightly step has not run (or found nothing)
    modules: list[ModuleOutcomes]


def modules_preceding_improvement(*, tenant: Tenant, viewer: Membership) -> Outcomes:
    """Each module with the active KPIs on which at least `MIN_POINTS` points of sale that
    finished it did better than their comparable ones, by module name."""
    if not permissions.may_view_completion(viewer):
        raise PermissionDenied
    rows = list(
        ModuleKpiOutcome.objects.filter(tenant=tenant, kpi__is_active=True).select_related(
            "module", "kpi"
        )
    )
    by_module: dict[int, list[ModuleKpiOutcome]] = {}
    for row in rows:
        if row.completed_points >= MIN_POINTS and row.difference > 0:
            by_module.setdefault(row.module_id, []).append(row)
    modules = [
        ModuleOutcomes(
            found[0].module_id,
            in_reader_language(found[0].module.title_fr, found[0].module.title_en),
            sorted(found, key=lambda row: (-row.difference, row.kpi_id)),
        )
        for found in by_module.values()
    ]
    modules.sort(key=lambda module: (module.name.casefold(), module.id))
    return Outcomes(max((row.computed_at for row in rows), default=None), modules)
