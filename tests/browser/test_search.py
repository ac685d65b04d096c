"""The search on phones: a dealer finds a thread by a word typed without its accent, and while
writing a new question is shown the answered one like it before posting, and opens it."""

import pytest
from django.urls import reverse

from communities.services import answer_accept
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from tests.communities.conftest import Communities, start, sync
from tests.communities.test_search import reply
from tests.factories import PASSWORD

from .test_communities import assert_fits_the_screen
from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOTEL = "Réserver un hôtel pour le séminaire des vendeurs"
SOLVED = "Relancer un client après un essai"


@pytest.fixture
def communities(network_a) -> Communities:
    """The network's automatic communities, as the nightly step leaves them."""
    return sync(network_a)


def ask(network, community, title: str, body: str):
    """A question the zone's animator asked."""
    return start(network, community, Role.ANIMATOR, title=title, body=body, kind="question")


def dealer_signs_in(phone, live_server, network) -> None:
    sign_in(phone, live_server, network.members[Role.POS_STAFF].user.email, PASSWORD)
    phone.wait_for_selector("h1")


@pytest.mark.postgres
def test_a_dealer_finds_a_thread_by_a_word_typed_without_its_accent(
    phone, live_server, network_a, communities
):
    thread = ask(network_a, communities.zone, HOTEL, "Quel hôtel près du circuit ?")
    ask(network_a, communities.zone, "Le stock de printemps", "Rien à voir.")
    dealer_signs_in(phone, live_server, network_a)
    phone.goto(f"{live_server.url}/{network_a.tenant.slug}/communities/")
    phone.get_by_role("searchbox", name="Chercher dans les communautés").fill("hotel")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/communities/search/?q=hotel*")
    found = phone.locator(".search-results .card")
    assert found.count() == 1
    assert found.locator("mark").first.inner_text() == "hôtel"
    # French puts a no-break space between the number and its noun.
    assert "1\u00a0discussion trouvée" in phone.get_by_role("status").inner_text()
    assert_fits_the_screen(phone)
    found.get_by_role("link").click()
    phone.wait_for_url(f"**/communities/threads/{thread.pk}/*")
    assert phone.locator("h1").inner_text() == HOTEL
    assert phone.console_errors == []


def test_answered_questions_are_suggested_while_a_title_is_typed_and_open(
    phone, live_server, network_a, communities
):
    solved = ask(network_a, communities.zone, SOLVED, "Quand le rappeler ?")
    answer = reply(network_a, solved, "Le lendemain, avec une offre.", Role.HEAD_OFFICE)
    with tenant_scope(network_a.tenant):
        answer_accept(
            tenant=network_a.tenant,
            actor=network_a.members[Role.ANIMATOR],
            thread=solved,
            post=answer,
        )
    ask(network_a, communities.zone, "Relancer sans réponse encore", "Des idées ?")
    dealer_signs_in(phone, live_server, network_a)
    new = reverse("communities:thread_new", args=[network_a.tenant.slug, communities.zone.pk])
    phone.goto(f"{live_server.url}{new}")
    phone.get_by_role("textbox", name="Titre").press_sequentially("Comment relancer un client")
    suggestions = phone.locator("#similar-questions")
    suggestions.get_by_role("link").first.wait_for()
    assert suggestions.get_by_role("link").all_inner_texts() == [SOLVED]
    assert "Résolue" in suggestions.inner_text()
    assert_fits_the_screen(phone)
    with phone.context.expect_page() as opened:
        suggestions.get_by_role("link", name=SOLVED).click()
    thread = opened.value
    thread.wait_for_url(f"**/communities/threads/{solved.pk}/*")
    assert thread.locator("h1").inner_text() == SOLVED
    assert "Le lendemain, avec une offre." in thread.locator(".post--accepted").inner_text()
    assert_fits_the_screen(thread)
    assert phone.console_errors == []
