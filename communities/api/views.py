"""The communities, read-only, for a tenant's systems. Every queryset comes from a selector.

A service token names a tenant, not a person: its reader belongs to no community, so it sees
what the whole network sees (communities/selectors.py, `*_open`): the open communities, their
published threads and posts. Members-only communities, their threads and drafts answer 404 and
are in no list; another tenant's ids answer 404 like missing ones. A post a moderator hid keeps
its place in the thread without its text (`is_hidden`, `body` and `body_html` null), as the
pages show it to members who are neither its author nor a moderator.
"""

from typing import Any

import django_filters
from django.db.models import QuerySet
from rest_framework import generics

from network_animation.api.filters import StrictBooleanFilter
from network_animation.api.views import TenantApiMixin

from .. import selectors
from ..models import Community, Post, Thread
from ..rendering import posts_with_html
from .serializers import CommunityOutputSerializer, PostOutputSerializer, ThreadOutputSerializer


class CommunityListApi(TenantApiMixin, generics.ListAPIView):
    """The communities open to the whole network (not archived), by kind and name, each with
    its number of published threads. Members-only communities are never listed: a token
    belongs to no community."""

    serializer_class = CommunityOutputSerializer
    model = Community

    def tenant_queryset(self) -> QuerySet[Community]:
        return selectors.community_list_open(tenant=self.tenant).order_by("kind", "name", "pk")


class CommunityDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    """One community open to the whole network (archived ones too)."""

    serializer_class = CommunityOutputSerializer

    def get_object(self) -> Community:
        return selectors.community_get_open(tenant=self.tenant, id=self.kwargs["community_id"])


class ThreadFilter(django_filters.FilterSet):
    # Declared one by one: generated filters would query related models outside the scope.
    kind = django_filters.ChoiceFilter(choices=Thread.Kind.choices)
    solved = StrictBooleanFilter(
        method="filter_solved",
        help_text="Questions with an accepted answer (true) or without one (false).",
    )

    class Meta:
        model = Thread
        fields: list[str] = []

    def filter_solved(self, queryset: QuerySet[Thread], name: str, value: bool) -> QuerySet[Thread]:
        questions = queryset.filter(kind=Thread.Kind.QUESTION)
        return questions.filter(accepted_answer__isnull=not value)


class CommunityThreadListApi(TenantApiMixin, generics.ListAPIView):
    """A community's published threads, pinned first, then the latest active."""

    serializer_class = ThreadOutputSerializer
    filterset_class = ThreadFilter
    model = Thread

    def tenant_queryset(self) -> QuerySet[Thread]:
        community = selectors.community_get_open(tenant=self.tenant, id=self.kwargs["community_id"])
        return selectors.thread_list_open(tenant=self.tenant, community=community).order_by(
            "-is_pinned", "-last_post_at", "-pk"
        )


class ThreadDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    """One published thread of an open community; its posts are at `threads/{id}/posts/`."""

    serializer_class = ThreadOutputSerializer

    def get_object(self) -> Thread:
        return selectors.thread_get_open(tenant=self.tenant, id=self.kwargs["thread_id"])


class ThreadPostListApi(TenantApiMixin, generics.ListAPIView):
    """A thread's posts in order, the opening post first; each in Markdown (`body`) and in
    HTML that runs nothing (`body_html`). A post a moderator hid is listed without its text."""

    serializer_class = PostOutputSerializer
    model = Post

    def tenant_queryset(self) -> QuerySet[Post]:
        thread = selectors.thread_get_open(tenant=self.tenant, id=self.kwargs["thread_id"])
        return selectors.post_list_open(tenant=self.tenant, thread=thread).order_by(
            "created_at", "pk"
        )

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:  # the page's shown posts rendered at once, from the cache if it can
            posts_with_html(post for post in page if not post.is_hidden)
        return page
