"""A dealer signs in on a phone, lands on their page in French, then switches to English."""

import pytest

from network_animation.models import Role
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("#main button[type=submit]")


def test_a_dealer_signs_in_in_french_and_switches_to_english(phone, live_server, network_a):
    dealer = network_a.members[Role.POS_STAFF].user
    sign_in(phone, live_server, dealer.email, PASSWORD)
    phone.wait_for_selector("h1")
    assert phone.locator("h1").inner_text() == network_a.point_of_sale.name
    assert phone.locator("html").get_attribute("lang") == "fr"
    assert phone.get_by_text("Équipe").is_visible()
    phone.click("button[name=language][value=en]")
    phone.wait_for_selector("html[lang=en]")
    assert phone.get_by_text("Team").is_visible()
    assert phone.locator("h1").inner_text() == network_a.point_of_sale.name
    assert phone.console_errors == []
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_a_wrong_password_shows_a_clear_error(phone, live_server, network_a):
    dealer = network_a.members[Role.POS_STAFF].user
    sign_in(phone, live_server, dealer.email, "not-the-password")
    alert = phone.locator("[role=alert]")
    alert.wait_for()
    assert "wrong email or password" in alert.inner_text().lower()
    assert phone.url.endswith("/accounts/login/")


def test_the_menu_opens_on_a_phone_and_signs_out(phone, live_server, network_a):
    head_office = network_a.members[Role.HEAD_OFFICE].user
    sign_in(phone, live_server, head_office.email, PASSWORD)
    phone.wait_for_selector("h1")
    phone.click("summary")
    phone.get_by_role("link", name="Organisation").first.wait_for()
    phone.get_by_role("button", name="Se déconnecter").click()
    phone.wait_for_url(f"{live_server.url}/accounts/login/")
    phone.go_back()
    assert network_a.zone.name not in phone.content()
