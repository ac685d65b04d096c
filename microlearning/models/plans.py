"""Personal training plans and certifications.

A plan holds modules chosen for a person's gaps (planning.py says which), each by a due date.
Their manager adjusts it: what they add, remove or re-date is marked as theirs, and building
the plan again after a new assessment never undoes it (services/plans.py).

A certification names competences and the level each needs, for a role, valid some months; a
person who reaches them is awarded it until it expires (then the assessment is passed again).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, Role, TenantOwnedModel

from .competences import Competence, ScaleLevel
from .modules import Module
from .translated import in_reader_language


class TrainingPlan(TenantOwnedModel):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    built_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("training plan")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "membership"], name="training_plan_unique")
        ]


class PlanItem(TenantOwnedModel):
    class Source(models.TextChoices):
        GAP = "gap", _("For a gap")
        MANAGER = "manager", _("Added by the manager")

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="items")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    # The gap it was chosen for (none: the manager's own choice).
    competence = models.ForeignKey(
        Competence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("due date"))
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.GAP)
    # Set when the manager changed its due date: a new build keeps the item as it is.
    adjusted_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The manager removed it: kept (hidden) so that a new build does not bring it back.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "plan", "module"], name="plan_item_unique")
        ]

    @property
    def is_managers(self) -> bool:
        """The manager added, re-dated or removed it: a new build leaves it alone."""
        return (
            self.source == self.Source.MANAGER
            or self.adjusted_by_id is not None
            or self.removed_at is not None
        )


class Certification(TenantOwnedModel):
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), max_length=2_000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=2_000, blank=True)
    role = models.CharField(_("for the role"), max_length=30, choices=Role.choices, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name_fr", "name_en", "pk"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_reader_language(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return in_reader_language(self.description_fr, self.description_en)


class CertificationRequirement(TenantOwnedModel):
    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="requirements"
    )
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey(ScaleLevel, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "certification", "competence"],
                name="certification_requirement_unique",
            )
        ]


class CertificationAward(TenantOwnedModel):
    """A person certified from `granted_on` until `expires_on` (excluded)."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="awards"
    )
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    granted_on = models.DateField()
    expires_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-granted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "certification", "membership", "granted_on"],
                name="certification_award_unique",
            )
        ]
        indexes = [models.Index(fields=["tenant", "certification", "expires_on"])]
