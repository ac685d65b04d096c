"""What a unit's excellence project and a region's have in common: the project's start and
stages, an action plan of actions carried by someone, and comments on them.

Abstract: each kind keeps its own tables (a region's project apart from units', so that nothing
reading units' projects counts a region's: docs/decisions.md). The concrete models add the
project's subject, the plan's axes and the foreign keys between them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kpis.models import KpiDefinition
from network_animation.models import Membership, TenantOwnedModel

TEXT_MAX = 10_000


class ActionStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", pgettext_lazy("action", "Done")


class ExcellenceProject(TenantOwnedModel):
    """A project's start and its board's stages: the diagnostic done, the plan written."""

    started_on = models.DateField(_("started on"))
    started_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    customer_voice = models.TextField(
        _("what customers say: the synthesis"), max_length=TEXT_MAX, blank=True
    )
    diagnostic_done_on = models.DateField(_("diagnostic done on"), null=True, blank=True)
    plan_written_on = models.DateField(_("plan written on"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["pk"]


class PlanAction(TenantOwnedModel):
    """An action of a plan: who carries it, by when, and the KPI it should move. Its `project`
    and its `axis` (the project's own axes) are the concrete model's."""

    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("details"), max_length=TEXT_MAX, blank=True)
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
        abstract = True
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status == ActionStatus.DONE


class PlanActionComment(TenantOwnedModel):
    """A comment on an action; its `action` is the concrete model's."""

    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("comment"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
