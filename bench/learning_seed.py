"""A year of learning for the large tenant, written in bulk (PostgreSQL), for the nightly
computed-KPI step's figures (bench/tasks.py `computed-kpis`), and that step's floor.

The modules are written by the platform's services (authored and published by head office, as
the demo's are); what people did with them over the year is written by set-based SQL with the
columns the services leave: twelve monthly assignments to every person with a point of sale,
each person's progress in about half the modules (most finished, most of those passed), a
review card for about one quiz question in five, answered every six days or so since, and ten
days off each. `setseed` makes it the same data at every run.
"""

# ruff: noqa: S608  # composed from this module's constants; values are parameters
from dataclasses import dataclass
from typing import Any

from django.db import connection

from network_animation.models import Membership, Role, Tenant

MODULES = 50
ASSIGNMENTS = 12
PEOPLE = 5_000  # with a point of sale: the seeding's managers, then staff spread over them

SEED_SQL = [
    "SELECT setseed(0.42)",
    """
    CREATE TEMPORARY TABLE bench_people AS
    SELECT id, point_of_sale_id FROM network_animation_membership
    WHERE tenant_id = %(tenant)s AND point_of_sale_id IS NOT NULL
    """,
    """
    INSERT INTO microlearning_assignment
        (tenant_id, module_id, audience, point_of_sale_id, due_on, created_by_id, created_at)
    SELECT %(tenant)s, m.id, '{}'::jsonb, NULL, %(today)s::date - 365 + 30 * m.n::int, NULL,
           (%(today)s::date - 395 + 30 * m.n::int)::timestamptz
    FROM (
        SELECT id, row_number() OVER (ORDER BY id) AS n FROM microlearning_module
        WHERE tenant_id = %(tenant)s AND status = 'published' ORDER BY id LIMIT %(assignments)s
    ) m
    """,
    """
    INSERT INTO microlearning_enrolment (tenant_id, assignment_id, membership_id, enrolled_at)
    SELECT %(tenant)s, a.id, p.id, a.created_at
    FROM microlearning_assignment a CROSS JOIN bench_people p
    WHERE a.tenant_id = %(tenant)s
    ON CONFLICT DO NOTHING
    """,
    """
    INSERT INTO microlearning_progress
        (tenant_id, membership_id, module_id, version_id, position, run, started_at,
         last_step_at, completed_at, times_completed, seconds_spent, last_score, best_score,
         points_earned, passed_at)
    SELECT %(tenant)s, x.person, x.module, x.version, 0, 1, x.at, x.at,
           CASE WHEN x.finished THEN x.at END, CASE WHEN x.finished THEN 1 ELSE 0 END, 300,
           80, 80, 10, CASE WHEN x.finished AND x.passed THEN x.at END
    FROM (
        SELECT p.id AS person, m.id AS module, m.published_id AS version,
               now() - random() * interval '365 days' AS at,
               random() < 0.8 AS finished, random() < 0.8 AS passed, random() AS drawn
        FROM bench_people p CROSS JOIN microlearning_module m
        WHERE m.tenant_id = %(tenant)s AND m.published_id IS NOT NULL
    ) x
    WHERE x.drawn < 0.5
    ON CONFLICT DO NOTHING
    """,
    """
    INSERT INTO microlearning_reviewcard
        (tenant_id, membership_id, step_id, state, due, first_due, reviews, lapses, created_at)
    SELECT %(tenant)s, x.person, x.step, '{}'::jsonb, now(), x.at + interval '1 day', 0, 0, x.at
    FROM (
        SELECT p.id AS person, s.id AS step, now() - random() * interval '365 days' AS at,
               random() AS drawn
        FROM bench_people p CROSS JOIN microlearning_step s
        WHERE s.tenant_id = %(tenant)s AND s.kind = 'quiz'
    ) x
    WHERE x.drawn < 0.2
    ON CONFLICT DO NOTHING
    """,
    """
    INSERT INTO microlearning_reviewanswer
        (tenant_id, card_id, membership_id, day, chosen, correct, seconds, due_after, created_at)
    SELECT %(tenant)s, x.card, x.person, (x.at AT TIME ZONE %(zone)s)::date, '[]'::jsonb,
           random() < 0.8, 30, x.at + interval '5 days', x.at
    FROM (
        SELECT c.id AS card, c.membership_id AS person,
               c.created_at + k * interval '6 days' + random() * interval '10 hours' AS at
        FROM microlearning_reviewcard c CROSS JOIN generate_series(1, 8) AS k
        WHERE c.tenant_id = %(tenant)s
    ) x
    WHERE x.at < now()
    """,
    """
    INSERT INTO microlearning_dayoff (tenant_id, membership_id, day)
    SELECT %(tenant)s, p.id, %(today)s::date - (random() * 365)::int
    FROM bench_people p CROSS JOIN generate_series(1, 10)
    ON CONFLICT DO NOTHING
    """,
    "DROP TABLE bench_people",
    "ANALYZE",
]


@dataclass(frozen=True)
class LearningSeeded:
    modules: int
    people: int
    progress: int
    cards: int
    answers: int


def learning_seed(
    *, tenant: Tenant, today_iso: str, zone: str, people: int = PEOPLE, modules: int = MODULES
) -> LearningSeeded:
    """The people and modules (up to those counts), then a year of learning; once."""
    from microlearning.models import Module, Progress, ReviewAnswer, ReviewCard

    if not Progress.objects.filter(tenant=tenant, module__title_fr__startswith="Banc").exists():
        _people(tenant, people)
        _modules(tenant, modules - Module.objects.filter(tenant=tenant).count())
        params: dict[str, Any] = {
            "tenant": tenant.pk,
            "today": today_iso,
            "assignments": ASSIGNMENTS,
            "zone": zone,
        }
        with connection.cursor() as cursor:
            for statement in SEED_SQL:
                cursor.execute(statement, params)
    return LearningSeeded(
        modules=Module.objects.filter(tenant=tenant).count(),
        people=Membership.objects.filter(tenant=tenant, point_of_sale__isnull=False).count(),
        progress=Progress.objects.filter(tenant=tenant).count(),
        cards=ReviewCard.objects.filter(tenant=tenant).count(),
        answers=ReviewAnswer.objects.filter(tenant=tenant).count(),
    )


def _people(tenant: Tenant, count: int) -> None:
    """Staff members (accounts that cannot sign in) until the points of sale have `count`
    people, spread over them in turn."""
    from network_animation.models import PointOfSale, User

    missing = count - Membership.objects.filter(tenant=tenant, point_of_sale__isnull=False).count()
    points = list(
        PointOfSale.objects.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True)
    )
    if missing <= 0 or not points:
        return
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-{tenant.pk}-{n}",
                email=f"bench-{tenant.pk}-{n}@bench.example",
                password="!",  # noqa: S106  # an unusable password: no sign-in
            )
            for n in range(missing)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                tenant=tenant,
                user=user,
                role=Role.POS_STAFF,
                point_of_sale_id=points[n % len(points)],
            )
            for n, user in enumerate(users)
        ]
    )


def _modules(tenant: Tenant, count: int) -> None:
    """Modules of a text and two quiz questions, written and published by head office."""
    from microlearning.models import Step
    from microlearning.services import (
        ChoiceData,
        ModuleData,
        StepData,
        module_create,
        module_publish,
        step_add,
    )

    author = Membership.objects.filter(tenant=tenant, role=Role.HEAD_OFFICE).order_by("pk").first()
    if author is None:
        return
    for n in range(count):
        module = module_create(
            tenant=tenant, actor=author, data=ModuleData(title_fr=f"Banc {n + 1}")
        )
        step_add(
            tenant=tenant,
            actor=author,
            module=module,
            data=StepData(kind=Step.Kind.TEXT, body_fr="Le client d’abord."),
        )
        for question in ("Premier ?", "Second ?"):
            choices = [ChoiceData(text_fr="Oui", is_correct=True), ChoiceData(text_fr="Non")]
            step_add(
                tenant=tenant,
                actor=author,
                module=module,
                data=StepData(kind=Step.Kind.QUIZ, body_fr=question, choices=choices),
            )
        module_publish(tenant=tenant, actor=author, module=module)


# The floor: the same facts as learning's producer writes on a full rebuild, by one INSERT ...
# SELECT written by hand for PostgreSQL: each card's waiting days by an integer generate_series
# (dates plus whole days, no timestamps), Sundays by arithmetic, days off by an anti-join.
COMPUTED_KPIS_FLOOR = """
INSERT INTO kpis_kpifact (tenant_id, point_of_sale_id, person_id, kpi_id, date, value)
WITH due AS (
    SELECT e.membership_id AS person, a.due_on AS day, a.module_id AS module
    FROM microlearning_enrolment e JOIN microlearning_assignment a ON a.id = e.assignment_id
    WHERE e.tenant_id = %(tenant)s AND a.due_on < %(today)s
),
events AS (
    SELECT id AS card, membership_id AS person, created_at AS at, 0 AS ord, first_due AS due
    FROM microlearning_reviewcard WHERE tenant_id = %(tenant)s
    UNION ALL
    SELECT card_id, membership_id, created_at, id, due_after
    FROM microlearning_reviewanswer WHERE tenant_id = %(tenant)s
),
waits AS (
    SELECT person, (due AT TIME ZONE %(zone)s)::date AS first_day,
           COALESCE((LEAD(at) OVER (PARTITION BY card ORDER BY at, ord)
                     AT TIME ZONE %(zone)s)::date, %(today)s) AS until_day
    FROM events
),
reviewed AS (
    SELECT DISTINCT membership_id AS person, day FROM microlearning_reviewanswer
    WHERE tenant_id = %(tenant)s AND day < %(today)s
),
expected AS (
    SELECT w.person, s.day
    FROM waits w
    CROSS JOIN LATERAL (
        SELECT w.first_day + k AS day FROM generate_series(0, w.until_day - w.first_day - 1) k
    ) s
    WHERE w.first_day IS NOT NULL AND (s.day - DATE '2000-01-02') %% 7 <> 0  -- not a Sunday
      AND NOT EXISTS (
        SELECT 1 FROM microlearning_dayoff o
        WHERE o.tenant_id = %(tenant)s AND o.membership_id = w.person AND o.day = s.day
      )
    UNION
    SELECT person, day FROM reviewed
)
SELECT %(tenant)s, m.point_of_sale_id, f.person, f.kpi, f.day, f.value
FROM (
    SELECT person, %(due)s AS kpi, day, count(*) AS value FROM due GROUP BY person, day
    UNION ALL
    SELECT d.person, %(due_done)s, d.day, count(*) FROM due d
    WHERE EXISTS (
        SELECT 1 FROM microlearning_progress g
        WHERE g.tenant_id = %(tenant)s AND g.membership_id = d.person AND g.module_id = d.module
          AND g.times_completed > 0
    )
    GROUP BY d.person, d.day
    UNION ALL
    SELECT membership_id, %(completed)s, (passed_at AT TIME ZONE %(zone)s)::date, count(*)
    FROM microlearning_progress WHERE tenant_id = %(tenant)s AND passed_at IS NOT NULL
    GROUP BY 1, 3
    UNION ALL
    SELECT person, %(review_days)s, day, 1 FROM reviewed
    UNION ALL
    SELECT person, %(expected)s, day, 1 FROM expected
) f
JOIN network_animation_membership m ON m.id = f.person
WHERE m.point_of_sale_id IS NOT NULL
"""
