"""Reads of communities, threads and posts.

Every read takes the tenant and the person reading: a private community's threads and posts are
absent for someone outside it, through every page, panel, notification and API answer (T12).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    Field,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from network_animation.models import Membership, Role, Tenant, Zone
from network_animation.permissions import membership_zone_ids

from .. import permissions
from ..models import (
    Community,
    CommunityMember,
    Flag,
    Follow,
    Post,
    PostKpi,
    PostLike,
    Thread,
    ThreadRead,
)

QUESTION_UNANSWERED_AFTER = dt.timedelta(days=2)


def _visible(membership: Membership, through: str = "") -> Q:
    """The communities a person may see (head office and coaches: all of them); `through`
    "community__" says it of the rows of a community (a thread's), on the community joined."""
    if permissions.sees_every_community(membership):
        return Q()
    community = OuterRef(f"{through}pk" if not through else f"{through[:-2]}_id")
    member = CommunityMember.objects.filter(community=community, membership=membership)
    seen = Q(**{f"{through}visibility": Community.Visibility.OPEN}) | Q(Exists(member))
    if membership.role == Role.ANIMATOR:
        seen |= Q(**{f"{through}zone_id__in": membership_zone_ids(membership)})
    if membership.role == Role.REGIONAL_DIRECTOR and membership.region_id:
        seen |= Q(**{f"{through}region_id": membership.region_id})
    return seen


def sees_community(membership: Membership, community: Community, *, is_member: bool) -> bool:
    """`_visible` said of one community already read (with whether the person is a member):
    the same rules in Python, so a page of one thread tests them without a query of its own."""
    if permissions.sees_every_community(membership) or is_member:
        return True
    if community.visibility == Community.Visibility.OPEN:
        return True
    if membership.role == Role.ANIMATOR and community.zone_id is not None:
        return community.zone_id in membership_zone_ids(membership)
    return (
        membership.role == Role.REGIONAL_DIRECTOR
        and membership.region_id is not None
        and community.region_id == membership.region_id
    )


def community_list_visible(
    *, tenant: Tenant, membership: Membership, with_archived: bool = False
) -> QuerySet[Community]:
    communities = Community.objects.filter(tenant=tenant).filter(_visible(membership))
    if not with_archived:
        communities = communities.filter(is_archived=False)
    member = CommunityMember.objects.filter(community=OuterRef("pk"), membership=membership)
    following = Follow.objects.filter(community=OuterRef("pk"), membership=membership)
    return communities.annotate(is_member=Exists(member), is_followed=Exists(following))


def community_get_visible(*, tenant: Tenant, membership: Membership, id: int) -> Community:
    """One community the person may see; another's, or one hidden from them, answers 404."""
    community = (
        community_list_visible(tenant=tenant, membership=membership, with_archived=True)
        .filter(pk=id)
        .first()
    )
    if community is None:
        raise Http404
    return community


def unread_counts(
    *, tenant: Tenant, membership: Membership, communities: list[Community]
) -> dict[int, int]:
    """Threads with something the person has not read yet, per community, in one query."""
    unread = _unread_threads(tenant, membership).filter(community__in=communities)
    counts: dict[int, int] = {community.pk: 0 for community in communities}
    per_community = unread.values("community_id").annotate(unread=Count("pk")).order_by()
    counts.update({row["community_id"]: row["unread"] for row in per_community})
    return counts


def _unread_threads(tenant: Tenant, membership: Membership) -> QuerySet[Thread]:
    read = ThreadRead.objects.filter(
        thread=OuterRef("pk"), membership=membership, read_at__gte=OuterRef("last_post_at")
    )
    return Thread.objects.filter(tenant=tenant, is_draft=False).exclude(Exists(read))


def thread_list(
    *, tenant: Tenant, membership: Membership, community: Community, show: str = ""
) -> QuerySet[Thread]:
    """A community's threads, pinned first then the latest active, each saying whether the
    person has read all of it. `show`: questions, unsolved, solved, best practices."""
    read_at = ThreadRead.objects.filter(thread=OuterRef("pk"), membership=membership)
    threads = (
        Thread.objects.filter(tenant=tenant, community=community)
        .filter(Q(is_draft=False) | Q(author=membership))
        .select_related("author__user", "accepted_answer")
        .annotate(read_at=Subquery(read_at.values("read_at")[:1]))
    )
    filters = {
        "questions": Q(kind=Thread.Kind.QUESTION),
        "unsolved": Q(kind=Thread.Kind.QUESTION, accepted_answer__isnull=True),
        "solved": Q(kind=Thread.Kind.QUESTION, accepted_answer__isnull=False),
        "best_practices": Q(posts__is_best_practice=True, posts__is_draft=False),
    }
    return threads.filter(filters[show]).distinct() if show in filters else threads


def _threads_visible(tenant: Tenant, membership: Membership, id: int) -> QuerySet[Thread]:
    visible = community_list_visible(tenant=tenant, membership=membership, with_archived=True)
    return (
        Thread.objects.filter(tenant=tenant, pk=id, community__in=visible)
        .filter(Q(is_draft=False) | Q(author=membership))
        .select_related("community", "author__user", "accepted_answer")
    )


def thread_get_visible(*, tenant: Tenant, membership: Membership, id: int) -> Thread:
    """A thread of a community the person may see; any other answers 404."""
    thread = _threads_visible(tenant, membership, id).first()
    if thread is None:
        raise Http404
    return thread


@dataclass(frozen=True)
class ReaderThread:
    """A thread and what its page asks of the person reading it."""

    thread: Thread
    read_at: dt.datetime | None  # when they last read it; None if never
    is_member: bool  # of the thread's community
    follows: bool


# The reader's state on a thread, as columns of the thread's row. Written as SQL: the same
# three subqueries built as querysets (Subquery, Exists) cost the page more to compile, at every
# read, than the whole query costs the database. Each names the tenant as the outer row does,
# and the reader's id is their one parameter.
_READER_READ_AT = (
    "SELECT r.read_at FROM communities_threadread r"
    " WHERE r.tenant_id = communities_thread.tenant_id"
    " AND r.thread_id = communities_thread.id AND r.membership_id = %s"
)
_READER_IS_MEMBER = (
    "EXISTS (SELECT 1 FROM communities_communitymember m"
    " WHERE m.tenant_id = communities_thread.tenant_id"
    " AND m.community_id = communities_thread.community_id AND m.membership_id = %s)"
)
_READER_FOLLOWS = (
    "EXISTS (SELECT 1 FROM communities_follow f WHERE f.tenant_id = communities_thread.tenant_id"
    " AND f.thread_id = communities_thread.id AND f.membership_id = %s)"
)


def _reader_column(sql: str, membership: Membership, field: "Field[Any, Any]") -> RawSQL:
    return RawSQL(sql, (membership.pk,), output_field=field)  # noqa: S611  # constant SQL above


def thread_get_for_reader(*, tenant: Tenant, membership: Membership, id: int) -> ReaderThread:
    """A thread as `thread_get_visible` gives it, with the reader's state, in one short query
    (the thread page's: its community joined, nothing else; whether the reader may see that
    community is then told by `sees_community` from the row, not by subqueries to compile)."""
    row = (
        Thread.objects.filter(tenant=tenant, pk=id)
        .filter(Q(is_draft=False) | Q(author=membership))
        .select_related("community")
        .annotate(
            reader_read_at=_reader_column(_READER_READ_AT, membership, DateTimeField()),
            reader_is_member=_reader_column(_READER_IS_MEMBER, membership, BooleanField()),
            reader_follows=_reader_column(_READER_FOLLOWS, membership, BooleanField()),
        )
        .order_by()
        .first()
    )
    # The annotations, named on the row by the query above.
    state = row.__dict__ if row is not None else {}
    if row is None or not sees_community(
        membership, row.community, is_member=state["reader_is_member"]
    ):
        raise Http404
    return ReaderThread(
        row, state["reader_read_at"], state["reader_is_member"], state["reader_follows"]
    )


def post_list(*, tenant: Tenant, membership: Membership, thread: Thread) -> QuerySet[Post]:
    """A thread's posts in order: drafts only to their author; each says if the reader liked it."""
    liked = PostLike.objects.filter(post=OuterRef("pk"), membership=membership)
    return (
        Post.objects.filter(tenant=tenant, thread=thread)
        .filter(Q(is_draft=False) | Q(author=membership))
        .select_related("author__user", "author__point_of_sale", "quote_of__author__user")
        .prefetch_related(
            Prefetch("kpi_links", queryset=PostKpi.objects.select_related("kpi")),
            "attachments",
        )
        .annotate(liked=Exists(liked))
    )


def post_get_visible(*, tenant: Tenant, membership: Membership, id: int) -> Post:
    visible = community_list_visible(tenant=tenant, membership=membership, with_archived=True)
    post = (
        Post.objects.filter(tenant=tenant, pk=id, thread__community__in=visible)
        .filter(Q(is_draft=False) | Q(author=membership))
        .select_related("thread__community", "author__user")
        .first()
    )
    if post is None:
        raise Http404
    return post


def is_member(*, tenant: Tenant, membership: Membership, community: Community) -> bool:
    return CommunityMember.objects.filter(
        tenant=tenant, community=community, membership=membership
    ).exists()


def is_following_thread(*, tenant: Tenant, membership: Membership, thread: Thread) -> bool:
    return Follow.objects.filter(tenant=tenant, membership=membership, thread=thread).exists()


def best_practices_for_kpis(
    *, tenant: Tenant, membership: Membership, kpi_ids: list[int], limit: int = 5
) -> list[Post]:
    """Published best practices linked to these KPIs, in communities the person may see,
    the most liked first."""
    if not kpi_ids:
        return []
    visible = community_list_visible(tenant=tenant, membership=membership)
    linked = PostKpi.objects.filter(post=OuterRef("pk"), kpi_id__in=kpi_ids)
    practices = (
        Post.objects.filter(
            tenant=tenant,
            is_best_practice=True,
            is_draft=False,
            hidden_at__isnull=True,
            thread__community__in=visible,
        )
        .filter(Exists(linked))
        .select_related("thread", "author__user", "author__point_of_sale")
        .prefetch_related(Prefetch("kpi_links", queryset=PostKpi.objects.select_related("kpi")))
        .order_by("-like_count", "-created_at")
    )
    return list(practices[:limit])


def questions_unanswered(
    *, tenant: Tenant, membership: Membership, zone: Zone, limit: int = 10
) -> list[Thread]:
    """Questions of the zone's communities (and those its people asked anywhere they can be
    seen) with no accepted answer for more than two days, the oldest first."""
    visible = community_list_visible(tenant=tenant, membership=membership)
    asked_here = Q(community__zone=zone) | Q(author__point_of_sale__zone=zone)
    questions = (
        Thread.objects.filter(
            tenant=tenant,
            kind=Thread.Kind.QUESTION,
            is_draft=False,
            accepted_answer__isnull=True,
            created_at__lte=timezone.now() - QUESTION_UNANSWERED_AFTER,
            community__in=visible,
        )
        .filter(asked_here)
        .select_related("community", "author__user")
        .order_by("created_at")
    )
    return list(questions[:limit])


def flag_queue(*, tenant: Tenant, membership: Membership) -> list[Flag]:
    """Open flags of the communities the person moderates."""
    if not permissions.may_moderate_some(membership):
        return []  # a dealer's pages ask nothing more
    flags = (
        Flag.objects.filter(tenant=tenant, status=Flag.Status.OPEN)
        .select_related("post__thread__community", "post__author__user", "reporter__user")
        .order_by("created_at")
    )
    return [f for f in flags if permissions.can_moderate(membership, f.post.thread.community)]


def flag_get(*, tenant: Tenant, membership: Membership, id: int) -> Flag:
    flag = (
        Flag.objects.filter(tenant=tenant, pk=id).select_related("post__thread__community").first()
    )
    if flag is None or not permissions.can_moderate(membership, flag.post.thread.community):
        raise Http404
    return flag


def members_of(*, tenant: Tenant, community: Community) -> QuerySet[Membership]:
    """The active people of a community (who can be mentioned, who is told of new threads)."""
    return Membership.objects.filter(
        tenant=tenant,
        is_active=True,
        pk__in=CommunityMember.objects.filter(tenant=tenant, community=community).values(
            "membership_id"
        ),
    ).select_related("user")


def moderators_of(*, tenant: Tenant, community: Community) -> QuerySet[Membership]:
    """Head office, and the animators (or director) of the community's zone (or region): the
    same people `permissions.can_moderate` says yes to."""
    moderate = Q(role=Role.HEAD_OFFICE)
    if community.zone_id is not None:
        moderate |= Q(role=Role.ANIMATOR, membershipzone__zone_id=community.zone_id)
    if community.region_id is not None:
        moderate |= Q(role=Role.REGIONAL_DIRECTOR, region_id=community.region_id)
    return Membership.objects.filter(tenant=tenant, is_active=True).filter(moderate).distinct()


def audience_of(*, tenant: Tenant, community: Community) -> QuerySet[Membership]:
    """The active people who may see a community: who can be told of what happens in it."""
    people = Membership.objects.filter(tenant=tenant, is_active=True)
    if community.visibility == Community.Visibility.OPEN:
        return people
    member = CommunityMember.objects.filter(community=community, membership=OuterRef("pk"))
    sees = Q(Exists(member)) | Q(role__in=[Role.HEAD_OFFICE, Role.COACH])
    if community.zone_id is not None:
        sees |= Q(role=Role.ANIMATOR, membershipzone__zone_id=community.zone_id)
    if community.region_id is not None:
        sees |= Q(role=Role.REGIONAL_DIRECTOR, region_id=community.region_id)
    return people.filter(sees).distinct()


# A reader who is no person: a tenant's system, through the API (its token names a tenant, not
# a person). It belongs to no community, so it sees what the whole network sees: the open
# communities, their published threads and posts; never a members-only community or a draft.


def _open(tenant: Tenant, *, with_archived: bool) -> QuerySet[Community]:
    communities = Community.objects.filter(tenant=tenant, visibility=Community.Visibility.OPEN)
    return communities if with_archived else communities.filter(is_archived=False)


def community_list_open(*, tenant: Tenant, with_archived: bool = False) -> QuerySet[Community]:
    """The communities open to the whole network, each with its number of published threads."""
    published = Count("threads", filter=Q(threads__is_draft=False))
    return (
        _open(tenant, with_archived=with_archived)
        .select_related("zone", "region")
        .annotate(thread_count=published)
    )


def community_get_open(*, tenant: Tenant, id: int) -> Community:
    """One open community; a members-only one, or another tenant's, answers 404."""
    community = community_list_open(tenant=tenant, with_archived=True).filter(pk=id).first()
    if community is None:
        raise Http404
    return community


def thread_list_open(*, tenant: Tenant, community: Community) -> QuerySet[Thread]:
    """An open community's published threads (`community` from `community_get_open`)."""
    return Thread.objects.filter(tenant=tenant, community=community, is_draft=False).select_related(
        "author__user", "author__point_of_sale"
    )


def thread_get_open(*, tenant: Tenant, id: int) -> Thread:
    """A published thread of an open community; any other answers 404."""
    thread = (
        Thread.objects.filter(
            tenant=tenant, pk=id, community__in=_open(tenant, with_archived=True), is_draft=False
        )
        .select_related("author__user", "author__point_of_sale")
        .first()
    )
    if thread is None:
        raise Http404
    return thread


def post_list_open(*, tenant: Tenant, thread: Thread) -> QuerySet[Post]:
    """A published thread's published posts (`thread` from `thread_get_open`), hidden ones
    included: the caller shows them without their text."""
    return (
        Post.objects.filter(tenant=tenant, thread=thread, is_draft=False)
        .select_related("author__user", "author__point_of_sale")
        .prefetch_related(Prefetch("kpi_links", queryset=PostKpi.objects.select_related("kpi")))
    )
