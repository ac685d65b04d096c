"""No page scrolls sideways on a phone: every main page of every role, at 390 x 844.

The pages are those of the accessibility walk (discovered from the URLconf with the network's
own ids, kept when the role's GET answers a whole HTML page), so a page added later is measured
too. A wide table or code sample may scroll inside its own wrapper; the page itself may not.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from network_animation.models import Role

from .test_accessibility import main_pages, network_with_figures  # noqa: F401  # a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# What sticks out, named by the page itself: the outermost elements reaching past the screen's
# edge (their parent does not), the widest first.
WIDEST = """(limit) => {
  const right = (el) => el.getBoundingClientRect().right;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    [...el.classList].map((c) => "." + c).join("");
  return [...document.querySelectorAll("body *")]
    .filter((el) => right(el) > limit + 1 && right(el.parentElement) <= limit + 1)
    .sort((a, b) => right(b) - right(a))
    .slice(0, 3)
    .map((el) => `${name(el)} (${Math.round(right(el))} px)`);
}"""


@dataclass(frozen=True)
class Overflow:
    role: str
    url: str
    width: int
    culprits: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.role} {self.url}: {self.width} px wide ({', '.join(self.culprits)})"


def overflows(browser, live_server, role: str, client: Client, urls: list[str]) -> list[Overflow]:
    """Each page opened at phone size in one context per person, signed in by their session."""
    context = browser.new_context(
        viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True, device_scale_factor=1
    )
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": session.key, "value": session.value, "url": live_server.url}])
    page = context.new_page()
    found = []
    for url in urls:
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            culprits = tuple(page.evaluate(WIDEST, PHONE["width"]))
            found.append(Overflow(role, url, width, culprits))
    context.close()
    return found


def test_no_main_page_of_any_role_scrolls_sideways_on_a_phone(
    browser,
    live_server,
    network_with_figures,  # noqa: F811  # the fixture imported above
):
    network = network_with_figures
    found = []
    for role in Role.values:
        client = network.client(role)
        urls = main_pages(network, client)
        assert len(urls) > 2, f"{role}: the page discovery found nothing"
        found += overflows(browser, live_server, role, client, urls)
    assert not found, "Pages wider than a 390 px phone:\n" + "\n".join(map(str, found))
