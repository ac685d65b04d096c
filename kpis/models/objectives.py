import datetime as dt

from django.db import models
from django.db.models import BigIntegerField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, PointOfSale, Region, TenantOwnedModel, Zone

from .definitions import KpiDefinition


class Level(models.TextChoices):
    POINT_OF_SALE = "point_of_sale", _("Point of sale")
    PERSON = "person", _("Person")
    ZONE = "zone", _("Zone")
    REGION = "region", _("Region")
    NETWORK = "network", _("Network")


class Period(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


def period_start_of(period: str, day: dt.date) -> dt.date:
    if period == Period.YEAR:
        return day.replace(month=1, day=1)
    if period == Period.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def _scope_is(level: str, field: str | None) -> Q:
    fields = ["point_of_sale", "person", "zone", "region"]
    condition = Q(level=level)
    for name in fields:
        condition &= Q(**{f"{name}__isnull": name != field})
    return condition


class Objective(TenantOwnedModel):
    """A target for a KPI, for one scope (a point of sale, a person, a zone, a region or the
    network), over a month, a quarter or a year starting on `period_start`.

    `scope_key` (generated: the id of the scope's object, 0 for the network) makes the unique key
    hold without relying on how NULLs compare.
    """

    kpi = models.ForeignKey(
        KpiDefinition, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("KPI")
    )
    level = models.CharField(_("scope"), max_length=20, choices=Level.choices)
    point_of_sale = models.ForeignKey(
        PointOfSale,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("point of sale"),
    )
    person = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    zone = models.ForeignKey(
        Zone,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zone"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    scope_key = models.GeneratedField(
        expression=Coalesce(
            F("point_of_sale"),
            F("person"),
            F("zone"),
            F("region"),
            Value(0),
            output_field=BigIntegerField(),
        ),
        output_field=BigIntegerField(),
        db_persist=True,
    )
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, default=Period.MONTH
    )
    period_start = models.DateField(_("start of the period"))
    target = models.FloatField(_("target"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period_start", "kpi"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "kpi", "period", "period_start", "level", "scope_key"],
                name="objective_unique",
            ),
            models.CheckConstraint(
                condition=(
                    _scope_is(Level.POINT_OF_SALE, "point_of_sale")
                    | _scope_is(Level.PERSON, "person")
                    | _scope_is(Level.ZONE, "zone")
                    | _scope_is(Level.REGION, "region")
                    | _scope_is(Level.NETWORK, None)
                ),
                name="objective_scope_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.level}:{self.scope_key} {self.period} {self.period_start}"

    @property
    def scope_object(self) -> object | None:
        return self.point_of_sale or self.person or self.zone or self.region
