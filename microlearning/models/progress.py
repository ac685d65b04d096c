"""Where each person is in each module, and their answers to its quiz questions."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, TenantOwnedModel

from .modules import Module, ModuleVersion, Step


class Progress(TenantOwnedModel):
    """One person's way through one module: the version they started, the step they are at
    (saved as each step is passed, so they resume there on any device), and what they earned.

    A run is one time through the module; retaking a finished module starts a new run on the
    version published then."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="learning_progress"
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress")
    version = models.ForeignKey(ModuleVersion, on_delete=models.RESTRICT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)  # the step to do next
    run = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField(default=timezone.now)
    last_step_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)  # of this run; none: running
    times_completed = models.PositiveSmallIntegerField(default=0)
    seconds_spent = models.PositiveIntegerField(default=0)
    last_score = models.PositiveSmallIntegerField(null=True, blank=True)  # % of the last run
    best_score = models.PositiveSmallIntegerField(null=True, blank=True)
    points_earned = models.PositiveIntegerField(default=0)
    passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("progress")
        verbose_name_plural = _("progress")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "membership", "module"], name="progress_unique"
            )
        ]
        indexes = [models.Index(fields=["tenant", "module", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.membership_id} in {self.module_id}: {self.position}"

    @property
    def is_running(self) -> bool:
        return self.completed_at is None


class QuizAttempt(TenantOwnedModel):
    """One answer to a quiz question: the attempt number counts this person's answers to this
    question, every run included."""

    progress = models.ForeignKey(Progress, on_delete=models.CASCADE, related_name="attempts")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    run = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    chosen = models.JSONField(default=list)  # the choices' ids
    correct = models.BooleanField()
    points = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["tenant", "progress", "step"])]
