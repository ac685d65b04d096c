"""Head office's visit grids: the list, a new grid, and a grid's criteria (a new version once a
visit answered the current one)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from network_animation.views.common import TenantRequest, require

from ...models import VisitCriterion, VisitGrid
from .. import rights, selectors, services
from ..forms import CriterionForm, CriterionFormSet, GridForm


def _criteria(formset: "BaseFormSet[CriterionForm]") -> list[services.CriterionSpec]:
    return [
        form.spec()
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


@require(rights.can_manage)
def visit_grids(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant = request.tenant
    form = GridForm(request.POST or None)
    del form.fields["is_active"]  # a new grid is offered at once
    formset = CriterionFormSet(request.POST or None, prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            grid = services.visit_grid_create(
                tenant=tenant,
                actor=request.membership,
                name=form.cleaned_data["name"],
                criteria=_criteria(formset),
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The visit grid is created."))
            return redirect("challenges:visit_grid", tenant_slug, grid.pk)
    context = {"grids": selectors.grid_list(tenant=tenant), "form": form, "formset": formset}
    status = 400 if request.method == "POST" else 200
    return render(request, "challenges/visits/grids.html", context, status=status)


def _initial(criteria: list[VisitCriterion]) -> list[dict[str, Any]]:
    return [
        {"text": c.text, "weight": c.weight, "kind": c.kind, "scale_max": c.scale_max}
        for c in criteria
    ]


@require(rights.can_manage)
def visit_grid(request: TenantRequest, tenant_slug: str, visit_grid_id: int) -> HttpResponse:
    tenant = request.tenant
    grid: VisitGrid = selectors.grid_get(tenant=tenant, id=visit_grid_id)
    version = selectors.latest_version(tenant=tenant, grid=grid)
    criteria = selectors.criteria_of(tenant=tenant, version=version) if version else []
    form = GridForm(request.POST or None, initial={"name": grid.name, "is_active": grid.is_active})
    form.fields["name"].disabled = True
    formset = CriterionFormSet(request.POST or None, initial=_initial(criteria), prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = services.visit_grid_save(
                tenant=tenant,
                actor=request.membership,
                grid=grid,
                criteria=_criteria(formset),
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(
                request, _("The grid is saved (version %(number)s).") % {"number": saved.number}
            )
            return redirect("challenges:visit_grid", tenant_slug, grid.pk)
    context = {"grid": grid, "version": version, "form": form, "formset": formset}
    status = 400 if request.method == "POST" else 200
    return render(request, "challenges/visits/grid.html", context, status=status)
