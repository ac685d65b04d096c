from django.db import models
from django.db.models import BigIntegerField, F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, PointOfSale, TenantOwnedModel

from .definitions import KpiDefinition


class KpiFact(TenantOwnedModel):
    """One value of a KPI for a point of sale (and optionally one of its people) on one day.

    The big table. `person` is a Membership, not a User: a fact belongs to someone's work in this
    tenant, and memberships are tenant-owned (scoped, under row-level security) where users are
    not. Facts of a person are part of their point of sale's figures: a source sends either a
    point of sale's total or its breakdown by person, never both.

    Uniqueness must treat "no person" as one value, which a plain unique key on a nullable column
    does not (NULLs are distinct). `person_key` is a stored generated column, COALESCE(person, 0),
    so one ordinary unique index serves as the upsert's conflict target on PostgreSQL and SQLite
    alike. The key leads with (tenant, kpi, date) so the same index serves the aggregation's
    range scans: no second index on the big table.

    Foreign keys cascade (rather than protect) so that deleting a tenant or a point of sale
    deletes its facts with one set-based DELETE instead of loading them.
    """

    point_of_sale = models.ForeignKey(
        PointOfSale, on_delete=models.CASCADE, related_name="+", verbose_name=_("point of sale")
    )
    person = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    person_key = models.GeneratedField(
        expression=Coalesce(F("person"), Value(0), output_field=BigIntegerField()),
        output_field=BigIntegerField(),
        db_persist=True,
    )
    kpi = models.ForeignKey(
        KpiDefinition, on_delete=models.CASCADE, related_name="+", verbose_name=_("KPI")
    )
    date = models.DateField(_("date"))
    value = models.FloatField(_("value"))

    class Meta:
        verbose_name = _("KPI fact")
        verbose_name_plural = _("KPI facts")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "kpi", "date", "point_of_sale", "person_key"],
                name="kpi_fact_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.point_of_sale_id} {self.date}: {self.value}"


class KpiDirtyMonth(TenantOwnedModel):
    """A month of a KPI whose facts changed since the last aggregation (filled by the import).

    No unique key on purpose: the aggregation claims the rows up to an id and deletes only those,
    so a month made dirty again while it runs stays dirty for the next run.
    """

    kpi = models.ForeignKey(KpiDefinition, on_delete=models.CASCADE, related_name="+")
    month_start = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "kpi", "month_start"])]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.month_start:%Y-%m}"
