"""Certifications obtained as KPI facts, one KPI per certification (`learning_certification_<id>`,
"Certifications obtained: <its name>"), written each night by the platform
(kpis/services/computed.py) beside learning's other figures, so that a challenge rewards the
certifications obtained in its period like any KPI, and a dashboard or a label counts them.

The fact is 1 for a person, at their point of sale, on the day they became certified: the first
day of an award that continues none of theirs (no earlier award of the same certification still
running that day, its last day excluded: `expires_on` is the first day without it). An award
granted while they held the certification is a renewal or a retake of the assessment, not a new
certification, so taking the assessment again earns nothing more (no farming). A KPI of sums: a
zone's figure is its people's certifications obtained.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, QuerySet
from django.utils import timezone

from kpis.services.computed import ComputedKpi, FactQuery, FactRange
from network_animation.models import Tenant

from .kpi_assessment_facts import named
from .models import Certification, CertificationAward

CODE = "learning_certification_{}"


def certification_code(certification_id: int) -> str:
    return CODE.format(certification_id)


def certifications_obtained(tenant: Tenant) -> QuerySet[CertificationAward]:
    """The awards that made their person certified (each continues no earlier one of theirs)."""
    continued = CertificationAward.objects.filter(
        tenant=tenant,
        certification_id=OuterRef("certification_id"),
        membership_id=OuterRef("membership_id"),
        granted_on__lt=OuterRef("granted_on"),
        expires_on__gte=OuterRef("granted_on"),
    )
    return CertificationAward.objects.filter(tenant=tenant).filter(~Exists(continued))


def _obtained(tenant: Tenant, certification_id: int, days: FactRange) -> QuerySet[Any]:
    return (
        certifications_obtained(tenant)
        .filter(
            certification_id=certification_id,
            membership__point_of_sale__isnull=False,
            granted_on__gte=days.start,
            granted_on__lte=min(days.end, days.today),
        )
        .order_by()
        .values(
            fact_point_of_sale=F("membership__point_of_sale_id"),
            fact_person=F("membership_id"),
            fact_date=F("granted_on"),
        )
        .annotate(fact_value=Count("pk"))
    )


class CertificationFacts:
    """The producer of certifications obtained (registered in MicrolearningConfig.ready)."""

    name: str = "learning_certifications"
    kpis: tuple[ComputedKpi, ...] = ()  # per tenant: kpis_for

    def _certifications(self, tenant: Tenant) -> QuerySet[Certification]:
        # A certification switched off keeps its KPI: past challenges and labels read it.
        return Certification.objects.filter(tenant=tenant).order_by("pk")

    def applies_to(self, *, tenant: Tenant) -> bool:
        return self._certifications(tenant).exists()

    def kpis_for(self, *, tenant: Tenant) -> tuple[ComputedKpi, ...]:
        return tuple(
            ComputedKpi(
                certification_code(certification.pk),
                named(
                    "Certifications obtenues\u00a0: ",
                    certification.name_fr or certification.name_en,
                ),
                named("Certifications obtained: ", certification.name_en or certification.name_fr),
                # No unit: a word would be English on a French page ("3 people").
                # One KPI per certification: created inactive, as the assessments' are, so no
                # dealer's page opens on it; head office turns on those it wants shown and
                # offered to challenges (the launch offers the active KPIs).
                active=False,
            )
            for certification in self._certifications(tenant)
        )

    def fact_queries(self, *, tenant: Tenant, days: FactRange) -> list[FactQuery]:
        return [
            FactQuery.of(certification_code(pk), _obtained(tenant, pk, days))
            for pk in self._certifications(tenant).values_list("pk", flat=True)
        ]

    def changed_since(self, *, tenant: Tenant, since: dt.datetime) -> dt.date | None:
        """Awards written since then, from their first day (the grant job certifies those who
        met a new certification already, from their results' days) and whatever follows it (an
        award may make a later one a continuation)."""
        first = CertificationAward.objects.filter(tenant=tenant, created_at__gte=since).aggregate(
            first=Min("granted_on")
        )["first"]
        day = timezone.localdate(since)
        return min(day, first) if first else day

    def first_day(self, *, tenant: Tenant) -> dt.date | None:
        first: dt.date | None = CertificationAward.objects.filter(tenant=tenant).aggregate(
            first=Min("granted_on")
        )["first"]
        return first
