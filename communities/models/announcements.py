from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.audiences import Audience
from network_animation.models import Membership, TenantOwnedModel, Zone

BODY_MAX = 20_000


class Announcement(TenantOwnedModel):
    """A message from head office, a regional director or an animator to an audience, delivered
    once to the people it named when it was sent (its recipients): nobody else reads it."""

    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=BODY_MAX)
    # The audience as it was asked (network_animation.audiences.Audience.as_json).
    audience = models.JSONField(default=dict)
    requires_acknowledgement = models.BooleanField(_("acknowledgement required"), default=False)
    remind_after_days = models.PositiveSmallIntegerField(
        _("remind those who have not read it after (days)"), null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        indexes = [models.Index(fields=["tenant", "author", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_rule(self) -> Audience:
        return Audience.from_json(self.audience)


class AnnouncementRecipient(TenantOwnedModel):
    """One person an announcement was sent to, their zone then (read rates per zone stay true
    when people move), and when they read and acknowledged it."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="recipients"
    )
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    zone = models.ForeignKey(
        Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recipient of an announcement")
        verbose_name_plural = _("recipients of announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "membership"], name="announcement_recipient_unique"
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "membership", "announcement"]),
            models.Index(
                fields=["tenant", "membership"],
                condition=Q(read_at__isnull=True),
                name="announcement_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} → {self.membership_id}"

    @property
    def is_done(self) -> bool:
        """Read, and acknowledged when the announcement asks for it."""
        if self.read_at is None:
            return False
        return self.acknowledged_at is not None or not self.announcement.requires_acknowledgement
