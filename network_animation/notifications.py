"""The kinds of notification the platform sends, registered by the apps that send them.

An app registers each kind in its `AppConfig.ready()`; the core then shows, emails, digests and
lets people tune every kind the same way (services/notifications.py, docs/communities.md).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from .models import Channel, Frequency, Notification, NotificationPreference, Tenant


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification: `render` says it in one line, in the active language."""

    code: str
    label: Promise
    render: Callable[[Notification], str]
    # By email until the person chooses. A chatty kind (replies, likes) never defaults to one
    # email per event.
    email_default: str = Frequency.DAILY


KINDS: dict[str, NotificationKind] = {}


def register_notification_kind(kind: NotificationKind) -> NotificationKind:
    KINDS.setdefault(kind.code, kind)
    return KINDS[kind.code]


def notification_kind(code: str) -> NotificationKind | None:
    return KINDS.get(code)


def notification_text(notification: Notification) -> str:
    """The line a notification shows; a kind no longer registered shows what it kept."""
    kind = KINDS.get(notification.kind)
    if kind is None:
        return str(notification.params.get("message", notification.kind))
    return kind.render(notification)


UNREAD_SECONDS = 3600


def unread_key(membership_id: int) -> str:
    return f"notifications-unread:{membership_id}"


def preferences_of(
    *, tenant: Tenant, membership_ids: Iterable[int], kinds: Iterable[str]
) -> dict[tuple[int, str, str], str]:
    """{(membership id, kind, channel): frequency} for the choices people made (not defaults)."""
    rows = NotificationPreference.objects.filter(
        tenant=tenant, membership_id__in=list(membership_ids), kind__in=list(kinds)
    ).values_list("membership_id", "kind", "channel", "frequency")
    return {
        (membership_id, kind, channel): frequency
        for membership_id, kind, channel, frequency in rows
    }


def frequency_of(
    preferences: dict[tuple[int, str, str], str], membership_id: int, kind: str, channel: str
) -> str:
    """A person's frequency for a kind on a channel: their choice, or the kind's default."""
    chosen = preferences.get((membership_id, kind, channel))
    if chosen is not None:
        return chosen
    if channel == Channel.PLATFORM:
        return Frequency.IMMEDIATE
    registered = KINDS.get(kind)
    return registered.email_default if registered else Frequency.DAILY
