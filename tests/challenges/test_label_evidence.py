"""Labels read the excellence project's and the visits' evidence (issue 16, item 5): the
diagnostic done, the share of the plan's actions done, the average visit score, beside KPI
thresholds; the yearly evaluation records each figure it read."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from challenges.models import LabelAward, LabelLevel, Measure
from challenges.services import CriterionSpec, label_grid_save, labels_evaluate
from challenges.units.services import action_status_set, project_stage_set
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .units_factories import add_action, start_project
from .visits_factories import make_grid, record_visit

pytestmark = pytest.mark.django_db
# The year being run: the plan's actions are created now, and visits cannot be dated ahead.
YEAR = timezone.localdate().year


def evidence_grid(network, *, visit_threshold=80.0, year=YEAR):
    with tenant_scope(network.tenant):
        label_grid_save(
            tenant=network.tenant,
            actor=None,
            year=year,
            criteria=[
                CriterionSpec(LabelLevel.BRONZE, None, Measure.DIAGNOSTIC_DONE, 1.0),
                CriterionSpec(LabelLevel.SILVER, None, Measure.ACTIONS_DONE, 60.0),
                CriterionSpec(LabelLevel.GOLD, None, Measure.VISIT_SCORE, visit_threshold),
            ],
        )


def project_with_plan(network, *, done: int, total: int):
    """The fixture's point of sale: diagnostic done in June, `done` of `total` actions done."""
    manager = network.members[Role.POS_MANAGER]
    project = start_project(network, today=dt.date(YEAR, 3, 1))
    with tenant_scope(network.tenant):
        project_stage_set(
            tenant=network.tenant,
            actor=manager,
            project=project,
            stage="diagnostic",
            reached=True,
            today=dt.date(YEAR, 6, 1),
        )
    actions = [add_action(network, project, title=f"Action {n}") for n in range(total)]
    with tenant_scope(network.tenant):
        for action in actions[:done]:
            action_status_set(
                tenant=network.tenant,
                actor=manager,
                action=action,
                status="done",
                today=dt.date(YEAR, 9, 1),
            )
    return project


def visits(network, values_list):
    grid = make_grid(network)
    return [record_visit(network, grid, values, date=dt.date(YEAR, 1, 1)) for values in values_list]


def award_of(network, point, year=YEAR):
    with tenant_scope(network.tenant):
        labels_evaluate(tenant=network.tenant, year=year)
        return LabelAward.objects.get(tenant=network.tenant, year=year, point_of_sale=point)


def test_the_evaluation_uses_the_project_and_the_visits_and_records_their_figures(network_a):
    project_with_plan(network_a, done=2, total=3)
    scored = visits(network_a, [[1, 1, 4], [1, 0, 3]])  # 100 and 75
    evidence_grid(network_a)
    award = award_of(network_a, network_a.point_of_sale)
    assert award.level == LabelLevel.GOLD
    figures = {row["measure"]: (row["actual"], row["met"]) for row in award.evidence}
    assert figures[Measure.DIAGNOSTIC_DONE] == (1.0, True)
    assert figures[Measure.ACTIONS_DONE][0] == pytest.approx(200 / 3)
    assert figures[Measure.VISIT_SCORE] == (sum(v.score for v in scored) / 2, True)
    assert all(row["kpi_id"] is None for row in award.evidence)


def test_a_point_of_sale_without_project_nor_visit_gets_no_label_and_says_why(network_a):
    project_with_plan(network_a, done=2, total=3)
    evidence_grid(network_a)
    award = award_of(network_a, network_a.other_point_of_sale)
    assert award.level is None
    figures = {row["measure"]: (row["actual"], row["met"]) for row in award.evidence}
    assert figures == {
        Measure.DIAGNOSTIC_DONE: (0.0, False),
        Measure.ACTIONS_DONE: (None, False),
        Measure.VISIT_SCORE: (None, False),
    }


def test_each_level_needs_the_ones_below(network_a):
    project_with_plan(network_a, done=1, total=3)  # 33 %: silver missed
    visits(network_a, [[1, 1, 4]])
    evidence_grid(network_a)
    assert award_of(network_a, network_a.point_of_sale).level == LabelLevel.BRONZE


def test_what_happens_after_the_year_does_not_count(network_a):
    project_with_plan(network_a, done=2, total=3)
    visits(network_a, [[1, 1, 4]])
    evidence_grid(network_a, year=YEAR - 1)
    award = award_of(network_a, network_a.point_of_sale, year=YEAR - 1)
    assert award.level is None
    figures = {row["measure"]: row["actual"] for row in award.evidence}
    assert figures == {
        Measure.DIAGNOSTIC_DONE: 0.0,
        Measure.ACTIONS_DONE: None,
        Measure.VISIT_SCORE: None,
    }


def test_an_evidence_criterion_takes_no_kpi_and_a_kpi_criterion_needs_one(network_a):
    with tenant_scope(network_a.tenant), pytest.raises(ValidationError):
        label_grid_save(
            tenant=network_a.tenant,
            actor=None,
            year=YEAR,
            criteria=[CriterionSpec(LabelLevel.BRONZE, None, Measure.VALUE, 10.0)],
        )


def test_head_office_sets_evidence_criteria_on_the_grid_page_and_the_history_shows_them(
    network_a, settings
):
    settings.LANGUAGE_CODE = "en"
    project_with_plan(network_a, done=2, total=3)
    with tenant_scope(network_a.tenant):
        grid = label_grid_save(tenant=network_a.tenant, actor=None, year=YEAR, criteria=[])
    client = network_a.client(Role.HEAD_OFFICE)
    page = reverse("challenges:label_grid", args=[network_a.tenant.slug, grid.pk])
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-level": "1",
        "form-0-measure": "diagnostic_done",
        "form-1-level": "2",
        "form-1-measure": "visit_score",
        "form-1-threshold": "70",
    }
    assert client.post(page, data).status_code == 302
    missing_threshold = data | {"form-1-threshold": ""}
    assert client.post(page, missing_threshold).status_code == 200
    with tenant_scope(network_a.tenant):
        measures = sorted(grid.criteria.values_list("measure", "kpi_id", "threshold"))
    assert measures == [("diagnostic_done", None, 1.0), ("visit_score", None, 70.0)]
    award_of(network_a, network_a.point_of_sale)
    history = client.get(
        reverse(
            "challenges:point_of_sale_labels",
            args=[network_a.tenant.slug, network_a.point_of_sale.pk],
        )
    )
    assert history.status_code == 200
    assert "Diagnostic done" in history.content.decode()
