from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network_animation.models import TenantOwnedModel


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    LAST = "last", _("Last value")
    RATIO = "ratio", _("Ratio of two KPIs")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Source(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    COMPUTED = "computed", _("Computed by the platform")


class KpiDefinition(TenantOwnedModel):
    """What a KPI measures and how its facts add up.

    A ratio KPI has no facts of its own: its value at any level is the sum of its numerator's
    facts divided by the sum of its denominator's facts, times `multiplier` (100 for a percentage).
    Facts of a `last` KPI are a level (a stock, a headcount): a zone's value is the sum of its
    points of sale's last values.

    Where a KPI's facts come from: `imported` ones are sent by the brand's systems (a file, the
    API, the command); `computed` ones are never imported. Among those, a KPI with a `producer`
    has facts the platform writes itself each night (kpis/services/computed.py: "learning"
    writes modules completed, review days...); a ratio has no facts at all, whatever its
    source, and a computed ratio of a producer's KPIs is that producer's too (created with them).
    """

    code = models.CharField(_("code"), max_length=40)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    # KPIs that share stakes ("Sales", "After-sales"): each family gets its community.
    family = models.CharField(_("family"), max_length=60, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    numerator = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("numerator"),
    )
    denominator = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("denominator"),
    )
    multiplier = models.FloatField(_("multiplier"), default=1.0)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.IMPORTED
    )
    # The platform's part that writes this KPI's facts (see kpis/services/computed.py); empty for
    # imported KPIs and for KPIs head office created.
    producer = models.CharField(_("written by"), max_length=40, blank=True, editable=False)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="kpi_code_unique"),
            models.CheckConstraint(
                condition=(
                    Q(
                        aggregation=Aggregation.RATIO,
                        numerator__isnull=False,
                        denominator__isnull=False,
                    )
                    | (
                        ~Q(aggregation=Aggregation.RATIO)
                        & Q(numerator__isnull=True, denominator__isnull=True)
                    )
                ),
                name="kpi_ratio_has_parts",
            ),
        ]

    def __str__(self) -> str:
        # What people read in selects and titles: the name; the code is for imports and the API.
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if (get_language() or "fr").startswith("fr") else self.name_en

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO

    @property
    def is_platform_written(self) -> bool:
        """Whether the platform writes this KPI's facts (a producer's, and not a ratio)."""
        return bool(self.producer) and not self.is_ratio

    @property
    def is_additive(self) -> bool:
        return self.aggregation == Aggregation.SUM
