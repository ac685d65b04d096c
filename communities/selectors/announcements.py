"""Reads of announcements. A person reads an announcement they received or wrote, never another:
the rows of recipients written when it was sent decide, not the audience read again."""

from dataclasses import dataclass

from django.db.models import Count, F, FloatField, Q, QuerySet
from django.db.models.functions import Cast, NullIf
from django.http import Http404

from network_animation.audiences import Audience
from network_animation.models import Membership, Tenant, Zone

from ..models import Announcement, AnnouncementRecipient


def announcements_received(
    *, tenant: Tenant, membership: Membership
) -> QuerySet[AnnouncementRecipient]:
    """The person's announcements, the latest first (each row: theirs, with its announcement)."""
    return (
        AnnouncementRecipient.objects.filter(tenant=tenant, membership=membership)
        .select_related("announcement__author__user")
        .order_by("-announcement__created_at", "-announcement_id")
    )


def announcements_unread(
    *, tenant: Tenant, membership: Membership
) -> QuerySet[AnnouncementRecipient]:
    return announcements_received(tenant=tenant, membership=membership).filter(read_at__isnull=True)


def _with_counts(announcements: QuerySet[Announcement]) -> QuerySet[Announcement]:
    """How many read and acknowledged it, and those shares of its recipients (0 to 1)."""
    reached = NullIf(F("recipient_count"), 0)
    return announcements.annotate(
        read_count=Count("recipients", filter=Q(recipients__read_at__isnull=False)),
        acknowledged_count=Count("recipients", filter=Q(recipients__acknowledged_at__isnull=False)),
        share_read=Cast("read_count", FloatField()) / reached,
        share_acknowledged=Cast("acknowledged_count", FloatField()) / reached,
    )


def announcements_sent(*, tenant: Tenant, membership: Membership) -> QuerySet[Announcement]:
    """What the person sent, the latest first, with how many read and acknowledged it."""
    return _with_counts(Announcement.objects.filter(tenant=tenant, author=membership)).order_by(
        "-created_at", "-pk"
    )


@dataclass(frozen=True)
class AnnouncementView:
    """An announcement as one person may see it: as its author, or as one of its recipients."""

    announcement: Announcement
    recipient: AnnouncementRecipient | None  # theirs, when they received it

    @property
    def is_author(self) -> bool:
        return self.recipient is None


def announcement_get_visible(
    *, tenant: Tenant, membership: Membership, id: int
) -> AnnouncementView:
    """The announcement if the person wrote or received it; 404 for anyone else (the same
    answer as for a missing one or another tenant's)."""
    recipient = (
        AnnouncementRecipient.objects.filter(
            tenant=tenant, membership=membership, announcement_id=id
        )
        .select_related("announcement__author__user", "announcement__tenant")
        .first()
    )
    if recipient is not None:
        return AnnouncementView(recipient.announcement, recipient)
    written = (
        _with_counts(Announcement.objects.filter(tenant=tenant, author=membership, pk=id))
        .select_related("author__user", "tenant")
        .first()
    )
    if written is None:
        raise Http404
    return AnnouncementView(written, None)


@dataclass(frozen=True)
class ZoneReadRate:
    zone: Zone | None  # None: people counted in no zone (head office, directors)
    recipients: int
    read: int
    acknowledged: int

    @property
    def share_read(self) -> float:
        return self.read / self.recipients if self.recipients else 0.0

    @property
    def share_acknowledged(self) -> float:
        return self.acknowledged / self.recipients if self.recipients else 0.0


def read_rates_by_zone(*, tenant: Tenant, announcement: Announcement) -> list[ZoneReadRate]:
    """Per zone (the recipients' zone when it was sent), how many it reached, read and
    acknowledged it; the lowest share read first, people in no zone last."""
    rows = (
        AnnouncementRecipient.objects.filter(tenant=tenant, announcement=announcement)
        .values("zone_id")
        .annotate(
            total=Count("pk"),
            read=Count("pk", filter=Q(read_at__isnull=False)),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        )
        .order_by()
    )
    zones = Zone.objects.filter(tenant=tenant).in_bulk([row["zone_id"] for row in rows])
    rates = [
        ZoneReadRate(zones.get(row["zone_id"]), row["total"], row["read"], row["acknowledged"])
        for row in rows
    ]
    return sorted(
        rates,
        key=lambda rate: (rate.zone is None, rate.share_read, rate.zone.name if rate.zone else ""),
    )


@dataclass(frozen=True)
class ZoneAnnouncement:
    announcement: Announcement
    rate: ZoneReadRate


def announcements_of_zone(
    *, tenant: Tenant, membership: Membership, zone: Zone, limit: int = 3
) -> list[ZoneAnnouncement]:
    """The latest announcements that reached the zone and that this person wrote or received,
    with the share of the zone's recipients who read them (the zone page's panel)."""
    mine = Q(author=membership) | Q(recipients__membership=membership)
    # Two filters: the zone's recipient and the reader's own row are different rows.
    latest = list(
        Announcement.objects.filter(tenant=tenant, recipients__zone=zone)
        .filter(mine)
        .distinct()
        .order_by("-created_at", "-pk")[:limit]
    )
    counts = {
        row["announcement_id"]: row
        for row in AnnouncementRecipient.objects.filter(
            tenant=tenant, zone=zone, announcement__in=latest
        )
        .values("announcement_id")
        .annotate(
            total=Count("pk"),
            read=Count("pk", filter=Q(read_at__isnull=False)),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        )
        .order_by()
    }
    return [
        ZoneAnnouncement(
            item,
            ZoneReadRate(
                zone,
                counts[item.pk]["total"],
                counts[item.pk]["read"],
                counts[item.pk]["acknowledged"],
            ),
        )
        for item in latest
    ]


# A reader who is no person: a tenant's system, through the API (its token names a tenant, not
# a person). It reads what the whole network reads: the announcements sent to everyone.
EVERYONE = Audience().as_json()


def announcements_open(*, tenant: Tenant) -> QuerySet[Announcement]:
    """The announcements head office sent to the whole network, with their read counts."""
    everyone = Announcement.objects.filter(tenant=tenant, audience=EVERYONE)
    return _with_counts(everyone).select_related("author__user").order_by("-created_at", "-pk")


def announcement_get_open(*, tenant: Tenant, id: int) -> Announcement:
    found = announcements_open(tenant=tenant).filter(pk=id).first()
    if found is None:
        raise Http404
    return found
