"""Moderation: reporting a post; the queue, hiding, showing, locking, pinning, a post's history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_animation.views.common import TenantRequest

from .. import permissions, selectors, services
from ..forms import ReasonForm


def post_flag(request: TenantRequest, tenant_slug: str, post_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    post = selectors.post_get_visible(tenant=tenant, membership=membership, id=post_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_flag(tenant=tenant, actor=membership, post=post, **form.cleaned_data)
        except ValidationError as invalid:
            form.add_error("reason", invalid)
        else:
            messages.success(request, _("Thank you: the moderators will look at it."))
            return redirect("communities:thread", tenant_slug, post.thread_id)
    context = {"form": form, "post": post, "thread": post.thread, "action": "flag"}
    return render(
        request, "communities/reason_form.html", context, status=400 if form.errors else 200
    )


def post_hide(request: TenantRequest, tenant_slug: str, post_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    post = selectors.post_get_visible(tenant=tenant, membership=membership, id=post_id)
    if not permissions.can_moderate(membership, post.thread.community):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.post_hide(tenant=tenant, actor=membership, post=post, **form.cleaned_data)
        return redirect("communities:thread", tenant_slug, post.thread_id)
    context = {"form": form, "post": post, "thread": post.thread, "action": "hide"}
    return render(
        request, "communities/reason_form.html", context, status=400 if form.errors else 200
    )


@require_POST
def post_show(request: TenantRequest, tenant_slug: str, post_id: int) -> HttpResponse:
    post = selectors.post_get_visible(
        tenant=request.tenant, membership=request.membership, id=post_id
    )
    services.post_show(tenant=request.tenant, actor=request.membership, post=post)
    return redirect("communities:thread", tenant_slug, post.thread_id)


@require_POST
def thread_lock(request: TenantRequest, tenant_slug: str, thread_id: int) -> HttpResponse:
    found = selectors.thread_get_visible(
        tenant=request.tenant, membership=request.membership, id=thread_id
    )
    services.thread_lock_toggle(tenant=request.tenant, actor=request.membership, thread=found)
    return redirect("communities:thread", tenant_slug, found.pk)


@require_POST
def thread_pin(request: TenantRequest, tenant_slug: str, thread_id: int) -> HttpResponse:
    found = selectors.thread_get_visible(
        tenant=request.tenant, membership=request.membership, id=thread_id
    )
    services.thread_pin_toggle(tenant=request.tenant, actor=request.membership, thread=found)
    return redirect("communities:thread", tenant_slug, found.pk)


def moderation_queue(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    flags = selectors.flag_queue(tenant=request.tenant, membership=request.membership)
    return render(request, "communities/moderation.html", {"flags": flags})


@require_POST
def flag_dismiss(request: TenantRequest, tenant_slug: str, flag_id: int) -> HttpResponse:
    flag = selectors.flag_get(tenant=request.tenant, membership=request.membership, id=flag_id)
    services.flag_dismiss(tenant=request.tenant, actor=request.membership, flag=flag)
    return redirect("communities:moderation", tenant_slug)


def post_history(request: TenantRequest, tenant_slug: str, post_id: int) -> HttpResponse:
    """A post's earlier texts, for the community's moderators."""
    post = selectors.post_get_visible(
        tenant=request.tenant, membership=request.membership, id=post_id
    )
    if not permissions.can_moderate(request.membership, post.thread.community):
        raise PermissionDenied
    revisions = list(post.revisions.select_related("edited_by__user"))
    context = {"post": post, "thread": post.thread, "revisions": revisions}
    return render(request, "communities/history.html", context)
