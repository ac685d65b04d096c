"""Who edits a unit project, who moves an action, who comments: through the services and the
pages, as each role would try."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from challenges.models import ActionStatus, UnitAction, UnitProject
from challenges.units.services import (
    ActionSpec,
    action_comment_add,
    action_create,
    action_status_set,
    project_diagnostic_save,
)
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .units_factories import TODAY, add_action, another_member, assign_coach, start_project

pytestmark = pytest.mark.django_db

EDITORS = [Role.HEAD_OFFICE, Role.POS_MANAGER, Role.COACH]
READERS = [Role.REGIONAL_DIRECTOR, Role.ANIMATOR, Role.POS_STAFF]


def url(network, name, *args):
    return reverse(f"challenges:{name}", args=[network.tenant.slug, *args])


@pytest.fixture
def project(network_a):
    assign_coach(network_a)
    return start_project(network_a)


@pytest.mark.parametrize("role", EDITORS)
def test_the_manager_the_assigned_coach_and_head_office_edit_the_diagnostic(
    network_a, project, role
):
    answer = network_a.client(role).post(
        url(network_a, "unit_voice", project.pk), {"customer_voice": f"Said by {role}"}
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        assert UnitProject.objects.get(pk=project.pk).customer_voice == f"Said by {role}"


@pytest.mark.parametrize("role", READERS)
def test_others_read_the_project_but_cannot_edit_its_diagnostic(network_a, project, role):
    client = network_a.client(role)
    assert client.get(url(network_a, "unit_project", network_a.point_of_sale.pk)).status_code == 200
    answer = client.post(url(network_a, "unit_voice", project.pk), {"customer_voice": "Mine"})
    assert answer.status_code == 403
    with tenant_scope(network_a.tenant):
        assert UnitProject.objects.get(pk=project.pk).customer_voice == ""
        with pytest.raises(PermissionDenied):
            project_diagnostic_save(
                tenant=network_a.tenant,
                actor=network_a.members[role],
                project=project,
                customer_voice="Mine",
            )


def test_a_coach_not_assigned_to_the_point_of_sale_cannot_edit(network_a, project):
    stranger = another_member(network_a, Role.COACH)
    with tenant_scope(network_a.tenant), pytest.raises(PermissionDenied):
        project_diagnostic_save(
            tenant=network_a.tenant, actor=stranger, project=project, customer_voice="x"
        )


def test_a_coach_of_the_zone_edits_its_points_of_sale(network_a):
    zone_coach = another_member(network_a, Role.COACH)
    assign_coach(network_a, zone_coach, zone=network_a.zone)
    project = start_project(network_a, actor=zone_coach)
    assert project.started_by == zone_coach


def test_another_units_manager_cannot_start_a_project_here(network_a):
    other_manager = another_member(
        network_a, Role.POS_MANAGER, point_of_sale=network_a.other_point_of_sale
    )
    with pytest.raises(PermissionDenied):
        start_project(network_a, actor=other_manager)


def test_staff_update_only_their_own_actions(network_a, project):
    staff = network_a.members[Role.POS_STAFF]
    colleague = another_member(network_a, Role.POS_STAFF, point_of_sale=network_a.point_of_sale)
    mine = add_action(network_a, project, owner=staff, title="Mine")
    theirs = add_action(network_a, project, owner=colleague, title="Theirs")
    client = network_a.client(Role.POS_STAFF)

    assert (
        client.post(url(network_a, "unit_action_status", mine.pk), {"status": "done"}).status_code
        == 302
    )
    refused = client.post(url(network_a, "unit_action_status", theirs.pk), {"status": "done"})

    assert refused.status_code == 403
    with tenant_scope(network_a.tenant):
        assert UnitAction.objects.get(pk=mine.pk).status == ActionStatus.DONE
        assert UnitAction.objects.get(pk=mine.pk).done_on is not None
        assert UnitAction.objects.get(pk=theirs.pk).status == ActionStatus.TO_DO
        with pytest.raises(PermissionDenied):
            action_status_set(
                tenant=network_a.tenant, actor=staff, action=theirs, status="done", today=TODAY
            )


def test_staff_cannot_edit_an_action_even_their_own(network_a, project):
    staff = network_a.members[Role.POS_STAFF]
    mine = add_action(network_a, project, owner=staff, title="Mine")
    client = network_a.client(Role.POS_STAFF)
    answer = client.post(
        url(network_a, "unit_action_edit", mine.pk), {"title": "Renamed", "axis": "senses"}
    )
    assert answer.status_code == 403
    assert client.get(url(network_a, "unit_action_new", project.pk)).status_code == 403


@pytest.mark.parametrize("role", [Role.POS_MANAGER, Role.COACH, Role.HEAD_OFFICE])
def test_the_manager_and_the_coach_move_any_action(network_a, project, role):
    action = add_action(network_a, project, owner=network_a.members[Role.POS_STAFF])
    answer = network_a.client(role).post(
        url(network_a, "unit_action_status", action.pk), {"status": "under_way"}
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        assert UnitAction.objects.get(pk=action.pk).status == ActionStatus.UNDER_WAY


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.POS_STAFF, True),
        (Role.COACH, True),
        (Role.ANIMATOR, False),
        (Role.REGIONAL_DIRECTOR, False),
    ],
)
def test_the_team_and_its_coach_comment(network_a, project, role, allowed):
    action = add_action(network_a, project)
    answer = network_a.client(role).post(
        url(network_a, "unit_action_comment", action.pk), {"text": "On it"}
    )
    assert answer.status_code == (302 if allowed else 403)
    with tenant_scope(network_a.tenant):
        assert action.comments.count() == (1 if allowed else 0)


def test_staff_of_another_point_of_sale_neither_read_nor_comment(network_a, project):
    outsider = another_member(
        network_a, Role.POS_STAFF, point_of_sale=network_a.other_point_of_sale
    )
    action = add_action(network_a, project)
    with tenant_scope(network_a.tenant), pytest.raises(PermissionDenied):
        action_comment_add(tenant=network_a.tenant, actor=outsider, action=action, text="x")


def test_an_owner_outside_the_unit_or_a_kpi_of_another_network_is_refused(
    network_a, network_b, project
):
    from ..kpis.factories import KpiDefinitionFactory

    outsider = another_member(
        network_a, Role.POS_STAFF, point_of_sale=network_a.other_point_of_sale
    )
    foreign_kpi = KpiDefinitionFactory(tenant=network_b.tenant, code="foreign")
    manager = network_a.members[Role.POS_MANAGER]
    with tenant_scope(network_a.tenant):
        for spec in (
            ActionSpec("x", "flows", owner=outsider),
            ActionSpec("x", "flows", owner=network_b.members[Role.POS_STAFF]),
            ActionSpec("x", "flows", kpi=foreign_kpi),
        ):
            with pytest.raises(ValidationError):
                action_create(tenant=network_a.tenant, actor=manager, project=project, spec=spec)
    # Through the form: B's KPI is not among the choices.
    answer = network_a.client(Role.POS_MANAGER).post(
        url(network_a, "unit_action_new", project.pk),
        {"title": "x", "axis": "flows", "kpi": foreign_kpi.pk},
    )
    assert answer.status_code == 400


def test_a_persons_skill_gaps_are_read_by_them_not_by_their_colleagues(network_a, project):
    from challenges.units.services import SkillEntry, skills_save

    staff = network_a.members[Role.POS_STAFF]
    colleague = another_member(network_a, Role.POS_STAFF, point_of_sale=network_a.point_of_sale)
    with tenant_scope(network_a.tenant):
        skills_save(
            tenant=network_a.tenant,
            actor=network_a.members[Role.POS_MANAGER],
            project=project,
            entries=[
                SkillEntry(staff, 1, "Gap of the staff"),
                SkillEntry(colleague, 2, "Gap of the colleague"),
            ],
        )
    page = url(network_a, "unit_project", network_a.point_of_sale.pk)
    seen_by_staff = network_a.client(Role.POS_STAFF).get(page).content.decode()
    seen_by_coach = network_a.client(Role.COACH).get(page).content.decode()
    assert "Gap of the staff" in seen_by_staff
    assert "Gap of the colleague" not in seen_by_staff
    assert "Gap of the colleague" in seen_by_coach
