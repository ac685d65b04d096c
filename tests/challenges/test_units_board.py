"""The progress board's figures against values computed by hand: stages, share of actions done,
and the KPIs the plan targets, from the month the project started to the latest month (read
from the rollups the aggregation wrote from facts)."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags

from challenges.models import ActionStatus
from challenges.units import progress, selectors
from challenges.units.services import action_status_set, project_stage_set
from kpis.models import Aggregation, Direction
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..kpis.factories import KpiDefinitionFactory
from .conftest import add_facts, refresh
from .units_factories import add_action, assign_coach, record_day, start_project
from .visits_factories import make_grid, record_visit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 20)
Stage = progress.Stage


def board(network, point=None):
    with tenant_scope(network.tenant):
        return selectors.progress_board(
            tenant=network.tenant, point_of_sale=point or network.point_of_sale, today=TODAY
        )


def test_the_stage_follows_the_project():
    assert (
        progress.stage_of(started=False, diagnostic_done=False, plan_written=False, done=0, total=0)
        == Stage.NOT_STARTED
    )
    assert (
        progress.stage_of(started=True, diagnostic_done=False, plan_written=False, done=0, total=0)
        == Stage.DIAGNOSTIC
    )
    assert (
        progress.stage_of(started=True, diagnostic_done=True, plan_written=False, done=3, total=4)
        == Stage.DIAGNOSTIC_DONE
    )
    assert (
        progress.stage_of(started=True, diagnostic_done=True, plan_written=True, done=1, total=3)
        == Stage.PLAN_WRITTEN
    )
    assert (
        progress.stage_of(started=True, diagnostic_done=True, plan_written=True, done=2, total=4)
        == Stage.ADVANCED
    )
    assert (
        progress.stage_of(started=True, diagnostic_done=True, plan_written=True, done=0, total=0)
        == Stage.PLAN_WRITTEN
    )


def test_a_point_of_sale_without_a_project_shows_it_not_started(network_a):
    shown = board(network_a)
    assert shown.stage == Stage.NOT_STARTED
    assert shown.share_done is None
    assert shown.kpis == []


def test_share_of_actions_done_and_overdue(network_a):
    project = start_project(network_a, today=dt.date(2025, 1, 10))
    manager = network_a.members[Role.POS_MANAGER]
    actions = [
        add_action(network_a, project, title=f"A{i}", due_on=dt.date(2025, 3, 1 + 10 * i))
        for i in range(3)
    ]
    add_action(network_a, project, title="Undated")
    add_action(network_a, project, title="Done late", due_on=dt.date(2025, 2, 1))
    with tenant_scope(network_a.tenant):
        for action, status in ((actions[0], "done"), (actions[1], "under_way")):
            action_status_set(
                tenant=network_a.tenant, actor=manager, action=action, status=status, today=TODAY
            )
        for stage in ("diagnostic", "plan"):
            project_stage_set(
                tenant=network_a.tenant,
                actor=manager,
                project=project,
                stage=stage,
                reached=True,
                today=TODAY,
            )

    shown = board(network_a)

    # 5 actions, 1 done: 20 %; overdue on the 20th of March: "Done late" (Feb 1st), A1
    # (March 11th, under way); A0 is done, A2 due on the 21st, "Undated" has no date.
    assert (shown.actions_total, shown.actions_done) == (5, 1)
    assert shown.share_done == pytest.approx(0.2)
    assert shown.overdue == 2
    assert shown.stage == Stage.PLAN_WRITTEN
    assert shown.project.diagnostic_done_on == TODAY


def test_kpis_moved_since_the_start_of_the_project(network_a):
    """Sales (summed, higher is better): 40 in January, the project's month (its figures run
    to the 31st), and 55 in March by the 3rd (its last figure), which projects to 55 × 31 / 3:
    a month not over is compared at its pace, not as a drop; waiting time (averaged, lower is
    better): 12 then (8 + 6) / 2 = 7 in March; a KPI with no figure after the start shows none;
    a KPI no action targets is not on the board."""
    point = network_a.point_of_sale
    sales = KpiDefinitionFactory(tenant=network_a.tenant, code="sales")
    waiting = KpiDefinitionFactory(
        tenant=network_a.tenant,
        code="waiting",
        aggregation=Aggregation.AVERAGE,
        direction=Direction.LOWER,
    )
    silent = KpiDefinitionFactory(tenant=network_a.tenant, code="silent")
    untargeted = KpiDefinitionFactory(tenant=network_a.tenant, code="untargeted")
    with tenant_scope(network_a.tenant):
        add_facts(
            sales,
            point,
            {
                dt.date(2024, 12, 5): 99,
                dt.date(2025, 1, 5): 15,
                dt.date(2025, 1, 20): 25,
                dt.date(2025, 1, 31): 0,
            },
        )
        add_facts(sales, point, {dt.date(2025, 3, 3): 55})
        add_facts(
            waiting,
            point,
            {dt.date(2025, 1, 8): 12, dt.date(2025, 3, 2): 8, dt.date(2025, 3, 9): 6},
        )
        add_facts(silent, point, {dt.date(2024, 11, 5): 3})
        add_facts(untargeted, point, {dt.date(2025, 1, 5): 1, dt.date(2025, 3, 5): 9})
    refresh(network_a)
    project = start_project(network_a, today=dt.date(2025, 1, 10))
    for kpi in (sales, waiting, silent, sales):
        add_action(network_a, project, title=f"Move {kpi.code}", kpi=kpi)

    figures = {figure.kpi.code: figure.move for figure in board(network_a).kpis}

    assert set(figures) == {"sales", "waiting", "silent"}
    assert (figures["sales"].start.month, figures["sales"].start.value) == (dt.date(2025, 1, 1), 40)
    assert (figures["sales"].latest.month, figures["sales"].latest.value) == (
        dt.date(2025, 3, 1),
        pytest.approx(55 * 31 / 3),
    )
    assert figures["sales"].change == pytest.approx(55 * 31 / 3 - 40)
    assert figures["sales"].improved
    assert figures["waiting"].start.value == pytest.approx(12)
    assert figures["waiting"].latest.value == pytest.approx(7)
    assert figures["waiting"].improved  # lower is better
    assert figures["silent"].start is None
    assert figures["silent"].change is None
    assert not figures["silent"].improved
    assert board(network_a).kpis_improved == 2
    # The board says the months as every chart does, and the figures as the tiles do.
    shown = {"fr": ("40 jan. 25", "568 mars 25"), "en": ("40 Jan 25", "568 Mar 25")}
    for language, (start, latest) in shown.items():
        with translation.override(language):
            html = render_to_string(
                "challenges/units/_kpi_moves.html", {"figures": board(network_a).kpis}
            )
        text = " ".join(strip_tags(html).split())
        assert start in text
        assert latest in text


def test_the_last_coaching_day_is_the_latest_held(network_a):
    assign_coach(network_a)
    record_day(network_a, date=dt.date(2025, 3, 3))
    record_day(network_a, date=dt.date(2025, 3, 18))
    record_day(network_a, date=dt.date(2025, 3, 27), held=False)  # planned
    assert board(network_a).last_coaching_day == dt.date(2025, 3, 18)


def test_a_zones_stages_in_three_queries(network_a, django_assert_max_num_queries):
    from ..factories import PointOfSaleFactory

    with tenant_scope(network_a.tenant):
        more = [PointOfSaleFactory(zone=network_a.zone) for _ in range(5)]
    assign_coach(network_a, zone=network_a.zone)
    project = start_project(network_a, actor=network_a.members[Role.COACH])
    done = add_action(network_a, project)
    add_action(network_a, project)
    start_project(network_a, point=more[0], actor=network_a.members[Role.COACH])
    record_day(network_a, point=more[1], date=dt.date(2025, 3, 2))
    grid = make_grid(network_a)
    for day in (dt.date(2025, 2, 10), dt.date(2025, 3, 12), dt.date(2025, 3, 25)):
        record_visit(network_a, grid, [1, 1, 4], point=more[2], date=day)  # the 25th is after TODAY
    with tenant_scope(network_a.tenant):
        action_status_set(
            tenant=network_a.tenant,
            actor=network_a.members[Role.COACH],
            action=done,
            status=ActionStatus.DONE,
            today=TODAY,
        )
        with django_assert_max_num_queries(3):
            rows = {
                row.point_of_sale.pk: row
                for row in selectors.zone_stages(
                    tenant=network_a.tenant, zone=network_a.zone, today=TODAY
                )
            }
    assert len(rows) == 6
    assert rows[network_a.point_of_sale.pk].stage == Stage.DIAGNOSTIC
    assert rows[network_a.point_of_sale.pk].share_done == pytest.approx(0.5)
    assert rows[more[0].pk].stage == Stage.DIAGNOSTIC
    assert rows[more[1].pk].stage == Stage.NOT_STARTED
    assert rows[more[1].pk].last_coaching_day == dt.date(2025, 3, 2)
    assert rows[more[2].pk].last_visit == dt.date(2025, 3, 12)
    assert rows[network_a.point_of_sale.pk].last_visit is None


def test_the_demo_has_unit_projects_at_every_stage_and_held_rated_and_planned_days():
    """`seed_demo`'s order (the communities' demo assigns the coach to the demo's zone, then the
    units'): the zone's points of sale show every stage of a project, and the coach has days
    held and rated (an average shows) and a day planned."""
    import random

    from django.utils import timezone

    from challenges.models import CoachingDay, CoachRating
    from challenges.units.demo import units_demo_seed
    from communities.services import coach_assign
    from network_animation.demo import CAR_MAKER, build_brand
    from network_animation.models import Membership, PointOfSale

    tenant = build_brand(CAR_MAKER, points_of_sale=40, regions=1, zones_per_region=2)
    today = timezone.localdate()
    with tenant_scope(tenant):
        members = Membership.objects.filter(tenant=tenant)
        head_office = members.get(user__email=f"siege@{CAR_MAKER.domain}")
        coach = members.get(user__email=f"coach@{CAR_MAKER.domain}")
        home = PointOfSale.objects.filter(tenant=tenant).order_by("pk").first()
        coach_assign(tenant=tenant, actor=head_office, coach=coach, zone=home.zone)
        units_demo_seed(tenant=tenant, days=30, rng=random.Random(7))
        zone = PointOfSale.objects.filter(tenant=tenant, zone=home.zone)
        stages = {
            selectors.progress_board(tenant=tenant, point_of_sale=point, today=today).stage
            for point in zone
        }
        days = list(CoachingDay.objects.filter(tenant=tenant, coach=coach))
        rated = CoachRating.objects.filter(tenant=tenant, coach=coach).count()
        average = selectors.coach_average(tenant=tenant, coach=coach)
    assert set(Stage) - {Stage.NOT_STARTED} <= stages
    assert rated >= 3
    assert average.value is not None
    assert any(day.date > today for day in days)  # planned
