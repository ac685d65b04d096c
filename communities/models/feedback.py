from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, TenantOwnedModel, Zone

BODY_MAX = 10_000


class Feedback(TenantOwnedModel):
    """An idea or a problem the network sends up: from a point of sale to its zone's animators
    or to head office, from an animator to head office. Only its sender and those it is sent to
    read it; it gets a status and an answer, and the sender is told."""

    class Kind(models.TextChoices):
        IDEA = "idea", _("An idea")
        PROBLEM = "problem", _("A problem")

    class Recipient(models.TextChoices):
        ANIMATOR = "animator", _("My animator")
        HEAD_OFFICE = "head_office", _("Head office")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("it is"), max_length=20, choices=Kind.choices, default=Kind.IDEA)
    sent_to = models.CharField(
        _("sent to"), max_length=20, choices=Recipient.choices, default=Recipient.ANIMATOR
    )
    # The sender's zone when it was sent: its animators are those it is sent to.
    zone = models.ForeignKey(
        Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=BODY_MAX)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    answer = models.TextField(_("answer"), max_length=BODY_MAX, blank=True)
    answered_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [
            models.Index(fields=["tenant", "author", "-updated_at"]),
            models.Index(
                fields=["tenant", "sent_to", "zone"],
                condition=Q(status__in=["new", "in_progress"]),
                name="feedback_open",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.IN_PROGRESS)
