"""Head office manages the organisation: regions, zones, points of sale, people, imports, tokens."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, selectors
from ..forms import (
    InvitationForm,
    MembershipForm,
    OrganisationImportForm,
    PointOfSaleForm,
    RegionForm,
    ServiceTokenForm,
    ZoneForm,
)
from ..models import Invitation, Role
from ..services.imports import people_import, points_of_sale_import
from ..services.invitations import invitation_cancel, invitation_resend, invitation_send
from ..services.organisation import point_of_sale_save, region_save, zone_save
from ..services.people import membership_save
from ..services.tokens import service_token_create, service_token_revoke
from ..tabular import ImportRejected
from .common import TenantRequest, paginate, require

manages = require(permissions.can_manage_organisation)


@manages
def organisation(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    return render(
        request,
        "network_animation/manage/organisation.html",
        {
            "regions": selectors.region_list(tenant=request.tenant),
            "zones": selectors.zone_list(tenant=request.tenant),
        },
    )


def _edit(
    request: TenantRequest,
    *,
    form: BaseForm,
    save: Callable[[dict[str, Any]], object],
    template: str,
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        save(form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(done, request.tenant.slug)
    return render(request, template, {"form": form}, status=400 if form.errors else 200)


@manages
def region_edit(
    request: TenantRequest, tenant_slug: str, region_id: int | None = None
) -> HttpResponse:
    tenant = request.tenant
    region = selectors.region_get(tenant=tenant, id=region_id) if region_id else None
    form = RegionForm(request.POST or None, instance=region, tenant=tenant)
    return _edit(
        request,
        form=form,
        template="network_animation/manage/region_form.html",
        done="organisation",
        save=lambda data: region_save(tenant=tenant, actor=request.user, region=region, **data),
    )


@manages
def zone_edit(request: TenantRequest, tenant_slug: str, zone_id: int | None = None) -> HttpResponse:
    tenant = request.tenant
    zone = selectors.zone_get(tenant=tenant, id=zone_id) if zone_id else None
    form = ZoneForm(request.POST or None, instance=zone, tenant=tenant)
    return _edit(
        request,
        form=form,
        template="network_animation/manage/zone_form.html",
        done="organisation",
        save=lambda data: zone_save(tenant=tenant, actor=request.user, zone=zone, **data),
    )


@manages
def point_of_sale_list(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    points = selectors.point_of_sale_list(tenant=request.tenant, search=search)
    return render(
        request,
        "network_animation/manage/point_of_sale_list.html",
        {
            "page": paginate(request, points),
            "search": search,
        },
    )


@manages
def point_of_sale_edit(
    request: TenantRequest, tenant_slug: str, point_of_sale_id: int | None = None
) -> HttpResponse:
    tenant = request.tenant
    point = (
        selectors.point_of_sale_get(tenant=tenant, id=point_of_sale_id)
        if point_of_sale_id
        else None
    )
    form = PointOfSaleForm(request.POST or None, instance=point, tenant=tenant)
    return _edit(
        request,
        form=form,
        template="network_animation/manage/point_of_sale_form.html",
        done="manage_points_of_sale",
        save=lambda data: point_of_sale_save(
            tenant=tenant, actor=request.user, point_of_sale=point, **data
        ),
    )


@manages
def people(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    search, role = request.GET.get("q", "").strip(), request.GET.get("role", "")
    memberships = selectors.membership_list(tenant=request.tenant, role=role, search=search)
    return render(
        request,
        "network_animation/manage/people.html",
        {
            "page": paginate(request, memberships),
            "invitations": selectors.invitation_list_pending(tenant=request.tenant),
            "search": search,
            "role": role,
            "roles": Role.choices,
        },
    )


@manages
def person_invite(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    """The same answer whether the address has an account or not (CHECKLIST T10)."""
    form = InvitationForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        invitation = invitation_send(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        message = _("An invitation was sent to %(email)s: they join when they accept it.")
        messages.success(request, message % {"email": invitation.email})
        return redirect("manage_people", request.tenant.slug)
    return render(
        request,
        "network_animation/manage/person_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@manages
def person_edit(request: TenantRequest, tenant_slug: str, membership_id: int) -> HttpResponse:
    tenant = request.tenant
    membership = selectors.membership_get(tenant=tenant, id=membership_id)
    form = MembershipForm(request.POST or None, tenant=tenant, membership=membership)
    if request.method == "POST" and form.is_valid():
        membership_save(
            tenant=tenant,
            actor=request.user,
            user=membership.user,
            membership=membership,
            **form.cleaned_data,
        )
        messages.success(request, _("Saved."))
        return redirect("manage_people", tenant.slug)
    return render(
        request,
        "network_animation/manage/person_form.html",
        {"form": form, "membership": membership},
        status=400 if form.errors else 200,
    )


@require_POST
@manages
def invitation_manage(request: TenantRequest, tenant_slug: str, invitation_id: int) -> HttpResponse:
    """Head office sends a pending invitation again (a new link) or cancels it."""
    invitation = selectors.invitation_get(tenant=request.tenant, id=invitation_id)
    if invitation.status != Invitation.Status.PENDING:
        raise Http404
    if request.POST.get("action") == "cancel":
        invitation_cancel(tenant=request.tenant, actor=request.user, invitation=invitation)
        messages.success(request, _("The invitation is cancelled."))
    else:
        invitation_resend(tenant=request.tenant, actor=request.user, invitation=invitation)
        messages.success(request, _("The invitation was sent again."))
    return redirect("manage_people", request.tenant.slug)


@manages
def organisation_import(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    form = OrganisationImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        importer = (
            points_of_sale_import
            if form.cleaned_data["kind"] == "points_of_sale"
            else people_import
        )
        try:
            context["result"] = importer(
                tenant=request.tenant,
                actor=request.user,
                content=upload.read(),
                filename=upload.name,
            )
        except ImportRejected as rejected:
            context.update(errors=rejected.errors, error_count=len(rejected.errors))
            return render(request, "network_animation/manage/import.html", context, status=400)
    return render(
        request, "network_animation/manage/import.html", context, status=400 if form.errors else 200
    )


@require(permissions.can_manage_service_tokens)
def service_tokens(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    form = ServiceTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = service_token_create(
            tenant=request.tenant, actor=request.user, name=form.cleaned_data["name"]
        )
        form = ServiceTokenForm()
    return render(
        request,
        "network_animation/manage/service_tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": selectors.service_token_list(tenant=request.tenant),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@require(permissions.can_manage_service_tokens)
def service_token_revoke_view(
    request: TenantRequest, tenant_slug: str, token_id: int
) -> HttpResponse:
    token = selectors.service_token_get(tenant=request.tenant, id=token_id)
    service_token_revoke(tenant=request.tenant, actor=request.user, token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("service_tokens", request.tenant.slug)
