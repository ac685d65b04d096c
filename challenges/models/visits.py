"""Field visits and mystery visits (seed 002, issue 16 item 4).

- Head office defines visit grids: criteria with a weight, answered yes/no or on a scale. A grid
  is versioned like the label grids: a version some visit answered is frozen, and changing it
  makes the next version, so an old visit keeps the criteria it was scored on.
- Animators and coaches record visits at a point of sale: an answer per criterion, a comment,
  photos (re-encoded). The score (0–100) is the weighted share of the grid met.
- Mystery-visit and customer-survey campaigns, run by an external firm, bring a score per
  point of sale and date, imported from a file or typed in.

Visit and campaign scores become KPI facts (challenges/visits/kpi_facts.py)."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, PointOfSale, TenantOwnedModel

TEXT_MAX = 10_000
SCALE_MAX = 10


class VisitGrid(TenantOwnedModel):
    """A checklist head office gives animators and coaches; its criteria live in versions."""

    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("offered for new visits"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("visit grid")
        verbose_name_plural = _("visit grids")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="visit_grid_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class VisitGridVersion(TenantOwnedModel):
    """One version of a grid's criteria; the latest is the one new visits answer."""

    grid = models.ForeignKey(VisitGrid, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["grid", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "grid", "number"], name="visit_grid_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grid_id} v{self.number}"


class AnswerKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes or no")
    SCALE = "scale", _("Scale")


class VisitCriterion(TenantOwnedModel):
    version = models.ForeignKey(VisitGridVersion, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("criterion"), max_length=300)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    kind = models.CharField(
        _("answer"), max_length=10, choices=AnswerKind.choices, default=AnswerKind.YES_NO
    )
    scale_max = models.PositiveSmallIntegerField(_("scale up to"), default=5)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, scale_max__gte=2, scale_max__lte=SCALE_MAX),
                name="visit_criterion_weight_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def top(self) -> int:
        """The best answer: yes (1), or the top of the scale."""
        return 1 if self.kind == AnswerKind.YES_NO else self.scale_max


class Visit(TenantOwnedModel):
    """A field visit at a point of sale, scored on the grid version it answered."""

    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, related_name="+", verbose_name=_("point of sale")
    )
    version = models.ForeignKey(VisitGridVersion, on_delete=models.RESTRICT, related_name="+")
    visitor = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    date = models.DateField(_("date"))
    comment = models.TextField(_("comment"), max_length=TEXT_MAX, blank=True)
    score = models.FloatField(_("score"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["tenant", "point_of_sale", "-date"]),
            models.Index(fields=["tenant", "date"]),
            models.Index(fields=["tenant", "updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="visit_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.point_of_sale_id} {self.date}"


class VisitAnswer(TenantOwnedModel):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(VisitCriterion, on_delete=models.RESTRICT, related_name="+")
    value = models.PositiveSmallIntegerField(_("answer"))

    class Meta:
        ordering = ["criterion__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "visit", "criterion"], name="visit_answer_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.criterion_id}={self.value}"


def visit_photo_path(instance: "VisitPhoto", filename: str) -> str:
    """Stored names are generated: nothing a person typed reaches a path (CHECKLIST U5)."""
    return f"visits/{instance.tenant_id}/{uuid.uuid4().hex}.{instance.extension}"


class VisitPhoto(TenantOwnedModel):
    """A photo of a visit, re-encoded without its metadata (uploads_media.image_reencode)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=visit_photo_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename


class CampaignKind(models.TextChoices):
    MYSTERY_VISIT = "mystery_visit", _("Mystery visits")
    CUSTOMER_SURVEY = "customer_survey", _("Customer survey")


class SurveyCampaign(TenantOwnedModel):
    """A mystery-visit or customer-survey campaign by an external firm."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    firm = models.CharField(_("firm"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="survey_campaign_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class SurveyResult(TenantOwnedModel):
    """A campaign's score (0–100) at a point of sale on a date."""

    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.CASCADE, related_name="results")
    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, related_name="+", verbose_name=_("point of sale")
    )
    date = models.DateField(_("date"))
    score = models.FloatField(_("score"))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "point_of_sale_id"]
        indexes = [
            models.Index(fields=["tenant", "date"]),
            models.Index(fields=["tenant", "updated_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "campaign", "point_of_sale", "date"],
                name="survey_result_unique",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="survey_result_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.point_of_sale_id} {self.date}"
