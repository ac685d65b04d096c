"""What people did after the demo's scenes, as they would have: opened the threads of their
communities, read their older notifications; and what the nightly digests emailed."""

import datetime as dt
import random

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from network_animation.models import Channel, Frequency, Membership, Notification, Tenant
from network_animation.notifications import frequency_of, preferences_of
from network_animation.services.notifications import notification_mark_read

from .. import selectors
from ..models import Thread
from ..services import thread_mark_read


def threads_opened(
    *, tenant: Tenant, people: list[Membership], rng: random.Random, now: dt.datetime
) -> None:
    """Each opened the threads they may see, but those of the last few days."""
    for person in people:
        opened = now - dt.timedelta(days=rng.uniform(2, 6))
        visible = selectors.community_list_visible(tenant=tenant, membership=person)
        threads = Thread.objects.filter(
            tenant=tenant, community__in=visible, is_draft=False, last_post_at__lte=opened
        )
        for thread in threads.order_by("pk"):
            thread_mark_read(tenant=tenant, actor=person, thread=thread)


def notifications_read(
    *, tenant: Tenant, told: QuerySet[Notification], rng: random.Random, now: dt.datetime
) -> None:
    """Each recipient read what is older than a few days, within hours of receiving it."""
    cutoffs: dict[int, dt.datetime] = {}
    read = []
    for notification in told.select_related("recipient").order_by("recipient_id", "pk"):
        recipient = notification.recipient
        if recipient.pk not in cutoffs:
            cutoffs[recipient.pk] = now - dt.timedelta(days=rng.uniform(2.5, 6))
        cutoff = cutoffs[recipient.pk]
        if notification.read_at is not None or notification.created_at >= cutoff:
            continue
        notification_mark_read(tenant=tenant, membership=recipient, notification=notification)
        hours = rng.uniform(0.2, 20)
        notification.read_at = min(notification.created_at + dt.timedelta(hours=hours), cutoff)
        read.append(notification)
    Notification.objects.bulk_update(read, ["read_at"], batch_size=500)


def digests_sent(*, tenant: Tenant, told: QuerySet[Notification], now: dt.datetime) -> None:
    """What the nights' digests took is marked emailed (notification_digests_send): daily ones
    the night after, weekly ones the next Monday night; the rest waits for the next digest."""
    waiting = list(told.filter(emailed_at__isnull=True).order_by("pk"))
    preferences = preferences_of(
        tenant=tenant,
        membership_ids={n.recipient_id for n in waiting},
        kinds={n.kind for n in waiting},
    )
    sent = []
    for notification in waiting:
        person, kind = notification.recipient_id, notification.kind
        email = frequency_of(preferences, person, kind, Channel.EMAIL)
        night = _next_digest(notification.created_at, weekly=email == Frequency.WEEKLY)
        if night < now:
            notification.emailed_at = night
            sent.append(notification)
    Notification.objects.bulk_update(sent, ["emailed_at"], batch_size=500)


def _next_digest(moment: dt.datetime, *, weekly: bool) -> dt.datetime:
    local = timezone.localtime(moment)
    night = local.replace(hour=settings.NIGHTLY_HOUR, minute=0, second=0, microsecond=0)
    if night <= local:
        night += dt.timedelta(days=1)
    while weekly and night.weekday() != 0:
        night += dt.timedelta(days=1)
    return night
