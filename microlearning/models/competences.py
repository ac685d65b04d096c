"""Competences (Moodle's competency frameworks are the model): a tenant's framework is a tree of
competences with one scale of levels; some levels count as proficient. Modules link to the
competences they build; assessments measure them (models/assessments.py)."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import TenantOwnedModel

from .modules import Module
from .translated import in_reader_language

NAME_MAX = 200
DESCRIPTION_MAX = 2_000


class CompetenceFramework(TenantOwnedModel):
    """The tenant's framework: one per tenant, holding its scale and its tree."""

    name_fr = models.CharField(_("name (French)"), max_length=NAME_MAX, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=NAME_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("competence framework")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="competence_framework_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_reader_language(self.name_fr, self.name_en)


class ScaleLevel(TenantOwnedModel):
    """A level of the framework's scale. An assessment's score on a competence (the share of
    its questions answered right) reaches the highest level whose `min_score` it attains; the
    levels are ordered by that threshold."""

    framework = models.ForeignKey(
        CompetenceFramework, on_delete=models.CASCADE, related_name="levels"
    )
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    min_score = models.PositiveSmallIntegerField(
        _("from a score of (%)"), validators=[MaxValueValidator(100)]
    )
    proficient = models.BooleanField(_("counts as proficient"), default=False)

    class Meta:
        ordering = ["min_score"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "framework", "min_score"], name="scale_level_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_reader_language(self.name_fr, self.name_en)


class Competence(TenantOwnedModel):
    framework = models.ForeignKey(
        CompetenceFramework, on_delete=models.CASCADE, related_name="competences"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name_fr = models.CharField(_("name (French)"), max_length=NAME_MAX, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=NAME_MAX, blank=True)
    description_fr = models.TextField(
        _("description (French)"), max_length=DESCRIPTION_MAX, blank=True
    )
    description_en = models.TextField(
        _("description (English)"), max_length=DESCRIPTION_MAX, blank=True
    )
    position = models.PositiveSmallIntegerField(_("order among its siblings"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        indexes = [models.Index(fields=["tenant", "parent"])]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_reader_language(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return in_reader_language(self.description_fr, self.description_en)


class ModuleCompetence(TenantOwnedModel):
    """A module builds this competence: what a training plan picks for a gap."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="competence_links")
    competence = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="module_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "module", "competence"], name="module_competence_unique"
            )
        ]
        indexes = [models.Index(fields=["tenant", "competence"])]
