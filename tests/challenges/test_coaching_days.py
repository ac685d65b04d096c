"""Coaching days: who records them, who rates them and when, what the coach and head office
read of the ratings, and the rating request."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from challenges.models import CoachingDay, CoachRating
from challenges.units import notifications, selectors
from network_animation.models import Notification, Role
from network_animation.tenancy import tenant_scope

from .units_factories import another_member, assign_coach, rate_day, record_day

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 20)


def url(network, name, *args):
    return reverse(f"challenges:{name}", args=[network.tenant.slug, *args])


@pytest.fixture
def coach(network_a):
    return assign_coach(network_a)


def requests_to(network, membership):
    with tenant_scope(network.tenant):
        return Notification.objects.filter(
            tenant=network.tenant, recipient=membership, kind=notifications.RATING_REQUEST
        ).count()


def test_a_coach_records_a_day_at_a_point_of_sale_they_are_assigned_to(network_a, coach):
    today = timezone.localdate()
    answer = network_a.client(Role.COACH).post(
        url(network_a, "coaching_day_new"),
        {
            "point_of_sale": network_a.point_of_sale.pk,
            "date": today.isoformat(),
            "objectives": "Observe the welcome",
            "work_done": "Three observations",
            "next_steps": "Debrief on Monday",
        },
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        day = CoachingDay.objects.get(tenant=network_a.tenant)
    assert (day.coach, day.point_of_sale, day.date) == (coach, network_a.point_of_sale, today)
    assert requests_to(network_a, network_a.members[Role.POS_MANAGER]) == 1
    assert requests_to(network_a, network_a.members[Role.POS_STAFF]) == 0


def test_a_coach_cannot_record_a_day_where_they_are_not_assigned(network_a, coach):
    answer = network_a.client(Role.COACH).post(
        url(network_a, "coaching_day_new"),
        {
            "point_of_sale": network_a.other_point_of_sale.pk,
            "date": "2025-03-20",
            "objectives": "x",
        },
    )
    assert answer.status_code == 400  # not one of the choices
    with pytest.raises(PermissionDenied):
        record_day(network_a, point=network_a.other_point_of_sale)
    stranger = another_member(network_a, Role.COACH)
    with pytest.raises(PermissionDenied):
        record_day(network_a, coach=stranger)


@pytest.mark.parametrize("role", [Role.POS_MANAGER, Role.ANIMATOR, Role.HEAD_OFFICE])
def test_only_coaches_open_the_form(network_a, role):
    assert network_a.client(role).get(url(network_a, "coaching_day_new")).status_code == 403


def test_the_form_shows_its_errors(network_a, coach):
    answer = network_a.client(Role.COACH).post(
        url(network_a, "coaching_day_new"),
        {"point_of_sale": network_a.point_of_sale.pk, "date": "", "objectives": ""},
    )
    assert answer.status_code == 400
    assert answer.content.decode().count('class="field__error"') == 2


def test_what_was_done_waits_for_the_day(network_a, coach):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    answer = network_a.client(Role.COACH).post(
        url(network_a, "coaching_day_new"),
        {
            "point_of_sale": network_a.point_of_sale.pk,
            "date": tomorrow.isoformat(),
            "objectives": "Plan",
            "work_done": "Already done?",
        },
    )
    assert answer.status_code == 400
    with tenant_scope(network_a.tenant):
        assert not CoachingDay.objects.filter(tenant=network_a.tenant).exists()


def test_a_planned_day_asks_for_a_rating_once_written_up_and_once_only(network_a, coach):
    manager = network_a.members[Role.POS_MANAGER]
    day = record_day(network_a, held=False)
    assert requests_to(network_a, manager) == 0
    client = network_a.client(Role.COACH)
    for work in ("Done it", "Done it, and more"):
        answer = client.post(
            url(network_a, "coaching_day_edit", day.pk),
            {"date": TODAY.isoformat(), "objectives": "Observe", "work_done": work},
        )
        assert answer.status_code == 302
    assert requests_to(network_a, manager) == 1


def test_the_unit_manager_rates_once(network_a, coach):
    day = record_day(network_a)
    client = network_a.client(Role.POS_MANAGER)
    first = client.post(
        url(network_a, "coaching_day_rate", day.pk), {"score": "4", "comment": "Useful"}
    )
    second = client.post(url(network_a, "coaching_day_rate", day.pk), {"score": "1"})
    assert first.status_code == 302
    assert second.status_code == 400
    with tenant_scope(network_a.tenant):
        assert list(CoachRating.objects.values_list("score", "coach_id")) == [(4, coach.pk)]
    with pytest.raises(ValidationError):
        rate_day(network_a, day, 2)


def test_only_a_manager_of_that_unit_rates_a_day_held_there(network_a, coach):
    here = record_day(network_a)
    other_manager = another_member(
        network_a, Role.POS_MANAGER, point_of_sale=network_a.other_point_of_sale
    )
    for rater in (
        other_manager,
        network_a.members[Role.POS_STAFF],
        network_a.members[Role.HEAD_OFFICE],
        network_a.members[Role.ANIMATOR],
        coach,
    ):
        with pytest.raises(PermissionDenied):
            rate_day(network_a, here, 5, rater=rater)
    staff = network_a.client(Role.POS_STAFF)
    assert (
        staff.post(url(network_a, "coaching_day_rate", here.pk), {"score": "5"}).status_code == 403
    )
    with tenant_scope(network_a.tenant):
        assert not CoachRating.objects.exists()


def test_a_day_is_rated_only_once_held(network_a, coach):
    planned = record_day(network_a, date=TODAY + dt.timedelta(days=2), held=False)
    unwritten = record_day(network_a, date=TODAY, held=False)
    for day in (planned, unwritten):
        with pytest.raises(PermissionDenied):
            rate_day(network_a, day, 5)


def test_the_coach_sees_an_average_not_each_rating(network_a, coach):
    days = [record_day(network_a, date=TODAY - dt.timedelta(days=n)) for n in range(3)]
    coach_client = network_a.client(Role.COACH)
    rate_day(network_a, days[0], 5, comment="Secret remark")
    rate_day(network_a, days[1], 2)

    page = coach_client.get(url(network_a, "coaching_days")).content.decode()
    assert "s’affichera après 1 note de plus" in page  # French, the default language
    rate_day(network_a, days[2], 4)
    with tenant_scope(network_a.tenant):
        average = selectors.coach_average(tenant=network_a.tenant, coach=coach)
    assert (average.count, average.value) == (3, pytest.approx(11 / 3))
    listing = coach_client.get(url(network_a, "coaching_days")).content.decode()
    assert re.search(r"<strong>3[.,]7</strong> / 5", listing)  # the language's decimal mark
    for day in days:
        detail = coach_client.get(url(network_a, "coaching_day", day.pk)).content.decode()
        assert "Secret remark" not in detail
        assert "/ 5" not in detail
    assert coach_client.get(url(network_a, "coaches_activity")).status_code == 403


def test_the_average_moves_only_by_whole_blocks_so_no_rating_can_be_read_from_it(network_a, coach):
    days = [record_day(network_a, date=TODAY - dt.timedelta(days=n)) for n in range(5)]
    for day, score in zip(days[:3], (5, 2, 4), strict=True):
        rate_day(network_a, day, score)
    with tenant_scope(network_a.tenant):
        before = selectors.coach_average(tenant=network_a.tenant, coach=coach)
    rate_day(network_a, days[3], 1)  # the coach knows which day this one follows
    rate_day(network_a, days[4], 5)
    with tenant_scope(network_a.tenant):
        after = selectors.coach_average(tenant=network_a.tenant, coach=coach)
    assert (before.value, before.counted) == (pytest.approx(11 / 3), 3)
    assert (after.value, after.counted, after.count) == (pytest.approx(11 / 3), 3, 5)


def test_head_office_reads_each_rating_and_each_coachs_activity(network_a, coach):
    days = [record_day(network_a, date=TODAY - dt.timedelta(days=n)) for n in range(2)]
    record_day(network_a, date=TODAY + dt.timedelta(days=7), held=False)
    rate_day(network_a, days[0], 5, comment="Secret remark")
    rate_day(network_a, days[1], 2)
    client = network_a.client(Role.HEAD_OFFICE)

    detail = client.get(url(network_a, "coaching_day", days[0].pk)).content.decode()
    assert "Secret remark" in detail
    assert "5 / 5" in detail
    with tenant_scope(network_a.tenant):
        [row] = selectors.coaches_activity(tenant=network_a.tenant, today=TODAY)
    assert (row.held, row.planned, row.last_day, row.ratings) == (2, 1, TODAY, 2)
    assert row.average == pytest.approx(3.5)
    page = client.get(url(network_a, "coaches_activity")).content.decode()
    assert "Secret remark" in page
    assert re.search(r"<td>3[.,]5</td>", page)


def test_the_rater_reads_their_own_rating(network_a, coach):
    day = record_day(network_a)
    rate_day(network_a, day, 3, comment="My remark")
    page = network_a.client(Role.POS_MANAGER).get(url(network_a, "coaching_day", day.pk))
    assert "My remark" in page.content.decode()


def test_another_units_people_cannot_open_a_day(network_a, coach):
    day = record_day(network_a)
    outsider = another_member(
        network_a, Role.POS_STAFF, point_of_sale=network_a.other_point_of_sale
    )
    from django.test import Client

    client = Client()
    client.force_login(outsider.user)
    assert client.get(url(network_a, "coaching_day", day.pk)).status_code == 403


def test_coaching_pages_cost_the_same_whatever_the_number_of_days(
    network_a, coach, django_assert_max_num_queries
):
    for n in range(12):
        day = record_day(network_a, date=TODAY - dt.timedelta(days=n))
        rate_day(network_a, day, 1 + n % 5)
    another_member(network_a, Role.COACH)
    pages = [
        (Role.COACH, url(network_a, "coaching_days")),
        (Role.HEAD_OFFICE, url(network_a, "coaches_activity")),
        (Role.COACH, reverse("communities:coaching", args=[network_a.tenant.slug])),
        (Role.POS_MANAGER, url(network_a, "coaching_day", day.pk)),
    ]
    for role, page in pages:
        client = network_a.client(role)
        client.get(page)
        with django_assert_max_num_queries(20):
            assert client.get(page).status_code == 200


def test_the_managers_coaching_home_marks_the_days_to_rate(network_a, coach):
    rated = record_day(network_a, date=TODAY - dt.timedelta(days=7))
    rate_day(network_a, rated, 4)
    waiting = record_day(network_a, date=TODAY)
    page = network_a.client(Role.POS_MANAGER).get(
        reverse("communities:coaching", args=[network_a.tenant.slug])
    )
    html = page.content.decode()
    to_rate = html.split(url(network_a, "coaching_day", waiting.pk))[1].split("</li>")[0]
    already = html.split(url(network_a, "coaching_day", rated.pk))[1].split("</li>")[0]
    assert "status--running" in to_rate
    assert "status--running" not in already
