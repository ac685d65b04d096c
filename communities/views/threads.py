"""A thread and its posts: reading, starting, replying, editing, liking, following, accepting an
answer, best practices (marking one, the list by KPI, publishing a prefilled draft)."""

from functools import cache as once
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from kpis.cache import KPI_DEFINITIONS
from kpis.selectors import kpi_get, kpi_list
from network_animation.data_versions import (
    ORGANISATION,
    request_object_version,
    request_object_versions,
    request_version,
)
from network_animation.fragments import (
    csrf_placeholder,
    fragment_get,
    fragment_set,
    with_csrf_token,
)
from network_animation.page_rows import rows_get, rows_set
from network_animation.views.common import TenantRequest, paginate

from .. import permissions, selectors, services
from ..cache import COMMUNITY_MEMBERS, READER, THREAD
from ..forms import BestPracticeForm, DraftForm, PostEditForm, ReplyForm, ThreadForm
from ..models import Community, Post, Thread
from ..rendering import posts_with_html

# A phone's worth of reading: the first page of a long thread comes fast; the next by link.
POSTS_PER_PAGE = 25
READER_THREAD = "reader-thread"
READER_THREAD_MODELS = (Thread, Community)
PAGE_FRAGMENT = "thread-page"


def _thread_context(
    request: TenantRequest, reading: selectors.ReaderThread, reply: ReplyForm
) -> dict[str, object]:
    membership, found = request.membership, reading.thread
    community = found.community
    can_moderate = permissions.can_moderate(membership, community)
    flags = {
        "can_post": permissions.can_post(membership, community, is_member=reading.is_member)
        and (not found.is_locked or can_moderate),
        "can_moderate": can_moderate,
        "can_accept": found.is_question
        and permissions.can_accept_answer(membership, community, asker_id=found.author_id),
    }
    return {
        "thread": found,
        "community": community,
        "posts": _posts_html(request, found, flags),
        "reply": reply,
        "following": reading.follows,
        **flags,
    }


def _posts_html(request: TenantRequest, found: Thread, flags: dict[str, bool]) -> SafeString:
    """The page of posts asked for, as this reader sees them: from the cache unless the thread
    (a reply, an edit, a like, a moderation), the organisation (people's names) or the KPIs'
    names changed since it was rendered. Thousands read a thread; few write in it."""
    tenant, membership = request.tenant, request.membership
    number = request.GET.get("page") or "1"
    key = ":".join(
        str(part)
        for part in (
            request_object_version(request, THREAD, found.pk),
            request_version(request, ORGANISATION),
            request_version(request, KPI_DEFINITIONS),
            membership.pk,
            number,
            *flags.values(),
        )
    )
    kept = number.isdigit() and len(number) <= 4  # any other page asked is rendered, not kept
    html = fragment_get(request, "thread-posts", key) if kept else None
    if html is None:
        posts = selectors.post_list(tenant=tenant, membership=membership, thread=found)
        page = paginate(request, posts, per_page=POSTS_PER_PAGE)
        page.object_list = posts_with_html(page.object_list)
        context = {
            "thread": found,
            "page": page,
            "tenant_slug": tenant.slug,
            "viewer_id": membership.pk,
            "csrf_token": csrf_placeholder(),
            **flags,
        }
        html = SafeString(render_to_string("communities/thread_posts.html", context))
        if kept:
            fragment_set(request, "thread-posts", key, html)
    # The placeholder is only ever written by the csrf_token tag, in the fragment's own forms.
    return with_csrf_token(request, html)


@once
def posts_placeholder() -> str:
    """Where the kept page around the posts puts them: derived from the secret key, as the
    CSRF token's placeholder is, so no title anyone writes can hold it."""
    return salted_hmac("communities.views.threads", "posts", algorithm="sha256").hexdigest()


def _page_html(request: TenantRequest, context: dict[str, Any]) -> SafeString:
    """The thread's page around its posts (the title and badges, the follow, moderation and
    reply forms), as this reader sees it: kept for them until the thread, their own state (a
    follow) or the communities' members (a community renamed) change, and for their rights of
    now; the posts (kept on their own) and the CSRF token put in at each request."""
    membership, found = request.membership, context["thread"]
    key = ":".join(
        str(part)
        for part in (
            request_object_version(request, THREAD, found.pk),
            request_object_version(request, READER, membership.pk),
            request_version(request, COMMUNITY_MEMBERS),
            membership.pk,
            context["can_post"],
            context["can_moderate"],
            context["can_accept"],
        )
    )
    html = fragment_get(request, PAGE_FRAGMENT, key)
    if html is None:
        placeholders = {"posts": SafeString(posts_placeholder()), "csrf_token": csrf_placeholder()}
        rendered = {**context, **placeholders, "nav": {"tenant": request.tenant}}
        html = fragment_set(
            request, PAGE_FRAGMENT, key, render_to_string("communities/thread_page.html", rendered)
        )
    # Only this module writes the placeholder, in the fragment's own posts' place.
    return SafeString(with_csrf_token(request, html).replace(posts_placeholder(), context["posts"]))


def _reader_thread(request: TenantRequest, thread_id: int) -> selectors.ReaderThread:
    """The thread and the reader's state on it, as `thread_get_for_reader` reads them, kept for
    this reader until one of them changes: the thread (a reply, an edit, a lock, a draft
    published), the reader's own (a thread read, followed, a community joined or left), the
    communities' members (synced, a community archived) or the organisation. Whether the
    reader may see the thread's community is asked again of the kept row at each request."""
    tenant, membership = request.tenant, request.membership
    thread_version, reader_version = request_object_versions(
        request, [(THREAD, thread_id), (READER, membership.pk)]
    )
    key = ":".join(
        str(part)
        for part in (
            thread_version,
            reader_version,
            request_version(request, COMMUNITY_MEMBERS),
            request_version(request, ORGANISATION),
            membership.pk,
            thread_id,
        )
    )
    kept = rows_get(request, READER_THREAD, key, READER_THREAD_MODELS)
    if isinstance(kept, selectors.ReaderThread):
        if not selectors.sees_community(
            membership, kept.thread.community, is_member=kept.is_member
        ):
            raise Http404
        return kept
    reading = selectors.thread_get_for_reader(tenant=tenant, membership=membership, id=thread_id)
    rows_set(request, READER_THREAD, key, READER_THREAD_MODELS, reading)
    return reading


def thread(request: TenantRequest, tenant_slug: str, thread_id: int) -> HttpResponse:
    reading = _reader_thread(request, thread_id)
    found = reading.thread
    if found.is_draft:
        return redirect("communities:draft", tenant_slug, found.pk)
    if reading.read_at is None or reading.read_at < found.last_post_at:
        services.thread_mark_read(tenant=request.tenant, actor=request.membership, thread=found)
    if reading.read_at is None:  # never opened before: the first read (a best practice's...)
        services.first_read_record(tenant=request.tenant, actor=request.membership, thread=found)
    quote = request.GET.get("quote", "")
    reply = ReplyForm(initial={"quote_of": quote} if quote.isdigit() else None)
    context = _thread_context(request, reading, reply)
    if quote:  # the reply form quoting a post: rendered for this request
        return render(request, "communities/thread.html", context)
    page_html = _page_html(request, context)
    return render(request, "communities/thread.html", {"thread": found, "page_html": page_html})


def thread_new(request: TenantRequest, tenant_slug: str, community_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    community = selectors.community_get_visible(
        tenant=tenant, membership=membership, id=community_id
    )
    form = ThreadForm(request.POST or None, request.FILES or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.thread_start(
                tenant=tenant, actor=membership, community=community, **form.cleaned_data
            )
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            return redirect("communities:thread", tenant_slug, created.pk)
    context = {"form": form, "community": community}
    return render(
        request, "communities/thread_form.html", context, status=400 if form.errors else 200
    )


@require_POST
def thread_reply(request: TenantRequest, tenant_slug: str, thread_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    reading = selectors.thread_get_for_reader(tenant=tenant, membership=membership, id=thread_id)
    found = reading.thread
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        quote_id = form.cleaned_data["quote_of"]
        quote = (
            selectors.post_get_visible(tenant=tenant, membership=membership, id=quote_id)
            if quote_id
            else None
        )
        try:
            post = services.post_reply(
                tenant=tenant,
                actor=membership,
                thread=found,
                body=form.cleaned_data["body"],
                quote_of=quote,
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as invalid:
            form.add_error("body", invalid)
        else:
            return redirect(_post_url(tenant_slug, found, post))
    context = _thread_context(request, reading, form)
    return render(request, "communities/thread.html", context, status=400)


def _post_url(tenant_slug: str, found: Thread, post: Post) -> str:
    """The page of the thread that shows the post, at the post."""
    before = Post.objects.filter(thread=found, created_at__lt=post.created_at).count()
    page = before // POSTS_PER_PAGE + 1
    url = reverse("communities:thread", args=[tenant_slug, found.pk])
    return f"{url}?page={page}#post-{post.pk}" if page > 1 else f"{url}#post-{post.pk}"


@require_POST
def thread_follow(request: TenantRequest, tenant_slug: str, thread_id: int) -> HttpResponse:
    found = selectors.thread_get_visible(
        tenant=request.tenant, membership=request.membership, id=thread_id
    )
    following = services.thread_follow_toggle(
        tenant=request.tenant, actor=request.membership, thread=found
    )
    if request.htmx:
        context = {"thread": found, "following": following}
        return render(request, "communities/thread_page.html#follow", context)
    return redirect("communities:thread", tenant_slug, found.pk)


@require_POST
def post_like(request: TenantRequest, tenant_slug: str, post_id: int) -> HttpResponse:
    post = selectors.post_get_visible(
        tenant=request.tenant, membership=request.membership, id=post_id
    )
    post.liked = services.post_like_toggle(  # type: ignore[attr-defined]  # as post_list annotates it
        tenant=request.tenant, actor=request.membership, post=post
    )
    post.refresh_from_db(fields=["like_count"])
    if request.htmx:
        context = {"post": post, "tenant_slug": tenant_slug}
        return render(request, "communities/thread_posts.html#like", context)
    return redirect(_post_url(tenant_slug, post.thread, post))


@require_POST
def answer_accept(
    request: TenantRequest, tenant_slug: str, thread_id: int, post_id: int
) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    reading = selectors.thread_get_for_reader(tenant=tenant, membership=membership, id=thread_id)
    found = reading.thread
    post = selectors.post_get_visible(tenant=tenant, membership=membership, id=post_id)
    try:
        services.answer_accept(tenant=tenant, actor=membership, thread=found, post=post)
    except ValidationError as invalid:
        raise PermissionDenied(invalid.messages[0]) from invalid
    if request.htmx:
        return HttpResponse(_thread_context(request, reading, ReplyForm())["posts"])
    return redirect(_post_url(tenant_slug, found, post))


def post_edit(request: TenantRequest, tenant_slug: str, post_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    post = selectors.post_get_visible(tenant=tenant, membership=membership, id=post_id)
    if post.author_id != membership.pk and not permissions.can_moderate(
        membership, post.thread.community
    ):
        raise PermissionDenied
    form = PostEditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                tenant=tenant, actor=membership, post=post, body=form.cleaned_data["body"]
            )
        except ValidationError as invalid:
            form.add_error("body", invalid)
        else:
            return redirect(_post_url(tenant_slug, post.thread, post))
    context = {"form": form, "post": post, "thread": post.thread}
    return render(
        request, "communities/post_form.html", context, status=400 if form.errors else 200
    )


def best_practice_mark(request: TenantRequest, tenant_slug: str, post_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    post = selectors.post_get_visible(tenant=tenant, membership=membership, id=post_id)
    if post.author_id != membership.pk and not permissions.can_moderate(
        membership, post.thread.community
    ):
        raise PermissionDenied
    initial = {
        "is_best_practice": post.is_best_practice,
        "kpis": [link.kpi for link in post.kpi_links.all()],
    }
    form = BestPracticeForm(request.POST or None, tenant=tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.post_best_practice_set(
            tenant=tenant,
            actor=membership,
            post=post,
            kpis=form.cleaned_data["kpis"],
            on=form.cleaned_data["is_best_practice"],
        )
        return redirect(_post_url(tenant_slug, post.thread, post))
    context = {"form": form, "post": post, "thread": post.thread}
    return render(
        request, "communities/best_practice_form.html", context, status=400 if form.errors else 200
    )


def best_practices(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    """Best practices by KPI: what worked elsewhere, for a figure one wants to move."""
    tenant, membership = request.tenant, request.membership
    kpis = list(kpi_list(tenant=tenant, active_only=True))
    chosen = request.GET.get("kpi", "")
    kpi = kpi_get(tenant=tenant, id=int(chosen)) if chosen.isdigit() else None
    shown = [kpi.pk] if kpi else [k.pk for k in kpis]
    practices = selectors.best_practices_for_kpis(
        tenant=tenant, membership=membership, kpi_ids=shown, limit=50
    )
    return render(
        request,
        "communities/best_practices.html",
        {"kpis": kpis, "kpi": kpi, "practices": practices},
    )


def draft_publish(request: TenantRequest, tenant_slug: str, thread_id: int) -> HttpResponse:
    """The author's prefilled best practice: they rewrite it, then publish it (or not)."""
    tenant, membership = request.tenant, request.membership
    found = selectors.thread_get_visible(tenant=tenant, membership=membership, id=thread_id)
    if not found.is_draft or found.author_id != membership.pk:
        return redirect("communities:thread", tenant_slug, found.pk)
    opening = selectors.post_list(tenant=tenant, membership=membership, thread=found).first()
    form = DraftForm(
        request.POST or None,
        initial={"title": found.title, "body": opening.body if opening else ""},
    )
    if request.method == "POST" and form.is_valid():
        services.best_practice_publish(
            tenant=tenant, actor=membership, thread=found, **form.cleaned_data
        )
        return redirect("communities:thread", tenant_slug, found.pk)
    context = {"form": form, "thread": found, "community": found.community}
    return render(
        request, "communities/draft_form.html", context, status=400 if form.errors else 200
    )
