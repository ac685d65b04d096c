"""Writing in communities: threads, replies, edits, likes, follows, read markers, answers.

Every write checks what the person may do (communities/permissions.py) and tells, through the
platform's notifications, only people who may see the community (its members and followers).
"""

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from kpis.models import KpiDefinition
from network_animation.data_versions import data_changed
from network_animation.models import Membership, Tenant
from network_animation.services.notifications import notify

from .. import errors, notifications, permissions, selectors
from ..cache import COMMUNITIES, reader_changed, thread_changed
from ..models import (
    Community,
    CommunityMember,
    Follow,
    Post,
    PostKpi,
    PostLike,
    PostRevision,
    Thread,
    ThreadRead,
)
from .attachments import (
    CheckedMedia,
    attachments_check_count,
    attachments_save,
    files_removed_on_failure,
)

MENTION = re.compile(r"@([^\s@,.;:!?()]+(?:[ -][^\s@,.;:!?()]+)?)")


def thread_url(thread: Thread) -> str:
    return reverse("communities:thread", args=[thread.community.tenant.slug, thread.pk])


def _params(actor: Membership | None, thread: Thread, **extra: object) -> dict[str, object]:
    return {
        "actor": actor.user.get_full_name() or actor.user.email if actor else "",
        "thread": thread.title,
        "community": thread.community.name,
        **extra,
    }


def _may_post(tenant: Tenant, actor: Membership, community: Community) -> bool:
    member = selectors.is_member(tenant=tenant, membership=actor, community=community)
    if not permissions.can_post(actor, community, is_member=member):
        raise PermissionDenied(errors.CANNOT_POST)
    return member


def _join(tenant: Tenant, actor: Membership, community: Community) -> None:
    """Writing in an open community makes you one of its members."""
    CommunityMember.objects.get_or_create(
        tenant=tenant,
        community=community,
        membership=actor,
        defaults={"source": CommunityMember.Source.JOINED},
    )


def _follow(tenant: Tenant, actor: Membership, thread: Thread) -> None:
    Follow.objects.get_or_create(tenant=tenant, membership=actor, thread=thread)


def _kpis_check(tenant: Tenant, kpis: Iterable[KpiDefinition]) -> list[KpiDefinition]:
    kpis = list(kpis)
    if any(kpi.tenant_id != tenant.pk for kpi in kpis):
        raise ValidationError(errors.KPI_OF_ANOTHER_NETWORK)
    return kpis


def thread_start(
    *,
    tenant: Tenant,
    actor: Membership,
    community: Community,
    title: str,
    body: str,
    kind: str = Thread.Kind.DISCUSSION,
    best_practice: bool = False,
    kpis: Iterable[KpiDefinition] = (),
    attachments: Sequence[CheckedMedia] = (),
) -> Thread:
    """A new thread and its first post, with its checked files; the author follows it;
    followers of the community and the people it mentions are told."""
    if not body.strip() or not title.strip():
        raise ValidationError(errors.EMPTY_TEXT)
    attachments_check_count(attachments)
    with files_removed_on_failure() as written, transaction.atomic():
        if not _may_post(tenant, actor, community):
            _join(tenant, actor, community)
        kpis = _kpis_check(tenant, kpis)
        thread, post = _thread_create(tenant, actor, community, title, body, kind, best_practice)
        PostKpi.objects.bulk_create(PostKpi(tenant=tenant, post=post, kpi=kpi) for kpi in kpis)
        attachments_save(tenant=tenant, post=post, files=attachments, written=written)
        data_changed(tenant=tenant, kinds=[COMMUNITIES])
        _follow(tenant, actor, thread)
        thread_mark_read(tenant=tenant, actor=actor, thread=thread)
        followers = Follow.objects.filter(tenant=tenant, community=community).values(
            "membership_id"
        )
        _tell(tenant, notifications.THREAD_NEW, actor, thread, followers)
        _tell_mentions(tenant, actor, thread, body)
    return thread


def _thread_create(
    tenant: Tenant,
    actor: Membership,
    community: Community,
    title: str,
    body: str,
    kind: str,
    best_practice: bool,
) -> tuple[Thread, Post]:
    now = timezone.now()
    thread = Thread.objects.create(
        tenant=tenant,
        community=community,
        author=actor,
        kind=kind,
        title=title.strip(),
        created_at=now,
        last_post_at=now,
    )
    post = Post.objects.create(
        tenant=tenant,
        thread=thread,
        author=actor,
        body=body,
        created_at=now,
        is_best_practice=best_practice,
    )
    return thread, post


def _tell(
    tenant: Tenant,
    kind: str,
    actor: Membership | None,
    thread: Thread,
    people: QuerySet[Any] | list[int],
) -> None:
    """Tell these people (a queryset of ids or memberships), if they may still see the thread."""
    audience = selectors.audience_of(tenant=tenant, community=thread.community).filter(
        pk__in=people
    )
    notify(
        tenant=tenant,
        kind=kind,
        recipients=audience,
        actor=actor,
        target=thread,
        url=thread_url(thread),
        params=_params(actor, thread),
        scope=thread.community.scope,
    )


def _tell_mentions(tenant: Tenant, actor: Membership, thread: Thread, body: str) -> None:
    """@First Last (or @First when it is unique) of a member of the community."""
    named = {name.casefold() for name in MENTION.findall(body)}
    if not named:
        return
    members = list(selectors.members_of(tenant=tenant, community=thread.community))
    by_name: dict[str, list[Membership]] = {}
    for member in members:
        full = member.user.get_full_name().casefold()
        by_name.setdefault(full, []).append(member)
        by_name.setdefault(member.user.first_name.casefold(), []).append(member)
    mentioned = [by_name[name][0] for name in named if len(by_name.get(name, [])) == 1]
    _tell(tenant, notifications.MENTION, actor, thread, [m.pk for m in mentioned])


def post_reply(
    *,
    tenant: Tenant,
    actor: Membership,
    thread: Thread,
    body: str,
    quote_of: Post | None = None,
    attachments: Sequence[CheckedMedia] = (),
) -> Post:
    """A reply with its checked files; the author follows the thread; its followers and the
    people it mentions are told."""
    if not body.strip():
        raise ValidationError(errors.EMPTY_TEXT)
    if thread.is_locked and not permissions.can_moderate(actor, thread.community):
        raise PermissionDenied(errors.THREAD_LOCKED)
    if quote_of is not None and quote_of.thread_id != thread.pk:
        raise ValidationError(errors.QUOTE_ELSEWHERE)
    attachments_check_count(attachments)
    with files_removed_on_failure() as written, transaction.atomic():
        if not _may_post(tenant, actor, thread.community):
            _join(tenant, actor, thread.community)
        now = timezone.now()
        post = Post.objects.create(
            tenant=tenant, thread=thread, author=actor, body=body, quote_of=quote_of, created_at=now
        )
        attachments_save(tenant=tenant, post=post, files=attachments, written=written)
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=F("reply_count") + 1, last_post_at=now
        )
        data_changed(tenant=tenant, kinds=[COMMUNITIES])
        thread_changed(tenant=tenant, thread_id=thread.pk)
        thread.last_post_at = now
        _follow(tenant, actor, thread)
        thread_mark_read(tenant=tenant, actor=actor, thread=thread)
        followers = Follow.objects.filter(tenant=tenant, thread=thread).values("membership_id")
        _tell(tenant, notifications.REPLY, actor, thread, followers)
        _tell_mentions(tenant, actor, thread, body)
    return post


@transaction.atomic
def post_edit(*, tenant: Tenant, actor: Membership, post: Post, body: str) -> Post:
    """The new text; the old one is kept for the moderators."""
    if post.author_id != actor.pk and not permissions.can_moderate(actor, post.thread.community):
        raise PermissionDenied(errors.NOT_YOURS)
    if not body.strip():
        raise ValidationError(errors.EMPTY_TEXT)
    if body == post.body:
        return post
    PostRevision.objects.create(tenant=tenant, post=post, body=post.body, edited_by=actor)
    post.body, post.edited_at = body, timezone.now()
    post.save(update_fields=["body", "edited_at"])
    data_changed(tenant=tenant, kinds=[COMMUNITIES])
    thread_changed(tenant=tenant, thread_id=post.thread_id)
    return post


def thread_mark_read(*, tenant: Tenant, actor: Membership, thread: Thread) -> None:
    """The person has read the thread up to its last post. A reader who is up to date writes
    nothing: a thread's page, opened again and again, reads one row and locks none."""
    rows = ThreadRead.objects.filter(tenant=tenant, membership=actor, thread=thread)
    read_at = rows.values_list("read_at", flat=True).first()
    if read_at is None:
        ThreadRead.objects.bulk_create(
            [
                ThreadRead(
                    tenant=tenant, membership=actor, thread=thread, read_at=thread.last_post_at
                )
            ],
            ignore_conflicts=True,  # opened twice at once: the first row stands
        )
    elif read_at < thread.last_post_at:
        rows.filter(read_at__lt=thread.last_post_at).update(read_at=thread.last_post_at)
    else:
        return
    reader_changed(tenant=tenant, membership_id=actor.pk)


@transaction.atomic
def post_like_toggle(*, tenant: Tenant, actor: Membership, post: Post) -> bool:
    """Like a post (its author is told), or take the like back; True when it is now liked."""
    removed, _by_model = PostLike.objects.filter(
        tenant=tenant, post=post, membership=actor
    ).delete()
    thread_changed(tenant=tenant, thread_id=post.thread_id)  # its count, the reader’s heart
    if removed:
        Post.objects.filter(pk=post.pk).update(like_count=F("like_count") - 1)
        return False
    try:
        with transaction.atomic():
            PostLike.objects.create(tenant=tenant, post=post, membership=actor)
    except IntegrityError:  # a double click: liked already
        return True
    Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
    if post.author_id and post.author_id != actor.pk:
        _tell(tenant, notifications.LIKE, actor, post.thread, [post.author_id])
    return True


def thread_follow_toggle(*, tenant: Tenant, actor: Membership, thread: Thread) -> bool:
    removed, _by_model = Follow.objects.filter(
        tenant=tenant, membership=actor, thread=thread
    ).delete()
    if not removed:
        _follow(tenant, actor, thread)
    reader_changed(tenant=tenant, membership_id=actor.pk)  # the thread's page says if they follow
    return not removed


def community_follow_toggle(*, tenant: Tenant, actor: Membership, community: Community) -> bool:
    followed = Follow.objects.filter(tenant=tenant, membership=actor, community=community)
    removed, _by_model = followed.delete()
    if not removed:
        Follow.objects.create(tenant=tenant, membership=actor, community=community)
    return not removed


@transaction.atomic
def answer_accept(*, tenant: Tenant, actor: Membership, thread: Thread, post: Post) -> Thread:
    """The reply that answered the question; its author is told."""
    if not thread.is_question:
        raise ValidationError(errors.NOT_A_QUESTION)
    if post.thread_id != thread.pk or post == _opening(thread):
        raise ValidationError(errors.NOT_AN_ANSWER)
    if not permissions.can_accept_answer(actor, thread.community, asker_id=thread.author_id):
        raise PermissionDenied(errors.CANNOT_ACCEPT)
    thread.accepted_answer = post
    thread.save(update_fields=["accepted_answer"])
    data_changed(tenant=tenant, kinds=[COMMUNITIES])
    thread_changed(tenant=tenant, thread_id=thread.pk)
    if post.author_id and post.author_id != actor.pk:
        _tell(tenant, notifications.ANSWER_ACCEPTED, actor, thread, [post.author_id])
    return thread


def _opening(thread: Thread) -> Post | None:
    return Post.objects.filter(thread=thread).order_by("created_at", "pk").first()
