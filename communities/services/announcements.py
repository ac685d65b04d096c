"""Announcements: sent to the people an audience names when it is sent, read, acknowledged, and
a reminder once to those who have not read them after the days the author chose."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network_animation.audiences import (
    Audience,
    Person,
    audience_people,
    audience_within,
)
from network_animation.data_versions import data_changed
from network_animation.jobs import JobProgress
from network_animation.models import Membership, Tenant
from network_animation.services.notifications import notification_mark_read_about, notify

from .. import errors, notifications, permissions
from ..cache import COMMUNITIES, reader_changed
from ..models import Announcement, AnnouncementRecipient


def announcement_url(announcement: Announcement) -> str:
    return reverse("communities:announcement", args=[announcement.tenant.slug, announcement.pk])


def _zone_of(person: Person) -> int | None:
    """The zone a recipient's read counts in: their point of sale's, or the one zone an
    animator looks after; head office, directors and animators of several zones have none."""
    if person.zone_id is not None:
        return person.zone_id
    if len(person.animated_zones) == 1:
        return next(iter(person.animated_zones))
    return None


def _reach(tenant: Tenant, actor: Membership, audience: Audience) -> tuple[Audience, list[Person]]:
    """The audience narrowed to what the sender may address, and the people it names (the
    author never)."""
    if not permissions.can_announce(actor):
        raise PermissionDenied(errors.CANNOT_ANNOUNCE)
    narrowed = audience_within(audience=audience, sender=actor)
    people = audience_people(tenant=tenant, audience=narrowed)
    return narrowed, [person for person in people if person.membership_id != actor.pk]


def announcement_recipients(*, tenant: Tenant, actor: Membership, audience: Audience) -> set[int]:
    """Who an announcement to this audience would reach (the author never): what the compose
    page counts while it is written, and what sending delivers to."""
    _narrowed, people = _reach(tenant, actor, audience)
    return {person.membership_id for person in people}


def announcement_send(
    *,
    tenant: Tenant,
    actor: Membership,
    title: str,
    body: str,
    audience: Audience,
    requires_acknowledgement: bool = False,
    remind_after_days: int | None = None,
) -> Announcement:
    """The announcement and one row per person the audience names now; each is told."""
    if not title.strip() or not body.strip():
        raise ValidationError(errors.EMPTY_TEXT)
    narrowed, people = _reach(tenant, actor, audience)
    if not people:
        raise ValidationError(errors.NOBODY_IN_AUDIENCE)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            tenant=tenant,
            author=actor,
            title=title.strip(),
            body=body,
            audience=narrowed.as_json(),
            requires_acknowledgement=requires_acknowledgement,
            remind_after_days=remind_after_days,
            recipient_count=len(people),
        )
        AnnouncementRecipient.objects.bulk_create(
            AnnouncementRecipient(
                tenant=tenant,
                announcement=announcement,
                membership_id=person.membership_id,
                zone_id=_zone_of(person),
            )
            for person in people
        )
        data_changed(tenant=tenant, kinds=[COMMUNITIES])  # the zone pages' read rates
        _tell(
            tenant,
            notifications.ANNOUNCEMENT,
            actor,
            announcement,
            [p.membership_id for p in people],
        )
    return announcement


def _tell(
    tenant: Tenant,
    kind: str,
    actor: Membership | None,
    announcement: Announcement,
    membership_ids: list[int],
) -> None:
    author = announcement.author
    notify(
        tenant=tenant,
        kind=kind,
        recipients=Membership.objects.filter(
            tenant=tenant, pk__in=membership_ids, is_active=True
        ).select_related("user"),
        actor=actor,
        target=announcement,
        url=announcement_url(announcement),
        params={
            "actor": author.user.get_full_name() or author.user.email if author else "",
            "title": announcement.title,
        },
        once_key=f"{kind}:{announcement.pk}",
    )


def announcement_read(
    *,
    tenant: Tenant,
    membership: Membership,
    recipient: AnnouncementRecipient,
    acknowledge: bool = False,
) -> AnnouncementRecipient:
    """The person opened it (and acknowledged it): the first time counts, later ones change
    nothing; its notifications stop counting as new."""
    if recipient.membership_id != membership.pk:
        raise PermissionDenied(errors.NOT_A_RECIPIENT)
    now = timezone.now()
    changed = []
    if recipient.read_at is None:
        recipient.read_at = now
        changed.append("read_at")
    if acknowledge and recipient.acknowledged_at is None:
        recipient.acknowledged_at = now
        changed.append("acknowledged_at")
    if changed:
        AnnouncementRecipient.objects.filter(pk=recipient.pk).update(**dict.fromkeys(changed, now))
        reader_changed(tenant=tenant, membership_id=membership.pk)
        notification_mark_read_about(
            tenant=tenant, membership=membership, target=recipient.announcement
        )
    return recipient


def announcement_reminders_send(*, tenant: Tenant, now: dt.datetime | None = None) -> int:
    """Once, to each recipient who has not read (or not acknowledged, when it is asked) an
    announcement the author asked a reminder for, once its days have passed."""
    now = now or timezone.now()
    reminded = 0
    due = Announcement.objects.filter(
        tenant=tenant, remind_after_days__isnull=False
    ).select_related("author__user", "tenant")
    for announcement in due:
        if announcement.created_at + dt.timedelta(days=announcement.remind_after_days or 0) > now:
            continue
        waiting = AnnouncementRecipient.objects.filter(
            tenant=tenant, announcement=announcement, reminded_at__isnull=True
        )
        if announcement.requires_acknowledgement:
            waiting = waiting.filter(acknowledged_at__isnull=True)
        else:
            waiting = waiting.filter(read_at__isnull=True)
        with transaction.atomic():
            # The claim first: a rerun, or a run in parallel, reminds nobody twice.
            ids = list(
                waiting.select_for_update(skip_locked=True).values_list("membership_id", flat=True)
            )
            if not ids:
                continue
            waiting.filter(membership_id__in=ids).update(reminded_at=now)
            _tell(tenant, notifications.ANNOUNCEMENT_REMINDER, None, announcement, ids)
            reminded += len(ids)
    return reminded


def announcement_reminders_step(*, tenant: Tenant, progress: JobProgress) -> None:
    progress.add("announcement_reminders", announcement_reminders_send(tenant=tenant))
