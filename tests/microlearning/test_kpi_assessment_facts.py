"""Assessment scores as KPI facts, one KPI per competence measured: the facts equal a reference
computed here in plain Python over random results; an incremental run equals a full rebuild;
running twice changes nothing; a competence measured only by a draft has no KPI; a zone's
figure is the average of its people's scores; another tenant's results stay its own."""

import datetime as dt
import random
from collections import defaultdict

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpis.aggregation import kpi_rollups_refresh
from kpis.models import Aggregation, KpiDefinition, KpiFact, KpiRollup, RollupLevel, RollupPeriod
from kpis.services.computed import computed_facts_refresh
from microlearning.kpi_assessment_facts import AssessmentFacts, competence_code
from microlearning.models import AssessmentAttempt, CompetenceResult
from network_animation.models import Membership
from network_animation.tenancy import tenant_scope

from .factories import four_learners, make_assessment, make_competence, make_scale
from .test_kpi_facts import Rollback

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 18)
NOW = dt.datetime(2026, 3, 18, 1, 30, tzinfo=dt.UTC)  # the nightly run: 2:30 in Paris
PRODUCER = AssessmentFacts()

Facts = dict[tuple[str, int, int, dt.date], float]  # (code, point of sale, person, day): value


@pytest.fixture
def assessed(network_a):
    """Two competences measured by a published assessment, a third by a draft only; four
    people: the point of sale's manager and staff, one at the other point of sale, and head
    office (no point of sale: no facts)."""
    levels = make_scale(network_a)
    measured = [make_competence(network_a, "Vente"), make_competence(network_a, "Relation")]
    draft_only = make_competence(network_a, "Après-vente")
    assessment = make_assessment(network_a, measured)
    make_assessment(network_a, [draft_only], publish=False, title_fr="Brouillon")
    people = four_learners(network_a)
    return {
        "network": network_a,
        "levels": levels,
        "measured": measured,
        "draft_only": draft_only,
        "assessment": assessment,
        "people": people,
    }


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment of that day, Paris time: late evenings are the next day in UTC."""
    moment = dt.datetime.combine(day, dt.time(rng.choice([8, 12, 18, 23]), rng.randrange(60)))
    return timezone.make_aware(moment)


def result(assessed, person: Membership, competence, when: dt.datetime, score: int) -> None:
    tenant = assessed["network"].tenant
    attempt = AssessmentAttempt.objects.create(
        tenant=tenant,
        assessment=assessed["assessment"],
        membership=person,
        started_at=when,
        submitted_at=when,
        score=score,
    )
    level = next(level for level in reversed(assessed["levels"]) if score >= level.min_score)
    CompetenceResult.objects.create(
        tenant=tenant,
        membership=person,
        competence=competence,
        attempt=attempt,
        score=score,
        level=level,
        assessed_at=when,
    )


def seed(assessed, rng: random.Random, days_back: int = 40) -> None:
    """Random results over the last `days_back` days, some people twice the same day."""
    for person in assessed["people"]:
        for competence in assessed["measured"]:
            for _ in range(rng.randint(0, 3)):
                day = TODAY - dt.timedelta(rng.randint(0, days_back))
                for _again in range(rng.choice([1, 1, 2])):
                    result(assessed, person, competence, _at(day, rng), rng.choice([0, 50, 100]))


def reference(tenant) -> Facts:
    """The person's average score on each competence per local day, at their point of sale."""
    point = dict(Membership.objects.filter(tenant=tenant).values_list("pk", "point_of_sale_id"))
    scores: dict[tuple[str, int, dt.date], list[int]] = defaultdict(list)
    for row in CompetenceResult.objects.filter(tenant=tenant):
        key = (competence_code(row.competence_id), row.membership_id)
        scores[(*key, timezone.localdate(row.assessed_at))].append(row.score)
    return {
        (code, point[person], person, day): round(sum(values) / len(values), 6)
        for (code, person, day), values in scores.items()
        if point[person] is not None
    }


def written(tenant) -> Facts:
    codes = dict(KpiDefinition.objects.filter(tenant=tenant).values_list("pk", "code"))
    return {
        (codes[f.kpi_id], f.point_of_sale_id, f.person_id, f.date): round(f.value, 6)
        for f in KpiFact.objects.filter(tenant=tenant)
    }


def refresh(tenant, *, full: bool = False, now: dt.datetime = NOW):
    return computed_facts_refresh(tenant=tenant, producer=PRODUCER, full=full, now=now)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed_value=st.integers(0, 2**32))
def test_the_facts_equal_a_reference_computed_from_random_results(assessed, seed_value):
    tenant = assessed["network"].tenant
    with tenant_scope(tenant):
        found, expected = _one_example(assessed, random.Random(seed_value))
    assert found == expected


def _one_example(assessed, rng: random.Random) -> tuple[Facts, Facts]:
    result_pair: tuple[Facts, Facts] = ({}, {})
    tenant = assessed["network"].tenant
    try:
        with transaction.atomic():
            seed(assessed, rng)
            refresh(tenant, full=True)
            result_pair = (written(tenant), reference(tenant))
            raise Rollback
    except Rollback:
        return result_pair


def test_one_kpi_of_averages_per_competence_measured_off_the_dashboards_until_chosen(assessed):
    """A dozen competences must not add a dozen tiles to every dealer's page: head office turns
    on the ones its dashboards show."""
    tenant = assessed["network"].tenant
    with tenant_scope(tenant):
        refresh(tenant, full=True)
        kpis = KpiDefinition.objects.filter(tenant=tenant, producer=PRODUCER.name)
        found = {kpi.code: (kpi.name_fr, kpi.aggregation, kpi.unit, kpi.is_active) for kpi in kpis}
    vente, relation = assessed["measured"]
    assert found == {
        competence_code(vente.pk): ("Évaluation\u00a0: Vente", Aggregation.AVERAGE, "%", False),
        competence_code(relation.pk): (
            "Évaluation\u00a0: Relation",
            Aggregation.AVERAGE,
            "%",
            False,
        ),
    }


def test_an_incremental_run_after_new_results_equals_a_full_rebuild(assessed):
    tenant = assessed["network"].tenant
    rng = random.Random(7)
    with tenant_scope(tenant):
        seed(assessed, rng)
        refresh(tenant, full=True, now=NOW - dt.timedelta(days=2))
        # Since: new results yesterday evening and this night, and a new competence measured
        # by a newly published assessment.
        staff, other = assessed["people"][1], assessed["people"][2]
        yesterday_evening = NOW - dt.timedelta(hours=5)
        result(assessed, staff, assessed["measured"][0], yesterday_evening, 50)
        result(assessed, other, assessed["measured"][1], NOW - dt.timedelta(minutes=5), 100)
        newcomer = make_competence(assessed["network"], "Produits")
        make_assessment(assessed["network"], [newcomer], title_fr="Nouvelle")
        result(assessed, other, newcomer, yesterday_evening, 100)
        refresh(tenant)
        incremental = written(tenant)
        key = (
            competence_code(newcomer.pk),
            assessed["network"].other_point_of_sale.pk,
            other.pk,
            timezone.localdate(yesterday_evening),
        )
        assert incremental[key] == 100
        refresh(tenant, full=True)
        assert incremental == written(tenant) == reference(tenant)


def test_running_twice_changes_nothing_and_people_without_a_point_of_sale_have_no_facts(
    assessed, network_b
):
    tenant = assessed["network"].tenant
    with tenant_scope(tenant):
        seed(assessed, random.Random(3))
        first = refresh(tenant, full=True)
        once = written(tenant)
        second = refresh(tenant, full=True)
        assert written(tenant) == once
        assert first.facts == second.facts == len(once) > 0
        head_office = assessed["people"][3]
        assert not KpiFact.objects.filter(tenant=tenant, person=head_office).exists()
    with tenant_scope(network_b.tenant):
        assert not KpiFact.objects.filter(tenant=network_b.tenant).exists()
        assert not KpiDefinition.objects.filter(
            tenant=network_b.tenant, producer=PRODUCER.name
        ).exists()


def test_a_zone_scores_the_average_of_its_peoples_results(assessed):
    tenant = assessed["network"].tenant
    manager, staff = assessed["people"][0], assessed["people"][1]
    vente = assessed["measured"][0]
    with tenant_scope(tenant):
        day = _at(TODAY - dt.timedelta(days=3), random.Random(1))
        result(assessed, manager, vente, day, 100)
        result(assessed, staff, vente, day, 50)
        refresh(tenant, full=True)
        kpi_rollups_refresh(tenant=tenant)
        kpi = KpiDefinition.objects.get(tenant=tenant, code=competence_code(vente.pk))
        rollups = KpiRollup.objects.filter(
            tenant=tenant, kpi=kpi, period=RollupPeriod.MONTH, period_start=TODAY.replace(day=1)
        )
        zone = rollups.get(level=RollupLevel.ZONE, scope_id=assessed["network"].zone.pk)
    assert zone.value == pytest.approx(75.0)
