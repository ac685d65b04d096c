"""Coaching days on phones (issue 16, item 3), in French and in English: the coach records the
day at the point of sale from its page, the unit manager is asked to rate it and rates it, and
the coach's home shows their average (never the rating itself)."""

import datetime as dt

import pytest

from network_animation.models import Role
from tests.challenges.units_factories import assign_coach, rate_day, record_day, start_project

from .test_coaching import phone_of
from .test_communities import assert_fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_records_a_day_the_manager_rates_it_the_coach_sees_the_average(
    browser, live_server, network_a, spoken
):
    slug, point = network_a.tenant.slug, network_a.point_of_sale
    assign_coach(network_a)
    start_project(network_a)
    today = dt.date.today()  # noqa: DTZ011  # the live server's day, as the pages see it
    for days_ago, score in ((21, 5), (14, 3)):  # two earlier days already rated
        earlier = record_day(network_a, date=today - dt.timedelta(days=days_ago), today=today)
        rate_day(network_a, earlier, score, today=today)

    # The coach opens the point of sale's page and records today's day from its panel.
    coach = phone_of(browser, live_server, network_a.members[Role.COACH])
    coach.goto(f"{live_server.url}/{slug}/points-of-sale/{point.pk}/")
    assert_fits_the_screen(coach)
    coach.locator(
        f"a[href='/{slug}/challenges/coaching-days/new/?point_of_sale={point.pk}']"
    ).click()
    coach.wait_for_url("**/coaching-days/new/*")
    assert_fits_the_screen(coach)
    coach.fill("#id_objectives", "Observer l'accueil du samedi")
    coach.fill("#id_work_done", "Trois observations, trois débriefings.")
    coach.fill("#id_next_steps", "Un objectif par vendeur pour la semaine.")
    coach.locator("#main button[type=submit]").click()
    coach.wait_for_url("**/coaching-days/*/")
    day_path = coach.url.removeprefix(live_server.url)
    assert "Trois observations" in coach.locator("main").inner_text()

    # The manager finds the request in their notifications and rates the coach.
    manager = phone_of(browser, live_server, network_a.members[Role.POS_MANAGER])
    manager.goto(f"{live_server.url}/{slug}/notifications/")
    coach_name = network_a.members[Role.COACH].user.get_full_name()
    manager.locator("main a", has_text=coach_name).first.click()  # the rating request
    manager.wait_for_url(f"**{day_path}")
    assert_fits_the_screen(manager)
    manager.locator("label[for='id_score_3']").click()  # the fourth choice: 4
    manager.fill("#id_comment", "Très utile pour l'équipe.")
    manager.locator("form[action$='/rate/'] button[type=submit]").click()
    manager.wait_for_url(f"**{day_path}")
    assert "4 / 5" in manager.locator("main").inner_text()
    assert manager.locator("form[action$='/rate/']").count() == 0  # once

    # The coach's home: the average of 5, 3 and 4, never the manager's rating or comment.
    coach.goto(f"{live_server.url}/{slug}/communities/coaching/")
    assert_fits_the_screen(coach)
    home = coach.locator("main").inner_text()
    assert "4" in coach.locator(".coach-average strong").inner_text()
    assert "3" in coach.locator(".coach-average").inner_text()  # 3 ratings
    coach.goto(f"{live_server.url}{day_path}")
    day_page = coach.locator("main").inner_text()
    assert "Très utile" not in day_page
    assert "4 / 5" not in day_page
    assert "Très utile" not in home
    assert coach.console_errors == []
    assert manager.console_errors == []
