"""Visit and campaign scores as KPI facts (kpis/services/computed.py), per point of sale and
date, so dashboards, challenges and labels read them like any KPI.

For each of field visits, mystery visits and customer surveys, three KPIs: the scores' points
(their sum), the number of visits (or survey results), and the score, a ratio of the two. A
ratio of sums, so a point of sale's month, a zone or a region gets the average of its visits,
not an average of averages."""

import datetime as dt
from typing import Any

from django.db.models import Count, F, IntegerField, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast

from kpis.models import Aggregation, KpiDefinition
from kpis.services.computed import ComputedKpi, FactQuery, FactRange
from network_animation.models import Tenant

from ..models import CampaignKind, SurveyResult, Visit

PRODUCER = "visits"
VISIT_POINTS = "visit_score_points"
VISITS_DONE = "visits_done"
VISIT_SCORE = "visit_score"
MYSTERY_POINTS = "mystery_visit_score_points"
MYSTERY_VISITS = "mystery_visits"
MYSTERY_SCORE = "mystery_visit_score"
SURVEY_POINTS = "customer_survey_score_points"
SURVEYS = "customer_surveys"
SURVEY_SCORE = "customer_survey_score"
# Campaign kind -> (points, count) codes.
CAMPAIGN_CODES = {
    CampaignKind.MYSTERY_VISIT: (MYSTERY_POINTS, MYSTERY_VISITS),
    CampaignKind.CUSTOMER_SURVEY: (SURVEY_POINTS, SURVEYS),
}


def _score(code: str, name_fr: str, name_en: str, points: str, count: str) -> ComputedKpi:
    return ComputedKpi(
        code,
        name_fr,
        name_en,
        unit="/100",
        aggregation=Aggregation.RATIO,
        numerator=points,
        denominator=count,
        decimals=1,
    )


# The points and counts are the scores' parts: kept for the ratios, the challenges and the
# exports, created inactive so no dashboard shows a sum of scores (head office may turn one on).
KPIS: tuple[ComputedKpi, ...] = (
    ComputedKpi(
        VISIT_POINTS, "Points des visites terrain", "Field visit points", unit="pts", active=False
    ),
    ComputedKpi(VISITS_DONE, "Visites terrain", "Field visits", active=False),
    _score(VISIT_SCORE, "Score de visite terrain", "Field visit score", VISIT_POINTS, VISITS_DONE),
    ComputedKpi(
        MYSTERY_POINTS,
        "Points des visites mystère",
        "Mystery visit points",
        unit="pts",
        active=False,
    ),
    ComputedKpi(MYSTERY_VISITS, "Visites mystère", "Mystery visits", active=False),
    _score(
        MYSTERY_SCORE,
        "Score de visite mystère",
        "Mystery visit score",
        MYSTERY_POINTS,
        MYSTERY_VISITS,
    ),
    ComputedKpi(
        SURVEY_POINTS,
        "Points des enquêtes clients",
        "Customer survey points",
        unit="pts",
        active=False,
    ),
    ComputedKpi(SURVEYS, "Enquêtes clients", "Customer surveys", active=False),
    _score(SURVEY_SCORE, "Score d’enquête client", "Customer survey score", SURVEY_POINTS, SURVEYS),
)


def _by_point_and_day(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """FACT_COLUMNS but the value: a point of sale's totals (no person), by day."""
    return queryset.order_by().values(
        fact_point_of_sale=F("point_of_sale_id"),
        fact_person=Cast(Value(None), IntegerField()),
        fact_date=F("date"),
    )


def _pair(points: str, count: str, rows: QuerySet[Any]) -> list[FactQuery]:
    grouped = _by_point_and_day(rows)
    return [
        FactQuery.of(points, grouped.annotate(fact_value=Sum("score"))),
        FactQuery.of(count, grouped.annotate(fact_value=Count("pk"))),
    ]


class VisitFacts:
    """The producer of the visits' facts (registered in ChallengesConfig.ready)."""

    name: str = PRODUCER
    kpis: tuple[ComputedKpi, ...] = KPIS

    def applies_to(self, *, tenant: Tenant) -> bool:
        """The tenant's KPIs exist once it has a grid or a campaign: the night writes nothing
        for a brand that does not use visits."""
        return KpiDefinition.objects.filter(tenant=tenant, producer=PRODUCER).exists()

    def fact_queries(self, *, tenant: Tenant, days: FactRange) -> list[FactQuery]:
        dated = Q(date__gte=days.start, date__lte=min(days.end, days.today))
        queries = _pair(VISIT_POINTS, VISITS_DONE, Visit.objects.filter(dated, tenant=tenant))
        for kind, (points, count) in CAMPAIGN_CODES.items():
            results = SurveyResult.objects.filter(dated, tenant=tenant, campaign__kind=kind)
            queries += _pair(points, count, results)
        return queries

    def changed_since(self, *, tenant: Tenant, since: dt.datetime) -> dt.date | None:
        """The earliest date of a visit or a result written since (a visit moved to another
        day rewrites the day it left at once: services/visits.py)."""
        firsts = [
            Visit.objects.filter(tenant=tenant, updated_at__gte=since).aggregate(d=Min("date")),
            SurveyResult.objects.filter(tenant=tenant, updated_at__gte=since).aggregate(
                d=Min("date")
            ),
        ]
        days = [first["d"] for first in firsts if first["d"] is not None]
        return min(days) if days else None

    def first_day(self, *, tenant: Tenant) -> dt.date | None:
        firsts = [
            Visit.objects.filter(tenant=tenant).aggregate(d=Min("date"))["d"],
            SurveyResult.objects.filter(tenant=tenant).aggregate(d=Min("date"))["d"],
        ]
        days = [day for day in firsts if day is not None]
        return min(days) if days else None


VISIT_FACTS = VisitFacts()
