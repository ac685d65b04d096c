"""Spaced review: a card per person and quiz question, scheduled with FSRS (the `fsrs` package),
its state kept as the library's own JSON; each answer given in a daily review; the days a person
was not expected to work, which do not break their review streak."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, TenantOwnedModel

from .modules import Step


class ReviewCard(TenantOwnedModel):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")  # a quiz question
    state = models.JSONField(default=dict)  # fsrs.Card.to_dict()
    # The state's due date, kept apart to find today's cards with an index.
    due = models.DateTimeField()
    # When it was first due (from the answer in the module): with each answer's `due_after`,
    # the days something was due, which alone can break a streak.
    first_due = models.DateTimeField(null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)  # answers missed, in modules and reviews
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "membership", "step"], name="review_card_unique"
            )
        ]
        indexes = [models.Index(fields=["tenant", "membership", "due"])]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.step_id}"


class ReviewAnswer(TenantOwnedModel):
    """One answer in a daily review; its day (the person's local date) makes the streak."""

    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="answers")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    chosen = models.JSONField(default=list)
    correct = models.BooleanField()
    seconds = models.PositiveSmallIntegerField(default=0)  # the question's estimated time
    due_after = models.DateTimeField(null=True, blank=True)  # when the answer set it due next
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review answer")
        verbose_name_plural = _("review answers")
        indexes = [models.Index(fields=["tenant", "membership", "day"])]


class DayOff(TenantOwnedModel):
    """A day the person was not expected to work (leave, a weekly rest day besides Sunday)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))

    class Meta:
        ordering = ["day"]
        verbose_name = _("day off")
        verbose_name_plural = _("days off")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "membership", "day"], name="day_off_unique")
        ]
