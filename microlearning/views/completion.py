"""Head office's page of completion by region and by module, each table sorted as asked, and
what followed each module on the KPIs."""

from dataclasses import dataclass

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from network_animation.views.common import TenantRequest, require

from .. import permissions
from ..selectors.completion import SORTS, completion_sorted, network_completion
from ..selectors.outcomes import MIN_POINTS, modules_preceding_improvement

DEFAULT_SORTS = {"regions": "name", "modules": "-late"}


@dataclass(frozen=True)
class Column:
    label: str
    query: str  # the page's query string sorting this table by this column
    order: str  # "ascending", "descending" (for aria-sort) or "" when not sorted by it


def _columns(table: str, sorts: dict[str, str]) -> list[Column]:
    labels = {
        "name": _("Region") if table == "regions" else _("Module"),
        "assigned": _("Assigned"),
        "started": _("In progress"),
        "done": _("Done"),
        "late": _("Late"),
        "rate": _("Completion"),
    }
    columns = []
    for column in SORTS:
        current = sorts[table]
        order = "" if current.lstrip("-") != column else "descending"
        order = "ascending" if order and not current.startswith("-") else order
        # A figure's first click puts the largest first, a name's the first in the alphabet.
        following = column if order == "descending" else f"-{column}"
        following = column if column == "name" and not order else following
        query = QueryDict(mutable=True)
        query.update({**sorts, table: following})
        columns.append(Column(labels[column], query.urlencode(), order))
    return columns


@require(permissions.may_view_completion)
def completion(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    figures = network_completion(
        tenant=request.tenant, viewer=request.membership, today=timezone.localdate()
    )
    sorts = {
        table: asked if (asked := request.GET.get(table, default)).lstrip("-") in SORTS else default
        for table, default in DEFAULT_SORTS.items()
    }
    context = {
        "total": figures.total,
        "regions": completion_sorted(figures.regions, sorts["regions"]),
        "modules": completion_sorted(figures.modules, sorts["modules"]),
        "region_columns": _columns("regions", sorts),
        "module_columns": _columns("modules", sorts),
        "outcomes": modules_preceding_improvement(tenant=request.tenant, viewer=request.membership),
        "min_points": MIN_POINTS,
    }
    return render(request, "microlearning/completion.html", context)
