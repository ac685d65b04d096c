"""The regional team's own excellence project (seed 004: the region shows it is involved as
much as its units). Of another nature than a unit's: its diagnostic reads the voice of the
customer across the region, the voice of its units (the regional team's own customers) and how
the team manages and cooperates; then an action plan the team carries, as in a unit.

Kept apart from UnitProject so that nothing reading units' projects (labels' evidence, zone
stages) can count a region's (docs/decisions.md). Rights: challenges/units/rights.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from network_animation.models import Region

from .plans import TEXT_MAX, ExcellenceProject, PlanAction, PlanActionComment


class RegionProject(ExcellenceProject):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    units_voice = models.TextField(
        _("what the units expect of the regional team"), max_length=TEXT_MAX, blank=True
    )
    cooperation = models.TextField(
        _("how the team manages and cooperates"), max_length=TEXT_MAX, blank=True
    )

    class Meta(ExcellenceProject.Meta):
        verbose_name = _("regional excellence project")
        verbose_name_plural = _("regional excellence projects")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "region"], name="region_project_unique"),
        ]

    def __str__(self) -> str:
        return str(self.region_id)


class RegionAxis(models.TextChoices):
    CUSTOMER_VOICE = "customer_voice", _("Voice of the customer")
    UNITS_VOICE = "units_voice", _("Voice of the units")
    COOPERATION = "cooperation", _("Management and cooperation")


class RegionAction(PlanAction):
    """An action of the regional plan: who of the team carries it, by when, the KPI it should
    move (the fields of a unit's action, its axes the region's)."""

    project = models.ForeignKey(RegionProject, on_delete=models.CASCADE, related_name="actions")
    axis = models.CharField(_("axis"), max_length=20, choices=RegionAxis.choices)

    class Meta(PlanAction.Meta):
        verbose_name = _("regional action")
        verbose_name_plural = _("regional actions")
        indexes = [models.Index(fields=["tenant", "project", "status"])]


class RegionActionComment(PlanActionComment):
    action = models.ForeignKey(RegionAction, on_delete=models.CASCADE, related_name="comments")

    def __str__(self) -> str:
        return f"{self.action_id} {self.created_at}"
