"""The unit project's pages and panels as people use them: the point of sale's board and next
actions, the zone's stages, the diagnostic's forms with their errors, hostile text in every
field, the action assigned notification, and what the pages cost."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import ActionStatus, FlowSlot, UnitProject
from challenges.units import notifications
from challenges.units.services import action_status_set
from kpis.models import Aggregation
from network_animation.models import Notification, Role
from network_animation.tenancy import tenant_scope

from ..communities.test_views import PAYLOADS
from ..harmless import dangers
from ..kpis.factories import KpiDefinitionFactory
from .conftest import add_facts, refresh
from .units_factories import (
    TODAY,
    add_action,
    another_member,
    assign_coach,
    rate_day,
    record_day,
    start_project,
)

pytestmark = pytest.mark.django_db


def url(network, name, *args):
    return reverse(f"challenges:{name}", args=[network.tenant.slug, *args])


def page_of(network, role, address) -> str:
    answer = network.client(role).get(address)
    assert answer.status_code == 200, address
    return answer.content.decode()


@pytest.fixture
def project(network_a):
    assign_coach(network_a)
    return start_project(network_a)


def test_the_manager_starts_the_project_from_the_point_of_sale_page(network_a):
    client = network_a.client(Role.POS_MANAGER)
    home = client.get(
        reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    )
    assert (
        "Start the project" in home.content.decode() or "Lancer le projet" in home.content.decode()
    )
    answer = client.post(url(network_a, "unit_project_start", network_a.point_of_sale.pk))
    assert answer.status_code == 302
    client.post(url(network_a, "unit_project_start", network_a.point_of_sale.pk))  # twice: one
    with tenant_scope(network_a.tenant):
        assert UnitProject.objects.filter(tenant=network_a.tenant).count() == 1


def test_the_point_of_sale_page_shows_the_board_and_next_actions(network_a, project):
    staff = network_a.members[Role.POS_STAFF]
    soon = add_action(network_a, project, title="Tidy the showroom", owner=staff, due_on=TODAY)
    add_action(network_a, project, title="Already done")
    with tenant_scope(network_a.tenant):
        action_status_set(
            tenant=network_a.tenant,
            actor=network_a.members[Role.POS_MANAGER],
            action=project.actions.get(title="Already done"),
            status=ActionStatus.DONE,
            today=TODAY,
        )
    page = page_of(
        network_a,
        Role.POS_STAFF,
        reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk]),
    )
    assert "Tidy the showroom" in page
    assert url(network_a, "unit_action", soon.pk) in page
    assert "Already done" not in page  # next actions: the open ones
    assert 'max="2" value="1"' in page  # 1 of 2 actions done


def test_the_zone_page_shows_each_point_of_sales_stage_and_last_coaching_day(network_a, project):
    record_day(network_a, date=dt.date(2025, 3, 4))
    page = page_of(
        network_a, Role.ANIMATOR, reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    )
    assert url(network_a, "unit_project", network_a.point_of_sale.pk) in page
    assert "04/03/2025" in page or "03/04/2025" in page


def test_the_coachs_home_lists_planned_and_held_days(network_a, project):
    held = record_day(network_a, date=dt.date(2025, 3, 4))
    planned = record_day(network_a, date=dt.date(2099, 1, 1), held=False)
    page = page_of(
        network_a, Role.COACH, reverse("communities:coaching", args=[network_a.tenant.slug])
    )
    assert url(network_a, "coaching_day", held.pk) in page
    assert url(network_a, "coaching_day", planned.pk) in page
    head_office = page_of(
        network_a, Role.HEAD_OFFICE, reverse("communities:coaching", args=[network_a.tenant.slug])
    )
    assert url(network_a, "coaches_activity") in head_office


def test_an_action_given_to_someone_tells_them(network_a, project):
    staff = network_a.members[Role.POS_STAFF]
    answer = network_a.client(Role.POS_MANAGER).post(
        url(network_a, "unit_action_new", project.pk),
        {"title": "Call back", "axis": "customer_voice", "owner": staff.pk, "due_on": "2025-04-01"},
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        told = Notification.objects.get(recipient=staff, kind=notifications.ACTION_ASSIGNED)
    assert told.params["title"] == "Call back"
    inbox = page_of(
        network_a, Role.POS_STAFF, reverse("notifications", args=[network_a.tenant.slug])
    )
    assert "Call back" in inbox


@pytest.mark.parametrize(
    ("language", "label"), [("fr", "Indicateur visé"), ("en", "KPI it should move")]
)
def test_the_action_forms_kpi_is_labelled_like_its_other_fields(
    network_a, project, settings, language, label
):
    """Its words are also the model field's verbose name, which French writes in lower case."""
    client = network_a.client(Role.POS_MANAGER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # as signing in sets it
    page = client.get(url(network_a, "unit_action_new", project.pk)).content.decode()
    assert f'<label for="id_kpi">{label}</label>' in page


@pytest.mark.parametrize(
    ("name", "data", "errors"),
    [
        ("unit_action_new", {"title": "", "axis": "nowhere", "due_on": "soon"}, 3),
        ("unit_voice", {"customer_voice": "x" * 10_001}, 1),
        ("unit_flows", {"traffic_9": "-1", "needed_10": "many"}, 2),
    ],
)
def test_forms_show_their_errors(network_a, project, name, data, errors):
    answer = network_a.client(Role.POS_MANAGER).post(url(network_a, name, project.pk), data)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert page.count("field--error") >= errors


def test_a_days_grid_replaces_that_day(network_a, project):
    client = network_a.client(Role.COACH)
    data = {
        "traffic_9": "12",
        "needed_9": "3",
        "planned_9": "2",
        "traffic_10": "",
        "traffic_11": "4",
    }
    assert client.post(url(network_a, "unit_flows", project.pk) + "?day=5", data).status_code == 302
    with tenant_scope(network_a.tenant):
        slots = {
            (s.weekday, s.hour): (s.traffic, s.staff_needed, s.staff_planned)
            for s in FlowSlot.objects.all()
        }
    assert slots == {(5, 9): (12, 3, 2), (5, 11): (4, 0, 0)}
    week = page_of(
        network_a, Role.POS_STAFF, url(network_a, "unit_project", network_a.point_of_sale.pk)
    )
    assert "flow-short" in week  # 2 planned for 3 needed


def test_a_flow_file_with_bad_rows_imports_nothing_and_says_where(network_a, project):
    client = network_a.client(Role.POS_MANAGER)
    good = b"day;hour;customers;staff_needed;staff_planned\nMonday;9;10;2;2\nsamedi;10h;30;6;4\n"
    bad = b"jour;heure;clients\nLundi;9;10\nFunday;9;3\nMardi;25;4\nMardi;10;-2\n"
    ok = client.post(url(network_a, "unit_flow_import", project.pk), {"file": _upload(good)})
    assert ok.status_code == 302
    refused = client.post(url(network_a, "unit_flow_import", project.pk), {"file": _upload(bad)})
    assert refused.status_code == 400
    page = refused.content.decode()
    # Each error names the column as the French file does, not the platform's key.
    for line, column in ((3, "jour"), (4, "heure"), (5, "clients")):
        assert f"<td>{line}</td><td>{column}</td>" in page
    with tenant_scope(network_a.tenant):
        assert sorted(FlowSlot.objects.values_list("weekday", "hour", "traffic")) == [
            (0, 9, 10),
            (5, 10, 30),
        ]


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("week.csv", content, content_type="text/csv")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_runs_nowhere(network_a, project, payload):
    from challenges.units.services import (
        SkillEntry,
        action_comment_add,
        project_diagnostic_save,
        skills_save,
    )

    staff, manager = network_a.members[Role.POS_STAFF], network_a.members[Role.POS_MANAGER]
    with tenant_scope(network_a.tenant):
        project_diagnostic_save(
            tenant=network_a.tenant,
            actor=manager,
            project=project,
            customer_voice=payload,
            sense_sight=payload,
            sense_touch=payload,
            sense_smell=payload,
            sense_hearing=payload,
        )
        skills_save(
            tenant=network_a.tenant,
            actor=manager,
            project=project,
            entries=[SkillEntry(staff, 2, payload)],
        )
    action = add_action(network_a, project, title=payload, description=payload, owner=staff)
    with tenant_scope(network_a.tenant):
        action_comment_add(tenant=network_a.tenant, actor=staff, action=action, text=payload)
    day = record_day(network_a, objectives=payload, work_done=payload, next_steps=payload)
    rate_day(network_a, day, 3, comment=payload)
    slug = network_a.tenant.slug
    pages = [
        (Role.POS_STAFF, url(network_a, "unit_project", network_a.point_of_sale.pk)),
        (Role.POS_MANAGER, url(network_a, "unit_project", network_a.point_of_sale.pk)),
        (Role.POS_STAFF, url(network_a, "unit_action", action.pk)),
        (Role.POS_MANAGER, url(network_a, "unit_action_edit", action.pk)),
        (Role.POS_MANAGER, url(network_a, "unit_voice", project.pk)),
        (Role.POS_MANAGER, url(network_a, "unit_senses", project.pk)),
        (Role.POS_MANAGER, url(network_a, "unit_skills", project.pk)),
        (Role.POS_MANAGER, url(network_a, "coaching_day", day.pk)),
        (Role.HEAD_OFFICE, url(network_a, "coaching_day", day.pk)),
        (Role.HEAD_OFFICE, url(network_a, "coaches_activity")),
        (Role.COACH, url(network_a, "coaching_day_edit", day.pk)),
        (Role.COACH, reverse("communities:coaching", args=[slug])),
        (Role.POS_STAFF, reverse("point_of_sale", args=[slug, network_a.point_of_sale.pk])),
        (Role.POS_STAFF, reverse("notifications", args=[slug])),
        (Role.POS_MANAGER, reverse("notifications", args=[slug])),
        (Role.ANIMATOR, reverse("zone", args=[slug, network_a.zone.pk])),
    ]
    for role, address in pages:
        assert dangers(page_of(network_a, role, address)) == [], (role, address)


def test_project_pages_cost_the_same_whatever_the_size_of_the_plan(
    network_a, project, django_assert_max_num_queries
):
    def grow(count):
        for n in range(count):
            action = add_action(
                network_a, project, title=f"Action {n}", owner=network_a.members[Role.POS_STAFF]
            )
            from challenges.units.services import action_comment_add

            with tenant_scope(network_a.tenant):
                action_comment_add(
                    tenant=network_a.tenant,
                    actor=network_a.members[Role.POS_STAFF],
                    action=action,
                    text="Noted",
                )
        for _ in range(count):
            another_member(network_a, Role.POS_STAFF, point_of_sale=network_a.point_of_sale)

    slug = network_a.tenant.slug
    pages = [
        (Role.POS_MANAGER, url(network_a, "unit_project", network_a.point_of_sale.pk)),
        (Role.POS_STAFF, url(network_a, "unit_project", network_a.point_of_sale.pk)),
        (Role.POS_MANAGER, url(network_a, "unit_skills", project.pk)),
        (Role.POS_MANAGER, url(network_a, "unit_flows", project.pk)),
    ]
    counts = {}
    for size in (2, 12):
        grow(size)
        for role, address in pages:
            client = network_a.client(role)
            client.get(address)
            with django_assert_max_num_queries(25) as captured:
                assert client.get(address).status_code == 200
            counts.setdefault(address + role, []).append(len(captured.captured_queries))
    for sizes in counts.values():
        assert sizes[0] == sizes[1]
    # The point of sale's page: its panel read from the cache the second time.
    point_page = reverse("point_of_sale", args=[slug, network_a.point_of_sale.pk])
    client = network_a.client(Role.POS_STAFF)
    client.get(point_page)
    with django_assert_max_num_queries(15):
        assert client.get(point_page).status_code == 200


def test_a_flow_workbook_imports_the_week(network_a, project):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in (
        ("Jour", "Heure", "Clients", "Besoin", "Planifié"),
        ("Samedi", "10:00", 25, 5, 3),
        (7, 11, 4, 1, 1),
    ):
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("semaine.xlsx", content.getvalue())
    answer = network_a.client(Role.COACH).post(
        url(network_a, "unit_flow_import", project.pk), {"file": upload}
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        found = sorted(
            FlowSlot.objects.values_list(
                "weekday", "hour", "traffic", "staff_needed", "staff_planned"
            )
        )
    assert found == [(5, 10, 25, 5, 3), (6, 11, 4, 1, 1)]


def test_the_coach_marks_the_units_stages_and_the_units_staff_cannot(network_a, project):
    stage_url = url(network_a, "unit_project_stage", project.pk)
    coach = network_a.client(Role.COACH)
    done = coach.post(stage_url, {"stage": "diagnostic", "reached": "1"})
    assert done.status_code == 302
    assert done.url == url(network_a, "unit_project", network_a.point_of_sale.pk)
    assert coach.post(stage_url, {"stage": "plan", "reached": "1"}).status_code == 302
    assert coach.post(stage_url, {"stage": "plan", "reached": "0"}).status_code == 302  # undone
    assert coach.post(stage_url, {"stage": "label", "reached": "1"}).status_code == 400
    assert coach.get(stage_url).status_code == 405
    staff = network_a.client(Role.POS_STAFF)
    assert staff.post(stage_url, {"stage": "plan", "reached": "1"}).status_code == 403
    with tenant_scope(network_a.tenant):
        project.refresh_from_db()
    assert project.diagnostic_done_on == timezone.localdate()
    assert project.plan_written_on is None


def test_the_voice_of_the_customer_shows_the_satisfaction_kpis_moves_since_the_start(network_a):
    """The satisfaction family's KPIs (the family's name in any case), from the project's first
    month to its latest, on the project's page and the voice's form; no other family's."""
    point, tenant = network_a.point_of_sale, network_a.tenant
    names = {"satisfaction": "Recommandation client", "sales": "Ventes du mois"}
    satisfaction = KpiDefinitionFactory(
        tenant=tenant,
        family="SATISFACTION client",
        aggregation=Aggregation.AVERAGE,
        name_fr=names["satisfaction"],
        name_en=names["satisfaction"],
    )
    sales = KpiDefinitionFactory(
        tenant=tenant, family="Ventes", name_fr=names["sales"], name_en=names["sales"]
    )
    with tenant_scope(tenant):
        add_facts(satisfaction, point, {dt.date(2025, 1, 8): 7.5, dt.date(2025, 3, 9): 8.5})
        add_facts(sales, point, {dt.date(2025, 1, 8): 40, dt.date(2025, 3, 9): 55})
    refresh(network_a)
    assign_coach(network_a)
    project = start_project(network_a, today=dt.date(2025, 1, 10))
    for address in (
        url(network_a, "unit_project", point.pk),
        url(network_a, "unit_voice", project.pk),
    ):
        page = page_of(network_a, Role.COACH, address)
        moves = page[page.index('class="unit-kpis"') :]
        assert names["satisfaction"] in moves, address
        assert "trend--up" in moves, address  # 7.5 in January, 8.5 in March
        assert names["sales"] not in page, address
