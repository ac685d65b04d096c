"""The communities for a tenant's systems: read what the whole network reads, and reply in a
person's name. Every queryset comes from a selector, every write from a service.

A service token names a tenant, not a person: its reader belongs to no community, so it sees
what the whole network sees (communities/selectors, `*_open`): the open communities, their
published threads and posts. Members-only communities, their threads and drafts answer 404 and
are in no list; another tenant's ids answer 404 like missing ones. A post a moderator hid keeps
its place in the thread without its text (`is_hidden`, `body` and `body_html` null), as the
pages show it to members who are neither its author nor a moderator.

A reply needs a person: the call names one by email, found among the token's tenant's active
people only, who must be able to read the thread as the pages decide it; the reply then goes
through the same service as the thread's page (notifications, follows, unread markers), and the
audit trail records which token wrote it in whose name.
"""

from typing import Any, cast

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from network_animation import selectors as network_selectors
from network_animation.api.auth import ServiceAccount
from network_animation.api.filters import StrictBooleanFilter
from network_animation.api.schema import ErrorDetailSerializer, FieldErrorsSerializer
from network_animation.api.views import TenantApiMixin
from network_animation.audit import audit_record
from network_animation.downloads import stored_file_response
from network_animation.models import Membership, Tenant

from .. import errors as community_errors
from .. import selectors, services
from ..models import Announcement, Community, Document, Post, Thread
from ..rendering import posts_with_html
from . import errors
from .serializers import (
    AnnouncementOutputSerializer,
    CommunityOutputSerializer,
    DocumentOutputSerializer,
    PostOutputSerializer,
    PostReplyInputSerializer,
    ThreadOutputSerializer,
)

POST_REPLIED_BY_API = "community_post_replied_by_api"  # the audit trail's action


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


REPLY_HELP = (
    "Reply in a thread in the name of an active person of the token's network, named by their "
    "email. The reply is written as if they had posted it on the thread's page: they join the "
    "open community and follow the thread; the thread's followers and the people it @mentions "
    "are told; the audit trail records the token that sent it. The thread must be one the API "
    "reads (a published thread of an open community), and one the person may read; a locked "
    "thread takes a moderator's reply only. `quote_of` names a post of the same thread."
)
REPLY_REFUSED = PolymorphicProxySerializer(
    component_name="PostReplyRefused",
    serializers=[FieldErrorsSerializer, ErrorDetailSerializer],
    resource_type_field_name=None,
)
REPLY_REFUSED_HELP = (
    "Nothing was written: each field refused with its reasons (`author`, `body`, `quote_of`), "
    "or a `detail` when the body is not JSON or holds a NUL character."
)
REPLY_FORBIDDEN_HELP = (
    "Nothing was written: the person may not write here (a locked thread, an archived "
    "community); `detail` says why."
)
REPLY_EXAMPLE = OpenApiExample(
    "A reply quoting a post",
    value={"author": "animateur@example.com", "body": "Appelez **le lendemain**.", "quote_of": 42},
    request_only=True,
)


class ThreadPostsApi(TenantApiMixin, generics.ListAPIView):
    """A thread's posts in order, the opening post first; each in Markdown (`body`) and in
    HTML that runs nothing (`body_html`). A post a moderator hid is listed without its text."""

    # One URL: its posts (GET), a reply (POST, described by its own schema below).
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

    @extend_schema(
        request=PostReplyInputSerializer,
        responses={
            201: OpenApiResponse(PostOutputSerializer, "The reply, as the thread's posts show it."),
            400: OpenApiResponse(REPLY_REFUSED, REPLY_REFUSED_HELP),
            403: OpenApiResponse(ErrorDetailSerializer, REPLY_FORBIDDEN_HELP),
        },
        examples=[REPLY_EXAMPLE],
        description=REPLY_HELP,
    )
    def post(self, request: Request, thread_id: int) -> Response:
        # The thread first: another tenant's id answers 404 whatever the body.
        thread = selectors.thread_get_open(tenant=self.tenant, id=thread_id)
        given = PostReplyInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        author = _author(self.tenant, given.validated_data["author"])
        seen = _thread_seen_by(self.tenant, author, thread)
        quote = _quote(self.tenant, seen, given.validated_data.get("quote_of"))
        post = _reply(request, seen, author, given.validated_data["body"], quote)
        shown = selectors.post_list_open(tenant=self.tenant, thread=seen).get(pk=post.pk)
        posts_with_html([shown])
        return Response(PostOutputSerializer(shown).data, status=status.HTTP_201_CREATED)


def _refused(field: str, message: object) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [str(message)]})


def _author(tenant: Tenant, email: str) -> Membership:
    """An active person of this tenant only: any other email gets the same answer."""
    author = (
        network_selectors.membership_list(tenant=tenant)
        .filter(is_active=True, user__is_active=True, user__email__iexact=email)
        .first()
    )
    if author is None:
        raise _refused("author", errors.UNKNOWN_AUTHOR)
    return author


def _thread_seen_by(tenant: Tenant, author: Membership, thread: Thread) -> Thread:
    """The thread as its author's pages find it: the API never writes where they cannot read."""
    try:
        return selectors.thread_get_visible(tenant=tenant, membership=author, id=thread.pk)
    except Http404 as hidden:
        raise _refused("author", errors.AUTHOR_CANNOT_READ) from hidden


def _quote(tenant: Tenant, thread: Thread, quote_id: int | None) -> Post | None:
    if quote_id is None:
        return None
    quote = selectors.post_list_open(tenant=tenant, thread=thread).filter(pk=quote_id).first()
    if quote is None:  # another thread's, another tenant's, a draft or none at all
        raise _refused("quote_of", community_errors.QUOTE_ELSEWHERE)
    return quote


def _reply(
    request: Request, thread: Thread, author: Membership, body: str, quote: Post | None
) -> Post:
    account = cast(ServiceAccount, request.user)  # IsTenantServiceAccount let it in
    try:
        with transaction.atomic():
            post = services.post_reply(
                tenant=account.tenant, actor=author, thread=thread, body=body, quote_of=quote
            )
            audit_record(
                tenant=account.tenant,
                actor=account,
                action=POST_REPLIED_BY_API,
                target=f"post:{post.pk}",
                actor_label=f"token:{account.token.name}",
                after={"thread": thread.pk, "author": author.user.email},
            )
    except DjangoPermissionDenied as denied:  # a locked thread, an archived community
        raise exceptions.PermissionDenied(str(denied) or None) from denied
    except DjangoValidationError as invalid:
        key = api_settings.NON_FIELD_ERRORS_KEY
        raise exceptions.ValidationError({key: invalid.messages}) from invalid
    return post


class AnnouncementListApi(TenantApiMixin, generics.ListAPIView):
    """The announcements sent to the whole network, the latest first, with how many opened and
    confirmed them. Announcements to part of the network are never listed: a token belongs to
    no audience."""

    serializer_class = AnnouncementOutputSerializer
    model = Announcement

    def tenant_queryset(self) -> QuerySet[Announcement]:
        return selectors.announcements_open(tenant=self.tenant)


class AnnouncementDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    """One announcement sent to the whole network; any other answers 404."""

    serializer_class = AnnouncementOutputSerializer

    def get_object(self) -> Announcement:
        return selectors.announcement_get_open(
            tenant=self.tenant, id=self.kwargs["announcement_id"]
        )


class DocumentListApi(TenantApiMixin, generics.ListAPIView):
    """The library's documents for everyone, the latest changed first, with their facets and
    the version shown. Documents for part of the network are never listed."""

    serializer_class = DocumentOutputSerializer
    model = Document

    def tenant_queryset(self) -> QuerySet[Document]:
        return selectors.documents_open(tenant=self.tenant)


class DocumentDetailApi(TenantApiMixin, generics.RetrieveAPIView):
    """One document for everyone; any other answers 404."""

    serializer_class = DocumentOutputSerializer

    def get_object(self) -> Document:
        return selectors.document_get_open(tenant=self.tenant, id=self.kwargs["document_id"])


@extend_schema(
    responses={
        (200, "application/octet-stream"): OpenApiResponse(
            OpenApiTypes.BINARY, "The file of the version shown, as an attachment."
        ),
        404: OpenApiResponse(ErrorDetailSerializer, "No such document for the whole network."),
    },
)
class DocumentFileApi(TenantApiMixin, generics.GenericAPIView):
    """The file of a document for everyone: its version shown (`current`), downloaded under
    its own name; a document for part of the network, or without a file, answers 404."""

    model = Document

    def get(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        found = selectors.document_get_open(tenant=self.tenant, id=self.kwargs["document_id"])
        if found.current is None:
            raise Http404
        version = found.current
        return stored_file_response(
            version.file, filename=version.filename, content_type=version.content_type
        )
