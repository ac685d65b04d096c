"""Notifying people, by their preferences: the one way every app tells someone something.

The sending app chooses the recipients among those who may see what it is about (its own
selectors), and says on which access the notification depends (`scope`): when someone loses that
access, the app withdraws their notifications of that scope (docs/communities.md).
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone

from ..models import Channel, Frequency, Membership, Notification, NotificationPreference, Tenant
from ..notifications import KINDS, frequency_of, notification_kind, preferences_of, unread_key


def _unread_forget(membership_ids: Iterable[int]) -> None:
    """The bells of these people count again: at once, and at commit (a page read between the
    two may have kept the old count)."""
    keys = [unread_key(membership_id) for membership_id in set(membership_ids)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


@transaction.atomic
def notify(
    *,
    tenant: Tenant,
    kind: str,
    recipients: Iterable[Membership],
    actor: Membership | None = None,
    target: models.Model | None = None,
    url: str = "",
    params: dict[str, Any] | None = None,
    personal: dict[int, dict[str, Any]] | None = None,
    scope: str = "",
    once_key: str = "",
) -> list[Notification]:
    """Tell each recipient but the actor, in their inbox and by email as they chose (at once,
    after commit, or in a digest). `personal` adds a recipient's own params (their rank) to
    the shared ones. With `once_key`, a person is told once whatever the reruns."""
    if notification_kind(kind) is None:
        raise ValueError(f"Unregistered notification kind {kind!r}.")
    people = _not_told(tenant, kind, once_key, [m for m in recipients if m != actor])
    preferences = preferences_of(tenant=tenant, membership_ids=people, kinds=[kind])
    template = Notification(
        tenant=tenant,
        kind=kind,
        actor=actor,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        url=url,
        params=params or {},
        scope=scope,
        once_key=once_key,
        created_at=timezone.now(),
    )
    rows, at_once = [], []
    for membership in people.values():
        platform = frequency_of(preferences, membership.pk, kind, Channel.PLATFORM)
        email = frequency_of(preferences, membership.pk, kind, Channel.EMAIL)
        if platform != Frequency.NEVER or email != Frequency.NEVER:
            row = _row(template, membership, platform=platform, email=email)
            row.params = {**row.params, **(personal or {}).get(membership.pk, {})}
            rows.append(row)
            if email == Frequency.IMMEDIATE:
                at_once.append(rows[-1])
    Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=bool(once_key))
    _unread_forget(row.recipient_id for row in rows)
    _emails_at_commit(tenant, at_once)
    return rows


def _not_told(
    tenant: Tenant, kind: str, once_key: str, recipients: list[Membership]
) -> dict[int, Membership]:
    people = {membership.pk: membership for membership in recipients}
    if once_key:
        told = Notification.objects.filter(
            tenant=tenant, kind=kind, once_key=once_key, recipient_id__in=list(people)
        ).values_list("recipient_id", flat=True)
        for membership_id in told:
            people.pop(membership_id, None)
    return people


def _row(
    template: Notification, membership: Membership, *, platform: str, email: str
) -> Notification:
    row = Notification(
        **{
            field.attname: getattr(template, field.attname)
            for field in Notification._meta.concrete_fields
        }
    )
    row.recipient = membership
    # Not shown in the inbox as new when the person wants none in the platform.
    row.read_at = row.created_at if platform == Frequency.NEVER else None
    # The digests take those left to them; the others are dealt with now.
    row.emailed_at = row.created_at if email in (Frequency.IMMEDIATE, Frequency.NEVER) else None
    return row


def _emails_at_commit(tenant: Tenant, rows: list[Notification]) -> None:
    if not rows:
        return
    from .notification_emails import notifications_email_now

    # robust: a mail server down never undoes what was notified (the error is logged).
    transaction.on_commit(
        lambda: notifications_email_now(tenant=tenant, notifications=rows), robust=True
    )


def notification_mark_read(
    *, tenant: Tenant, membership: Membership, notification: Notification
) -> None:
    Notification.objects.filter(
        tenant=tenant, recipient=membership, pk=notification.pk, read_at__isnull=True
    ).update(read_at=timezone.now())
    _unread_forget([membership.pk])


def notification_mark_read_about(
    *, tenant: Tenant, membership: Membership, target: models.Model
) -> int:
    """The person saw what these notifications are about (opened the announcement itself):
    they stop counting as new."""
    read = Notification.objects.filter(
        tenant=tenant,
        recipient=membership,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        read_at__isnull=True,
    ).update(read_at=timezone.now())
    if read:
        _unread_forget([membership.pk])
    return read


def notifications_mark_all_read(*, tenant: Tenant, membership: Membership) -> int:
    read = Notification.objects.filter(
        tenant=tenant, recipient=membership, read_at__isnull=True
    ).update(read_at=timezone.now())
    _unread_forget([membership.pk])
    return read


def notifications_withdraw(*, tenant: Tenant, membership_ids: Iterable[int], scope: str) -> int:
    """These people lost the access a scope needs: its notifications leave their inbox, their
    bell and their digests."""
    ids = list(membership_ids)
    deleted, _by_model = Notification.objects.filter(
        tenant=tenant, scope=scope, recipient_id__in=ids
    ).delete()
    _unread_forget(ids)
    return deleted


@transaction.atomic
def notification_preferences_save(
    *, tenant: Tenant, membership: Membership, choices: dict[tuple[str, str], str]
) -> None:
    """Save a person's choices, {(kind, channel): frequency}; a platform channel is on or off."""
    for (kind, channel), frequency in choices.items():
        if kind not in KINDS or channel not in Channel.values or frequency not in Frequency.values:
            raise ValueError(f"Unknown preference {kind!r} {channel!r} {frequency!r}.")
        NotificationPreference.objects.update_or_create(
            tenant=tenant,
            membership=membership,
            kind=kind,
            channel=channel,
            defaults={"frequency": frequency},
        )


def notification_unsubscribe(*, tenant: Tenant, membership: Membership, kind: str) -> list[str]:
    """No more emails of a kind ("*": of any kind); the inbox stays as it is."""
    kinds = list(KINDS) if kind == "*" else [kind]
    notification_preferences_save(
        tenant=tenant,
        membership=membership,
        choices={(code, Channel.EMAIL): Frequency.NEVER for code in kinds},
    )
    return kinds
