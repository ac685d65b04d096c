"""Moderation: reports by anyone who can read a post, handled by the community's moderators (head
office, the animators of its zone); every action is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from network_animation.audit import audit_record
from network_animation.data_versions import data_changed
from network_animation.models import Membership, Tenant
from network_animation.services.notifications import notify

from .. import errors, notifications, permissions, selectors
from ..cache import COMMUNITIES, thread_changed
from ..models import Community, Flag, Post, Thread
from .threads import _params, _tell, thread_url

POST_FLAGGED = "community_post_flagged"
POST_HIDDEN = "community_post_hidden"
POST_SHOWN = "community_post_shown"
FLAG_DISMISSED = "community_flag_dismissed"
THREAD_LOCKED = "community_thread_locked"
THREAD_PINNED = "community_thread_pinned"


def _moderator(actor: Membership, community: Community) -> None:
    if not permissions.can_moderate(actor, community):
        raise PermissionDenied(errors.CANNOT_MODERATE)


def _audit(tenant: Tenant, actor: Membership, action: str, target: object, **after: object) -> None:
    """Every moderation is audited; what the panels show may have changed with it."""
    data_changed(tenant=tenant, kinds=[COMMUNITIES])
    audit_record(
        tenant=tenant, actor=actor.user, action=action, target=str(target), after=after or None
    )


@transaction.atomic
def post_flag(*, tenant: Tenant, actor: Membership, post: Post, reason: str) -> Flag:
    """Report a post (once per person while it is open); the moderators are told."""
    reason = " ".join(reason.split())[:300]
    if not reason:
        raise ValidationError(errors.EMPTY_TEXT)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(tenant=tenant, post=post, reporter=actor, reason=reason)
    except IntegrityError as exc:
        raise ValidationError(errors.ALREADY_FLAGGED) from exc
    moderators = selectors.moderators_of(tenant=tenant, community=post.thread.community)
    _tell_moderators(tenant, actor, post, reason, moderators)
    _audit(tenant, actor, POST_FLAGGED, f"post:{post.pk}", reason=reason)
    return flag


def _tell_moderators(
    tenant: Tenant, actor: Membership, post: Post, reason: str, moderators: QuerySet[Membership]
) -> None:
    notify(
        tenant=tenant,
        kind=notifications.FLAG,
        recipients=moderators,
        actor=actor,
        target=post.thread,
        url=thread_url(post.thread),
        params=_params(actor, post.thread, reason=reason),
        scope=post.thread.community.scope,
    )


@transaction.atomic
def post_hide(*, tenant: Tenant, actor: Membership, post: Post, reason: str) -> Post:
    """Hide a post with a reason, shown to its author (who is told); open flags are closed."""
    _moderator(actor, post.thread.community)
    reason = " ".join(reason.split())[:300]
    if not reason:
        raise ValidationError(errors.EMPTY_TEXT)
    post.hidden_at, post.hidden_reason, post.hidden_by = timezone.now(), reason, actor
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    _flags_close(tenant, actor, post, Flag.Status.HIDDEN)
    thread_changed(tenant=tenant, thread_id=post.thread_id)
    if post.author_id and post.author_id != actor.pk:
        _tell(tenant, notifications.POST_HIDDEN, actor, post.thread, [post.author_id])
    _audit(tenant, actor, POST_HIDDEN, f"post:{post.pk}", reason=reason)
    return post


@transaction.atomic
def post_show(*, tenant: Tenant, actor: Membership, post: Post) -> Post:
    _moderator(actor, post.thread.community)
    post.hidden_at, post.hidden_reason, post.hidden_by = None, "", None
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    thread_changed(tenant=tenant, thread_id=post.thread_id)
    _audit(tenant, actor, POST_SHOWN, f"post:{post.pk}")
    return post


@transaction.atomic
def flag_dismiss(*, tenant: Tenant, actor: Membership, flag: Flag) -> Flag:
    """Nothing to do: the post stays; every open report of it is closed."""
    _moderator(actor, flag.post.thread.community)
    _flags_close(tenant, actor, flag.post, Flag.Status.DISMISSED)
    _audit(tenant, actor, FLAG_DISMISSED, f"post:{flag.post_id}")
    return flag


def _flags_close(tenant: Tenant, actor: Membership, post: Post, status: str) -> None:
    Flag.objects.filter(tenant=tenant, post=post, status=Flag.Status.OPEN).update(
        status=status, handled_by=actor, handled_at=timezone.now()
    )


@transaction.atomic
def thread_lock_toggle(*, tenant: Tenant, actor: Membership, thread: Thread) -> Thread:
    _moderator(actor, thread.community)
    thread.is_locked = not thread.is_locked
    thread.save(update_fields=["is_locked"])
    thread_changed(tenant=tenant, thread_id=thread.pk)
    _audit(tenant, actor, THREAD_LOCKED, f"thread:{thread.pk}", locked=thread.is_locked)
    return thread


@transaction.atomic
def thread_pin_toggle(*, tenant: Tenant, actor: Membership, thread: Thread) -> Thread:
    _moderator(actor, thread.community)
    thread.is_pinned = not thread.is_pinned
    thread.save(update_fields=["is_pinned"])
    thread_changed(tenant=tenant, thread_id=thread.pk)
    _audit(tenant, actor, THREAD_PINNED, f"thread:{thread.pk}", pinned=thread.is_pinned)
    return thread
