from django.db import models
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import PointOfSale, TenantOwnedModel, Zone


class KpiGap(TenantOwnedModel):
    """A point of sale's gap on a KPI over the recent closed months, to its target and to its
    peers, with the confidence that a shortfall is real (recommendations/underperformance.py).
    Rewritten each night; the zone is the point of sale's, so a zone page reads one index."""

    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, related_name="+", verbose_name=_("point of sale")
    )
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    kpi = models.ForeignKey(
        KpiDefinition, on_delete=models.CASCADE, related_name="+", verbose_name=_("KPI")
    )
    month = models.DateField(_("last month measured"))
    achievement = models.FloatField(_("achievement"), null=True, blank=True)
    gap_to_target = models.FloatField(_("gap to target"), null=True, blank=True)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    z = models.FloatField(null=True, blank=True)
    gap_to_peers = models.FloatField(_("gap to peers"), null=True, blank=True)
    peer_confidence = models.FloatField(_("confidence against peers"), null=True, blank=True)
    peers = models.PositiveIntegerField(_("peers"), default=0)
    off_target = models.BooleanField(_("off target this month"), default=False)
    # Achievement gained (lost, below 0) per month over the recent closed months.
    trend = models.FloatField(_("trend"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("KPI gap")
        verbose_name_plural = _("KPI gaps")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "point_of_sale", "kpi"], name="kpi_gap_point_kpi_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "zone", "off_target", "z"], name="kpi_gap_zone_alerts"),
        ]

    def __str__(self) -> str:
        return f"{self.point_of_sale_id} {self.kpi_id}: {self.gap_to_target}"
