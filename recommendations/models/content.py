from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import PointOfSale, TenantOwnedModel


class ContentKind(models.TextChoices):
    MODULE = "module", _("module")
    DOCUMENT = "document", _("document")
    BEST_PRACTICE = "best_practice", _("best practice")
    LESSON_SHEET = "lesson_sheet", _("lesson sheet")


class ContentRecommendation(TenantOwnedModel):
    """A piece of content recommended to a point of sale for one of its off-target KPIs, by the
    uplift it preceded at comparable points of sale (recommendations/engine). Rewritten each
    night; never written for a point of sale of the quarter's hold-out group. The content
    lives in another app: its kind and id, checked against what the reader may see when shown.
    The reason is stored in both languages: the engine words it with its evidence."""

    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, related_name="+", verbose_name=_("point of sale")
    )
    kpi = models.ForeignKey(
        KpiDefinition, on_delete=models.CASCADE, related_name="+", verbose_name=_("KPI")
    )
    item_kind = models.CharField(_("kind of content"), max_length=16, choices=ContentKind.choices)
    item_id = models.PositiveBigIntegerField()
    rank = models.PositiveSmallIntegerField(_("rank"))
    # The relative change of the KPI expected over the two months after (0.06 = 6 % better).
    expected_uplift = models.FloatField(_("expected uplift"))
    reason_fr = models.TextField(_("reason (French)"))
    reason_en = models.TextField(_("reason (English)"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("content recommendation")
        verbose_name_plural = _("content recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "point_of_sale", "kpi", "item_kind", "item_id"],
                name="content_recommendation_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.point_of_sale_id} {self.kpi_id}: {self.item_kind}:{self.item_id}"

    @property
    def reason(self) -> str:
        """The reason in the reader's language."""
        return self.reason_fr if (get_language() or "").startswith("fr") else self.reason_en
