# ruff: noqa: S608  # EXPECTED_REVIEW_DAYS: constants and compiled querysets; values are parameters
"""Learning's KPI facts, written each night by the platform (kpis/services/computed.py), per
person and dated, at the person's point of sale (people without one, head office or animators,
have none): so dashboards, challenges and labels weigh training beside sales.

- **Modules due** (`learning_modules_due`): the modules assigned to the person, counted on their
  due date once it has passed (an enrolment is one module; today's are counted tomorrow).
- **Modules due, done** (`learning_modules_due_done`): those of them the person has finished,
  whenever they did (as the zone page's "done": finished once, passed or not).
- **Training completion rate** (`learning_completion_rate`): a ratio of the two, in %. A ratio of
  sums, so a zone's or a region's rate is its modules done over its modules due, not an average
  of its people's rates; for a month: of the modules due that month, the share done by now.
- **Modules completed** (`learning_modules_completed`): modules passed, counted on the day a
  module was first finished with its pass mark; taking it again adds nothing (no farming), so a
  challenge on it counts new learning only.
- **Review days** (`learning_review_days`): days the person answered their daily review.
- **Review days expected** (`learning_review_days_expected`): the days that count for the
  regularity, as the streak counts them (microlearning/spacing.py): a day with a review, and a
  working day (not a Sunday, not a declared day off) when a card was waiting to be reviewed. A
  day with nothing due cannot be reviewed, so it is not expected.
- **Review regularity** (`learning_review_regularity`): review days over expected days, in %:
  100 % when the streak never broke. Review days are counted once the day is over.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, Expression, F, Min, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from kpis.aggregation import kpi_rollups_refresh
from kpis.models import Aggregation
from kpis.services.computed import (
    DAYS_TABLE,
    ComputedKpi,
    FactQuery,
    FactRange,
    computed_facts_refresh,
)
from network_animation.models import Tenant

from .models import Enrolment, Progress, ReviewAnswer, ReviewCard
from .spacing import SUNDAY

DUE = "learning_modules_due"
DUE_DONE = "learning_modules_due_done"
COMPLETION_RATE = "learning_completion_rate"
COMPLETED = "learning_modules_completed"
REVIEW_DAYS = "learning_review_days"
REVIEW_DAYS_EXPECTED = "learning_review_days_expected"
REVIEW_REGULARITY = "learning_review_regularity"

# The ratios' parts are created inactive: no dashboard shows "review days expected" (head office
# may turn one on); the challenges and the exports read them all the same.
KPIS: tuple[ComputedKpi, ...] = (
    ComputedKpi(DUE, "Modules à échéance", "Modules due", unit="modules", active=False),
    ComputedKpi(
        DUE_DONE, "Modules à échéance faits", "Modules due, done", unit="modules", active=False
    ),
    ComputedKpi(
        COMPLETION_RATE,
        "Taux de réalisation des formations",
        "Training completion rate",
        unit="%",
        aggregation=Aggregation.RATIO,
        numerator=DUE_DONE,
        denominator=DUE,
        multiplier=100.0,
    ),
    ComputedKpi(COMPLETED, "Modules terminés", "Modules completed", unit="modules"),
    ComputedKpi(REVIEW_DAYS, "Jours de révision", "Review days", active=False),
    ComputedKpi(
        REVIEW_DAYS_EXPECTED, "Jours de révision attendus", "Review days expected", active=False
    ),
    ComputedKpi(
        REVIEW_REGULARITY,
        "Régularité des révisions",
        "Review regularity",
        unit="%",
        aggregation=Aggregation.RATIO,
        numerator=REVIEW_DAYS,
        denominator=REVIEW_DAYS_EXPECTED,
        multiplier=100.0,
    ),
)


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _by_person_and_day(queryset: QuerySet[Any], day: Expression | F) -> QuerySet[Any]:
    """The rows of people with a point of sale, grouped by person and day (FACT_COLUMNS but
    the value, which the caller annotates)."""
    return (
        queryset.filter(membership__point_of_sale__isnull=False)
        .order_by()
        .values(
            fact_point_of_sale=F("membership__point_of_sale_id"),
            fact_person=F("membership_id"),
            fact_date=day,
        )
    )


def _due(tenant: Tenant, start: dt.date, end: dt.date) -> QuerySet[Any]:
    """The enrolments due from `start` to `end`, by person and due date."""
    return _by_person_and_day(
        Enrolment.objects.filter(
            tenant=tenant, assignment__due_on__gte=start, assignment__due_on__lte=end
        ),
        F("assignment__due_on"),
    )


def _passed(tenant: Tenant, start: dt.date, end: dt.date) -> QuerySet[Any]:
    """The modules first passed from `start` to `end` (local days), counted by person and day."""
    return _by_person_and_day(
        Progress.objects.filter(
            tenant=tenant,
            passed_at__gte=local_midnight(start),
            passed_at__lt=local_midnight(end + dt.timedelta(days=1)),
        ),
        TruncDate("passed_at"),
    ).annotate(fact_value=Count("pk"))


class LearningFacts:
    """The producer of learning's facts (registered in MicrolearningConfig.ready)."""

    name: str = "learning"
    kpis: tuple[ComputedKpi, ...] = KPIS

    def fact_queries(self, *, tenant: Tenant, days: FactRange) -> list[FactQuery]:
        # Due dates and review days are counted once the day is over.
        until_yesterday = min(days.end, days.today - dt.timedelta(days=1))
        due = _due(tenant, days.start, until_yesterday)
        done = Progress.objects.filter(
            tenant=tenant,
            membership_id=OuterRef("membership_id"),
            module_id=OuterRef("assignment__module_id"),
            times_completed__gt=0,
        )
        reviewed = _by_person_and_day(
            ReviewAnswer.objects.filter(
                tenant=tenant, day__gte=days.start, day__lte=until_yesterday
            ),
            F("day"),
        )
        return [
            FactQuery.of(DUE, due.annotate(fact_value=Count("pk"))),
            FactQuery.of(DUE_DONE, due.filter(Exists(done)).annotate(fact_value=Count("pk"))),
            FactQuery.of(COMPLETED, _passed(tenant, days.start, days.end)),
            FactQuery.of(REVIEW_DAYS, reviewed.annotate(fact_value=Count("day", distinct=True))),
            _expected_review_days(tenant, days.start, until_yesterday, days.today),
        ]

    def changed_since(self, *, tenant: Tenant, since: dt.datetime) -> dt.date | None:
        """Reviews, days off and passes change days from the last run's on; a module finished
        or assigned since changes its due date's facts, however old."""
        finished = Progress.objects.filter(
            tenant=tenant,
            membership_id=OuterRef("membership_id"),
            module_id=OuterRef("assignment__module_id"),
            completed_at__gte=since,
        )
        earliest_due = (
            Enrolment.objects.filter(tenant=tenant)
            .filter(Exists(finished) | Q(enrolled_at__gte=since))
            .aggregate(first=Min("assignment__due_on"))["first"]
        )
        day = timezone.localdate(since)
        return min(day, earliest_due) if earliest_due else day

    def first_day(self, *, tenant: Tenant) -> dt.date | None:
        firsts = [
            Enrolment.objects.filter(tenant=tenant).aggregate(first=Min("assignment__due_on")),
            ReviewCard.objects.filter(tenant=tenant).aggregate(first=Min("first_due")),
            ReviewAnswer.objects.filter(tenant=tenant).aggregate(first=Min("day")),
            Progress.objects.filter(tenant=tenant).aggregate(first=Min("passed_at")),
        ]
        days = [
            timezone.localdate(value) if isinstance(value, dt.datetime) else value
            for value in (first["first"] for first in firsts)
            if value is not None
        ]
        return min(days) if days else None


# The waits of each card: from the day it fell due (its first due date, then the date each
# answer set) to the day before its next answer, or to yesterday. LEAD over each card's events
# in time order; the days of the range the run writes come from the writer's DAYS_TABLE.
# Composed from constants and compiled querysets; values are parameters.
EXPECTED_REVIEW_DAYS = f"""
WITH events AS (
    SELECT c.ev_card, c.ev_person, c.ev_at, 0 AS ev_order, c.ev_due, c.ev_day FROM ({{cards}}) c
    UNION ALL
    SELECT a.ev_card, a.ev_person, a.ev_at, a.ev_order, a.ev_due, a.ev_day FROM ({{answers}}) a
),
waits AS (
    SELECT ev_person AS person, ev_due AS first_day,
           LEAD(ev_day) OVER (PARTITION BY ev_card ORDER BY ev_at, ev_order) AS answered_day
    FROM events
),
expected AS (
    SELECT w.person, d.day
    FROM waits w
    JOIN {DAYS_TABLE} d ON d.day >= w.first_day AND d.day < COALESCE(w.answered_day, %s)
    WHERE w.first_day IS NOT NULL AND d.weekday <> {SUNDAY} AND d.day >= %s AND d.day <= %s
      AND NOT EXISTS (
        SELECT 1 FROM microlearning_dayoff o
        WHERE o.tenant_id = %s AND o.membership_id = w.person AND o.day = d.day
      )
    UNION
    SELECT r.membership_id, r.day FROM microlearning_reviewanswer r
    WHERE r.tenant_id = %s AND r.day >= %s AND r.day <= %s
)
SELECT m.point_of_sale_id AS fact_point_of_sale, e.person AS fact_person,
       e.day AS fact_date, 1 AS fact_value
FROM expected e JOIN network_animation_membership m ON m.id = e.person
WHERE m.point_of_sale_id IS NOT NULL
"""


def _expected_review_days(
    tenant: Tenant, start: dt.date, end: dt.date, today: dt.date
) -> FactQuery:
    cards = (
        ReviewCard.objects.filter(tenant=tenant)
        .order_by()
        .values(
            ev_card=F("pk"),
            ev_person=F("membership_id"),
            ev_at=F("created_at"),
            ev_due=TruncDate("first_due"),
            ev_day=TruncDate("created_at"),
        )
    )
    answers = (
        ReviewAnswer.objects.filter(tenant=tenant)
        .order_by()
        .values(
            ev_card=F("card_id"),
            ev_person=F("membership_id"),
            ev_at=F("created_at"),
            ev_order=F("pk"),
            ev_due=TruncDate("due_after"),
            ev_day=TruncDate("created_at"),
        )
    )
    cards_sql, cards_params = cards.query.sql_with_params()
    answers_sql, answers_params = answers.query.sql_with_params()
    days = [start.isoformat(), end.isoformat()]
    return FactQuery(
        REVIEW_DAYS_EXPECTED,
        EXPECTED_REVIEW_DAYS.format(cards=cards_sql, answers=answers_sql),
        [
            *cards_params,
            *answers_params,
            today.isoformat(),
            *days,
            tenant.pk,
            tenant.pk,
            *days,
        ],
    )


def learning_kpi_demo_seed(*, tenant: Tenant, **_: object) -> None:
    """The demo's learning as KPI facts (after learning's own seeder), rolled up, as the
    nightly chain would: the dashboards show them from the start."""
    from .kpi_assessment_facts import AssessmentFacts
    from .kpi_certification_facts import CertificationFacts

    computed_facts_refresh(tenant=tenant, producer=LearningFacts(), full=True)
    computed_facts_refresh(tenant=tenant, producer=AssessmentFacts(), full=True)
    computed_facts_refresh(tenant=tenant, producer=CertificationFacts(), full=True)
    kpi_rollups_refresh(tenant=tenant)
