"""An animator launches a challenge from the zone page (htmx steps, no page reload); a dealer
of the zone then sees it, with their rank, on their page."""

import datetime as dt

import pytest
from django.utils import timezone

from challenges.models import Challenge
from challenges.services import challenge_standings_refresh
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from tests.challenges.conftest import add_facts
from tests.factories import PASSWORD, PointOfSaleFactory
from tests.kpis.conftest import build_kpis

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kpis_a(network_a):
    return build_kpis(network_a)


def assert_fits_the_phone(phone) -> None:
    """The page does not scroll sideways, and no field of the launch reaches past the screen."""
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    for field in phone.locator("#challenge-launch select, #challenge-launch input").all():
        box = field.bounding_box()
        assert box is None or box["x"] + box["width"] <= 390, field.get_attribute("name")


def test_an_animator_launches_a_challenge_and_a_dealer_sees_their_rank(
    phone, live_server, network_a, kpis_a
):
    today = timezone.localdate()
    rival = PointOfSaleFactory(zone=network_a.zone, name="Rival")
    add_facts(kpis_a.sales, network_a.point_of_sale, {today: 3})
    add_facts(kpis_a.sales, rival, {today: 5})
    sign_in(phone, live_server, network_a.members[Role.ANIMATOR].user.email, PASSWORD)
    phone.goto(f"{live_server.url}/{network_a.tenant.slug}/zones/{network_a.zone.pk}/")
    phone.evaluate("window.__same_page = true")
    phone.click("#challenge-launch button")
    phone.fill("#id_name", "Sprint du mois")
    phone.select_option("#id_scoring_rule", "absolute")
    phone.select_option("#id_kpi_1", str(kpis_a.sales.pk))
    assert_fits_the_phone(phone)  # the first step: the tie rule's select whole
    phone.click("#challenge-launch button[type=submit]")
    phone.wait_for_selector("input[name=period]")
    # A preset period is chosen (its dates hidden); other dates show the fields.
    assert phone.locator("input[name=period]:checked").count() == 1
    assert not phone.locator("#id_start").is_visible()
    phone.get_by_label("Autres dates").or_(phone.get_by_label("Other dates")).check()
    phone.fill("#id_start", today.isoformat())
    phone.fill("#id_end", (today + dt.timedelta(days=6)).isoformat())
    goal = phone.locator("#id_target_1")
    assert goal.get_attribute("inputmode") == "numeric"  # the KPI counts whole units
    assert_fits_the_phone(phone)
    phone.click("#challenge-launch button[type=submit]")
    phone.wait_for_selector("#id_winner_count")
    assert_fits_the_phone(phone)  # the last step: winners and the summary
    phone.click("#challenge-launch button[name=launch]")
    phone.wait_for_selector(".launch--done")
    assert phone.evaluate("window.__same_page") is True  # no page reload
    assert phone.console_errors == []
    with tenant_scope(network_a.tenant):
        challenge = Challenge.objects.get()
        challenge_standings_refresh(tenant=network_a.tenant, challenge=challenge, today=today)
    dealer = phone.context.browser.new_context(viewport={"width": 390, "height": 844})
    page = dealer.new_page()
    sign_in(page, live_server, network_a.members[Role.POS_STAFF].user.email, PASSWORD)
    page.wait_for_selector(".challenges-panel")
    panel = page.locator(".challenges-panel").inner_text()
    assert "Sprint du mois" in panel
    assert "2e sur 2" in panel
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    dealer.close()
