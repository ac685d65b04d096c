"""The regional team's own excellence project (seed 004: the region shows it is involved as
much as its units). Of another nature than a unit's: its diagnostic reads the voice of the
customer across the region, the voice of its units (the regional team's own customers) and how
the team manages and cooperates; then an action plan the team carries, as in a unit.

Kept apart from UnitProject so that nothing reading units' projects (labels' evidence, zone
stages) can count a region's (docs/decisions.md). Rights: challenges/units/rights.py."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import Membership, Region, TenantOwnedModel

from .units import TEXT_MAX, ActionStatus


class RegionProject(TenantOwnedModel):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    started_on = models.DateField(_("started on"))
    started_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    customer_voice = models.TextField(
        _("what customers say: the synthesis"), max_length=TEXT_MAX, blank=True
    )
    units_voice = models.TextField(
        _("what the units expect of the regional team"), max_length=TEXT_MAX, blank=True
    )
    cooperation = models.TextField(
        _("how the team manages and cooperates"), max_length=TEXT_MAX, blank=True
    )
    diagnostic_done_on = models.DateField(_("diagnostic done on"), null=True, blank=True)
    plan_written_on = models.DateField(_("plan written on"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
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


class RegionAction(TenantOwnedModel):
    """An action of the regional plan: who of the team carries it, by when, the KPI it should
    move (the fields of a unit's action, its axes the region's)."""

    project = models.ForeignKey(RegionProject, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("details"), max_length=TEXT_MAX, blank=True)
    axis = models.CharField(_("axis"), max_length=20, choices=RegionAxis.choices)
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.TO_DO
    )
    kpi = models.ForeignKey(
        KpiDefinition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("KPI it should move"),
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("regional action")
        verbose_name_plural = _("regional actions")
        indexes = [models.Index(fields=["tenant", "project", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status == ActionStatus.DONE


class RegionActionComment(TenantOwnedModel):
    action = models.ForeignKey(RegionAction, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("comment"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action_id} {self.created_at}"
