"""Platform-written facts (kpis/services/computed.py): a producer's KPIs are created once per
tenant; its facts for a range of days are replaced, nothing else; the months are marked dirty;
a run that fails changes nothing; another tenant is untouched; such KPIs cannot be imported;
the launch form offers them and a challenge on "modules completed" scores like any other."""

import datetime as dt

import pandas as pd
import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from challenges.models import ChallengeStanding, ScoringRule
from kpis import errors
from kpis.models import (
    Aggregation,
    KpiDefinition,
    KpiDirtyMonth,
    KpiFact,
    KpiRollup,
    RollupLevel,
    Source,
)
from kpis.services.computed import (
    ComputedKpi,
    FactQuery,
    FactRange,
    computed_facts_refresh,
    computed_facts_write,
    computed_kpis_ensure,
)
from kpis.services.facts import kpi_facts_import
from microlearning import kpi_facts
from microlearning.kpi_facts import LearningFacts
from microlearning.models import Progress
from network_animation.jobs import NIGHTLY_STEPS
from network_animation.models import JobRun, Membership, Role
from network_animation.tabular import ImportRejected
from network_animation.tenancy import tenant_scope

from ..challenges.factories import launch
from ..challenges.test_services import standings
from ..microlearning.factories import make_module
from .factories import KpiDefinitionFactory, KpiFactFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 3, 20)


class Visits:
    """A producer for the tests: one fact per person of the network a day, of value `value`
    (with `fail`, its queries write the first KPI's facts, then fail)."""

    name = "visits"
    kpis = (
        ComputedKpi(
            "visit_score", "Score de visite", "Visit score", aggregation=Aggregation.AVERAGE
        ),
        ComputedKpi("visits", "Visites", "Visits"),
        ComputedKpi(
            "visit_rate",
            "Taux",
            "Rate",
            aggregation=Aggregation.RATIO,
            numerator="visit_score",
            denominator="visits",
        ),
    )

    def __init__(self, value: float = 1.0, fail: bool = False) -> None:
        self.value, self.fail = value, fail

    def fact_queries(self, *, tenant, days: FactRange) -> list[FactQuery]:
        people = (
            Membership.objects.filter(tenant=tenant, point_of_sale__isnull=False)
            .order_by()
            .values(fact_point_of_sale=F("point_of_sale_id"), fact_person=F("pk"))
        )
        sql, params = people.query.sql_with_params()
        select = (
            f"SELECT p.fact_point_of_sale, p.fact_person, d.day AS fact_date, %s AS fact_value"  # noqa: S608
            f" FROM ({sql}) p CROSS JOIN computed_kpi_days d"
        )
        second = select
        if self.fail:  # facts without a point of sale: the database refuses them
            second = (
                "SELECT CAST(NULL AS bigint) AS fact_point_of_sale, p.fact_person, p.fact_date,"  # noqa: S608
                f" p.fact_value FROM ({select}) p"
            )
        return [
            FactQuery("visit_score", select, [self.value, *params]),
            FactQuery("visits", second, [1.0, *params]),
        ]

    def changed_since(self, *, tenant, since):
        return timezone.localdate(since)

    def first_day(self, *, tenant):
        return TODAY - dt.timedelta(days=3)


def facts_of(tenant, code: str) -> dict[tuple[int | None, dt.date], float]:
    return {
        (f.person_id, f.date): f.value
        for f in KpiFact.objects.filter(tenant=tenant, kpi__code=code)
    }


def write(network, producer, start: dt.date, end: dt.date = TODAY):
    with tenant_scope(network.tenant):
        return computed_facts_write(
            tenant=network.tenant, producer=producer, start=start, end=end, today=TODAY
        )


def test_a_producers_kpis_are_created_once_with_their_ratio_and_marked_computed(network_a):
    with tenant_scope(network_a.tenant):
        first = computed_kpis_ensure(tenant=network_a.tenant, producer=Visits())
        again = computed_kpis_ensure(tenant=network_a.tenant, producer=Visits())
        rate = KpiDefinition.objects.get(tenant=network_a.tenant, code="visit_rate")
    assert {code: kpi.pk for code, kpi in first.items()} == {
        code: kpi.pk for code, kpi in again.items()
    }
    assert all(k.source == Source.COMPUTED and k.producer == "visits" for k in first.values())
    assert (rate.numerator, rate.denominator) == (first["visit_score"], first["visits"])
    assert first["visits"].is_platform_written
    assert not rate.is_platform_written


def test_a_code_the_tenant_already_uses_is_left_alone(network_a):
    own = KpiDefinitionFactory(tenant=network_a.tenant, code="visits")
    result = write(network_a, Visits(), TODAY)
    with tenant_scope(network_a.tenant):
        own.refresh_from_db()
        assert not KpiFact.objects.filter(kpi=own).exists()
        # The ratio needs that part: it is not created either.
        assert not KpiDefinition.objects.filter(code="visit_rate").exists()
    assert own.source == Source.IMPORTED
    assert own.producer == ""
    assert result.skipped_codes == ["visit_rate", "visits"]


def test_the_writer_replaces_its_facts_of_the_range_and_nothing_else(network_a):
    staff = network_a.members[Role.POS_STAFF]
    sales = KpiDefinitionFactory(tenant=network_a.tenant, code="sales")
    KpiFactFactory(kpi=sales, point_of_sale=network_a.point_of_sale, date=TODAY, value=5)
    write(network_a, Visits(value=2.0), TODAY - dt.timedelta(days=5))
    result = write(network_a, Visits(value=3.0), TODAY - dt.timedelta(days=1))
    with tenant_scope(network_a.tenant):
        scores = facts_of(network_a.tenant, "visit_score")
        assert facts_of(network_a.tenant, "sales") == {(None, TODAY): 5}
        dirty = set(KpiDirtyMonth.objects.values_list("kpi__code", "month_start"))
    assert scores[(staff.pk, TODAY - dt.timedelta(days=2))] == 2.0
    assert scores[(staff.pk, TODAY - dt.timedelta(days=1))] == 3.0
    assert scores[(staff.pk, TODAY)] == 3.0
    people = 2  # the manager and the staff member of the network's point of sale
    assert len(scores) == 6 * people
    assert result.facts == 2 * people  # the two days' new scores; the visits did not change
    assert {("visit_score", dt.date(2025, 3, 1)), ("visits", dt.date(2025, 3, 1))} <= dirty


def test_a_rewrite_marks_dirty_only_the_months_whose_facts_changed(network_a):
    """A night rewrites a month or more of days; a month whose facts are all the same is not
    recomputed by the aggregation. A fact gone, a value changed and a fact no query gives any
    more each mark their own month, and the rewrite puts every fact back as the queries say."""
    start = dt.date(2025, 1, 30)
    write(network_a, Visits(value=2.0), start)
    with tenant_scope(network_a.tenant):
        KpiDirtyMonth.objects.all().delete()
    assert write(network_a, Visits(value=2.0), start).months == 0
    staff = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        score = KpiDefinition.objects.get(code="visit_score")
        KpiFact.objects.filter(kpi__code="visits", person=staff, date=dt.date(2025, 2, 10)).delete()
        KpiFact.objects.filter(kpi=score, person=staff, date=dt.date(2025, 3, 2)).update(value=5.0)
        KpiFactFactory(  # a point of sale's total where the producer writes people's facts
            kpi=score, point_of_sale=network_a.point_of_sale, date=start, value=8.0
        )
    result = write(network_a, Visits(value=2.0), start)
    with tenant_scope(network_a.tenant):
        dirty = set(KpiDirtyMonth.objects.values_list("kpi__code", "month_start"))
        scores = facts_of(network_a.tenant, "visit_score")
        visits = facts_of(network_a.tenant, "visits")
    assert dirty == {
        ("visits", dt.date(2025, 2, 1)),
        ("visit_score", dt.date(2025, 3, 1)),
        ("visit_score", dt.date(2025, 1, 1)),
    }
    assert result.facts == 2  # the missing visit, the score back to 2
    assert visits[(staff.pk, dt.date(2025, 2, 10))] == 1.0
    assert scores[(staff.pk, dt.date(2025, 3, 2))] == 2.0
    assert (None, start) not in scores


def test_a_run_that_fails_half_way_changes_nothing(network_a):
    write(network_a, Visits(value=2.0), TODAY)
    with pytest.raises(DatabaseError):
        write(network_a, Visits(value=9.0, fail=True), TODAY)
    with tenant_scope(network_a.tenant):
        assert set(facts_of(network_a.tenant, "visit_score").values()) == {2.0}


def test_another_tenant_keeps_its_facts(network_a, network_b):
    write(network_b, Visits(value=7.0), TODAY)
    write(network_a, Visits(value=2.0), TODAY)
    with tenant_scope(network_a.tenant):
        computed_facts_refresh(
            tenant=network_a.tenant, producer=Visits(value=1.0), full=True, now=timezone.now()
        )
    with tenant_scope(network_b.tenant):
        assert set(facts_of(network_b.tenant, "visit_score").values()) == {7.0}
        assert len(facts_of(network_b.tenant, "visit_score")) == 2


def test_the_nightly_step_writes_after_the_enrolments_and_before_the_aggregation():
    steps = list(NIGHTLY_STEPS)
    assert (
        steps.index("learning_enrolments")
        < steps.index("kpi_computed_facts")
        < steps.index("kpi_aggregation")
    )


def test_facts_of_a_computed_kpi_cannot_be_imported(network_a):
    with tenant_scope(network_a.tenant):
        computed_kpis_ensure(tenant=network_a.tenant, producer=LearningFacts())
        table = pd.DataFrame(
            {
                "point_of_sale": [network_a.point_of_sale.code],
                "kpi": [kpi_facts.COMPLETED.upper()],
                "date": ["2025-03-03"],
                "value": ["4"],
                "person": [""],
                "line": [2],
            }
        )
        with pytest.raises(ImportRejected) as rejected:
            kpi_facts_import(tenant=network_a.tenant, actor=None, table=table, source="test")
        assert not KpiFact.objects.exists()
    [error] = rejected.value.errors
    assert (error.line, error.column) == (2, "kpi")
    assert error.reason == str(errors.KPI_NOT_IMPORTABLE) % {"value": "LEARNING_MODULES_COMPLETED"}


def test_the_launch_form_offers_learnings_kpis(network_a):
    with tenant_scope(network_a.tenant):
        computed_kpis_ensure(tenant=network_a.tenant, producer=LearningFacts())
    page = network_a.client(Role.ANIMATOR).get(
        reverse("challenges:launch_zone", args=[network_a.tenant.slug, network_a.zone.pk])
    )
    assert page.status_code == 200
    assert "Modules terminés" in page.text
    assert "Taux de réalisation des formations" in page.text


def test_a_challenge_on_modules_completed_scores_like_any_kpi_challenge(network_a):
    manager, staff = network_a.members[Role.POS_MANAGER], network_a.members[Role.POS_STAFF]
    modules = [make_module(network_a, title=f"Module {n}") for n in range(3)]
    passed = {staff: modules, manager: modules[:1]}
    with tenant_scope(network_a.tenant):
        for person, done in passed.items():
            for module in done:
                Progress.objects.create(
                    tenant=network_a.tenant,
                    membership=person,
                    module=module,
                    version_id=module.published_id,
                    times_completed=1,
                    completed_at=dt.datetime(2025, 3, 10, 17, tzinfo=dt.UTC),
                    passed_at=dt.datetime(2025, 3, 10, 17, tzinfo=dt.UTC),
                )
        computed_facts_refresh(
            tenant=network_a.tenant,
            producer=LearningFacts(),
            full=True,
            now=dt.datetime(2025, 3, 31, 1, tzinfo=dt.UTC),
        )
        completed = KpiDefinition.objects.get(tenant=network_a.tenant, code=kpi_facts.COMPLETED)
    challenge = launch(
        network_a, [completed], participant_kind="person", scoring_rule=ScoringRule.ABSOLUTE
    )
    standings(network_a, challenge)
    with tenant_scope(network_a.tenant):
        rows = {row.person_id: row for row in ChallengeStanding.objects.filter(challenge=challenge)}
    assert (rows[staff.pk].rank, rows[manager.pk].rank) == (1, 2)
    assert rows[staff.pk].details[str(completed.pk)]["value"] == 3
    assert rows[manager.pk].details[str(completed.pk)]["value"] == 1


def test_head_office_renames_a_computed_kpi_but_cannot_change_how_it_is_written(network_a):
    with tenant_scope(network_a.tenant):
        completed = computed_kpis_ensure(tenant=network_a.tenant, producer=LearningFacts())[
            kpi_facts.COMPLETED
        ]
    answer = network_a.client().post(
        reverse("kpi_edit", args=[network_a.tenant.slug, completed.pk]),
        {
            "code": "renamed",
            "name_fr": "Modules réussis",
            "name_en": "Modules passed",
            "aggregation": Aggregation.AVERAGE,
            "multiplier": "100",
            "direction": "higher",
            "decimals": "0",
            "position": "3",
            "is_active": "on",
        },
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        completed.refresh_from_db()
    assert completed.name_fr == "Modules réussis"
    assert (completed.code, completed.aggregation, completed.multiplier) == (
        kpi_facts.COMPLETED,
        Aggregation.SUM,
        1.0,
    )


def _passed_yesterday(network, module) -> Membership:
    staff = network.members[Role.POS_STAFF]
    yesterday = timezone.now() - dt.timedelta(days=1)
    with tenant_scope(network.tenant):
        Progress.objects.create(
            tenant=network.tenant,
            membership=staff,
            module=module,
            version_id=module.published_id,
            times_completed=1,
            completed_at=yesterday,
            passed_at=yesterday,
        )
    return staff


def test_the_nightly_chain_writes_learnings_facts_and_rolls_them_up(network_a):
    from network_animation.jobs import nightly_chain_run

    staff = _passed_yesterday(network_a, make_module(network_a))
    with tenant_scope(network_a.tenant):
        results = nightly_chain_run(tenant=network_a.tenant)
        completed = KpiRollup.objects.filter(
            kpi__code=kpi_facts.COMPLETED, level=RollupLevel.PERSON, scope_id=staff.pk
        )
        assert results["kpi_computed_facts"]["learning_facts"] >= 1
        assert completed.exists()
        assert all(row.value == 1 for row in completed)


def test_the_command_rewrites_a_producers_facts(network_a, capsys):
    staff = _passed_yesterday(network_a, make_module(network_a))
    call_command("compute_kpi_facts", tenant=network_a.tenant.slug, producer="learning", full=True)
    with tenant_scope(network_a.tenant):
        assert KpiFact.objects.get(kpi__code=kpi_facts.COMPLETED).person == staff
        assert JobRun.objects.filter(job="kpis.compute_facts", status="succeeded").exists()
    assert "learning, 1 facts" in capsys.readouterr().out
