"""Communities on phones: a dealer asks their zone a question, the zone's animator answers, the
dealer accepts the answer (htmx, no page reload), and the animator is told by the bell."""

import pytest

from communities.models import Thread
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from tests.communities.conftest import Communities, sync
from tests.factories import PASSWORD

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TITLE = "Reprise d’un véhicule sans carnet d’entretien"
QUESTION = "Un client veut reprendre une voiture sans carnet : comment l’estimer ?"
ANSWER = "Demandez les factures du garage, puis faites un **contrôle complet** avant l’offre."


@pytest.fixture
def communities(network_a) -> Communities:
    """The network's automatic communities, as the nightly step leaves them."""
    return sync(network_a)


def assert_fits_the_screen(page) -> None:
    """Nothing to scroll sideways: the page is no wider than the phone's screen."""
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def open_phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    return context, page


def ask(phone, live_server, network_a, communities: Communities) -> None:
    """The dealer opens Communities from the menu, then their zone, and asks the question."""
    sign_in(phone, live_server, network_a.members[Role.POS_STAFF].user.email, PASSWORD)
    phone.wait_for_selector("h1")
    phone.get_by_label("Menu").click()
    phone.get_by_role("link", name="Communautés").click()
    phone.wait_for_url(f"**/{network_a.tenant.slug}/communities/")
    assert_fits_the_screen(phone)
    phone.get_by_role("link", name=communities.zone.name, exact=True).click()
    phone.wait_for_url(f"**/communities/{communities.zone.pk}/")
    assert_fits_the_screen(phone)
    phone.get_by_role("link", name="Poser une question ou lancer une discussion").click()
    phone.get_by_role("combobox", name="C’est").select_option("question")
    phone.get_by_role("textbox", name="Titre").fill(TITLE)
    phone.get_by_role("textbox", name="Texte").fill(QUESTION)
    assert_fits_the_screen(phone)
    phone.get_by_role("button", name="Publier").click()
    phone.wait_for_url("**/communities/threads/*/")
    assert phone.locator("h1").inner_text() == TITLE
    assert "Question" in phone.locator("p.meta").inner_text()
    assert_fits_the_screen(phone)


def answer(page, live_server, network_a, communities: Communities) -> None:
    """The animator finds the question in their zone's community and replies."""
    sign_in(page, live_server, network_a.members[Role.ANIMATOR].user.email, PASSWORD)
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/{network_a.tenant.slug}/communities/{communities.zone.pk}/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/communities/threads/*/")
    page.get_by_role("textbox", name="Votre réponse").fill(ANSWER)
    page.get_by_role("button", name="Répondre", exact=True).click()
    page.wait_for_url("**#post-*")
    reply = page.locator(".post").nth(1)
    # The Markdown is shown as such: the bold is bold, not asterisks.
    assert reply.locator(".prose strong").inner_text() == "contrôle complet"
    assert network_a.members[Role.ANIMATOR].user.get_full_name() in reply.inner_text()
    assert_fits_the_screen(page)


def accept(phone) -> None:
    """The dealer accepts the answer: the posts change in place, the page is not reloaded."""
    phone.reload()
    phone.evaluate("window.__same_page = true")
    reply = phone.locator(".post").nth(1)
    reply.get_by_role("button", name="Accepter cette réponse").click()
    accepted = phone.locator(".post--accepted")
    accepted.wait_for()
    assert "contrôle complet" in accepted.inner_text()
    assert "Réponse acceptée" in accepted.inner_text()
    assert phone.get_by_role("button", name="Accepter cette réponse").count() == 0
    assert phone.evaluate("window.__same_page") is True
    assert_fits_the_screen(phone)


def test_a_dealer_asks_an_animator_answers_and_the_answer_is_accepted(
    browser, phone, live_server, network_a, communities
):
    ask(phone, live_server, network_a, communities)
    animator_context, animator = open_phone(browser)
    answer(animator, live_server, network_a, communities)
    accept(phone)
    with tenant_scope(network_a.tenant):
        thread = Thread.objects.get(title=TITLE)
        assert thread.kind == Thread.Kind.QUESTION
        assert thread.accepted_answer.author == network_a.members[Role.ANIMATOR]
    # The animator, on any page: the bell counts the news, the inbox says what it is.
    animator.reload()
    bell = animator.locator(".bell")
    assert bell.locator(".bell__count").inner_text().startswith("1")
    bell.click()
    animator.wait_for_url(f"**/{network_a.tenant.slug}/notifications/")
    line = animator.locator(".notification--unread")
    assert line.count() == 1
    # French puts a no-break space inside the quotation marks.
    assert f"Votre réponse à «\u00a0{TITLE}\u00a0» a été acceptée." in line.inner_text()
    assert_fits_the_screen(animator)
    assert phone.console_errors == []
    assert animator.console_errors == []
    animator_context.close()
