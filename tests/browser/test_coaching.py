"""Coaching on phones (issue 16, item 1), in French and in English: a dealer reports a
difficulty; their coach follows it up, closes it, writes a lesson sheet that names the dealer and
is refused, fixes it; another coach publishes it; a dealer of another point of sale finds it in
the library by a search, and nothing in it says who met the difficulty."""

import pytest
from django.urls import reverse

from network_animation.models import Role
from tests.communities.conftest import sync
from tests.communities.test_coaching import CLEAN, POINT, REPORTER, _person, build_coaching
from tests.factories import PASSWORD

from .conftest import speak
from .test_communities import PHONE, assert_fits_the_screen
from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone_of(browser, live_server, membership):
    """A phone of its own (its own session) for this person, signed in."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    sign_in(page, live_server, membership.user.email, PASSWORD)
    page.wait_for_selector("h1")
    assert page.locator("html").get_attribute("lang") == membership.user.language
    return page


def test_a_difficulty_becomes_an_anonymous_lesson_sheet_another_dealer_finds(
    browser, live_server, network_a, spoken
):
    sync(network_a)
    coaching = build_coaching(network_a)
    slug = network_a.tenant.slug
    reader = _person(
        network_a,
        Role.POS_MANAGER,
        "Gaspard",
        "Ailleurs",
        point_of_sale=network_a.other_point_of_sale,
    )
    speak(network_a, spoken)  # the people made since too
    for person in (coaching.other_coach, reader):
        person.user.refresh_from_db()

    # The dealer reports it from the menu, on their phone.
    dealer = phone_of(browser, live_server, coaching.reporter)
    dealer.locator("summary").first.click()
    dealer.locator(f"a[href='/{slug}/communities/coaching/']").click()
    dealer.wait_for_url("**/communities/coaching/")
    dealer.locator(f"a[href='/{slug}/communities/coaching/difficulties/new/']").click()
    dealer.wait_for_url("**/coaching/difficulties/new/")
    assert_fits_the_screen(dealer)
    dealer.fill("#id_title", "La relance par SMS reste sans réponse")
    dealer.fill("#id_tried", "J'ai relancé tous mes essais de la semaine par SMS.")
    dealer.fill("#id_happened", "Aucune réponse, et deux clients partis ailleurs.")
    dealer.check("#id_is_private")
    dealer.locator("#main button[type=submit]").click()
    dealer.wait_for_url("**/coaching/difficulties/*/")
    assert_fits_the_screen(dealer)
    difficulty_path = dealer.url.removeprefix(live_server.url)

    # The coach finds it on their home, follows up, closes it and writes the sheet.
    coach = phone_of(browser, live_server, coaching.coach)
    coach.goto(f"{live_server.url}/{slug}/communities/coaching/")
    assert_fits_the_screen(coach)
    coach.locator(f"a[href='{difficulty_path}']").first.click()
    coach.wait_for_url(f"**{difficulty_path}")
    coach.check("#id_kind_0")
    coach.fill("#id_note", "Rappelée : un appel le lendemain de l'essai plutôt qu'un SMS.")
    coach.locator("form[action$='/follow-up/'] button[type=submit]").click()
    coach.wait_for_url(f"**{difficulty_path}")
    assert "Rappelée" in coach.locator("main").inner_text()
    coach.locator("form[action$='/close/'] button[type=submit]").click()
    coach.wait_for_url(f"**{difficulty_path}")
    coach.locator("form[action$='/sheet/'] button[type=submit]").click()
    coach.wait_for_url("**/coaching/sheets/*/edit/")
    assert_fits_the_screen(coach)
    for field, text in CLEAN.items():
        coach.fill(f"#id_{field}", text)
    coach.fill("#id_happened", f"{REPORTER[0]} relançait par SMS, comme tout {POINT['city']}.")
    coach.locator("button[name=submit]").click()
    # Refused on the field where the dealer is named, with what was found.
    refused = " ".join(coach.locator(".field--error .field__error").all_inner_texts())
    assert REPORTER[0] in refused
    assert POINT["city"] in refused
    assert "/edit/" in coach.url
    assert coach.locator(".field--error #id_happened").count() == 1
    assert_fits_the_screen(coach)
    coach.fill("#id_happened", CLEAN["happened"])
    coach.locator("button[name=submit]").click()
    coach.wait_for_url("**/coaching/sheets/*/")
    sheet_path = coach.url.removeprefix(live_server.url)

    # Another coach reviews and publishes it.
    reviewer = phone_of(browser, live_server, coaching.other_coach)
    reviewer.goto(f"{live_server.url}{sheet_path}")
    assert_fits_the_screen(reviewer)
    reviewer.locator("button[value=approve]").click()
    reviewer.wait_for_url(f"**{sheet_path}")
    assert reviewer.locator("form[action$='/review/']").count() == 0

    # A dealer elsewhere finds it in the library by a search, and nobody is named in it.
    other = phone_of(browser, live_server, reader)
    search = reverse("communities:search", args=[slug])
    other.goto(f"{live_server.url}{search}?q=lendemain")
    other.locator("section[aria-labelledby=documents-found] a").first.click()
    other.wait_for_url("**/communities/library/*/")
    assert_fits_the_screen(other)
    page = other.locator("main").inner_text()
    assert "appel" in page.casefold()
    for identifying in (*REPORTER, *POINT.values()):
        assert identifying.casefold() not in page.casefold()
    for person in (dealer, reviewer, other):
        assert person.console_errors == [], person.url
    assert other.goto(f"{live_server.url}{difficulty_path}").status == 404
    # The refused sheet answered 400 (a form with errors), the one error the coach's page logs.
    assert [e for e in coach.console_errors if "400" not in e] == []
