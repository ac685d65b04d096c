from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from network_animation.models import PointOfSale, TenantOwnedModel
from network_animation.numbers import with_unit

from ..holdout import DEFAULT_SHARE_PERCENT, MAX_SHARE_PERCENT


class HoldoutSettings(TenantOwnedModel):
    """A tenant's hold-out rule: the share of its points of sale left without recommendations
    (applied from the next quarter's draw)."""

    share_percent = models.PositiveSmallIntegerField(
        _("hold-out share (%)"),
        default=DEFAULT_SHARE_PERCENT,
        validators=[MaxValueValidator(MAX_SHARE_PERCENT)],
    )

    class Meta:
        verbose_name = _("hold-out settings")
        verbose_name_plural = _("hold-out settings")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="holdout_settings_unique"),
        ]

    def __str__(self) -> str:
        return with_unit(str(self.share_percent), "%")


class HoldoutQuarter(TenantOwnedModel):
    """A quarter's draw of the hold-out group: fixed until the next quarter."""

    quarter_start = models.DateField(_("quarter"))
    share_percent = models.PositiveSmallIntegerField(_("hold-out share (%)"))
    seed = models.BigIntegerField()
    network_size = models.PositiveIntegerField(_("points of sale drawn from"))
    drawn_at = models.DateTimeField(_("drawn at"))

    class Meta:
        ordering = ["-quarter_start"]
        verbose_name = _("hold-out draw")
        verbose_name_plural = _("hold-out draws")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "quarter_start"], name="holdout_quarter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarter_start} ({self.share_percent} %)"


class HoldoutPoint(TenantOwnedModel):
    """A point of sale held out for a quarter, with the stratum it was drawn in."""

    quarter = models.ForeignKey(HoldoutQuarter, on_delete=models.CASCADE, related_name="points")
    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, related_name="+", verbose_name=_("point of sale")
    )
    zone_id_drawn = models.BigIntegerField()
    size_class_drawn = models.CharField(max_length=2)

    class Meta:
        verbose_name = _("held-out point of sale")
        verbose_name_plural = _("held-out points of sale")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "quarter", "point_of_sale"], name="holdout_point_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.point_of_sale_id} held out"
