from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from network_animation.models import PointOfSale, Region, Tenant, TenantOwnedModel, Zone

from .definitions import Direction, KpiDefinition


class RollupLevel(models.TextChoices):
    POINT_OF_SALE = "point_of_sale", _("Point of sale")
    PERSON = "person", _("Person")
    ZONE = "zone", _("Zone")
    REGION = "region", _("Region")
    NETWORK = "network", _("Network")


class RollupPeriod(models.TextChoices):
    MONTH = "month", _("Month")
    YEAR = "year", _("Year to date")


def _derived_reference(to: type[models.Model], **options: Any) -> models.ForeignKey:
    """A rollup's reference: cascading, without constraint nor index of its own (see KpiRollup)."""
    return models.ForeignKey(
        to,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
        **options,
    )


# What a rollup row says of its scope's figure, besides the value: written by the aggregation,
# shown by the dashboards, served by the API.
ROLLUP_FIGURES = (
    "target",
    "achievement_rate",
    "remaining_to_target",
    "projection",
    "zone_rank",
    "zone_peers",
    "zone_gap_to_above",
    "network_rank",
    "network_peers",
    "network_gap_to_above",
)


class KpiRollup(TenantOwnedModel):
    """A KPI's figures for one scope over one month or one year, written by the aggregation.

    A month row is the month's history once the month is over, and month-to-date while it runs
    (`data_through` says up to which day); a year row is the year to date. The value is always
    `numerator / denominator * multiplier` of summed parts (a sum: the total and no denominator;
    an average: the total of the values and their count; a ratio: the two KPIs' totals), so zones,
    regions and the network are computed from their parts and never from averaged ratios.

    Rows of a point of sale also carry its zone and region, so a zone page reads its points of
    sale with one indexed query; `scope_id` is the id of the scope's object (0 for the network).

    Derived rows, rewritten by the hundred thousand at each full aggregation: the references
    carry neither a database constraint nor an index of their own. The constraints cost five
    checks per row at the commit of every run, and the single-column indexes five insertions
    per row, for no reader (pages read through the composite indexes below, which lead with
    the tenant). Deleting a KPI, a point of sale, a zone or a region still deletes its rollups:
    Django cascades; the aggregation never writes a reference to a row that does not exist.
    """

    tenant = _derived_reference(Tenant)
    kpi = _derived_reference(KpiDefinition, verbose_name=_("KPI"))
    period = models.CharField(_("period"), max_length=10, choices=RollupPeriod.choices)
    period_start = models.DateField(_("start of the period"))
    level = models.CharField(_("level"), max_length=20, choices=RollupLevel.choices)
    scope_id = models.BigIntegerField()
    point_of_sale = _derived_reference(PointOfSale, null=True, blank=True)
    zone = _derived_reference(Zone, null=True, blank=True)
    region = _derived_reference(Region, null=True, blank=True)
    numerator = models.FloatField(default=0.0)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    fact_count = models.PositiveIntegerField(default=0)
    data_through = models.DateField(_("data through"))
    days_elapsed = models.PositiveSmallIntegerField()
    days_in_period = models.PositiveSmallIntegerField()
    target = models.FloatField(_("target"), null=True, blank=True)
    achievement_rate = models.FloatField(_("achievement rate"), null=True, blank=True)
    remaining_to_target = models.FloatField(_("remaining to target"), null=True, blank=True)
    projection = models.FloatField(_("projection"), null=True, blank=True)
    zone_rank = models.PositiveIntegerField(null=True, blank=True)
    zone_peers = models.PositiveIntegerField(null=True, blank=True)
    zone_gap_to_above = models.FloatField(null=True, blank=True)
    network_rank = models.PositiveIntegerField(null=True, blank=True)
    network_peers = models.PositiveIntegerField(null=True, blank=True)
    network_gap_to_above = models.FloatField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("KPI rollup")
        verbose_name_plural = _("KPI rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "level", "scope_id", "period", "period_start", "kpi"],
                name="kpi_rollup_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["tenant", "period", "period_start", "level", "kpi"],
                name="kpi_rollup_period",
            ),
            models.Index(
                fields=["tenant", "period", "period_start", "zone", "level"], name="kpi_rollup_zone"
            ),
            models.Index(
                fields=["tenant", "period", "period_start", "region", "level"],
                name="kpi_rollup_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.level}:{self.scope_id} {self.period} {self.period_start}"

    @property
    def is_running(self) -> bool:
        """The period is not over: its figures run to `data_through`, not to its end."""
        return self.days_elapsed < self.days_in_period

    @property
    def projected_achievement(self) -> float | None:
        """Where the period will end at the current pace, against the target.

        Early in a month every point of sale is below its monthly target; what tells who is off
        target is the projection. A closed period's projection is its value.
        """
        basis = self.projection if self.projection is not None else self.value
        if not self.target or basis is None:
            return None
        share = basis / self.target
        return 2 - share if self.kpi.direction == Direction.LOWER else share

    @property
    def is_off_target(self) -> bool:
        rate = self.projected_achievement
        return rate is not None and rate < 1
