"""Learning on a phone: a dealer opens Learning from the menu, starts a module, leaves at step 3,
signs in again in another browser (a new context: no cookie, no cache), lands on step 3 and
finishes; a quiz question answered by a tap, the next step swapped in by htmx; never a page
wider than the screen."""

import pytest

from microlearning.services import ChoiceData, StepData
from network_animation.models import Role
from tests.factories import PASSWORD
from tests.microlearning.factories import make_module, text

from .test_communities import assert_fits_the_screen, open_phone
from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = "Garantie-constructeur-prolongée-jusqu’à-sept-ans-" * 3  # must wrap, not widen


def module(network):
    question = StepData(
        kind="quiz",
        body_fr="Combien de temps dure la garantie ?",
        estimated_seconds=45,
        choices=[
            ChoiceData(text_fr="Sept ans", is_correct=True, explanation_fr="Sept ans, 150 000 km."),
            ChoiceData(text_fr="Deux ans", explanation_fr="C’est le minimum légal."),
        ],
    )
    steps = [
        text("Étape un : accueillir."),
        text(f"Étape deux : {LONG_WORD}"),
        text("Étape trois : reformuler."),
        question,
        text("Étape cinq : conclure."),
    ]
    return make_module(network, steps, title="Vendre la garantie")


def step_number(page) -> str:
    return page.locator("#player form").get_attribute("data-step")


def test_a_dealer_leaves_at_step_three_and_resumes_there_on_another_device(
    browser, live_server, network_a
):
    found = module(network_a)
    email = network_a.members[Role.POS_STAFF].user.email
    context, phone = open_phone(browser)
    sign_in(phone, live_server, email, PASSWORD)
    phone.wait_for_selector("h1")
    phone.locator("details.menu summary").click()
    phone.locator(f"a[href='/{network_a.tenant.slug}/learning/']").click()
    phone.wait_for_url(f"**/{network_a.tenant.slug}/learning/")
    assert_fits_the_screen(phone)
    phone.locator(".module-card__link", has_text="Vendre la garantie").click()
    phone.wait_for_url(f"**/learning/{found.pk}/")
    phone.locator("#player button[type=submit]").tap()
    phone.wait_for_selector("#player form[data-step='1']")
    phone.locator("#player button[type=submit]").tap()
    phone.wait_for_selector("#player form[data-step='2']")
    assert_fits_the_screen(phone)
    phone.locator("#player button[type=submit]").tap()
    phone.wait_for_selector("#player form[data-step='3']")
    assert phone.url.endswith(f"/learning/{found.pk}/")  # swapped in, no page load
    context.close()  # a customer walks in

    context, phone = open_phone(browser)  # another device: nothing of the first
    sign_in(phone, live_server, email, PASSWORD)
    phone.wait_for_selector("h1")
    phone.goto(f"{live_server.url}/{network_a.tenant.slug}/learning/?tab=running")
    phone.locator(".module-card__link", has_text="Vendre la garantie").click()
    phone.wait_for_selector("#player form")
    assert step_number(phone) == "3"
    assert "Étape trois" in phone.locator("#player").inner_text()
    assert_fits_the_screen(phone)
    phone.locator("#player button[type=submit]").tap()
    phone.wait_for_selector("#player form[data-step='4']")
    phone.locator("label.answer", has_text="Sept ans").tap()  # the whole row is the target
    box = phone.locator("label.answer").first.bounding_box()
    assert box is not None
    assert box["height"] >= 48
    phone.locator("#player button[type=submit]").tap()
    phone.wait_for_selector(".verdict--right")
    assert "Sept ans, 150 000 km." in phone.locator("#player").inner_text()
    assert_fits_the_screen(phone)
    phone.locator("#player a.player__next").tap()
    phone.wait_for_selector("#player form[data-step='5']")
    phone.locator("#player button[type=submit]").tap()
    phone.wait_for_selector("#player dl.facts")
    assert "10" in phone.locator("#player dl.facts").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.console_errors == []
    context.close()
