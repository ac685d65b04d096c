"""The regional team's own excellence project (issue 16, item 6): who runs it, who takes part,
who reads it, what other regions and brands see of it (nothing), its text rendered harmless
(X2), its board on the region page, and the labels, which keep reading units' projects only."""

import datetime as dt
import html
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from challenges.models import (
    ActionStatus,
    LabelAward,
    LabelLevel,
    Measure,
    RegionAction,
    RegionProject,
)
from challenges.services import CriterionSpec, label_grid_save, labels_evaluate
from challenges.units import selectors
from challenges.units.progress import Stage
from challenges.units.services import (
    ActionSpec,
    action_status_set,
    project_stage_set,
    region_action_comment_add,
    region_action_create,
    region_action_status_set,
    region_diagnostic_save,
    region_stage_set,
)
from challenges.visits.selectors import label_evidence
from network_animation.models import Role, User
from network_animation.tenancy import tenant_scope

from ..communities.test_views import PAYLOADS
from ..factories import PointOfSaleFactory, RegionFactory, ZoneFactory
from ..harmless import dangers
from .units_factories import (
    TODAY,
    add_action,
    add_region_action,
    another_member,
    start_project,
    start_region_project,
)

pytestmark = pytest.mark.django_db

RUNNERS = [Role.HEAD_OFFICE, Role.REGIONAL_DIRECTOR]
OTHERS = [Role.ANIMATOR, Role.COACH, Role.POS_MANAGER, Role.POS_STAFF]


@pytest.fixture(autouse=True)
def english(settings, network_a):
    settings.LANGUAGE_CODE = "en"
    people = [m.user_id for m in network_a.members.values()]
    User.objects.filter(pk__in=people).update(language="en")


def url(network, name, *args):
    return reverse(f"challenges:{name}", args=[network.tenant.slug, *args])


def region_page(network, role=Role.REGIONAL_DIRECTOR) -> str:
    """The region page's text, entities read as characters."""
    address = reverse("region", args=[network.tenant.slug, network.region.pk])
    answer = network.client(role).get(address)
    assert answer.status_code == 200
    return html.unescape(answer.content.decode())


@pytest.fixture
def project(network_a):
    return start_region_project(network_a)


def elsewhere(network):
    """A second region of the network, with a zone, a dealer, its director and its animator."""
    with tenant_scope(network.tenant):
        region = RegionFactory(tenant=network.tenant)
        zone = ZoneFactory(region=region)
        point = PointOfSaleFactory(zone=zone)
    return {
        Role.REGIONAL_DIRECTOR: another_member(network, Role.REGIONAL_DIRECTOR, region=region),
        Role.ANIMATOR: another_member(network, Role.ANIMATOR, zones=[zone]),
        Role.POS_MANAGER: another_member(network, Role.POS_MANAGER, point_of_sale=point),
    }


@pytest.mark.parametrize("role", RUNNERS)
def test_the_director_and_head_office_start_and_write_the_regions_project(network_a, role):
    client = network_a.client(role)
    start = client.post(url(network_a, "region_project_start", network_a.region.pk))
    assert start.status_code == 302
    client.post(url(network_a, "region_project_start", network_a.region.pk))  # twice: one
    with tenant_scope(network_a.tenant):
        project = RegionProject.objects.get(tenant=network_a.tenant)
    texts = {"customer_voice": "Waiting", "units_voice": "Answers", "cooperation": f"By {role}"}
    answer = client.post(url(network_a, "region_diagnostic", project.pk), texts)
    assert answer.status_code == 302
    stage = {"stage": "diagnostic", "reached": "1"}
    assert client.post(url(network_a, "region_project_stage", project.pk), stage).status_code == 302
    with tenant_scope(network_a.tenant):
        project.refresh_from_db()
    assert project.cooperation == f"By {role}"
    assert project.diagnostic_done_on == timezone.localdate()
    assert project.started_by_id == network_a.members[role].pk
    page = client.get(url(network_a, "region_project", network_a.region.pk)).content.decode()
    assert "Diagnostic done on" in page
    assert "Answers" in page


@pytest.mark.parametrize("role", OTHERS)
def test_the_team_coaches_and_dealers_of_the_region_read_it_but_do_not_run_it(
    network_a, project, role
):
    client = network_a.client(role)
    assert client.get(url(network_a, "region_project", network_a.region.pk)).status_code == 200
    start = client.post(url(network_a, "region_project_start", network_a.region.pk))
    assert start.status_code == 403
    answer = client.post(url(network_a, "region_diagnostic", project.pk), {"units_voice": "Mine"})
    assert answer.status_code == 403
    stage = {"stage": "plan", "reached": "1"}
    assert client.post(url(network_a, "region_project_stage", project.pk), stage).status_code == 403
    assert client.get(url(network_a, "region_action_new", project.pk)).status_code == 403
    with tenant_scope(network_a.tenant):
        project.refresh_from_db()
        assert (project.units_voice, project.plan_written_on) == ("", None)
        with pytest.raises(PermissionDenied):
            region_diagnostic_save(
                tenant=network_a.tenant,
                actor=network_a.members[role],
                project=project,
                units_voice="Mine",
            )


def test_the_team_comments_and_moves_the_actions_it_owns(network_a, project):
    animator = network_a.members[Role.ANIMATOR]
    own = add_region_action(network_a, project, owner=animator, title="Visit each zone")
    others = add_region_action(network_a, project, title="Regional meeting")
    client = network_a.client(Role.ANIMATOR)
    done = {"status": ActionStatus.DONE}
    assert client.post(url(network_a, "region_action_status", own.pk), done).status_code == 302
    assert client.post(url(network_a, "region_action_status", others.pk), done).status_code == 403
    comment = {"text": "Bringing the figures"}
    assert (
        client.post(url(network_a, "region_action_comment", others.pk), comment).status_code == 302
    )
    assert client.get(url(network_a, "region_action_edit", own.pk)).status_code == 403
    with tenant_scope(network_a.tenant):
        own.refresh_from_db()
        others.refresh_from_db()
        assert (own.status, own.done_on) == (ActionStatus.DONE, timezone.localdate())
        assert others.status == ActionStatus.TO_DO
        assert others.comments.get().author == animator
    page = client.get(url(network_a, "region_action", others.pk)).content.decode()
    assert "Bringing the figures" in page


@pytest.mark.parametrize("role", [Role.COACH, Role.POS_MANAGER, Role.POS_STAFF])
def test_readers_outside_the_team_neither_comment_nor_move_an_action(network_a, project, role):
    action = add_region_action(network_a, project, owner=network_a.members[Role.ANIMATOR])
    client = network_a.client(role)
    assert client.get(url(network_a, "region_action", action.pk)).status_code == 200
    comment = {"text": "Mine"}
    assert (
        client.post(url(network_a, "region_action_comment", action.pk), comment).status_code == 403
    )
    done = {"status": ActionStatus.DONE}
    assert client.post(url(network_a, "region_action_status", action.pk), done).status_code == 403
    with tenant_scope(network_a.tenant):
        assert not action.comments.exists()
        with pytest.raises(PermissionDenied):
            region_action_comment_add(
                tenant=network_a.tenant, actor=network_a.members[role], action=action, text="x"
            )
        with pytest.raises(PermissionDenied):
            region_action_status_set(
                tenant=network_a.tenant,
                actor=network_a.members[role],
                action=action,
                status=ActionStatus.DONE,
                today=TODAY,
            )


@pytest.mark.parametrize("role", [Role.REGIONAL_DIRECTOR, Role.ANIMATOR, Role.POS_MANAGER])
def test_people_of_another_region_see_nothing_of_it(network_a, project, role):
    stranger = elsewhere(network_a)[role]
    action = add_region_action(network_a, project, owner=network_a.members[Role.ANIMATOR])
    client = network_a.client()
    client.force_login(stranger.user)
    assert client.get(url(network_a, "region_project", network_a.region.pk)).status_code == 403
    assert client.get(url(network_a, "region_action", action.pk)).status_code == 403
    comment = {"text": "Mine"}
    assert (
        client.post(url(network_a, "region_action_comment", action.pk), comment).status_code == 403
    )
    done = {"status": ActionStatus.DONE}
    assert client.post(url(network_a, "region_action_status", action.pk), done).status_code == 403
    with tenant_scope(network_a.tenant), pytest.raises(PermissionDenied):
        region_action_comment_add(tenant=network_a.tenant, actor=stranger, action=action, text="x")


def test_an_action_belongs_to_someone_of_the_regional_team(network_a, network_b, project):
    outsiders = [
        network_a.members[Role.POS_MANAGER],
        network_a.members[Role.COACH],
        elsewhere(network_a)[Role.ANIMATOR],
        network_b.members[Role.ANIMATOR],
    ]
    with tenant_scope(network_a.tenant):
        team = set(selectors.region_team(tenant=network_a.tenant, region=network_a.region))
        for outsider in outsiders:
            with pytest.raises(ValidationError):
                region_action_create(
                    tenant=network_a.tenant,
                    actor=network_a.members[Role.REGIONAL_DIRECTOR],
                    project=project,
                    spec=ActionSpec(title="x", axis="units_voice", owner=outsider),
                )
    assert team == {network_a.members[Role.REGIONAL_DIRECTOR], network_a.members[Role.ANIMATOR]}
    form = {"title": "Tidy", "axis": "cooperation", "owner": network_a.members[Role.POS_STAFF].pk}
    client = network_a.client(Role.REGIONAL_DIRECTOR)
    assert client.post(url(network_a, "region_action_new", project.pk), form).status_code == 400
    form["owner"] = network_a.members[Role.ANIMATOR].pk
    assert client.post(url(network_a, "region_action_new", project.pk), form).status_code == 302
    with tenant_scope(network_a.tenant):
        created = RegionAction.objects.get(tenant=network_a.tenant)
    assert (created.title, created.owner_id) == ("Tidy", network_a.members[Role.ANIMATOR].pk)


def test_another_brands_project_answers_as_if_it_did_not_exist(network_a, network_b):
    theirs = start_region_project(network_b)
    action = add_region_action(network_b, theirs)
    client = network_a.client(Role.HEAD_OFFICE)
    assert client.get(url(network_a, "region_project", network_b.region.pk)).status_code == 404
    assert client.get(url(network_a, "region_diagnostic", theirs.pk)).status_code == 404
    assert client.get(url(network_a, "region_action", action.pk)).status_code == 404
    comment = {"text": "Mine"}
    assert (
        client.post(url(network_a, "region_action_comment", action.pk), comment).status_code == 404
    )
    with tenant_scope(network_b.tenant):
        assert not action.comments.exists()


def test_no_unit_route_takes_a_regions_project(network_a, project):
    """Apart from units' projects: a region's id given to a unit's route finds nothing."""
    action = add_region_action(network_a, project)
    client = network_a.client(Role.HEAD_OFFICE)
    assert client.get(url(network_a, "unit_voice", project.pk)).status_code == 404
    assert client.get(url(network_a, "unit_action", action.pk)).status_code == 404


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_runs_nowhere(network_a, project, payload):
    director, animator = network_a.members[Role.REGIONAL_DIRECTOR], network_a.members[Role.ANIMATOR]
    with tenant_scope(network_a.tenant):
        region_diagnostic_save(
            tenant=network_a.tenant,
            actor=director,
            project=project,
            customer_voice=payload,
            units_voice=payload,
            cooperation=payload,
        )
    action = add_region_action(
        network_a, project, owner=animator, title=payload, description=payload
    )
    with tenant_scope(network_a.tenant):
        region_action_comment_add(
            tenant=network_a.tenant, actor=animator, action=action, text=payload
        )
    client = network_a.client(Role.REGIONAL_DIRECTOR)
    pages = [
        url(network_a, "region_project", network_a.region.pk),
        url(network_a, "region_diagnostic", project.pk),
        url(network_a, "region_action", action.pk),
        url(network_a, "region_action_edit", action.pk),
        reverse("region", args=[network_a.tenant.slug, network_a.region.pk]),
    ]
    for address in pages:
        answer = client.get(address)
        assert answer.status_code == 200, address
        assert dangers(answer.content.decode()) == [], address


def test_the_region_page_shows_the_projects_board_and_next_actions(network_a, committed):
    """Every write committed, as in production: the cached panel follows them."""
    director = network_a.members[Role.REGIONAL_DIRECTOR]
    project = committed(lambda: start_region_project(network_a))
    with tenant_scope(network_a.tenant):
        committed(
            lambda: region_stage_set(
                tenant=network_a.tenant,
                actor=director,
                project=project,
                stage="plan",
                reached=True,
                today=TODAY,
            )
        )
    soon = committed(
        lambda: add_region_action(network_a, project, title="Answer in 48 hours", due_on=TODAY)
    )
    committed(lambda: add_region_action(network_a, project, title="Monthly visits"))
    finished = committed(lambda: add_region_action(network_a, project, title="Already finished"))
    page = region_page(network_a)
    assert "The region's excellence project" in page
    assert "0 of 3 actions done" in page
    with tenant_scope(network_a.tenant):
        committed(
            lambda: region_action_status_set(
                tenant=network_a.tenant,
                actor=director,
                action=finished,
                status=ActionStatus.DONE,
                today=TODAY,
            )
        )
    page = region_page(network_a)  # the write renewed the cached panel
    assert "Plan written on" in page
    assert "1 of 3 actions done" in page
    assert 'max="3" value="1"' in page
    assert url(network_a, "region_action", soon.pk) in page
    assert "Monthly visits" in page
    assert "Already finished" not in page  # next actions: the open ones
    assert url(network_a, "region_project", network_a.region.pk) in page


def test_before_it_starts_the_region_page_asks_the_director_to_start_it(network_a):
    assert "Start the region's project" in region_page(network_a)
    coach_sees = region_page(network_a, Role.COACH)
    assert "Not started" in coach_sees
    assert "Start the region's project" not in coach_sees


def test_the_regions_board_and_next_actions_in_five_queries_whatever_its_plan(
    network_a, project, kpis_a, django_assert_max_num_queries
):
    animator = network_a.members[Role.ANIMATOR]
    for number in range(12):
        kpi = kpis_a.sales if number % 2 else None
        add_region_action(network_a, project, title=f"Action {number}", owner=animator, kpi=kpi)
    with tenant_scope(network_a.tenant), django_assert_max_num_queries(5):
        board = selectors.region_board(
            tenant=network_a.tenant, region=network_a.region, today=TODAY
        )
        upcoming = selectors.region_next_actions(tenant=network_a.tenant, project=board.project)
        owners = {action.owner.user.email for action in upcoming}
    assert board.actions_total == 12
    assert board.stage == Stage.DIAGNOSTIC
    assert [figure.kpi for figure in board.kpis] == [kpis_a.sales]
    assert len(upcoming) == selectors.projects.NEXT_ACTIONS
    assert owners == {animator.user.email}


def test_labels_count_only_the_points_of_sales_projects(network_a):
    """The region's diagnostic done and its whole plan done change no unit's evidence."""
    year = timezone.localdate().year
    manager, director = (
        network_a.members[Role.POS_MANAGER],
        network_a.members[Role.REGIONAL_DIRECTOR],
    )
    unit = start_project(network_a, today=dt.date(year, 1, 2))
    unit_actions = [add_action(network_a, unit, title=f"Unit {n}") for n in range(2)]
    region = start_region_project(network_a, today=dt.date(year, 1, 2))
    region_actions = [add_region_action(network_a, region, title=f"Region {n}") for n in range(3)]
    june = dt.date(year, 6, 1)
    with tenant_scope(network_a.tenant):
        action_status_set(
            tenant=network_a.tenant,
            actor=manager,
            action=unit_actions[0],
            status=ActionStatus.DONE,
            today=june,
        )
        before = label_evidence(tenant=network_a.tenant, year=year)
        region_stage_set(
            tenant=network_a.tenant,
            actor=director,
            project=region,
            stage="diagnostic",
            reached=True,
            today=june,
        )
        for action in region_actions:
            region_action_status_set(
                tenant=network_a.tenant,
                actor=director,
                action=action,
                status=ActionStatus.DONE,
                today=june,
            )
        after = label_evidence(tenant=network_a.tenant, year=year)
        project_stage_set(
            tenant=network_a.tenant,
            actor=manager,
            project=unit,
            stage="diagnostic",
            reached=True,
            today=june,
        )
        label_grid_save(
            tenant=network_a.tenant,
            actor=None,
            year=year,
            criteria=[
                CriterionSpec(LabelLevel.BRONZE, None, Measure.DIAGNOSTIC_DONE, 1.0),
                CriterionSpec(LabelLevel.SILVER, None, Measure.ACTIONS_DONE, 60.0),
            ],
        )
        labels_evaluate(tenant=network_a.tenant, year=year)
        awards = dict(
            LabelAward.objects.filter(tenant=network_a.tenant, year=year).values_list(
                "point_of_sale_id", "level"
            )
        )
    assert after == before
    assert set(after) == {network_a.point_of_sale.pk}
    assert after[network_a.point_of_sale.pk].actions_done_share == pytest.approx(50)
    assert not after[network_a.point_of_sale.pk].diagnostic_done
    assert awards[network_a.point_of_sale.pk] == LabelLevel.BRONZE  # 50 %: silver missed
    assert awards[network_a.other_point_of_sale.pk] is None


def test_each_brands_demo_director_has_a_regional_project_under_way():
    from challenges.units.demo import units_demo_seed
    from network_animation.demo import CAR_MAKER, COSMETICS, build_brand
    from network_animation.models import Membership

    for brand in (CAR_MAKER, COSMETICS):
        tenant = build_brand(brand, points_of_sale=12, zones_per_region=2)
        with tenant_scope(tenant):
            units_demo_seed(tenant=tenant, days=30, rng=random.Random(7))
            director = Membership.objects.get(
                tenant=tenant, user__email=f"directeur@{brand.domain}"
            )
            board = selectors.region_board(tenant=tenant, region=director.region, today=TODAY)
        assert board.project is not None
        assert board.project.diagnostic_done_on
        assert board.project.plan_written_on
        assert 0 < board.actions_done < board.actions_total
        assert board.stage in (Stage.PLAN_WRITTEN, Stage.ADVANCED)
