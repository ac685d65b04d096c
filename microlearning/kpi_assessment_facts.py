"""Assessment scores as KPI facts, one KPI per competence (`learning_competence_<id>`, "Assessment:
<the competence>"), written each night by the platform (kpis/services/computed.py) beside
learning's other figures (kpi_facts.py), so a challenge or a label can weigh a competence.

A KPI exists for every competence a published (or since archived) assessment measures: it is
created with the competence's name, which head office may change like any KPI's. The fact is
the person's score on the competence (the share of its questions they got right, in %), at
their point of sale, on the day of the result; two results the same day count as their
average. A KPI of averages: a zone's or a month's figure is the average of its people's
scores, each result once.
"""

import datetime as dt
from typing import Any

from django.db.models import Avg, F, Min, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from kpis.models import Aggregation
from kpis.services.computed import ComputedKpi, FactQuery, FactRange
from network_animation.models import Tenant

from .kpi_facts import local_midnight
from .models import Assessment, AssessmentQuestion, Competence, CompetenceResult
from .models.competences import NAME_MAX

CODE = "learning_competence_{}"


def competence_code(competence_id: int) -> str:
    return CODE.format(competence_id)


def _measured(tenant: Tenant) -> QuerySet[Competence]:
    asked = AssessmentQuestion.objects.filter(tenant=tenant).exclude(
        assessment__status=Assessment.Status.DRAFT
    )
    return Competence.objects.filter(tenant=tenant, pk__in=asked.values("competence_id"))


def named(prefix: str, name: str) -> str:
    return f"{prefix}{name}"[:NAME_MAX]


def _scores(tenant: Tenant, competence_id: int, days: FactRange) -> QuerySet[Any]:
    """The person's average score on the competence, by person (at a point of sale) and day."""
    return (
        CompetenceResult.objects.filter(
            tenant=tenant,
            competence_id=competence_id,
            membership__point_of_sale__isnull=False,
            assessed_at__gte=local_midnight(days.start),
            assessed_at__lt=local_midnight(days.end + dt.timedelta(days=1)),
        )
        .order_by()
        .values(
            fact_point_of_sale=F("membership__point_of_sale_id"),
            fact_person=F("membership_id"),
            fact_date=TruncDate("assessed_at"),
        )
        .annotate(fact_value=Avg("score"))
    )


class AssessmentFacts:
    """The producer of assessment scores (registered in MicrolearningConfig.ready)."""

    name: str = "learning_assessments"
    kpis: tuple[ComputedKpi, ...] = ()  # per tenant: kpis_for

    def kpis_for(self, *, tenant: Tenant) -> tuple[ComputedKpi, ...]:
        return tuple(
            ComputedKpi(
                competence_code(competence.pk),
                named("Évaluation\u00a0: ", competence.name_fr or competence.name_en),
                named("Assessment: ", competence.name_en or competence.name_fr),
                unit="%",
                aggregation=Aggregation.AVERAGE,
                # One per measured competence, a dozen per brand: head office chooses which
                # ones its dashboards show (the facts and rollups are kept either way).
                active=False,
            )
            for competence in _measured(tenant).order_by("pk")
        )

    def fact_queries(self, *, tenant: Tenant, days: FactRange) -> list[FactQuery]:
        return [
            FactQuery.of(competence_code(pk), _scores(tenant, pk, days))
            for pk in _measured(tenant).order_by("pk").values_list("pk", flat=True)
        ]

    def changed_since(self, *, tenant: Tenant, since: dt.datetime) -> dt.date | None:
        """Results are written once, when an attempt ends: only days from the last run's on
        can have new ones."""
        return timezone.localdate(since)

    def first_day(self, *, tenant: Tenant) -> dt.date | None:
        first = CompetenceResult.objects.filter(tenant=tenant).aggregate(first=Min("assessed_at"))
        return timezone.localdate(first["first"]) if first["first"] else None
