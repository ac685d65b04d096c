"""An animator on a phone: the zone page's "What matters first", then the point of sale behind
the first alert, where it stands among its peers. Nothing scrolls sideways."""

import pytest

from network_animation.jobs import tracked_job
from network_animation.models import Role
from recommendations.services import recommendations_nightly_step
from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD
from tests.recommendations.conftest import build_diagnosed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_animator_reads_what_matters_first_on_a_phone(phone, live_server, network_a):
    diagnosed = build_diagnosed(network_a)
    network = diagnosed.network
    with tracked_job(tenant=network.tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=network.tenant, progress=progress)
    sign_in(phone, live_server, network.members[Role.ANIMATOR].user.email, PASSWORD)
    phone.goto(f"{live_server.url}/{network.tenant.slug}/zones/{network.zone.pk}/")
    alerts = phone.locator(".priorities__list li")
    alerts.first.wait_for()
    assert alerts.count() == 4
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    alerts.first.get_by_role("link").click()
    phone.wait_for_url(f"**/points-of-sale/{diagnosed.far_off.pk}/")
    peers = phone.locator("section.peers")
    peers.wait_for()
    assert "10" in peers.locator("table").inner_text()  # ranked among its group of ten
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.console_errors == []
