from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from microlearning.models import Certification
from network_animation.models import PointOfSale, TenantOwnedModel


class LabelLevel(models.IntegerChoices):
    BRONZE = 1, _("Bronze")
    SILVER = 2, _("Silver")
    GOLD = 3, _("Gold")


class Measure(models.TextChoices):
    ACHIEVEMENT = "achievement", _("Achievement of the yearly objective")
    VALUE = "value", _("Value over the year")
    # The unit excellence project's and the visits' evidence (no KPI).
    DIAGNOSTIC_DONE = "diagnostic_done", _("Diagnostic done")
    ACTIONS_DONE = "actions_done", _("Share of action-plan actions done (%)")
    VISIT_SCORE = "visit_score", _("Average visit score over the year")
    # Learning's: the share of the point of sale's people (of the certification's role) who
    # hold the certification at the year's end.
    CERTIFIED_SHARE = "certified_share", _("Share of people certified (%)")


KPI_MEASURES = (Measure.ACHIEVEMENT, Measure.VALUE)


class LabelGrid(TenantOwnedModel):
    """Head office's criteria for one year's labels. Each year has its own grid, so changing
    next year's grid never touches the awards of a past year (they also keep their evidence)."""

    year = models.PositiveSmallIntegerField(_("year"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("label grid")
        verbose_name_plural = _("label grids")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "year"], name="label_grid_year_unique"),
        ]

    def __str__(self) -> str:
        return str(self.year)


class LabelCriterion(TenantOwnedModel):
    """A threshold a point of sale must reach over the year to earn a level: on a KPI, on the
    evidence of its excellence project and visits (no KPI then), or on the share of its people
    holding a certification (the certification, no KPI)."""

    grid = models.ForeignKey(LabelGrid, on_delete=models.CASCADE, related_name="criteria")
    level = models.PositiveSmallIntegerField(_("level"), choices=LabelLevel.choices)
    kpi = models.ForeignKey(
        KpiDefinition,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("KPI"),
        null=True,
        blank=True,
    )
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    certification = models.ForeignKey(
        Certification,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("certification"),
        null=True,
        blank=True,
    )
    threshold = models.FloatField(_("threshold"))

    class Meta:
        ordering = ["level", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "grid", "level", "kpi", "measure", "certification"],
                name="label_criterion_unique",
            ),
            models.CheckConstraint(
                condition=Q(kpi__isnull=False) | ~Q(measure__in=KPI_MEASURES),
                name="label_criterion_kpi_when_kpi_measure",
            ),
            models.CheckConstraint(
                condition=(Q(certification__isnull=True) & ~Q(measure="certified_share"))
                | Q(certification__isnull=False, measure="certified_share"),
                name="label_criterion_certification_when_certified_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grid_id} L{self.level} {self.kpi_id} {self.measure} {self.threshold}"


class LabelAward(TenantOwnedModel):
    """The level a point of sale reached in a year (none: `level` is null), with the evidence:
    each criterion as it stood (KPI, threshold, the figure read from the rollups, met or not)."""

    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, related_name="+", verbose_name=_("point of sale")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LabelLevel.choices, null=True, blank=True
    )
    evidence = models.JSONField(default=list, blank=True)
    awarded_at = models.DateTimeField(_("awarded"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "year", "point_of_sale"], name="label_award_once_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.point_of_sale_id} {self.year} {self.level}"
