"""The launch wizard's period and goals (challenges/forms.py, challenges/periods.py), the warning
before a second challenge of the same name, the participants' goals on a challenge's page
(challenges/launch_reads.py), and the participants told at launch."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from challenges import periods
from challenges.models import Challenge, ChallengeKpi, ScoringRule, Status
from challenges.services import KpiChoice, challenge_publish, challenge_standings_refresh
from network_animation.models import Channel, Frequency, Notification, Role
from network_animation.services.notifications import notification_preferences_save
from network_animation.tenancy import tenant_scope

from ..factories import MembershipFactory, UserFactory
from .conftest import add_facts
from .factories import launch

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
MONDAY = dt.date(2026, 11, 30)


def animator(network, language="fr"):
    client = network.client(Role.ANIMATOR)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # as signing in sets it
    return client


def launch_url(network, zone=None):
    zone = zone or network.zone
    return reverse("challenges:launch_zone", args=[network.tenant.slug, zone.pk])


def step_one(*kpis, rule=ScoringRule.ABSOLUTE, name="Sprint"):
    data = {
        "step": "1",
        "name": name,
        "participant_kind": "point_of_sale",
        "scoring_rule": rule,
        "tie_break": "heaviest_kpi",
    }
    for i, kpi in enumerate(kpis, 1):
        data.update({f"kpi_{i}": kpi.pk, f"weight_{i}": "1"})
    return data


def step_three(one, **two):
    today = timezone.localdate()
    return {
        **one,
        "period": periods.OTHER_DATES,
        "start": today.isoformat(),
        "end": (today + dt.timedelta(days=6)).isoformat(),
        **two,
        "step": "3",
        "winner_count": "3",
        "winner_points": "100",
        "threshold_points": "0",
        "launch": "1",
    }


def goal_inputs(body: str) -> list[str]:
    return re.findall(r'name="(target_\d)"', body)


def goals_fieldset(body: str) -> str:
    return body[body.index('class="launch__goals"') :].split("</fieldset>")[0]


# The goals step


def test_the_goals_step_names_each_kpi_and_unit_and_shows_one_goal_per_kpi(network_a, kpis_a):
    body = (
        animator(network_a, "en")
        .post(launch_url(network_a), step_one(kpis_a.sales, kpis_a.leads), **HTMX)
        .content.decode()
    )
    assert goal_inputs(body) == ["target_1", "target_2"]  # two KPIs, two goals
    goals = goals_fieldset(body)
    assert f"{kpis_a.sales.name_en}: goal per participant" in goals
    assert "Unit: €" in goals
    assert f"{kpis_a.leads.name_en}: goal per participant" in goals
    assert "A count, in whole units" in goals
    assert kpis_a.sales.code not in goals
    assert kpis_a.leads.code not in goals


def test_under_the_achievement_rule_the_goals_are_each_ones_objective(network_a, kpis_a):
    one = step_one(kpis_a.sales, rule=ScoringRule.ACHIEVEMENT)
    body = animator(network_a, "en").post(launch_url(network_a), one, **HTMX).content.decode()
    assert goal_inputs(body) == []
    assert "their own goal for the period" in goals_fieldset(body)
    assert kpis_a.sales.name_en in goals_fieldset(body)


@pytest.mark.parametrize(("language", "shown"), [("fr", 'value="8,5"'), ("en", 'value="8.5"')])
def test_a_goal_is_written_in_the_readers_number_format(network_a, kpis_a, language, shown):
    """A goal given by a link (a suggestion's one click) is shown as the reader writes it."""
    client = animator(network_a, language)
    url = f"{launch_url(network_a)}?kpi_1={kpis_a.satisfaction.pk}&target_1=8.5"
    one = step_one(kpis_a.satisfaction)
    body = client.post(url, one, **HTMX).content.decode()
    assert shown in body
    assert 'inputmode="decimal"' in body


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [("fr", "8,5", 8.5), ("fr", "1 234,5", 1234.5), ("en", "8.5", 8.5), ("en", "1,234.5", None)],
)
def test_a_goal_is_read_in_the_readers_number_format(network_a, kpis_a, language, typed, stored):
    client = animator(network_a, language)
    three = step_three(step_one(kpis_a.satisfaction), target_1=typed)
    answer = client.post(launch_url(network_a), three, **HTMX)
    with tenant_scope(network_a.tenant):
        goal = ChallengeKpi.objects.filter(kpi=kpis_a.satisfaction).first()
    if stored is None:  # English does not group thousands in a field: refused, never misread
        assert goal is None
        assert "field__error" in answer.content.decode()
    else:
        assert goal is not None
        assert goal.target == pytest.approx(stored)


@pytest.mark.parametrize(("language", "typed"), [("fr", "12,6"), ("en", "12.6")])
def test_a_count_goal_is_rounded_to_whole_units(network_a, kpis_a, language, typed):
    three = step_three(step_one(kpis_a.leads), target_1=typed)
    animator(network_a, language).post(launch_url(network_a), three, **HTMX)
    with tenant_scope(network_a.tenant):
        assert ChallengeKpi.objects.get(kpi=kpis_a.leads).target == 13


def test_a_suggested_count_goal_is_rounded_up_to_whole_units(network_a, kpis_a, zone_a):
    """The zone is 95 € short of its March objectives (710 - 615) among four points of sale:
    23.75 each, so 24 to make (a whole number: the KPI has no decimals)."""
    one = step_one(kpis_a.sales)
    body = animator(network_a).post(launch_url(network_a), one, **HTMX).content.decode()
    assert re.search(r'name="target_1" value="24"', body), goals_fieldset(body)


def test_goals_are_dropped_when_the_rule_does_not_score_on_them(network_a, kpis_a):
    one = step_one(kpis_a.leads, rule=ScoringRule.ACHIEVEMENT)
    animator(network_a).post(launch_url(network_a), step_three(one, target_1="12"), **HTMX)
    with tenant_scope(network_a.tenant):
        assert ChallengeKpi.objects.get(kpi=kpis_a.leads).target is None


# The period


@pytest.mark.parametrize("last_figures_back", [None, 0, 1, 2, 5])
def test_the_default_period_never_ends_before_the_next_figures(last_figures_back):
    for offset in range(62):  # every weekday, and the ends of two months
        today = MONDAY + dt.timedelta(days=offset)
        last = None if last_figures_back is None else today - dt.timedelta(days=last_figures_back)
        default = periods.default_period(today, last)
        first = periods.first_figures_on(default.start, today, last)
        assert default.start >= today
        assert first >= periods.next_figures_on(today, last) > today
        assert (default.end - first).days + 1 >= periods.USEFUL_DAYS, (today, default)
        for offered in periods.offered(today, last):
            assert periods.first_figures_on(offered.start, today, last) <= offered.end


def test_the_rest_of_the_week_then_the_next_week():
    saturday = MONDAY - dt.timedelta(days=2)
    assert periods.default_period(MONDAY, saturday) == periods.Period(
        periods.REST_OF_WEEK, MONDAY, dt.date(2026, 12, 6)
    )
    assert periods.first_figures_on(MONDAY, MONDAY, saturday) == dt.date(2026, 12, 1)
    friday = dt.date(2026, 12, 4)  # figures on Saturday and Sunday only: the next week
    assert periods.default_period(friday, friday - dt.timedelta(days=1)) == periods.Period(
        periods.NEXT_WEEK, dt.date(2026, 12, 7), dt.date(2026, 12, 13)
    )
    sunday = dt.date(2026, 12, 6)  # the rest of the week would end before its first figures
    assert [p.key for p in periods.offered(sunday, None)] == [
        periods.NEXT_WEEK,
        periods.NEXT_MONTH,
    ]
    # Today's figures already in: the next ones are the day after tomorrow's.
    assert periods.next_figures_on(MONDAY, MONDAY) == dt.date(2026, 12, 2)


def test_the_period_step_offers_the_presets_with_the_default_chosen(network_a, kpis_a):
    today = timezone.localdate()
    add_facts(kpis_a.sales, network_a.point_of_sale, {today - dt.timedelta(days=1): 3})
    body = (
        animator(network_a, "en")
        .post(launch_url(network_a), step_one(kpis_a.sales), **HTMX)
        .content.decode()
    )
    default = periods.default_period(today, today - dt.timedelta(days=1))
    assert re.search(rf'value="{default.key}"[^>]*checked', body)
    for preset in ("Next week", "Next month", "Other dates"):
        assert preset in body
    assert f'name="start" value="{default.start.isoformat()}"' in body


def test_a_preset_gives_its_dates(network_a, kpis_a):
    three = {**step_three(step_one(kpis_a.sales)), "period": periods.NEXT_MONTH}
    animator(network_a).post(launch_url(network_a), three, **HTMX)
    next_month = periods.presets(timezone.localdate())[-1]
    with tenant_scope(network_a.tenant):
        challenge = Challenge.objects.get()
    assert (challenge.start_date, challenge.end_date) == (next_month.start, next_month.end)
    assert challenge.status == Status.SCHEDULED


def test_other_dates_must_be_given(network_a, kpis_a):
    three = {**step_three(step_one(kpis_a.sales)), "start": ""}
    answer = animator(network_a).post(launch_url(network_a), three, **HTMX).content.decode()
    assert 'name="step" value="2"' in answer
    assert "field__error" in answer
    with tenant_scope(network_a.tenant):
        assert not Challenge.objects.exists()


def test_a_challenge_without_figures_says_when_they_come(network_a, kpis_a):
    today = timezone.localdate()
    challenge = launch(
        network_a, [kpis_a.sales], start=today, end=today + dt.timedelta(days=6), today=today
    )
    body = (
        animator(network_a, "en")
        .get(reverse("challenges:detail", args=[network_a.tenant.slug, challenge.pk]))
        .content.decode()
    )
    tomorrow = today + dt.timedelta(days=1)
    expected = f"No figures yet: the first ones on {tomorrow:%A} {tomorrow.day} {tomorrow:%B}"
    assert expected in body


# The same name twice


def test_a_second_challenge_of_the_same_name_over_the_same_days_asks_for_confirmation(
    network_a, kpis_a
):
    today = timezone.localdate()
    first = launch(
        network_a, [kpis_a.sales], name="Sprint", start=today, end=today + dt.timedelta(days=3)
    )
    client = animator(network_a, "en")
    three = step_three(step_one(kpis_a.sales, name="sprint "))
    warned = client.post(launch_url(network_a), three, **HTMX).content.decode()
    assert "already launched over some of these days" in warned
    assert reverse("challenges:detail", args=[network_a.tenant.slug, first.pk]) in warned
    assert 'name="confirm_namesake"' in warned
    assert 'type="text" name="name"' in warned  # the name can be changed right there
    with tenant_scope(network_a.tenant):
        assert Challenge.objects.count() == 1
    client.post(launch_url(network_a), {**three, "confirm_namesake": "on"}, **HTMX)
    with tenant_scope(network_a.tenant):
        assert Challenge.objects.count() == 2


def test_another_name_another_zone_or_other_days_launch_without_a_warning(network_a, kpis_a):
    today = timezone.localdate()
    launch(network_a, [kpis_a.sales], name="Sprint", start=today, end=today + dt.timedelta(days=3))
    launch(
        network_a,
        [kpis_a.sales],
        name="Sprint",
        start=today - dt.timedelta(days=20),
        end=today - dt.timedelta(days=1),
        today=today - dt.timedelta(days=20),
    )
    client = animator(network_a, "en")
    renamed = step_three(step_one(kpis_a.sales, name="Sprint 2"))
    later = {
        **step_three(step_one(kpis_a.sales)),
        "start": (today + dt.timedelta(days=4)).isoformat(),
        "end": (today + dt.timedelta(days=10)).isoformat(),
    }
    draft = {**step_three(step_one(kpis_a.sales)), "draft": "1"}
    for data in (renamed, later, draft):
        body = client.post(launch_url(network_a), data, **HTMX).content.decode()
        assert "is launched" in body, data
    other_zone = network_a.other_zone
    head_office = network_a.client(Role.HEAD_OFFICE)
    body = head_office.post(
        launch_url(network_a, other_zone), step_three(step_one(kpis_a.sales)), **HTMX
    ).content.decode()
    assert "is launched" in body or "est lancé" in body


# The challenge's page


def test_the_challenge_page_lists_the_participants_and_their_goals(network_a, kpis_a, zone_a):
    absolute = launch(
        network_a,
        [KpiChoice(kpis_a.sales, target=100)],
        name="Absolute",
        scoring_rule=ScoringRule.ABSOLUTE,
    )
    achievement = launch(network_a, [kpis_a.sales], name="Achievement")
    with tenant_scope(network_a.tenant):
        challenge_standings_refresh(
            tenant=network_a.tenant, challenge=absolute, today=dt.date(2025, 4, 1)
        )
    client = network_a.client(Role.ANIMATOR)

    def page(challenge):
        url = reverse("challenges:detail", args=[network_a.tenant.slug, challenge.pk])
        return client.get(url).content.decode()

    body = page(absolute)
    for point in zone_a.points:
        assert point.name in body
    assert "4 participants" in body
    assert "45\xa0€ / 100\xa0€" in body  # Small, after the scoring: its value so far, the goal
    # Before any scoring: each one's own objective for the period, no value yet.
    body = page(achievement)
    assert "— / 50\xa0€" in body
    assert "— / 500\xa0€" in body


# The participants are told


def test_the_participants_are_told_at_launch_by_their_preferences(
    network_a, kpis_a, django_capture_on_commit_callbacks
):
    outsider = MembershipFactory(
        tenant=network_a.tenant,
        role=Role.POS_STAFF,
        user=UserFactory(),
        point_of_sale=network_a.other_point_of_sale,
    )
    manager = network_a.members[Role.POS_MANAGER]
    with tenant_scope(network_a.tenant):
        notification_preferences_save(
            tenant=network_a.tenant,
            membership=manager,
            choices={("challenge.launched", Channel.EMAIL): Frequency.IMMEDIATE},
        )
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        challenge = launch(network_a, [kpis_a.sales], name="Winter sprint")
    with tenant_scope(network_a.tenant):
        told = set(
            Notification.objects.filter(
                kind="challenge.launched", target_id=challenge.pk
            ).values_list("recipient_id", flat=True)
        )
    assert told == {network_a.members[Role.POS_STAFF].pk, manager.pk}
    assert outsider.pk not in told
    assert network_a.members[Role.ANIMATOR].pk not in told  # who launched it
    assert [message.to for message in mail.outbox] == [[manager.user.email]]
    assert "Winter sprint" in mail.outbox[0].body


def test_a_draft_tells_nobody_until_it_is_published_once(network_a, kpis_a):
    draft = launch(network_a, [kpis_a.sales], draft=True)
    with tenant_scope(network_a.tenant):
        assert not Notification.objects.filter(kind="challenge.launched").exists()
        challenge_publish(tenant=network_a.tenant, challenge=draft, today=dt.date(2025, 3, 20))
        told = Notification.objects.filter(
            kind="challenge.launched", recipient=network_a.members[Role.POS_STAFF]
        )
        assert told.count() == 1
