"""A person's notifications: the inbox, their preferences, and the one-click unsubscribe."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import selectors
from ..forms import NotificationPreferencesForm
from ..models import Membership, Tenant
from ..notifications import KINDS, notification_kind
from ..services.notification_emails import ALL_KINDS, unsubscribe_token_read
from ..services.notifications import (
    notification_mark_read,
    notification_preferences_save,
    notification_unsubscribe,
    notifications_mark_all_read,
)
from ..tenancy import tenant_scope
from .common import TenantRequest, paginate

INBOX = "network_animation/notifications/inbox.html"


def inbox(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    notifications = selectors.notification_list(
        tenant=request.tenant, membership=request.membership
    )
    return render(request, INBOX, {"page": paginate(request, notifications, per_page=30)})


def notification_open(
    request: TenantRequest, tenant_slug: str, notification_id: int
) -> HttpResponse:
    """Follow a notification to what it is about; it is read from then on."""
    notification = selectors.notification_get(
        tenant=request.tenant, membership=request.membership, id=notification_id
    )
    notification_mark_read(
        tenant=request.tenant, membership=request.membership, notification=notification
    )
    target = notification.url
    # Only a page of this tenant: a stored address never sends anyone elsewhere.
    if target.startswith(f"/{request.tenant.slug}/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts=None
    ):
        return redirect(target)
    return redirect("notifications", tenant_slug)


@require_POST
def notification_read(
    request: TenantRequest, tenant_slug: str, notification_id: int
) -> HttpResponse:
    notification = selectors.notification_get(
        tenant=request.tenant, membership=request.membership, id=notification_id
    )
    notification_mark_read(
        tenant=request.tenant, membership=request.membership, notification=notification
    )
    if request.htmx:
        notification.refresh_from_db()
        return render(request, f"{INBOX}#item", {"notification": notification})
    return redirect("notifications", tenant_slug)


@require_POST
def notifications_read_all(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    notifications_mark_all_read(tenant=request.tenant, membership=request.membership)
    messages.success(request, _("Every notification is marked as read."))
    return redirect("notifications", tenant_slug)


def notification_preferences(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    current = selectors.notification_preferences(tenant=tenant, membership=membership)
    kinds = sorted(KINDS.values(), key=lambda kind: str(kind.label))
    form = NotificationPreferencesForm(request.POST or None, kinds=kinds, current=current)
    if request.method == "POST" and form.is_valid():
        notification_preferences_save(tenant=tenant, membership=membership, choices=form.choices())
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notification_preferences", tenant_slug)
    return render(
        request,
        "network_animation/notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@csrf_exempt  # a mail client's one-click POST carries no token: the signed link is the proof
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058: a GET shows what stops and asks; only a POST stops it. No sign-in needed."""
    found = _unsubscribing(token)
    if found is None:
        return render(request, "network_animation/notifications/unsubscribe.html", {}, status=404)
    tenant, membership, kind = found
    context = {"tenant": tenant, "kind": notification_kind(kind), "all_kinds": kind == ALL_KINDS}
    if request.method == "POST":
        with tenant_scope(tenant):
            notification_unsubscribe(tenant=tenant, membership=membership, kind=kind)
        context["done"] = True
    return render(request, "network_animation/notifications/unsubscribe.html", context)


def _unsubscribing(token: str) -> tuple[Tenant, Membership, str] | None:
    read = unsubscribe_token_read(token)
    if read is None:
        return None
    tenant_id, membership_id, kind = read
    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None or (kind != ALL_KINDS and kind not in KINDS):
        return None
    with tenant_scope(tenant):
        membership = Membership.objects.filter(tenant=tenant, pk=membership_id).first()
    return (tenant, membership, kind) if membership is not None else None
