"""Labels: head office's yearly grids, and a point of sale's label history."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import redirect, render

from network_animation import permissions
from network_animation import selectors as organisation
from network_animation.exports import table_response
from network_animation.views.common import TenantRequest, require

from .. import exports, selectors, services
from ..forms import LabelCriterionForm, LabelCriterionFormSet, LabelGridCreateForm
from ..models import LabelGrid, Measure


def point_of_sale_labels(
    request: TenantRequest, tenant_slug: str, point_of_sale_id: int
) -> HttpResponse:
    point = organisation.point_of_sale_get(tenant=request.tenant, id=point_of_sale_id)
    if not permissions.can_view_point_of_sale(request.membership, point):
        raise PermissionDenied
    awards = list(selectors.label_awards_of(tenant=request.tenant, point_of_sale=point))
    for award in awards:
        award.point_of_sale = point
    if request.GET.get("format"):
        table = exports.label_awards_table(point.name, awards)
        return table_response(table, request.GET["format"], f"{point.code}-labels")
    history = [
        (award, selectors.evidence_rows(tenant=request.tenant, evidence=award.evidence))
        for award in awards
    ]
    return render(request, "challenges/labels.html", {"point_of_sale": point, "history": history})


@require(permissions.can_edit_label_grids)
def label_grids(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    form = LabelGridCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grid = services.label_grid_create(
            tenant=request.tenant, actor=request.membership, year=form.cleaned_data["year"]
        )
        return redirect("challenges:label_grid", tenant_slug, grid.pk)
    grids = selectors.label_grid_list(tenant=request.tenant)
    return render(request, "challenges/label_grids.html", {"form": form, "grids": grids})


def _initial(grid: LabelGrid) -> list[dict[str, Any]]:
    return [
        {
            "level": c.level,
            "kpi": c.kpi,
            "measure": c.measure,
            "certification": c.certification,
            "threshold": c.threshold * 100 if c.measure == Measure.ACHIEVEMENT else c.threshold,
        }
        if c.measure != Measure.DIAGNOSTIC_DONE
        else {"level": c.level, "kpi": None, "measure": c.measure, "threshold": None}
        for c in grid.criteria.all()
    ]


def _save(
    request: TenantRequest, grid: LabelGrid, formset: "BaseFormSet[LabelCriterionForm]"
) -> bool:
    criteria = [
        f.spec() for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]
    try:
        services.label_grid_save(
            tenant=request.tenant, actor=request.membership, year=grid.year, criteria=criteria
        )
    except ValidationError as error:
        shown = formset.error_class(error.messages)
        formset._non_form_errors = shown  # type: ignore[attr-defined]  # Django's, not in the stubs
        return False
    return True


@require(permissions.can_edit_label_grids)
def label_grid_edit(request: TenantRequest, tenant_slug: str, label_grid_id: int) -> HttpResponse:
    grid = selectors.label_grid_get(tenant=request.tenant, id=label_grid_id)
    awards = list(selectors.label_awards_of_year(tenant=request.tenant, year=grid.year))
    if request.GET.get("format"):
        table = exports.label_awards_table(str(grid.year), awards)
        return table_response(table, request.GET["format"], f"labels-{grid.year}")
    formset = LabelCriterionFormSet(
        request.POST or None, initial=_initial(grid), form_kwargs={"tenant": request.tenant}
    )
    if request.method == "POST" and formset.is_valid() and _save(request, grid, formset):
        return redirect("challenges:label_grid", tenant_slug, grid.pk)
    context = {"grid": grid, "formset": formset, "awards": awards, "locked": bool(awards)}
    return render(request, "challenges/label_grid.html", context)
