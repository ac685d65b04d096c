"""Gaps observed at work: a coach or a manager watching someone work (the unit project's skills
axis, seed 004) names the competences they fall short on. Each counts as a gap of the person's
training plan, as a non-proficient assessment result does, until whoever observed it says the
person now meets the standard (services/observed_gaps.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, TenantOwnedModel

from .competences import Competence


class ObservedGap(TenantOwnedModel):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="+")
    observed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    observed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["observed_at", "pk"]
        verbose_name = _("gap observed at work")
        verbose_name_plural = _("gaps observed at work")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "membership", "competence"], name="observed_gap_unique"
            )
        ]
        indexes = [models.Index(fields=["tenant", "membership"])]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.competence_id}"
