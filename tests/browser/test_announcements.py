"""Announcements in the browser: head office writes to one zone, watching the live count of the
audience; a dealer of that zone reads and confirms it on a phone (htmx, in place); head office
sees the zone's read rate; a dealer of another zone never sees it."""

import pytest

from communities.models import Announcement
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from tests.factories import PASSWORD, MembershipFactory, UserFactory

from .test_communities import assert_fits_the_screen, open_phone
from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
TITLE = "Nouveaux tarifs atelier au 1er décembre"
BODY = "Les tarifs de main-d’œuvre changent : **affichez la nouvelle grille** lundi."


def compose(page, live_server, network_a) -> None:
    """Head office opens Announcements from the menu and writes to the first zone."""
    sign_in(page, live_server, network_a.members[Role.HEAD_OFFICE].user.email, PASSWORD)
    page.wait_for_selector("h1")
    page.get_by_label("Menu").click()
    page.get_by_role("link", name="Annonces").click()
    page.wait_for_url(f"**/{network_a.tenant.slug}/communities/announcements/")
    page.get_by_role("link", name="Nouvelle annonce").click()
    page.get_by_role("textbox", name="Titre").fill(TITLE)
    page.get_by_role("textbox", name="Texte").fill(BODY)
    page.locator("summary", has_text="Zones").click()
    page.get_by_role("checkbox", name=network_a.zone.name, exact=True).check()
    # The count follows the ticks without a reload: the zone's manager, staff and animator,
    # and the region's director.
    page.locator("#reach", has_text="4\u00a0personnes").wait_for()
    page.get_by_role("checkbox", name="Demander à chacun de confirmer sa lecture").check()
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url("**/communities/announcements/*/")
    assert page.locator("h1").inner_text() == TITLE
    assert (
        "Envoyée à 4\u00a0personnes" in page.get_by_role("region", name="Qui l’a lue").inner_text()
    )


def read_and_confirm(phone, live_server, network_a) -> None:
    """The dealer finds it on their page, reads it and confirms in place."""
    sign_in(phone, live_server, network_a.members[Role.POS_STAFF].user.email, PASSWORD)
    phone.wait_for_selector("h1")
    panel = phone.get_by_role("region", name="Des annonces pour vous")
    panel.get_by_role("link", name=TITLE).click()
    phone.wait_for_url("**/communities/announcements/*/")
    assert phone.locator(".post__body strong").inner_text() == "affichez la nouvelle grille"
    assert_fits_the_screen(phone)
    phone.evaluate("window.__same_page = true")
    phone.get_by_role("button", name="Je l’ai lue").click()
    phone.get_by_role("status").filter(has_text="Vous avez confirmé").wait_for()
    assert phone.evaluate("window.__same_page") is True
    phone.goto(
        f"{live_server.url}/{network_a.tenant.slug}/points-of-sale/{network_a.point_of_sale.pk}/"
    )
    assert phone.get_by_role("region", name="Des annonces pour vous").count() == 0
    assert_fits_the_screen(phone)


def test_head_office_reaches_one_zone_and_sees_who_read_it(browser, live_server, network_a):
    stranger = MembershipFactory(
        tenant=network_a.tenant,
        role=Role.POS_STAFF,
        point_of_sale=network_a.other_point_of_sale,
        user=UserFactory(),
    )
    desk_context = browser.new_context(viewport=DESKTOP)
    desk = desk_context.new_page()
    compose(desk, live_server, network_a)
    phone_context, phone = open_phone(browser)
    read_and_confirm(phone, live_server, network_a)
    # Head office: the zone's three recipients, one read and confirmed.
    desk.reload()
    row = desk.get_by_role("row").filter(
        has=desk.get_by_role("rowheader", name=network_a.zone.name, exact=True)
    )
    assert "33\u00a0%" in row.inner_text()
    # The other zone's dealer: nothing on their page, nothing in their list, 404 by address.
    other_context, other = open_phone(browser)
    sign_in(other, live_server, stranger.user.email, PASSWORD)
    other.wait_for_selector("h1")
    assert TITLE not in other.content()
    other.goto(f"{live_server.url}/{network_a.tenant.slug}/communities/announcements/")
    assert TITLE not in other.content()
    assert "Aucune annonce pour vous" in other.content()
    with tenant_scope(network_a.tenant):
        announcement = Announcement.objects.get(title=TITLE)
    address = (
        f"{live_server.url}/{network_a.tenant.slug}/communities/announcements/{announcement.pk}/"
    )
    assert phone.console_errors == []
    assert other.console_errors == []
    assert other.goto(address).status == 404
    for context in (desk_context, phone_context, other_context):
        context.close()
