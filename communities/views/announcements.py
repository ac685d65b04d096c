"""Announcements: those a person received, those they sent with their read rates, composing
one with a live count of its audience, reading and acknowledging one."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest, paginate

from .. import permissions, selectors, services
from ..forms import AnnouncementForm, AudienceForm

PER_PAGE = 25


def announcement_list(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    can_send = permissions.can_announce(membership)
    sent = request.GET.get("show") == "sent" and can_send
    items: QuerySet[Any]
    if sent:
        items = selectors.announcements_sent(tenant=tenant, membership=membership)
    else:
        items = selectors.announcements_received(tenant=tenant, membership=membership)
    return render(
        request,
        "communities/announcements.html",
        {"page": paginate(request, items, per_page=PER_PAGE), "sent": sent, "can_send": can_send},
    )


def announcement_new(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    if not permissions.can_announce(membership):
        raise PermissionDenied
    form = AnnouncementForm(request.POST or None, tenant=tenant, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.announcement_send(
                tenant=tenant,
                actor=membership,
                title=data["title"],
                body=data["body"],
                audience=form.audience(),
                requires_acknowledgement=data["requires_acknowledgement"],
                remind_after_days=data["remind_after_days"],
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            count = sent.recipient_count
            told = ngettext("Sent to %(count)s person.", "Sent to %(count)s people.", count)
            messages.success(request, told % {"count": count})
            return redirect("communities:announcement", tenant_slug, sent.pk)
    return render(
        request,
        "communities/announcement_form.html",
        {"form": form, **audience_reach(request, form)},
        status=400 if form.errors else 200,
    )


def audience_reach(request: TenantRequest, form: AudienceForm) -> dict[str, object]:
    """How many people the ticked audience names now (the author never), or why it cannot be
    addressed: the compose pages' live count (announcements, documents)."""
    try:
        ids = services.announcement_recipients(
            tenant=request.tenant, actor=request.membership, audience=form.audience()
        )
    except ValidationError as refused:
        return {"reach": 0, "reach_error": " ".join(refused.messages)}
    return {"reach": len(ids), "reach_error": ""}


@require_POST
def announcement_audience(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    """The live count of the compose page (htmx), from the boxes ticked so far."""
    if not permissions.can_announce(request.membership):
        raise PermissionDenied
    form = AnnouncementForm(request.POST, tenant=request.tenant, membership=request.membership)
    return render(
        request, "communities/announcement_form.html#reach", audience_reach(request, form)
    )


def announcement(request: TenantRequest, tenant_slug: str, announcement_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    seen = selectors.announcement_get_visible(
        tenant=tenant, membership=membership, id=announcement_id
    )
    if seen.recipient is not None:
        services.announcement_read(tenant=tenant, membership=membership, recipient=seen.recipient)
    rates = (
        selectors.read_rates_by_zone(tenant=tenant, announcement=seen.announcement)
        if seen.is_author
        else []
    )
    return render(
        request,
        "communities/announcement.html",
        {
            "seen": seen,
            "announcement": seen.announcement,
            "body_html": markdown_render(seen.announcement.body),
            "rates": rates,
        },
    )


@require_POST
def announcement_acknowledge(
    request: TenantRequest, tenant_slug: str, announcement_id: int
) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    seen = selectors.announcement_get_visible(
        tenant=tenant, membership=membership, id=announcement_id
    )
    if seen.recipient is None:
        raise PermissionDenied
    services.announcement_read(
        tenant=tenant, membership=membership, recipient=seen.recipient, acknowledge=True
    )
    if request.htmx:
        return render(request, "communities/announcement.html#acknowledge", {"seen": seen})
    messages.success(request, _("Thank you: your confirmation is recorded."))
    return redirect("communities:announcement", tenant_slug, announcement_id)
