"""Learning's journeys on phones (issue 15), in French and in English.

Head office writes a module for a zone (a text and a quiz question with its answers'
explanations), is refused publishing it ten minutes and more (by how much), shortens a step and
publishes it; a dealer of the zone finds it to do and answers the question, a dealer elsewhere
never sees it. An animator pushes a module to a point of sale from the zone page, whose
training table then counts its people; they find it to do, with its due date. A manager adjusts
the training plan an assessment built for a salesperson (a date changed, a module swapped for
another, reviewed); the salesperson reads the adjusted plan and their progress in it."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network_animation.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.microlearning.factories import (
    link,
    make_assessment,
    make_competence,
    make_module,
    make_scale,
    take,
    text,
)

from .conftest import speak
from .test_coaching import phone_of
from .test_communities import assert_fits_the_screen
from .test_unit_project import flash, name_of, short_date, shown

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the pages say, in each language (the templates, and locale/fr/LC_MESSAGES/django.po), as
# `shown` reads them (French typography's no-break spaces as spaces).
SAID = {
    "fr": {
        "learning": "Formation",
        "write": "Rédiger des modules",
        "new_module": "Nouveau module",
        "create": "Créer le module",
        "created": "Module créé : ajoutez ses étapes.",
        "add_step": "Ajouter une étape",
        "kinds": {"text": "+ Texte", "quiz": "+ Question de quiz"},
        "save_step": "Enregistrer l’étape",
        "step_added": "Étape ajoutée.",
        "change_step": "Modifier une étape",
        "step_saved": "Étape enregistrée.",
        "estimated": "{} estimées, sur 10 min au plus",
        "too_long": "{} de trop",
        "publish": "Publier la version 1",
        "refused": "Ce module dure 11 min 40 s : 1 min 40 s de trop. Un module dure 10 minutes "
        "au plus : raccourcissez ou retirez des étapes.",
        "draft": "Brouillon",
        "published": "La version 1 est publiée : les personnes en cours de module terminent la "
        "version qu’elles ont commencée.",
        "status_published": "Publié",
        "to_do": "À faire",
        "next": "Suivante",
        "check": "Vérifier ma réponse",
        "not_quite": "Pas tout à fait.",
        "nothing_to_do": "Plus rien à faire : bravo. Les nouveaux modules apparaîtront ici.",
        "training": "Formation dans la zone",
        "columns": [
            "Collaborateur",
            "Affecté",
            "En cours",
            "Terminés",
            "En retard",
            "Plan en retard",
        ],
        "push_to": "Proposer un module à {}",
        "assign": "Affecter",
        "past": "Choisissez une échéance à partir d’aujourd’hui.",
        "assigned": "Le module est affecté à {}.",
        "next_five": "Vos 5 prochaines minutes",
        "assigned_next": "« {title} » ({time}), à faire d’ici le {due}.",
        "due": "échéance le {}",
        "people_plans": "Plans de mon équipe",
        "no": "non",
        "plan_of": "Plan de {}",
        "not_reviewed": "Pas encore validé par le responsable.",
        "progress": "{done} modules terminés sur {total} ({percent} %)",
        "by": "d’ici le {}",
        "change_date": "Modifier la date",
        "date_changed": "Échéance modifiée.",
        "date_set": "date fixée par le responsable",
        "remove": "Retirer",
        "removed": "Module retiré du plan.",
        "adjust": "Ajuster le plan",
        "add": "Ajouter le module",
        "added": "Module ajouté au plan.",
        "added_by": "ajouté par le responsable",
        "mark_reviewed": "Marquer le plan comme validé",
        "marked": "Plan marqué comme validé.",
        "reviewed_by": "Validé par {name} le {date}.",
        "your_plan": "Votre plan",
        "plan_figures": "{done} modules terminés sur {total}",
        "plan_next": "Prochain module : « {title} », d’ici le {due}.",
        "my_plan": "Mon plan",
        "finish": "Terminer",
        "finished": "Module terminé",
        "back": "Retour aux modules",
        "done": "Terminé",
    },
    "en": {
        "learning": "Learning",
        "write": "Write modules",
        "new_module": "New module",
        "create": "Create the module",
        "created": "Module created: add its steps.",
        "add_step": "Add a step",
        "kinds": {"text": "+ Text", "quiz": "+ Quiz question"},
        "save_step": "Save the step",
        "step_added": "Step added.",
        "change_step": "Change a step",
        "step_saved": "Step saved.",
        "estimated": "{} estimated, of 10 min at most",
        "too_long": "{} too long",
        "publish": "Publish version 1",
        "refused": "This module lasts 11 min 40 s: 1 min 40 s too long. A module lasts 10 "
        "minutes at most: shorten or remove steps.",
        "draft": "Draft",
        "published": "Version 1 is published: people in the middle of the module finish the "
        "version they started.",
        "status_published": "Published",
        "to_do": "To do",
        "next": "Next",
        "check": "Check my answer",
        "not_quite": "Not quite.",
        "nothing_to_do": "Nothing left to do: well done. New modules will appear here.",
        "training": "Training in the zone",
        "columns": ["Person", "Assigned", "In progress", "Done", "Late", "Plan late"],
        "push_to": "Push a module to {}",
        "assign": "Assign",
        "past": "Choose a due date from today on.",
        "assigned": "The module is assigned to {}.",
        "next_five": "Your next 5 minutes",
        "assigned_next": "“{title}” ({time}), to do by {due}.",
        "due": "due {}",
        "people_plans": "My people's plans",
        "no": "no",
        "plan_of": "Plan of {}",
        "not_reviewed": "Not reviewed by the manager yet.",
        "progress": "{done} of {total} modules done ({percent}%)",
        "by": "by {}",
        "change_date": "Change the date",
        "date_changed": "Due date changed.",
        "date_set": "date set by the manager",
        "remove": "Remove",
        "removed": "Module removed from the plan.",
        "adjust": "Adjust the plan",
        "add": "Add the module",
        "added": "Module added to the plan.",
        "added_by": "added by the manager",
        "mark_reviewed": "Mark the plan as reviewed",
        "marked": "Plan marked as reviewed.",
        "reviewed_by": "Reviewed by {name} on {date}.",
        "your_plan": "Your plan",
        "plan_figures": "{done} of {total} modules done",
        "plan_next": "Next: “{title}”, by {due}.",
        "my_plan": "My plan",
        "finish": "Finish",
        "finished": "Module finished",
        "back": "Back to the modules",
        "done": "Done",
    },
}
# The module head office writes, in the language of the run.
WRITTEN = {
    "fr": {
        "title": "Reformuler l’objection prix",
        "summary": "Répondre à « c’est trop cher » sans baisser le prix.",
        "text": "Reformulez d’abord : **si je comprends bien**, le prix vous arrête ?",
        "bold": "si je comprends bien",
        "question": "Le client dit « c’est trop cher ». Que faites-vous d’abord ?",
        "right": "Je reformule son objection",
        "right_why": "Reformuler montre que vous avez écouté.",
        "wrong": "Je propose une remise",
        "wrong_why": "Une remise d’emblée dévalorise le véhicule.",
    },
    "en": {
        "title": "Rephrasing the price objection",
        "summary": "Answering “it is too expensive” without cutting the price.",
        "text": "Rephrase first: **if I understand you**, the price is what stops you?",
        "bold": "if I understand you",
        "question": "The customer says “it is too expensive”. What do you do first?",
        "right": "I rephrase their objection",
        "right_why": "Rephrasing shows you listened.",
        "wrong": "I offer a discount",
        "wrong_why": "A discount at once makes the car look cheap.",
    },
}
WELCOME = "Accueillir en moins d’une minute"
DISCOVER, CLOSE, OBJECTION = "Découvrir le besoin", "Conclure la vente", "Traiter l’objection"


def open_learning(page, slug: str) -> None:
    """From the menu, as everyone reaches it."""
    page.locator("details.menu summary").click()
    page.locator(f"details.menu a[href='/{slug}/learning/']").click()
    page.wait_for_url(f"**/{slug}/learning/")


def close(*pages) -> None:
    """Each phone's browser closed: no connection left open to the live server."""
    for page in pages:
        page.context.close()


def add_step(page, said: dict, kind: str, fields: dict[str, str], ticked=()) -> None:
    """From the module's page, add a step of this kind with these fields, back to the page."""
    module_page = page.url
    adding = page.locator(f"#main a[href$='/steps/new/?kind={kind}']")
    assert adding.inner_text() == said["kinds"][kind]
    adding.click()
    page.wait_for_url(re.compile(rf"/steps/new/\?kind={kind}$"))
    assert page.locator("h1").inner_text() == said["add_step"]
    assert_fits_the_screen(page)
    for selector, value in fields.items():
        page.fill(selector, value)
    for selector in ticked:
        page.check(selector)
    page.get_by_role("button", name=said["save_step"]).click()
    page.wait_for_url(module_page)
    flash(page).to_contain_text(said["step_added"])


def test_head_office_writes_a_module_publishes_it_once_short_enough_and_its_zone_learns_it(
    browser, live_server, network_a, spoken
):
    slug, said, written = network_a.tenant.slug, SAID[spoken], WRITTEN[spoken]
    elsewhere = MembershipFactory(
        tenant=network_a.tenant,
        role=Role.POS_STAFF,
        user=UserFactory(),
        point_of_sale=network_a.other_point_of_sale,  # in the other zone
    )
    speak(network_a, spoken)  # the dealer made since too
    elsewhere.user.refresh_from_db()

    # Head office opens Learning from the menu, then writes a new module for the zone.
    office = phone_of(browser, live_server, network_a.members[Role.HEAD_OFFICE])
    open_learning(office, slug)
    office.locator(f"#main a[href='/{slug}/learning/manage/']").click()
    office.wait_for_url("**/learning/manage/")
    assert office.locator("h1").inner_text() == said["write"]
    office.get_by_role("link", name=said["new_module"]).click()
    office.wait_for_url("**/learning/manage/new/")
    assert office.locator("h1").inner_text() == said["new_module"]
    assert_fits_the_screen(office)
    office.select_option("#id_language", spoken)
    office.fill(f"#id_title_{spoken}", written["title"])
    office.fill(f"#id_summary_{spoken}", written["summary"])
    office.select_option("#id_zone", str(network_a.zone.pk))
    office.get_by_role("button", name=said["create"]).click()
    office.wait_for_url(re.compile(r"/learning/manage/\d+/$"))
    flash(office).to_contain_text(said["created"])
    assert office.locator("h1").inner_text() == written["title"]
    module_id = int(office.url.rstrip("/").rsplit("/", 1)[1])

    # A text of 6 min 40 s and a quiz question of 5 min: 11 min 40 s, over the ten minutes.
    add_step(
        office,
        said,
        "text",
        {f"#id_body_{spoken}": written["text"], "#id_estimated_seconds": "400"},
    )
    add_step(
        office,
        said,
        "quiz",
        {
            f"#id_body_{spoken}": written["question"],
            "#id_estimated_seconds": "300",
            f"#id_choices-0-text_{spoken}": written["right"],
            f"#id_choices-0-explanation_{spoken}": written["right_why"],
            f"#id_choices-1-text_{spoken}": written["wrong"],
            f"#id_choices-1-explanation_{spoken}": written["wrong_why"],
        },
        ticked=["#id_choices-0-is_correct"],
    )
    assert office.locator("ol.steps li.step-row").count() == 2
    duration = office.locator("p.duration")
    expect(duration).to_have_class(re.compile(r"duration--over"))
    assert said["estimated"].format("11 min 40 s") in shown(duration)
    assert said["too_long"].format("1 min 40 s") in shown(duration)
    assert_fits_the_screen(office)
    office.get_by_role("button", name=said["publish"]).click()
    expect(office.locator(".message--error")).to_have_text(said["refused"])
    assert office.locator(".module-card__meta .status").inner_text() == said["draft"]

    # Shortening the text to 3 min 20 s: 8 min 20 s, published.
    office.locator("ol.steps li.step-row").first.locator("a[href*='/steps/']").click()
    office.wait_for_url(re.compile(r"/steps/\d+/$"))
    assert office.locator("h1").inner_text() == said["change_step"]
    office.fill("#id_estimated_seconds", "200")
    office.get_by_role("button", name=said["save_step"]).click()
    office.wait_for_url(f"**/learning/manage/{module_id}/")
    flash(office).to_contain_text(said["step_saved"])
    expect(duration).not_to_have_class(re.compile(r"duration--over"))
    assert said["estimated"].format("8 min 20 s") in shown(duration)
    office.get_by_role("button", name=said["publish"]).click()
    flash(office).to_contain_text(said["published"])
    assert office.locator(".module-card__meta .status").inner_text() == said["status_published"]
    assert office.get_by_role("button", name=said["publish"]).count() == 0

    # A dealer of the zone finds it to do, opens it and answers the question wrong.
    dealer = phone_of(browser, live_server, network_a.members[Role.POS_STAFF])
    open_learning(dealer, slug)
    assert dealer.locator("h1").inner_text() == said["learning"]
    assert dealer.locator(".learning-tabs a[aria-current=page]").inner_text() == said["to_do"]
    assert_fits_the_screen(dealer)
    card = dealer.locator(".module-card", has_text=written["title"])
    assert written["summary"] in card.inner_text()
    assert "8 min 20 s" in shown(card)
    card.locator("a.module-card__link").click()
    dealer.wait_for_url(f"**/learning/{module_id}/")
    assert dealer.locator("h1").inner_text() == written["title"]
    dealer.locator("#player button[type=submit]").click()  # start
    dealer.wait_for_selector("#player form[data-step='1']")
    assert dealer.locator("#player .prose strong").inner_text() == written["bold"]
    assert dealer.locator("#player button[type=submit]").inner_text() == said["next"]
    dealer.locator("#player button[type=submit]").click()
    dealer.wait_for_selector("#player form[data-step='2']")
    assert written["question"] in dealer.locator("#player .question").inner_text()
    assert dealer.locator("#player button[type=submit]").inner_text() == said["check"]
    dealer.locator("label.answer", has_text=written["wrong"]).click()
    dealer.locator("#player button[type=submit]").click()
    expect(dealer.locator("#player .verdict--wrong")).to_have_text(said["not_quite"])
    feedback = dealer.locator("#player .answers--feedback").inner_text()
    assert written["wrong_why"] in feedback  # the explanation of the answer chosen
    assert written["right_why"] not in feedback
    assert_fits_the_screen(dealer)

    # A dealer of another zone never sees it.
    other = phone_of(browser, live_server, elsewhere)
    open_learning(other, slug)
    assert written["title"] not in other.locator("main").inner_text()
    assert shown(other.locator("ul.modules")) == said["nothing_to_do"]
    for page in (office, dealer, other):
        assert page.console_errors == [], page.url
    close(office, dealer, other)


def test_an_animator_pushes_a_module_to_a_point_of_sale_whose_people_find_it_to_do(
    browser, live_server, network_a, spoken
):
    slug, said = network_a.tenant.slug, SAID[spoken]
    zone, point = network_a.zone, network_a.point_of_sale
    staff, manager = network_a.members[Role.POS_STAFF], network_a.members[Role.POS_MANAGER]
    module = make_module(network_a, [text("Un sourire, un prénom, un café.", 60)], title=WELCOME)
    today = timezone.localdate()
    due = today + dt.timedelta(days=10)

    # The animator lands on their zone's page: its training, every point of sale with a link.
    animator = phone_of(browser, live_server, network_a.members[Role.ANIMATOR])
    animator.wait_for_url(f"**/{slug}/zones/{zone.pk}/")
    assert animator.locator("h1").inner_text() == zone.name
    training = animator.locator("section[aria-labelledby=training-title]")
    assert training.locator("h2").inner_text() == said["training"]
    assert training.locator("thead th").all_inner_texts() == said["columns"]
    assert training.locator("tbody tr").count() == 0  # nothing assigned yet
    assert_fits_the_screen(animator)
    training.get_by_role("link", name=said["push_to"].format(point.name)).click()
    animator.wait_for_url(f"**/learning/assignments/points/{point.pk}/")
    assert animator.locator("h1").inner_text() == said["push_to"].format(point.name)
    assert_fits_the_screen(animator)

    # A due date in the past is refused, saying so; the next one is taken.
    animator.select_option("#id_module", str(module.pk))
    animator.fill("#id_due_on", (today - dt.timedelta(days=1)).isoformat())
    animator.get_by_role("button", name=said["assign"], exact=True).click()
    expect(animator.locator("#main .errors")).to_have_text(said["past"])
    animator.fill("#id_due_on", due.isoformat())
    animator.get_by_role("button", name=said["assign"], exact=True).click()
    animator.wait_for_url(f"**/{slug}/zones/{zone.pk}/")
    flash(animator).to_contain_text(said["assigned"].format(point.name))

    # The zone's training: both people of the point of sale have it assigned, not started.
    rows = training.locator("tbody tr")
    assert sorted(rows.locator("th").all_inner_texts()) == sorted(
        [name_of(staff), name_of(manager)]
    )
    for number in range(rows.count()):
        assert rows.nth(number).locator("td").all_inner_texts() == ["1", "0", "0", "0", "0"]
    assert_fits_the_screen(animator)

    # The salesperson: on their page, their next five minutes; in Learning, to do by that date.
    dealer = phone_of(browser, live_server, staff)
    next_five = dealer.locator("section[aria-labelledby=next-five-title]")
    assert next_five.locator("h2").inner_text() == said["next_five"]
    assert shown(next_five.locator("p").first) == said["assigned_next"].format(
        title=WELCOME, time="1 min", due=short_date(due, spoken)
    )
    open_learning(dealer, slug)
    assert dealer.locator(".learning-tabs a[aria-current=page]").inner_text() == said["to_do"]
    card = dealer.locator(".module-card", has_text=WELCOME)
    assert shown(card.locator(".module-card__due")) == said["due"].format(short_date(due, spoken))
    assert_fits_the_screen(dealer)
    assert dealer.console_errors == []
    # The refused due date answered 400 (a form with errors), the one error the page logs.
    assert [e for e in animator.console_errors if "400" not in e] == []
    close(animator, dealer)


def test_a_manager_adjusts_a_plan_an_assessment_built_and_the_person_follows_it(
    browser, live_server, network_a, spoken
):
    slug, said, point = network_a.tenant.slug, SAID[spoken], network_a.point_of_sale
    staff, manager = network_a.members[Role.POS_STAFF], network_a.members[Role.POS_MANAGER]
    make_scale(network_a)
    selling = make_competence(network_a, "Vente")
    first = make_module(network_a, [text("Écoutez avant de proposer.", 60)], title=DISCOVER)
    second = make_module(network_a, [text("Proposez la signature.", 120)], title=CLOSE)
    other = make_module(network_a, [text("Reformulez l’objection.", 90)], title=OBJECTION)
    link(network_a, first, selling)
    link(network_a, second, selling)
    # Wrong on every question: a gap in selling, whose two modules make the plan (the shortest
    # first, due in one week, then two).
    take(network_a, make_assessment(network_a, [selling]), right=lambda question: False)
    today = timezone.localdate()
    week, sooner, later = (today + dt.timedelta(days=days) for days in (7, 4, 20))

    # The manager opens their people's plans from Learning, then the salesperson's.
    boss = phone_of(browser, live_server, manager)
    open_learning(boss, slug)
    boss.locator(f"#main a[href='/{slug}/learning/plans/']").click()
    boss.wait_for_url("**/learning/plans/")
    assert boss.locator("h1").inner_text() == said["people_plans"]
    row = boss.locator("tbody tr", has_text=name_of(staff))
    assert row.locator("td").all_inner_texts() == [point.name, "0 / 2", "0", said["no"]]
    assert_fits_the_screen(boss)
    row.locator("a").click()
    boss.wait_for_url(f"**/learning/plans/{staff.pk}/")
    assert boss.locator("h1").inner_text() == said["plan_of"].format(name_of(staff))
    main = boss.locator("main")
    assert said["not_reviewed"] in shown(main)
    assert boss.locator("li.plan-item a").all_inner_texts() == [DISCOVER, CLOSE]
    assert_fits_the_screen(boss)

    # An earlier date for the first module.
    line = boss.locator("li.plan-item", has_text=DISCOVER)
    assert said["by"].format(short_date(week, spoken)) in shown(line)
    line.locator("input[type=date]").fill(sooner.isoformat())
    line.get_by_role("button", name=said["change_date"]).click()
    flash(boss).to_contain_text(said["date_changed"])
    assert said["by"].format(short_date(sooner, spoken)) in shown(line)
    assert said["date_set"] in shown(line)

    # The second swapped for another: removed, the other added by a date.
    boss.locator("li.plan-item", has_text=CLOSE).get_by_role("button", name=said["remove"]).click()
    flash(boss).to_contain_text(said["removed"])
    expect(boss.locator("li.plan-item", has_text=CLOSE)).to_have_count(0)
    adjust = boss.locator("section[aria-labelledby=adjust-title]")
    assert adjust.locator("h2").inner_text() == said["adjust"]
    boss.select_option("#id_module", str(other.pk))
    boss.fill("#id_due_on", later.isoformat())
    adjust.get_by_role("button", name=said["add"]).click()
    flash(boss).to_contain_text(said["added"])
    added = boss.locator("li.plan-item", has_text=OBJECTION)
    assert said["added_by"] in shown(added)
    assert said["by"].format(short_date(later, spoken)) in shown(added)
    boss.get_by_role("button", name=said["mark_reviewed"]).click()
    flash(boss).to_contain_text(said["marked"])
    reviewed = said["reviewed_by"].format(name=name_of(manager), date=short_date(today, spoken))
    assert reviewed in shown(main)
    assert said["progress"].format(done=0, total=2, percent=0) in shown(main)
    assert_fits_the_screen(boss)

    # The salesperson's page: their plan, its next module by the new date.
    dealer = phone_of(browser, live_server, staff)
    panel = dealer.locator("section[aria-labelledby=your-plan-title]")
    assert panel.locator("h2").inner_text() == said["your_plan"]
    assert said["plan_figures"].format(done=0, total=2) in shown(panel)
    next_one = said["plan_next"].format(title=DISCOVER, due=short_date(sooner, spoken))
    assert next_one in shown(panel)
    panel.get_by_role("link", name=said["my_plan"]).click()
    dealer.wait_for_url(f"**/{slug}/learning/plan/")
    assert dealer.locator("h1").inner_text() == said["my_plan"]
    assert_fits_the_screen(dealer)
    plan = dealer.locator("main")
    assert reviewed in shown(plan)
    assert dealer.locator("li.plan-item a").all_inner_texts() == [DISCOVER, OBJECTION]
    assert said["date_set"] in shown(dealer.locator("li.plan-item", has_text=DISCOVER))
    assert said["added_by"] in shown(dealer.locator("li.plan-item", has_text=OBJECTION))

    # They do the first module; the plan counts it.
    dealer.locator("li.plan-item a", has_text=DISCOVER).click()
    dealer.wait_for_url(f"**/learning/{first.pk}/")
    dealer.locator("#player button[type=submit]").click()  # start
    dealer.wait_for_selector("#player form[data-step='1']")
    assert dealer.locator("#player button[type=submit]").inner_text() == said["finish"]
    dealer.locator("#player button[type=submit]").click()
    expect(dealer.locator("#player h2")).to_have_text(said["finished"])
    dealer.get_by_role("link", name=said["back"]).click()
    dealer.wait_for_url(f"**/{slug}/learning/")
    dealer.locator(f"#main a[href='/{slug}/learning/plan/']").click()
    dealer.wait_for_url(f"**/{slug}/learning/plan/")
    assert said["progress"].format(done=1, total=2, percent=50) in shown(plan)
    done = dealer.locator("li.plan-item--done")
    assert done.locator("a").inner_text() == DISCOVER
    assert done.locator(".status").inner_text() == said["done"]
    assert boss.console_errors == []
    assert dealer.console_errors == []
    close(boss, dealer)
