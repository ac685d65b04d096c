"""What came after a module, per KPI: the raw figures head office reads on the completion page,
rewritten each night (microlearning/outcomes.py computes them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import TenantOwnedModel

from .modules import Module


class ModuleKpiOutcome(TenantOwnedModel):
    """The change of achievement on a KPI at the points of sale whose people finished the module
    (two months after against two before), and at comparable ones that had not, over the same
    months: in points of achievement, with how many points of sale each figure rests on."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    kpi = models.ForeignKey(KpiDefinition, on_delete=models.CASCADE, related_name="+")
    completed_points = models.PositiveIntegerField()
    completed_change = models.FloatField()
    compared_points = models.PositiveIntegerField()
    compared_change = models.FloatField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("module outcome")
        verbose_name_plural = _("module outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "module", "kpi"], name="module_kpi_outcome_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.module_id} on {self.kpi_id}: {self.difference:+.1f}"

    @property
    def difference(self) -> float:
        """How much better the points of sale that finished it did than the others (points)."""
        return self.completed_change - self.compared_change
