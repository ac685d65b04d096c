"""Notifications by email: at once, or grouped in daily and weekly digests; every email can be
stopped in one click (RFC 8058: a signed link, confirmed by a POST)."""

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..jobs import JobProgress
from ..models import Channel, Frequency, Membership, Notification, Tenant
from ..notifications import frequency_of, notification_text, preferences_of
from ..tenancy import tenant_scope

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
ALL_KINDS = "*"


def unsubscribe_token(*, membership: Membership, kind: str) -> str:
    """What a link needs to stop one kind of email (or all of them) for one person, signed."""
    return signing.dumps(
        {"t": membership.tenant_id, "m": membership.pk, "k": kind}, salt=UNSUBSCRIBE_SALT
    )


def unsubscribe_token_read(token: str) -> tuple[int, int, str] | None:
    """(tenant id, membership id, kind), or None for a token this platform did not sign."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not {"t", "m", "k"} <= set(data):
        return None
    return int(data["t"]), int(data["m"]), str(data["k"])


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _message(
    membership: Membership, *, subject: str, template: str, context: dict, kind: str
) -> EmailMessage:
    """An email in the person's language, with its one-click unsubscribe."""
    token = unsubscribe_token(membership=membership, kind=kind)
    unsubscribe = _absolute(reverse("unsubscribe", args=[token]))
    preferences = _absolute(reverse("notification_preferences", args=[membership.tenant.slug]))
    body = render_to_string(
        template, {**context, "unsubscribe": unsubscribe, "preferences": preferences}
    )
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [membership.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _lines(notifications: list[Notification]) -> list[dict[str, str]]:
    return [
        {"text": notification_text(n), "link": _absolute(n.url) if n.url else ""}
        for n in notifications
    ]


def notifications_email_now(*, tenant: Tenant, notifications: list[Notification]) -> int:
    """One email per notification, for the people who want them at once (after commit)."""
    with tenant_scope(tenant):
        people = {
            m.pk: m
            for m in Membership.objects.filter(
                tenant=tenant, pk__in={n.recipient_id for n in notifications}
            ).select_related("user", "tenant")
        }
        messages = []
        for notification in notifications:
            person = people.get(notification.recipient_id)
            if person is None or not person.user.is_active:
                continue
            with translation.override(person.user.language or settings.LANGUAGE_CODE):
                [line] = _lines([notification])
                messages.append(
                    _message(
                        person,
                        subject=line["text"][:120],
                        template="network_animation/notifications/email.txt",
                        context={"line": line, "tenant": tenant},
                        kind=notification.kind,
                    )
                )
        return mailers.default.send_messages(messages) or 0


def digest_frequencies(today: dt.date) -> list[str]:
    """Daily digests every night, weekly ones on Monday nights."""
    return [Frequency.DAILY, Frequency.WEEKLY] if today.weekday() == 0 else [Frequency.DAILY]


def notification_digests_send(*, tenant: Tenant, today: dt.date) -> int:
    """Email each person, in one digest, what they have not read nor been emailed, as their
    preferences say; mark it emailed in the same transaction (a rerun sends nothing twice) and
    send after commit. Nobody gets an empty digest."""
    due = digest_frequencies(today)
    with transaction.atomic():
        # The nightly lock keeps two runs of a tenant's chain apart.
        pending = list(
            Notification.objects.filter(tenant=tenant, emailed_at__isnull=True)
            .select_related("recipient__user", "recipient__tenant")
            .order_by("recipient_id", "created_at")
        )
        chosen = _digested(tenant, pending, due)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
        messages = _digests(tenant, chosen)
        transaction.on_commit(lambda: _send(messages), robust=True)
    return len(messages)


def _digested(
    tenant: Tenant, pending: list[Notification], due: list[str]
) -> dict[Membership, list[Notification]]:
    """The notifications that go into tonight's digests, by person. Those a person no longer
    wants by email, or waiting for the weekly digest on another night, are left out (the
    weekly ones stay pending: only digested or unwanted ones are marked)."""
    preferences = preferences_of(
        tenant=tenant,
        membership_ids={n.recipient_id for n in pending},
        kinds={n.kind for n in pending},
    )
    chosen: dict[Membership, list[Notification]] = defaultdict(list)
    waiting = []
    for notification in pending:
        email = frequency_of(
            preferences, notification.recipient_id, notification.kind, Channel.EMAIL
        )
        if email == Frequency.WEEKLY and Frequency.WEEKLY not in due:
            waiting.append(notification)
        elif email != Frequency.NEVER and notification.read_at is None:
            chosen[notification.recipient].append(notification)
    for notification in waiting:
        pending.remove(notification)
    return chosen


def _digests(tenant: Tenant, chosen: dict[Membership, list[Notification]]) -> list[EmailMessage]:
    messages = []
    for person, notifications in chosen.items():
        if not person.user.is_active or not person.is_active:
            continue
        with translation.override(person.user.language or settings.LANGUAGE_CODE):
            subject = _("%(count)s new in %(brand)s") % {
                "count": len(notifications),
                "brand": tenant.name,
            }
            messages.append(
                _message(
                    person,
                    subject=subject,
                    template="network_animation/notifications/digest.txt",
                    context={"lines": _lines(notifications), "tenant": tenant},
                    kind=ALL_KINDS,
                )
            )
    return messages


def _send(messages: list[EmailMessage]) -> None:
    if messages:
        mailers.default.send_messages(messages)


def notification_digests_step(*, tenant: Tenant, progress: JobProgress) -> None:
    """The nightly chain's last step: tonight's digests."""
    progress.add("digests", notification_digests_send(tenant=tenant, today=timezone.localdate()))
