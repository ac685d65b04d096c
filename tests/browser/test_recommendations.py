"""An animator on a phone: the zone page's "What matters first", a point of sale per entry with
its figures off target, then the point of sale that matters first, where it stands among its
peers; and a suggested challenge accepted, prepared and launched, in French and in English.
Nothing scrolls sideways."""

import pytest

from network_animation.jobs import tracked_job
from network_animation.models import Role
from recommendations.services import recommendations_nightly_step
from tests.browser.conftest import speak
from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD
from tests.recommendations.conftest import add_leads_far_off, build_diagnosed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_animator_reads_what_matters_first_on_a_phone(phone, live_server, network_a):
    """Five figures off target at four points of sale: four entries, the first holding both of
    its own, the surest shortfall first."""
    diagnosed = build_diagnosed(network_a)
    add_leads_far_off(diagnosed)
    network = diagnosed.network
    speak(network, "en")
    with tracked_job(tenant=network.tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=network.tenant, progress=progress)
    sign_in(phone, live_server, network.members[Role.ANIMATOR].user.email, PASSWORD)
    phone.goto(f"{live_server.url}/{network.tenant.slug}/zones/{network.zone.pk}/")
    entries = phone.locator(".priorities__point")
    entries.first.wait_for()
    assert entries.count() == 4
    first = entries.first
    assert first.locator("h3").inner_text() == diagnosed.a_little_off.name
    # A label and its figure never break apart (a no-break space): read as plain spaces.
    figures = [
        " ".join(text.split())
        for text in first.locator(".priorities__figures li").all_inner_texts()
    ]
    assert [figure.split(" · ")[0] for figure in figures] == ["Leads", "Sales"]
    assert "50 · Target 100 · Achievement 50%" in figures[0]
    assert "high confidence: a lasting shortfall" in figures[0]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert first.evaluate("entry => entry.getBoundingClientRect().right") <= 390
    first.get_by_role("link").click()
    phone.wait_for_url(f"**/points-of-sale/{diagnosed.a_little_off.pk}/")
    peers = phone.locator("section.peers")
    peers.wait_for()
    assert "10" in peers.locator("table").inner_text()  # ranked among its group of ten
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.console_errors == []


# What the journey's pages say, in each language (the templates, and
# locale/fr/LC_MESSAGES/django.po); the KPI is "Ventes" in French.
SAID = {
    "fr": {
        "suggested": "Lancer un challenge sur Ventes",
        "reason": "Parce que.",
        "prepare": "Préparer le challenge",
        "name": "Challenge Ventes",
        "next": "Suivante",
        "step": "Étape {} sur 3",
        "launch": "Lancer le challenge",
        "launched": "«\u00a0Challenge Ventes\u00a0» est lancé",
        "done": "Réalisée",
    },
    "en": {
        "suggested": "Launch a challenge on Sales",
        "reason": "Because it worked elsewhere.",
        "prepare": "Prepare the challenge",
        "name": "Sales challenge",
        "next": "Next",
        "step": "Step {} of 3",
        "launch": "Launch the challenge",
        "launched": "“Sales challenge” is launched",
        "done": "Done",
    },
}


def test_an_animator_accepts_a_challenge_and_launches_it_from_the_pre_filled_form(
    phone, live_server, network_a, spoken
):
    """On a phone, in the animator's language: the zone page suggests a challenge on sales for
    two points of sale; one tap leads to the launch form with the KPI and the participants
    filled in; launched, the suggestion shows as done on the zone page."""
    from recommendations.models import ActionKind
    from tests.factories import PointOfSaleFactory
    from tests.recommendations.actions_setup import sales_kpi, suggest

    network, said = network_a, SAID[spoken]
    animator = network.members[Role.ANIMATOR]
    invited = [network.point_of_sale, PointOfSaleFactory(zone=network.zone, name="Garage Nord")]
    PointOfSaleFactory(zone=network.zone, name="Garage Sud")  # of the zone, not suggested
    kpi = sales_kpi(network)
    suggested = suggest(network, ActionKind.CHALLENGE, points=invited, kpi=kpi)
    sign_in(phone, live_server, animator.user.email, PASSWORD)
    zone_url = f"{live_server.url}/{network.tenant.slug}/zones/{network.zone.pk}/"
    phone.goto(zone_url)
    assert phone.locator("html").get_attribute("lang") == spoken
    item = phone.locator(f"#suggestion-{suggested.pk}")
    item.wait_for()
    assert said["suggested"] in item.inner_text()
    assert said["reason"] in item.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    item.get_by_role("button", name=said["prepare"]).click()
    phone.wait_for_url(f"**/challenges/launch/zones/{network.zone.pk}/**")
    assert phone.locator("#id_name").input_value() == said["name"]
    assert phone.locator("#id_kpi_1").input_value() == str(kpi.pk)
    phone.get_by_role("button", name=said["next"]).click()
    phone.get_by_text(said["step"].format(2)).wait_for()
    ticked = phone.locator("input[name=points_of_sale]:checked")
    assert sorted(ticked.evaluate_all("boxes => boxes.map(box => box.value)")) == sorted(
        str(point.pk) for point in invited
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name=said["next"]).click()
    phone.get_by_text(said["step"].format(3)).wait_for()
    phone.get_by_role("button", name=said["launch"]).click()
    phone.get_by_text(said["launched"]).wait_for()
    phone.goto(zone_url)
    done = phone.locator(f"#suggestion-{suggested.pk}")
    done.wait_for()
    assert done.get_attribute("data-status") == "done"
    assert said["done"] in done.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.console_errors == []
