"""Feedback: sending an idea or a problem up, following what one sent, and answering what was
sent to one (head office; an animator for their zones)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest, paginate

from .. import permissions, selectors, services
from ..forms import FeedbackAnswerForm, FeedbackForm
from ..models import Feedback
from ..services.feedback import can_handle

PER_PAGE = 25


def _status_filters() -> list[tuple[str, str]]:
    statuses = [(value, str(label)) for value, label in Feedback.Status.choices]
    return [("open", _("To handle")), *statuses, ("all", _("Everything"))]


def feedback_list(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    handles = permissions.handles_feedback(membership)
    sends = permissions.can_send_feedback(membership)
    if not (handles or sends):
        raise PermissionDenied
    # Those who receive feedback see it first; the others, what they sent.
    show = request.GET.get("show") or ("received" if handles else "sent")
    status = request.GET.get("status", "open")
    items: QuerySet[Any]
    if show == "received" and handles:
        status = status if status in dict(_status_filters()) else "open"
        items = selectors.feedback_to_handle(tenant=tenant, membership=membership, status=status)
    else:
        show = "sent"
        items = selectors.feedback_sent(tenant=tenant, membership=membership)
    return render(
        request,
        "communities/feedback_list.html",
        {
            "page": paginate(request, items, per_page=PER_PAGE),
            "show": show,
            "status": status,
            "statuses": _status_filters(),
            "handles": handles,
            "sends": sends,
        },
    )


def feedback_new(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    if not permissions.can_send_feedback(membership):
        raise PermissionDenied
    form = FeedbackForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.feedback_send(tenant=tenant, actor=membership, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Sent: you will be told when it moves on."))
            return redirect("communities:feedback", tenant_slug, sent.pk)
    return render(
        request,
        "communities/feedback_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _detail(
    request: TenantRequest, found: Feedback, answer: FeedbackAnswerForm | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "communities/feedback.html",
        {
            "feedback": found,
            "body_html": markdown_render(found.body),
            "answer_html": markdown_render(found.answer) if found.answer else "",
            "answer_form": answer,
        },
        status=status,
    )


def feedback(request: TenantRequest, tenant_slug: str, feedback_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = selectors.feedback_get_visible(tenant=tenant, membership=membership, id=feedback_id)
    handles = can_handle(tenant=tenant, membership=membership, feedback=found)
    initial = {"status": found.status, "answer": found.answer}
    return _detail(request, found, FeedbackAnswerForm(initial=initial) if handles else None)


@require_POST
def feedback_answer(request: TenantRequest, tenant_slug: str, feedback_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = selectors.feedback_get_visible(tenant=tenant, membership=membership, id=feedback_id)
    if not can_handle(tenant=tenant, membership=membership, feedback=found):
        raise PermissionDenied
    form = FeedbackAnswerForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, form, status=400)
    services.feedback_update(tenant=tenant, actor=membership, feedback=found, **form.cleaned_data)
    messages.success(request, _("Saved: its sender is told."))
    return redirect("communities:feedback", tenant_slug, found.pk)
