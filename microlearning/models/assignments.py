"""Assignments: a module for the people an audience names (network_animation/audiences.py, the
rule engine announcements use), by a due date. People are enrolled when it is made, and the
nightly chain enrols those who come to match it later; each enrolment is reminded once."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.audiences import Audience
from network_animation.models import Membership, PointOfSale, TenantOwnedModel

from .modules import Module


class Assignment(TenantOwnedModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="assignments")
    audience = models.JSONField(default=dict)  # Audience.as_json(), narrowed to its author's
    # Set when an animator pushed the module to one point of sale from the zone page.
    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["tenant", "due_on"])]

    def __str__(self) -> str:
        return f"{self.module_id} by {self.due_on}"

    @property
    def rule(self) -> Audience:
        return Audience.from_json(self.audience)


class Enrolment(TenantOwnedModel):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="enrolments")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    enrolled_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "assignment", "membership"], name="enrolment_unique"
            )
        ]
        indexes = [models.Index(fields=["tenant", "membership"])]
