from django.db import models
from django.db.models import BigIntegerField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from network_animation.models import Membership, PointOfSale, Tenant, TenantOwnedModel

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

    Every index costs each imported fact an insertion, so the table has only those a query or a
    deletion needs: the unique key (which leads with the tenant, so no index of its own for it),
    one on the point of sale and one on the KPI (deleting one finds its facts, and PostgreSQL's
    foreign-key check finds none left, without scanning the table), and one on the person
    holding only the facts that have one.

    No reference has a database constraint: their checks cost every imported fact one lookup
    per reference at commit (a third of a day's import). The same guarantee, that a point of sale,
    KPI or person deleted while an import runs makes one of the two fail and leaves no fact
    pointing at nothing, is kept by two halves (PostgreSQL; SQLite writes one transaction at a
    time):
    - the loader locks the batch's few distinct points of sale, KPIs and people once
      (`SELECT ... FOR KEY SHARE`, kpis.loader) and refuses the batch if one is gone;
    - deleting one of them is checked at commit by a constraint trigger (migration 0009), which
      refuses it while a fact still points at it, as the constraint's own check did. A deletion
      that waited for an import's lock sees that import's facts and fails.
    Deleting goes through Django's cascade, which deletes the facts first. The tenant's audit row,
    written by the import in the same transaction, checks the tenant.
    """

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )

    point_of_sale = models.ForeignKey(
        PointOfSale,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        verbose_name=_("point of sale"),
    )
    person = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="+",
        verbose_name=_("person"),
    )
    person_key = models.GeneratedField(
        expression=Coalesce(F("person"), Value(0), output_field=BigIntegerField()),
        output_field=BigIntegerField(),
        db_persist=True,
    )
    kpi = models.ForeignKey(
        KpiDefinition,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        verbose_name=_("KPI"),
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
        indexes = [
            models.Index(
                fields=["person"], condition=Q(person__isnull=False), name="kpi_fact_person"
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
