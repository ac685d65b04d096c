"""The communities a person sees, one community's threads, and making, joining, following one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_animation.data_versions import ORGANISATION, request_object_version, request_version
from network_animation.fragments import fragment_get, fragment_set
from network_animation.views.common import TenantRequest, paginate

from .. import permissions, selectors, services
from ..cache import COMMUNITIES, READER
from ..forms import CommunityForm

FILTERS = ["", "questions", "unsolved", "solved", "best_practices"]


def community_list(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    """The communities the person sees, theirs first, each with its threads they have not read:
    kept in the cache for them until a community, a thread or their own reading changes."""
    membership = request.membership
    key = ":".join(
        str(part)
        for part in (
            request_version(request, COMMUNITIES),
            request_version(request, ORGANISATION),
            request_object_version(request, READER, membership.pk),
            membership.pk,
        )
    )
    body = fragment_get(request, "community-list", key)
    if body is None:
        html = render_to_string("communities/list_body.html", _list_context(request))
        body = fragment_set(request, "community-list", key, html)
    return render(request, "communities/list.html", {"body": body})


def _list_context(request: TenantRequest) -> dict[str, object]:
    tenant, membership = request.tenant, request.membership
    communities = list(
        selectors.community_list_visible(tenant=tenant, membership=membership).order_by(
            "kind", "name"
        )
    )
    communities.sort(key=lambda c: not getattr(c, "is_member", False))  # theirs first
    unread = selectors.unread_counts(tenant=tenant, membership=membership, communities=communities)
    for item in communities:
        item.unread = unread[item.pk]  # type: ignore[attr-defined]  # shown by the list
    return {
        "communities": communities,
        "tenant_slug": tenant.slug,
        "can_create": permissions.can_create_community(membership),
        "moderates": bool(selectors.flag_queue(tenant=tenant, membership=membership)),
    }


def community_new(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    if not permissions.can_create_community(request.membership):
        raise PermissionDenied
    form = CommunityForm(request.POST or None, tenant=request.tenant, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.community_create(
                tenant=request.tenant, actor=request.membership, **form.cleaned_data
            )
        except ValidationError as invalid:
            form.add_error("zone", invalid.messages)
        else:
            return redirect("communities:community", tenant_slug, created.pk)
    return render(
        request,
        "communities/community_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def community(request: TenantRequest, tenant_slug: str, community_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = selectors.community_get_visible(tenant=tenant, membership=membership, id=community_id)
    show = request.GET.get("show", "")
    threads = selectors.thread_list(
        tenant=tenant, membership=membership, community=found, show=show if show in FILTERS else ""
    )
    page = paginate(request, threads, per_page=25)
    context = {
        "community": found,
        "page": page,
        "show": show,
        "filters": FILTERS,
        "can_post": permissions.can_post(
            membership, found, is_member=getattr(found, "is_member", False)
        ),
        "can_moderate": permissions.can_moderate(membership, found),
    }
    template = (
        "communities/community.html#threads" if request.htmx else "communities/community.html"
    )
    return render(request, template, context)


@require_POST
def community_join(request: TenantRequest, tenant_slug: str, community_id: int) -> HttpResponse:
    found = selectors.community_get_visible(
        tenant=request.tenant, membership=request.membership, id=community_id
    )
    services.community_join(tenant=request.tenant, actor=request.membership, community=found)
    messages.success(request, _("Welcome to %(name)s.") % {"name": found.name})
    return redirect("communities:community", tenant_slug, found.pk)


@require_POST
def community_leave(request: TenantRequest, tenant_slug: str, community_id: int) -> HttpResponse:
    found = selectors.community_get_visible(
        tenant=request.tenant, membership=request.membership, id=community_id
    )
    try:
        services.community_leave(tenant=request.tenant, actor=request.membership, community=found)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
    return redirect("communities:list", tenant_slug)


@require_POST
def community_follow(request: TenantRequest, tenant_slug: str, community_id: int) -> HttpResponse:
    found = selectors.community_get_visible(
        tenant=request.tenant, membership=request.membership, id=community_id
    )
    found.is_followed = services.community_follow_toggle(  # type: ignore[attr-defined]  # as the selector annotates it
        tenant=request.tenant, actor=request.membership, community=found
    )
    if request.htmx:
        return render(request, "communities/community.html#follow", {"community": found})
    return redirect("communities:community", tenant_slug, found.pk)
