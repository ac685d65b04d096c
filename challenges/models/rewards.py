from django.db import models
from django.utils.translation import gettext_lazy as _

from .challenges import Challenge
from .participants import ParticipantRow


class Reward(ParticipantRow):
    """Points and maybe a badge that a participant earned when a challenge closed.

    One row per participant and challenge (unique): closing twice awards nothing twice.
    """

    class Reason(models.TextChoices):
        WINNER = "winner", _("Winner")
        THRESHOLD = "threshold", _("Above the threshold")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="rewards")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    points = models.PositiveIntegerField(_("points"), default=0)
    badge = models.CharField(_("badge"), max_length=60, blank=True)
    awarded_at = models.DateTimeField(_("awarded"))

    class Meta:
        ordering = ["-awarded_at", "rank"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "challenge", "point_of_sale", "person_key"],
                name="reward_once_per_challenge",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "point_of_sale", "-awarded_at"])]

    def __str__(self) -> str:
        return f"{self.challenge_id} {self.point_of_sale_id}:{self.person_key} {self.points}"
