"""Visits: the list the viewer may read, a point of sale's visits, recording a visit on a phone,
a visit's page and its photos."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from network_animation import selectors as organisation
from network_animation.downloads import stored_file_response
from network_animation.models import PointOfSale
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest, paginate

from ...models import Visit, VisitGrid, VisitPhoto
from .. import rights, selectors, services
from ..forms import VisitForm

PER_PAGE = 25
PHOTO_CSP: dict[str, list[str] | str] = {"default-src": [CSP.NONE], "sandbox": ""}


def _readable_visit(request: TenantRequest, visit_id: int) -> Visit:
    found = selectors.visit_get(tenant=request.tenant, id=visit_id)
    point = found.point_of_sale
    if not rights.can_read_point(tenant=request.tenant, membership=request.membership, point=point):
        raise PermissionDenied
    return found


def visits(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    listed = selectors.visits_visible(tenant=tenant, membership=membership)
    records = rights.records_visits(membership)
    context = {
        "page": paginate(request, listed, per_page=PER_PAGE),
        "points": selectors.recordable_points(tenant=tenant, membership=membership)
        if records
        else None,
        "grids": selectors.active_grids(tenant=tenant) if records else None,
        "manages": rights.can_manage(membership),
    }
    return render(request, "challenges/visits/visits.html", context)


def visits_of_point(
    request: TenantRequest, tenant_slug: str, point_of_sale_id: int
) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    point = organisation.point_of_sale_get(tenant=tenant, id=point_of_sale_id)
    if not rights.can_read_point(tenant=tenant, membership=membership, point=point):
        raise PermissionDenied
    listed = selectors.visits_visible(tenant=tenant, membership=membership, point_of_sale=point)
    may_record = rights.can_record(tenant=tenant, membership=membership, point=point)
    context = {
        "point_of_sale": point,
        "page": paginate(request, listed, per_page=PER_PAGE),
        "grids": selectors.active_grids(tenant=tenant) if may_record else None,
    }
    return render(request, "challenges/visits/point_visits.html", context)


def _chosen(request: TenantRequest) -> tuple[PointOfSale | None, VisitGrid | None]:
    """The point of sale and grid named by the query, among those the viewer may use."""
    tenant, membership = request.tenant, request.membership
    point_id, grid_id = request.GET.get("point_of_sale", ""), request.GET.get("grid", "")
    if not (point_id.isdigit() and grid_id.isdigit()):
        return None, None
    point = organisation.point_of_sale_get(tenant=tenant, id=int(point_id))
    if not rights.can_record(tenant=tenant, membership=membership, point=point):
        raise PermissionDenied
    grid = selectors.active_grids(tenant=tenant).filter(pk=int(grid_id)).first()
    if grid is None:
        raise Http404
    return point, grid


def visit_new(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    if not rights.records_visits(membership):
        raise PermissionDenied
    point, grid = _chosen(request)
    if point is None or grid is None:
        return redirect("challenges:visits", tenant_slug)
    version = selectors.latest_version(tenant=tenant, grid=grid)
    if version is None:
        raise Http404
    criteria = selectors.criteria_of(tenant=tenant, version=version)
    initial = {"date": timezone.localdate()}
    form = VisitForm(
        request.POST or None, request.FILES or None, initial=initial, criteria=criteria
    )

    def record(form: VisitForm) -> tuple[Visit, str]:
        recorded = services.visit_record(
            tenant=tenant,
            actor=membership,
            point_of_sale=point,
            version=version,
            spec=form.spec(),
            photos=form.cleaned_data["photos"],
            today=timezone.localdate(),
        )
        return recorded, _("The visit is recorded: %(score)s / 100.") % {"score": recorded.score}

    context = {"point_of_sale": point, "grid": grid, "version": version}
    return _form_page(request, form=form, save=record, context=context)


def visit(request: TenantRequest, tenant_slug: str, visit_id: int) -> HttpResponse:
    tenant = request.tenant
    found = _readable_visit(request, visit_id)
    answers = selectors.answers_of(tenant=tenant, visit=found)
    criteria = selectors.criteria_of(tenant=tenant, version=found.version)
    context = {
        "visit": found,
        "rows": [(criterion, answers.get(criterion.pk)) for criterion in criteria],
        "comment": markdown_render(found.comment),
        "photos": selectors.photos_of(tenant=tenant, visit=found),
        "can_edit": rights.can_edit_visit(request.membership, found),
    }
    return render(request, "challenges/visits/visit.html", context)


def visit_edit(request: TenantRequest, tenant_slug: str, visit_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = _readable_visit(request, visit_id)
    if not rights.can_edit_visit(membership, found):
        raise PermissionDenied
    criteria = selectors.criteria_of(tenant=tenant, version=found.version)
    answers = selectors.answers_of(tenant=tenant, visit=found)
    initial = {"date": found.date, "comment": found.comment}
    initial |= {f"answer_{pk}": value for pk, value in answers.items()}
    form = VisitForm(
        request.POST or None, request.FILES or None, initial=initial, criteria=criteria
    )

    def save(form: VisitForm) -> tuple[Visit, str]:
        services.visit_update(
            tenant=tenant,
            actor=membership,
            visit=found,
            spec=form.spec(),
            photos=form.cleaned_data["photos"],
            today=timezone.localdate(),
        )
        return found, _("The visit is saved.")

    context = {
        "point_of_sale": found.point_of_sale,
        "grid": found.version.grid,
        "version": found.version,
        "visit": found,
    }
    return _form_page(request, form=form, save=save, context=context)


def _form_page(
    request: TenantRequest,
    *,
    form: VisitForm,
    save: Callable[[VisitForm], tuple[Visit, str]],
    context: dict[str, Any],
) -> HttpResponse:
    """The visit form of both paths: saved by `save`, which answers the visit and what to tell,
    then on to the visit's page; or shown again with its errors, nothing saved."""
    if request.method == "POST" and form.is_valid():
        try:
            saved, told = save(form)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, told)
            return redirect("challenges:visit", request.tenant.slug, saved.pk)
    status = 400 if form.errors else 200
    context = {"form": form, **context}
    return render(request, "challenges/visits/visit_form.html", context, status=status)


@require_safe
@csp_override(PHOTO_CSP)
def visit_photo(
    request: TenantRequest, tenant_slug: str, visit_id: int, visit_photo_id: int
) -> FileResponse:
    """A photo, to those who read the visit (CHECKLIST T9, U5)."""
    found = _readable_visit(request, visit_id)
    photo = get_object_or_404(VisitPhoto, tenant=request.tenant, visit=found, pk=visit_photo_id)
    return stored_file_response(
        photo.file, filename=photo.filename, content_type=photo.content_type, as_attachment=False
    )
