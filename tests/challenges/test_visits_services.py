"""Visits and campaigns through their services: the score from the weights, grids versioned
once answered, the scores as KPI facts equal to them and rolled up, an import all or nothing,
and who records what."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from challenges.models import AnswerKind, CampaignKind, SurveyResult, Visit, VisitGridVersion
from challenges.visits import kpi_facts, scoring
from challenges.visits.selectors import criteria_of, latest_version
from challenges.visits.services import (
    CriterionSpec,
    VisitSpec,
    campaign_import,
    visit_grid_save,
    visit_record,
    visit_update,
)
from kpis.aggregation import kpi_rollups_refresh
from kpis.models import KpiDefinition, KpiFact, KpiRollup, RollupLevel, RollupPeriod, Source
from kpis.services.computed import computed_facts_refresh
from network_animation.models import Role
from network_animation.tabular import ImportRejected
from network_animation.tenancy import tenant_scope

from ..factories import PointOfSaleFactory
from .units_factories import another_member, assign_coach
from .visits_factories import (
    add_result,
    answers_for,
    make_campaign,
    make_grid,
    record_visit,
)

pytestmark = pytest.mark.django_db


def facts_of(tenant, code):
    """(point of sale, date) -> value of a visits' KPI."""
    return {
        (fact.point_of_sale_id, fact.date): fact.value
        for fact in KpiFact.objects.filter(tenant=tenant, kpi__code=code)
    }


def write_facts(network):
    with tenant_scope(network.tenant):
        computed_facts_refresh(tenant=network.tenant, producer=kpi_facts.VISIT_FACTS, full=True)
        kpi_rollups_refresh(tenant=network.tenant, full=True)


def test_the_score_is_the_weighted_share_of_the_grid_met():
    answers = [
        scoring.ScoredAnswer(weight=3, value=1, top=1),
        scoring.ScoredAnswer(weight=1, value=0, top=1),
        scoring.ScoredAnswer(weight=2, value=3, top=4),
    ]
    # (3 × 1 + 1 × 0 + 2 × 0.75) / 6 = 4.5 / 6
    assert scoring.visit_score(answers) == 75.0
    assert scoring.visit_score([]) == 0.0


def test_a_visit_is_scored_from_its_answers_and_the_grid_creates_the_kpis(network_a):
    grid = make_grid(network_a)
    visit = record_visit(network_a, grid, [1, 0, 3])
    assert visit.score == 75.0
    with tenant_scope(network_a.tenant):
        codes = set(
            KpiDefinition.objects.filter(tenant=network_a.tenant, producer="visits").values_list(
                "code", flat=True
            )
        )
        assert {kpi_facts.VISIT_SCORE, kpi_facts.MYSTERY_SCORE} <= codes
        assert (
            KpiDefinition.objects.get(tenant=network_a.tenant, code=kpi_facts.VISIT_SCORE).source
            == Source.COMPUTED
        )


def test_every_criterion_needs_an_answer_within_its_range(network_a):
    grid = make_grid(network_a)
    version, answers = answers_for(network_a, grid, [1, 0, 5])  # 5 on a scale up to 4
    with tenant_scope(network_a.tenant), pytest.raises(ValidationError):
        visit_record(
            tenant=network_a.tenant,
            actor=network_a.members[Role.ANIMATOR],
            point_of_sale=network_a.point_of_sale,
            version=version,
            spec=VisitSpec(timezone.localdate(), answers),
            today=timezone.localdate(),
        )
    answers.popitem()
    with tenant_scope(network_a.tenant), pytest.raises(ValidationError):
        visit_record(
            tenant=network_a.tenant,
            actor=network_a.members[Role.ANIMATOR],
            point_of_sale=network_a.point_of_sale,
            version=version,
            spec=VisitSpec(timezone.localdate(), answers),
            today=timezone.localdate(),
        )
    with tenant_scope(network_a.tenant):
        assert not Visit.objects.filter(tenant=network_a.tenant).exists()


def test_a_grid_answered_once_keeps_its_version_and_saving_makes_the_next(network_a):
    grid = make_grid(network_a)
    head_office = network_a.members[Role.HEAD_OFFICE]
    with tenant_scope(network_a.tenant):
        unused = visit_grid_save(
            tenant=network_a.tenant,
            actor=head_office,
            grid=grid,
            criteria=[CriterionSpec("Clean", 1), CriterionSpec("Smile", 1)],
        )
        assert unused.number == 1  # nobody answered it: edited in place
    visit = record_visit(network_a, grid, [1, 0])
    with tenant_scope(network_a.tenant):
        newer = visit_grid_save(
            tenant=network_a.tenant,
            actor=head_office,
            grid=grid,
            criteria=[CriterionSpec("Clean", 1, AnswerKind.SCALE, 10)],
        )
        assert newer.number == 2
        assert VisitGridVersion.objects.filter(grid=grid).count() == 2
        kept = criteria_of(tenant=network_a.tenant, version=visit.version)
        assert [c.text for c in kept] == ["Clean", "Smile"]
        assert latest_version(tenant=network_a.tenant, grid=grid) == newer
        assert Visit.objects.get(pk=visit.pk).score == 50.0


def test_the_visit_score_equals_the_kpi_fact_it_produces_and_the_rollups_average_visits(
    network_a,
):
    grid = make_grid(network_a)
    today = timezone.localdate()
    day = today.replace(day=1)
    first = record_visit(network_a, grid, [1, 0, 3], date=day)  # 75
    second = record_visit(network_a, grid, [1, 1, 4], date=day)  # 100, the same day
    other_point = network_a.other_point_of_sale
    head_office = network_a.members[Role.HEAD_OFFICE]
    third = record_visit(network_a, grid, [0, 1, 0], date=day, point=other_point, actor=head_office)
    write_facts(network_a)
    point = network_a.point_of_sale.pk
    with tenant_scope(network_a.tenant):
        assert facts_of(network_a.tenant, kpi_facts.VISIT_POINTS) == {
            (point, day): first.score + second.score,
            (other_point.pk, day): third.score,
        }
        assert facts_of(network_a.tenant, kpi_facts.VISITS_DONE)[(point, day)] == 2
        score = KpiDefinition.objects.get(tenant=network_a.tenant, code=kpi_facts.VISIT_SCORE)
        months = KpiRollup.objects.filter(
            kpi=score, period=RollupPeriod.MONTH, period_start=day.replace(day=1)
        )
        at_point = months.get(level=RollupLevel.POINT_OF_SALE, scope_id=point)
        region = months.get(level=RollupLevel.REGION, scope_id=network_a.region.pk)
    assert at_point.value == pytest.approx((first.score + second.score) / 2)
    # The region's score averages its three visits, not its two points of sale's averages.
    assert region.value == pytest.approx((first.score + second.score + third.score) / 3)


def test_a_visit_moved_to_another_day_leaves_no_fact_on_the_day_it_left(network_a):
    grid = make_grid(network_a)
    today = timezone.localdate()
    before = today - dt.timedelta(days=60)
    visit = record_visit(network_a, grid, [1, 1, 4], date=before)
    write_facts(network_a)
    _version, answers = answers_for(network_a, grid, [1, 1, 4])
    with tenant_scope(network_a.tenant):
        visit_update(
            tenant=network_a.tenant,
            actor=network_a.members[Role.ANIMATOR],
            visit=visit,
            spec=VisitSpec(today, answers),
            today=today,
        )
        computed_facts_refresh(tenant=network_a.tenant, producer=kpi_facts.VISIT_FACTS)
        assert facts_of(network_a.tenant, kpi_facts.VISIT_POINTS) == {
            (network_a.point_of_sale.pk, today): 100.0
        }


def test_campaign_scores_become_facts_of_their_kind(network_a):
    mystery = make_campaign(network_a)
    survey = make_campaign(network_a, name="Survey", kind=CampaignKind.CUSTOMER_SURVEY)
    day = timezone.localdate() - dt.timedelta(days=2)
    add_result(network_a, mystery, 80.0, date=day)
    add_result(network_a, mystery, 64.5, date=day)  # typed again: replaces the first
    add_result(network_a, survey, 91.0, date=day)
    write_facts(network_a)
    point = network_a.point_of_sale.pk
    with tenant_scope(network_a.tenant):
        assert facts_of(network_a.tenant, kpi_facts.MYSTERY_POINTS) == {(point, day): 64.5}
        assert facts_of(network_a.tenant, kpi_facts.MYSTERY_VISITS) == {(point, day): 1}
        assert facts_of(network_a.tenant, kpi_facts.SURVEY_POINTS) == {(point, day): 91.0}
        score = KpiDefinition.objects.get(tenant=network_a.tenant, code=kpi_facts.MYSTERY_SCORE)
        rollup = KpiRollup.objects.get(
            kpi=score,
            level=RollupLevel.POINT_OF_SALE,
            scope_id=point,
            period=RollupPeriod.MONTH,
            period_start=day.replace(day=1),
        )
    assert rollup.value == pytest.approx(64.5)


def _import(network, campaign, content: bytes, name="scores.csv"):
    with tenant_scope(network.tenant):
        return campaign_import(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            campaign=campaign,
            content=content,
            filename=name,
            today=timezone.localdate(),
        )


def test_a_campaign_file_with_one_bad_row_imports_nothing_and_says_where(network_a):
    campaign = make_campaign(network_a)
    code, other = network_a.point_of_sale.code, network_a.other_point_of_sale.code
    content = (
        f"code_pdv;date;note\n{code};03/02/2025;81,5\n{other};2025-02-31;70\nNOPE;2025-02-04;120\n"
    ).encode("cp1252")
    with pytest.raises(ImportRejected) as rejected:
        _import(network_a, campaign, content)
    where = {(error.line, error.column) for error in rejected.value.errors}
    assert where == {(3, "date"), (4, "code_pdv"), (4, "note")}
    with tenant_scope(network_a.tenant):
        assert not SurveyResult.objects.filter(tenant=network_a.tenant).exists()


def test_a_good_campaign_file_imports_and_twice_changes_nothing(network_a):
    campaign = make_campaign(network_a)
    code = network_a.point_of_sale.code
    content = f"point_of_sale,date,score\n{code},2025-02-03,81.5\n".encode()
    assert _import(network_a, campaign, content) == 1
    assert _import(network_a, campaign, content) == 1
    with tenant_scope(network_a.tenant):
        result = SurveyResult.objects.get(tenant=network_a.tenant)
    assert (result.date, result.score) == (dt.date(2025, 2, 3), 81.5)


def _workbook(rows) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def test_a_campaign_workbook_imports_and_one_with_a_bad_row_imports_nothing(network_a):
    campaign = make_campaign(network_a)
    code, other = network_a.point_of_sale.code, network_a.other_point_of_sale.code
    header = ("Code PDV", "Date", "Note")
    good = _workbook([header, (code, dt.date(2025, 2, 3), 81.5)])
    assert _import(network_a, campaign, good, name="scores.xlsx") == 1
    bad = _workbook([header, (other, dt.date(2025, 2, 4), 70), ("NOPE", dt.date(2025, 2, 4), 120)])
    with pytest.raises(ImportRejected) as rejected:
        _import(network_a, campaign, bad, name="scores.xlsx")
    where = {(error.line, error.column) for error in rejected.value.errors}
    # Each error names the column as the firm's file does.
    assert where == {(3, "Code PDV"), (3, "Note")}
    with tenant_scope(network_a.tenant):
        found = list(SurveyResult.objects.values_list("point_of_sale_id", "date", "score"))
    assert found == [(network_a.point_of_sale.pk, dt.date(2025, 2, 3), 81.5)]


def test_a_campaign_file_cannot_name_another_networks_point_of_sale(network_a, network_b):
    campaign = make_campaign(network_a)
    content = f"code,date,score\n{network_b.point_of_sale.code},2025-02-03,50\n".encode()
    with pytest.raises(ImportRejected) as rejected:
        _import(network_a, campaign, content)
    assert [(e.line, e.column) for e in rejected.value.errors] == [(2, "code")]


@pytest.mark.parametrize("role", [Role.HEAD_OFFICE, Role.ANIMATOR, Role.COACH])
def test_head_office_the_zones_animator_and_the_assigned_coach_record_visits(network_a, role):
    assign_coach(network_a)
    grid = make_grid(network_a)
    visit = record_visit(network_a, grid, [1, 1, 4], actor=network_a.members[role])
    assert visit.visitor == network_a.members[role]


@pytest.mark.parametrize(
    "role", [Role.REGIONAL_DIRECTOR, Role.POS_MANAGER, Role.POS_STAFF, Role.COACH]
)
def test_others_record_no_visit(network_a, role):
    grid = make_grid(network_a)  # the coach is assigned nowhere
    with pytest.raises(PermissionDenied):
        record_visit(network_a, grid, [1, 1, 4], actor=network_a.members[role])


def test_an_animator_records_no_visit_outside_their_zones(network_a):
    grid = make_grid(network_a)
    elsewhere = network_a.other_point_of_sale
    with pytest.raises(PermissionDenied):
        record_visit(network_a, grid, [1, 1, 4], point=elsewhere)
    other_animator = another_member(network_a, Role.ANIMATOR, zones=[network_a.other_zone])
    with pytest.raises(PermissionDenied):
        record_visit(network_a, grid, [1, 1, 4], actor=other_animator)


def test_only_head_office_defines_grids_and_campaigns(network_a):
    with pytest.raises(PermissionDenied):
        make_grid_as(network_a, Role.ANIMATOR)
    grid = make_grid(network_a)
    with tenant_scope(network_a.tenant), pytest.raises(PermissionDenied):
        visit_grid_save(
            tenant=network_a.tenant,
            actor=network_a.members[Role.COACH],
            grid=grid,
            criteria=[CriterionSpec("Mine", 1)],
        )


def make_grid_as(network, role):
    from challenges.visits.services import visit_grid_create

    with tenant_scope(network.tenant):
        return visit_grid_create(
            tenant=network.tenant,
            actor=network.members[role],
            name="Mine",
            criteria=[CriterionSpec("Clean", 1)],
        )


def test_facts_stay_in_their_tenant(network_a, network_b):
    for network in (network_a, network_b):
        grid = make_grid(network)
        record_visit(network, grid, [1, 1, 4])
    write_facts(network_a)
    with tenant_scope(network_b.tenant):
        assert not KpiFact.objects.filter(tenant=network_b.tenant).exists()
    with tenant_scope(network_a.tenant):
        points = set(
            KpiFact.objects.filter(tenant=network_a.tenant).values_list("point_of_sale", flat=True)
        )
    assert points == {network_a.point_of_sale.pk}


def test_a_new_point_of_sale_in_the_zone_is_recorded_by_its_animator(network_a):
    grid = make_grid(network_a)
    with tenant_scope(network_a.tenant):
        newcomer = PointOfSaleFactory(zone=network_a.zone)
    assert record_visit(network_a, grid, [1, 1, 4], point=newcomer).score == 100.0


def test_the_nightly_chain_writes_visit_facts_only_where_visits_are_used(network_a, network_b):
    from network_animation.jobs import nightly_chain_run

    grid = make_grid(network_a)
    visit = record_visit(network_a, grid, [1, 0, 3])
    with tenant_scope(network_a.tenant):
        results = nightly_chain_run(tenant=network_a.tenant)
        score = KpiRollup.objects.get(
            tenant=network_a.tenant,
            kpi__code=kpi_facts.VISIT_SCORE,
            level=RollupLevel.POINT_OF_SALE,
            scope_id=network_a.point_of_sale.pk,
            period=RollupPeriod.MONTH,
            period_start=visit.date.replace(day=1),
        )
    assert results["kpi_computed_facts"]["visits_facts"] >= 2
    assert score.value == pytest.approx(visit.score)
    with tenant_scope(network_b.tenant):
        nightly_chain_run(tenant=network_b.tenant)
        assert not KpiDefinition.objects.filter(tenant=network_b.tenant, producer="visits").exists()
