"""Head office's page of the hold-out group: this quarter's draw, the share of the next; for
head office only, with its panel on the network page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from network_animation.jobs import tracked_job
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from recommendations import selectors
from recommendations.services import holdout_quarter_ensure, recommendations_nightly_step

from ..factories import PointOfSaleFactory
from ..harmless import dangers
from .conftest import build_diagnosed

pytestmark = pytest.mark.django_db


def _url(network) -> str:
    return reverse("recommendations:holdout", args=[network.tenant.slug])


@pytest.fixture
def drawn(network_a):
    for index in range(18):
        PointOfSaleFactory(zone=network_a.zone if index % 2 else network_a.other_zone)
    with tenant_scope(network_a.tenant):
        holdout_quarter_ensure(tenant=network_a.tenant, today=timezone.localdate())
        held = selectors.points_of_sale_held_out(tenant=network_a.tenant)
    return network_a, held


def test_head_office_sees_the_quarters_group(drawn):
    network, held = drawn
    page = network.client(Role.HEAD_OFFICE).get(_url(network), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "2 points of sale held out of 20 (10%)" in text
    for point in held:
        assert reverse("point_of_sale", args=[network.tenant.slug, point]) in text


def test_head_office_changes_the_share_of_the_next_quarter(drawn):
    network, held = drawn
    client = network.client(Role.HEAD_OFFICE)
    answer = client.post(_url(network), {"share_percent": "20"})
    assert answer.status_code == 302
    with tenant_scope(network.tenant):
        assert selectors.holdout_settings_get(tenant=network.tenant).share_percent == 20
        assert selectors.points_of_sale_held_out(tenant=network.tenant) == held


@pytest.mark.parametrize("value", ["80", "-1", "", "ten", "<script>alert(1)</script>"])
def test_a_bad_share_is_refused_with_a_message(drawn, value):
    network, _held = drawn
    answer = network.client(Role.HEAD_OFFICE).post(_url(network), {"share_percent": value})
    assert answer.status_code == 400
    assert dangers(answer.content.decode()) == []
    with tenant_scope(network.tenant):
        assert selectors.holdout_settings_get(tenant=network.tenant).share_percent == 10


@pytest.mark.parametrize("role", [Role.ANIMATOR, Role.REGIONAL_DIRECTOR, Role.POS_MANAGER])
def test_only_head_office_opens_it(drawn, role):
    network, _held = drawn
    assert network.client(role).get(_url(network)).status_code == 403
    assert network.client(role).post(_url(network), {"share_percent": "30"}).status_code == 403


def test_the_network_page_shows_head_office_the_group(drawn):
    network, _held = drawn
    url = reverse("network", args=[network.tenant.slug])
    page = network.client(Role.HEAD_OFFICE).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 points of sale receive no recommendations this quarter" in page
    assert _url(network) in page
    coach = network.client(Role.COACH).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="holdout-title"' not in coach


def test_the_group_the_night_draws_shows_at_once_on_a_network_page_seen_before(
    network_a, committed
):
    build_diagnosed(network_a)
    url = reverse("network", args=[network_a.tenant.slug])
    client = network_a.client(Role.HEAD_OFFICE)
    before = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "drawn by the next nightly run" in before

    def night():
        with tracked_job(tenant=network_a.tenant, job="nightly.recommendations") as progress:
            recommendations_nightly_step(tenant=network_a.tenant, progress=progress)

    committed(night)
    after = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "no recommendations this quarter" in after
    assert "drawn by the next nightly run" not in after
