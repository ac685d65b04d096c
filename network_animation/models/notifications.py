from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import Membership
from .tenancy import TenantOwnedModel


class Channel(models.TextChoices):
    PLATFORM = "platform", _("In the platform")
    EMAIL = "email", _("By email")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("At once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


class Notification(TenantOwnedModel):
    """Something a person should know, shown in their inbox and, by their preferences, emailed.

    The line it shows is rendered when it is read, in the reader's language, by the kind that
    the sending app registered (network_animation/notifications.py), from `params`.
    """

    recipient = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=60)
    actor = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    url = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    # The access a notification depends on ("community:12"): withdrawn when it is lost.
    scope = models.CharField(max_length=60, blank=True)
    # Set for events notified once per person (a challenge's closing): a rerun adds nothing.
    once_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["tenant", "recipient", "-created_at"]),
            models.Index(
                fields=["tenant", "recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["tenant", "scope"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "recipient", "kind", "once_key"],
                condition=~models.Q(once_key=""),
                name="notification_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class NotificationPreference(TenantOwnedModel):
    """How a person wants a kind of notification on a channel (absent: the kind's default)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=60)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "membership", "kind", "channel"],
                name="notification_preference_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.kind} {self.channel}: {self.frequency}"
