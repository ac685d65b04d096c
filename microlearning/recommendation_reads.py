"""Reads for recommendations (DESIGN section 1): the published modules and the KPIs they are
linked to, and which points of sale did which module and when, as plain rows ready for a
DataFrame. One query per call, whatever the size of the network."""

import datetime as dt

from django.db.models import Min
from django.db.models.functions import Coalesce

from network_animation.models import Tenant

from .models import Module, Progress

# (module id, KPI id or None when the module is linked to no KPI)
type ModuleKpiRow = tuple[int, int | None]
# (point of sale id, module id, when the point of sale first finished it)
type ModuleDoneRow = tuple[int, int, dt.datetime]


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
