"""Reads for recommendations (DESIGN section 1): the published modules and the KPIs they are
linked to, and which points of sale did which module and when, as plain rows ready for a
DataFrame. One query per call, whatever the size of the network."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Min
from django.db.models.functions import Coalesce

from network_animation.models import Tenant

from .models import Assignment, Module, Progress

# (module id, KPI id or None when the module is linked to no KPI)
type ModuleKpiRow = tuple[int, int | None]
# (point of sale id, module id, when the point of sale first finished it)
type ModuleDoneRow = tuple[int, int, dt.datetime]
# (assignment id, module id, made by (membership id or None), point of sale pushed to or None,
# its audience as kept: network_animation.audiences.Audience.as_json())
type AssignmentRow = tuple[int, int, int | None, int | None, dict[str, Any]]


def published_module_kpis(*, tenant: Tenant) -> list[ModuleKpiRow]:
    """Every published module with each KPI it is linked to (one row per link, or one row with
    None for a module linked to none)."""
    published = Module.objects.filter(tenant=tenant, status=Module.Status.PUBLISHED)
    return list(published.order_by("pk").values_list("pk", "kpi_links__kpi_id"))


def modules_done_by_points_of_sale(*, tenant: Tenant) -> list[ModuleDoneRow]:
    """Each module finished by someone of a point of sale, with the first time one of them did:
    when they passed it, else when they finished it (a person taking it again still counts
    from their first pass). People without a point of sale are not counted."""
    finished = Progress.objects.filter(
        tenant=tenant, times_completed__gt=0, membership__point_of_sale__isnull=False
    )
    rows = (
        finished.order_by()
        .values_list("membership__point_of_sale_id", "module_id")
        .annotate(first=Min(Coalesce("passed_at", "completed_at", "last_step_at")))
    )
    return [(point, module, first) for point, module, first in rows]


def module_titles(*, tenant: Tenant, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Each module's title, in French and in English."""
    rows = Module.objects.filter(tenant=tenant, pk__in=list(ids))
    return {pk: (fr, en) for pk, fr, en in rows.values_list("pk", "title_fr", "title_en")}


def assignments_made_since(
    *, tenant: Tenant, since: dt.datetime, module_ids: Iterable[int]
) -> list[AssignmentRow]:
    """The assignments of these modules made since `since`."""
    made = Assignment.objects.filter(
        tenant=tenant, created_at__gte=since, module_id__in=list(module_ids)
    )
    rows = made.order_by("pk").values_list(
        "pk", "module_id", "created_by_id", "point_of_sale_id", "audience"
    )
    return [
        (pk, module, author, point, audience or {}) for pk, module, author, point, audience in rows
    ]
