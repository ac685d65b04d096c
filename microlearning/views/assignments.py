"""Assignments: head office and animators (for their zones) assign a module to an audience by a
due date, or push one to a point of sale from the zone page."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from network_animation.selectors import point_of_sale_get
from network_animation.views.common import TenantRequest, paginate

from .. import errors, permissions, selectors, services
from ..forms_assignments import AssignmentForm, PushForm

PER_PAGE = 20


def assignments(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    if not permissions.may_assign(membership):
        raise PermissionDenied(errors.CANNOT_ASSIGN)
    form = AssignmentForm(
        request.POST or None,
        initial=_prefilled(request),
        tenant=tenant,
        membership=membership,
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = services.assignment_create(
                tenant=tenant,
                actor=membership,
                module=form.cleaned_data["module"],
                audience=form.audience(),
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            count = made.enrolments.count()
            messages.success(request, _("Assigned to %(count)s people.") % {"count": count})
            return redirect("microlearning:assignments", tenant_slug)
    made_list = selectors.assignments_made(tenant=tenant, membership=membership)
    return render(
        request,
        "microlearning/assignments.html",
        {"form": form, "page": paginate(request, made_list, per_page=PER_PAGE)},
        status=400 if form.errors else 200,
    )


def _prefilled(request: TenantRequest) -> dict[str, Any]:
    """The module and points of sale a link names (a suggested action's one click)."""
    module = request.GET.get("module", "")
    found: dict[str, Any] = {"points_of_sale": request.GET.getlist("points_of_sale")}
    return found | ({"module": int(module)} if module.isdigit() else {})


def push(request: TenantRequest, tenant_slug: str, point_of_sale_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    point = point_of_sale_get(tenant=tenant, id=point_of_sale_id)
    if not permissions.can_push_to(membership, point):
        raise PermissionDenied(errors.CANNOT_ASSIGN)
    form = PushForm(request.POST or None, tenant=tenant, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_push(
                tenant=tenant,
                actor=membership,
                module=form.cleaned_data["module"],
                point_of_sale=point,
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(
                request, _("The module is assigned to %(name)s.") % {"name": point.name}
            )
            return redirect("zone", tenant_slug, point.zone_id)
    return render(
        request,
        "microlearning/push.html",
        {"form": form, "point_of_sale": point},
        status=400 if form.errors else 200,
    )
