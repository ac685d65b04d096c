"""Unit excellence projects on phones (issue 16, items 2 and 3), in French and in English.

The project: the unit manager starts it from their point of sale's page, writes the diagnostic's
four axes (the voice of the customer, the sensory walk, a day of the reference week, each
person's skills) and an action plan; a salesperson finds the action given to them in their
notifications, marks it done and comments on it, and cannot move a colleague's; the manager
sees it on the progress board.

Coaching days: the coach records the day at the point of sale from its page, the unit manager is
asked to rate it and rates it, and the coach's home shows their average (never the rating
itself)."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from network_animation.models import Role
from tests.challenges.units_factories import assign_coach, rate_day, record_day, start_project
from tests.kpis.factories import KpiDefinitionFactory

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


# What the pages say, in each language (the templates, and locale/fr/LC_MESSAGES/django.po).
SAID = {
    "fr": {
        "not_started": "Non démarré",
        "start": "Lancer le projet",
        "started": "Le projet est lancé : commencez par son diagnostic.",
        "save": "Enregistrer",
        "voice_saved": "La voix du client est enregistrée.",
        "senses_saved": "Le parcours sensoriel est enregistré.",
        "senses": ["Vue", "Toucher", "Odorat", "Ouïe"],
        "save_day": "Enregistrer ce jour",
        "monday_saved": "Les chiffres du lundi sont enregistrés.",
        "short_hours": "1 heure avec moins de personnes prévues que nécessaire.",
        "skills_saved": "Les compétences sont enregistrées.",
        "partly": "En partie au standard",
        "mark_diagnostic": "Marquer le diagnostic comme réalisé",
        "diagnostic_done": "Diagnostic réalisé",
        "add_action": "Ajouter une action",
        "in_plan": "L’action est ajoutée au plan.",
        "due": "échéance le {}",
        "mark_plan": "Marquer le plan comme rédigé",
        "plan_written": "Plan rédigé",
        "none_done": "Actions réalisées : 0 sur 2",
        "assigned": "vous a confié une action du projet",
        "kpi": "Indicateur visé :",
        "kpi_label": "Indicateur visé",
        "update_status": "Mettre à jour le statut",
        "status_saved": "Le statut est enregistré.",
        "done_on": "réalisée le {}",
        "comment": "Commentaire",
        "advanced": "Plan bien avancé",
        "one_done": "Actions réalisées : 1 sur 2",
    },
    "en": {
        "not_started": "Not started",
        "start": "Start the project",
        "started": "The project is started: begin with its diagnostic.",
        "save": "Save",
        "voice_saved": "The voice of the customer is saved.",
        "senses_saved": "The sensory walk is saved.",
        "senses": ["Sight", "Touch", "Smell", "Hearing"],
        "save_day": "Save this day",
        "monday_saved": "Monday is saved.",
        "short_hours": "1 hour with fewer people planned than needed.",
        "skills_saved": "The skills are saved.",
        "partly": "Partly there",
        "mark_diagnostic": "Mark the diagnostic done",
        "diagnostic_done": "Diagnostic done",
        "add_action": "Add an action",
        "in_plan": "The action is in the plan.",
        "due": "due {}",
        "mark_plan": "Mark the plan written",
        "plan_written": "Plan written",
        "none_done": "0 of 2 actions done",
        "assigned": "gave you an action of the project",
        "kpi": "KPI it should move:",
        "kpi_label": "KPI it should move",
        "update_status": "Update the status",
        "status_saved": "The status is saved.",
        "done_on": "done on {}",
        "comment": "Comment",
        "advanced": "Plan well under way",
        "one_done": "1 of 2 actions done",
    },
}
RECOMMENDATION = {"fr": "Taux de recommandation", "en": "Recommendation rate"}
FINDINGS = {
    "sight": "Vitrine encombrée, prix peu lisibles.",
    "touch": "Sièges de l'attente usés.",
    "smell": "Odeur d'atelier jusqu'à l'accueil.",
    "hearing": "Musique trop forte le samedi.",
}
CALL_BACK = "Rappeler chaque essai le lendemain"
SATURDAY = "Renforcer le planning du samedi"


def short_date(day: dt.date, language: str) -> str:
    """A date as the pages write it in `language`."""
    with translation.override(language):
        return date_format(day, "SHORT_DATE_FORMAT")


def shown(locator) -> str:
    """An element's text as read, its no-break spaces (French typography) as spaces."""
    return locator.inner_text().replace("\xa0", " ")


def flash(page):
    """The page's messages, once the page that shows them has loaded."""
    return expect(page.locator(".messages"))


def name_of(membership) -> str:
    return membership.user.get_full_name()


def write_the_diagnostic(manager, said: dict, people: dict, kpi_name: str) -> None:
    """From the project's page, the manager writes the diagnostic's four axes, one form each,
    then marks the diagnostic done."""
    project = manager.url
    manager.locator("a[href$='/voice/']").click()
    manager.wait_for_url("**/units/*/voice/")
    assert_fits_the_screen(manager)
    assert kpi_name in shown(manager.locator("main .unit-kpis"))  # the satisfaction KPIs
    manager.fill("#id_customer_voice", "Ils saluent l'accueil, moins **les délais** de l'atelier.")
    manager.get_by_role("button", name=said["save"], exact=True).click()
    manager.wait_for_url(project)
    flash(manager).to_contain_text(said["voice_saved"])
    voice = manager.locator("section[aria-labelledby=voice-title]")
    assert voice.locator(".post__body strong").inner_text() == "les délais"

    manager.locator("a[href$='/senses/']").click()
    manager.wait_for_url("**/units/*/senses/")
    assert_fits_the_screen(manager)
    for sense, finding in FINDINGS.items():
        manager.fill(f"#id_sense_{sense}", finding)
    manager.get_by_role("button", name=said["save"], exact=True).click()
    manager.wait_for_url(project)
    flash(manager).to_contain_text(said["senses_saved"])
    walk = manager.locator("dl.unit-senses")
    assert walk.locator("dt").all_inner_texts() == said["senses"]
    assert walk.locator("dd").all_inner_texts() == list(FINDINGS.values())

    manager.locator("a[href$='/flows/']").click()
    manager.wait_for_url("**/units/*/flows/")
    assert_fits_the_screen(manager)
    for column, value in (("traffic", "30"), ("needed", "3"), ("planned", "2")):
        manager.fill(f"#id_{column}_10", value)  # Monday from 10 to 11: one person short
    manager.get_by_role("button", name=said["save_day"], exact=True).click()
    manager.wait_for_url(re.compile(r"/flows/\?day=1$"))  # on to Tuesday
    flash(manager).to_contain_text(said["monday_saved"])
    assert_fits_the_screen(manager)
    manager.locator(".breadcrumb a").last.click()
    manager.wait_for_url(project)
    flows = manager.locator("section[aria-labelledby=flows-title]")
    assert said["short_hours"] in shown(flows)
    short = flows.locator("td.flow-short").inner_text()
    assert "30" in short
    assert "2/3" in short

    manager.locator("a[href$='/skills/']").click()
    manager.wait_for_url("**/units/*/skills/")
    assert_fits_the_screen(manager)
    seller, me = people[Role.POS_STAFF], people[Role.POS_MANAGER]
    manager.select_option(f"#id_level_{seller.pk}", "2")  # partly there
    manager.fill(f"#id_notes_{seller.pk}", "Relance ses essais par SMS : à travailler.")
    manager.select_option(f"#id_level_{me.pk}", "3")
    manager.get_by_role("button", name=said["save"], exact=True).click()
    manager.wait_for_url(project)
    flash(manager).to_contain_text(said["skills_saved"])
    skills = manager.locator("section[aria-labelledby=skills-title] li", has_text=name_of(seller))
    assert said["partly"] in shown(skills)
    assert "à travailler" in shown(skills)

    manager.get_by_role("button", name=said["mark_diagnostic"]).click()
    board = manager.locator(".unit-board")
    expect(board.locator(".status").first).to_have_text(said["diagnostic_done"])
    assert board.locator(".unit-stages__done").count() == 1
    assert_fits_the_screen(manager)


def add_action(manager, said: dict, *, title: str, axis: str, owner, due: dt.date, kpi=None):
    project = manager.url
    manager.get_by_role("link", name=said["add_action"]).click()
    manager.wait_for_url("**/actions/new/")
    assert_fits_the_screen(manager)
    manager.fill("#id_title", title)
    manager.select_option("#id_axis", axis)
    manager.select_option("#id_owner", str(owner.pk))
    manager.fill("#id_due_on", due.isoformat())
    if kpi is not None:
        assert manager.locator("label[for=id_kpi]").inner_text() == said["kpi_label"]
        manager.select_option("#id_kpi", str(kpi.pk))
    manager.get_by_role("button", name=said["save"], exact=True).click()
    manager.wait_for_url(project)
    flash(manager).to_contain_text(said["in_plan"])


def test_a_manager_builds_the_project_a_salesperson_does_their_action_the_board_shows_it(
    browser, live_server, network_a, spoken
):
    slug, point, said = network_a.tenant.slug, network_a.point_of_sale, SAID[spoken]
    people = network_a.members
    seller_name = name_of(people[Role.POS_STAFF])
    recommendation = KpiDefinitionFactory(
        tenant=network_a.tenant,
        family="Satisfaction",
        name_fr=RECOMMENDATION["fr"],
        name_en=RECOMMENDATION["en"],
    )
    today = timezone.localdate()
    soon, later = today + dt.timedelta(days=14), today + dt.timedelta(days=30)

    # The manager lands on their point of sale's page and starts the project from its panel.
    manager = phone_of(browser, live_server, people[Role.POS_MANAGER])
    assert manager.locator("h1").inner_text() == point.name
    panel = manager.locator(".unit-panel")
    assert said["not_started"] in shown(panel.locator(".status").first)
    panel.get_by_role("link", name=said["start"]).click()
    manager.wait_for_url(f"**/units/points-of-sale/{point.pk}/")
    project_path = manager.url.removeprefix(live_server.url)
    assert_fits_the_screen(manager)
    manager.get_by_role("button", name=said["start"]).click()
    flash(manager).to_contain_text(said["started"])
    write_the_diagnostic(manager, said, people, RECOMMENDATION[spoken])

    # The action plan: one action for the salesperson, one for the manager.
    add_action(
        manager,
        said,
        title=CALL_BACK,
        axis="customer_voice",
        owner=people[Role.POS_STAFF],
        due=soon,
        kpi=recommendation,
    )
    add_action(
        manager, said, title=SATURDAY, axis="flows", owner=people[Role.POS_MANAGER], due=later
    )
    plan = manager.locator("section[aria-labelledby=plan-title]")
    given = shown(plan.locator("li", has_text=CALL_BACK))
    assert seller_name in given
    assert said["due"].format(short_date(soon, spoken)) in given
    assert RECOMMENDATION[spoken] in given
    manager.get_by_role("button", name=said["mark_plan"]).click()
    board = manager.locator(".unit-board")
    expect(board.locator(".status").first).to_have_text(said["plan_written"])
    assert said["none_done"] in shown(board.locator(".unit-share"))
    assert_fits_the_screen(manager)

    # The salesperson finds the action in their notifications, marks it done and comments.
    seller = phone_of(browser, live_server, people[Role.POS_STAFF])
    seller.locator("a.bell").click()
    seller.wait_for_url("**/notifications/")
    assert_fits_the_screen(seller)
    notice = seller.locator("main a", has_text=CALL_BACK)
    assert said["assigned"] in shown(notice)
    notice.click()
    seller.wait_for_url("**/units/actions/*/")
    assert_fits_the_screen(seller)
    assert seller.locator("h1").inner_text() == CALL_BACK
    card = seller.locator("main article")
    assert said["kpi"] in shown(card)
    assert RECOMMENDATION[spoken] in shown(card)
    seller.select_option("#id_status", "done")
    seller.get_by_role("button", name=said["update_status"]).click()
    flash(seller).to_contain_text(said["status_saved"])
    assert card.locator(".status--action-done").count() == 1
    assert said["done_on"].format(short_date(today, spoken)) in shown(card)
    seller.fill("#id_text", "Les 12 essais de la semaine rappelés : **3 commandes**.")
    seller.get_by_role("button", name=said["comment"], exact=True).click()
    comments = seller.locator("section[aria-labelledby=comments-title]")
    expect(comments.locator(".post__body strong")).to_have_text("3 commandes")
    assert seller_name in shown(comments)
    assert_fits_the_screen(seller)

    # On the project's page they read their own skills only, write nothing, and cannot move
    # the manager's action (they may comment on it).
    seller.locator(".breadcrumb a").last.click()
    seller.wait_for_url(f"**{project_path}")
    assert_fits_the_screen(seller)
    skills = shown(seller.locator("section[aria-labelledby=skills-title]"))
    assert seller_name in skills
    assert name_of(people[Role.POS_MANAGER]) not in skills
    assert seller.locator("#main a[href$='/voice/'], #main a[href$='/actions/new/']").count() == 0
    seller.locator("section[aria-labelledby=plan-title] a", has_text=SATURDAY).click()
    seller.wait_for_url("**/units/actions/*/")
    assert seller.locator("form[action$='/status/']").count() == 0
    assert seller.locator("form[action$='/comment/']").count() == 1

    # The manager sees it on the progress board, and on the point of sale's page.
    manager.goto(f"{live_server.url}{project_path}")
    assert_fits_the_screen(manager)
    board = manager.locator(".unit-board")
    assert board.locator(".status").first.inner_text() == said["advanced"]
    assert said["one_done"] in shown(board.locator(".unit-share"))
    assert shown(board.locator(".unit-share strong")) == ("50 %" if spoken == "fr" else "50%")
    assert RECOMMENDATION[spoken] in shown(board.locator(".unit-kpis"))
    done = manager.locator("section[aria-labelledby=plan-title] li", has_text=CALL_BACK)
    assert done.locator(".status--action-done").count() == 1
    assert "💬 1" in shown(done)
    manager.goto(f"{live_server.url}/{slug}/points-of-sale/{point.pk}/")
    assert_fits_the_screen(manager)
    panel = manager.locator(".unit-panel")
    assert said["one_done"] in shown(panel)
    next_actions = shown(panel.locator("ul.threads"))
    assert SATURDAY in next_actions
    assert CALL_BACK not in next_actions
    assert manager.console_errors == []
    assert seller.console_errors == []
