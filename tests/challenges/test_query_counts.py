"""Challenge panels cost the same queries whatever the number of challenges (STYLE: lock them)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network_animation.models import Role

from .factories import launch

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    # The KPI panels are read from the cache on a second visit: every count starts cold, so only
    # the challenges differ between the two.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_cost_the_same_for_one_or_five_challenges(network_a, kpis_a, zone_a):
    slug = network_a.tenant.slug
    pages = [
        (Role.POS_STAFF, reverse("point_of_sale", args=[slug, network_a.point_of_sale.pk])),
        (Role.ANIMATOR, reverse("zone", args=[slug, network_a.zone.pk])),
        (Role.HEAD_OFFICE, reverse("network", args=[slug])),
    ]
    launch(network_a, [kpis_a.sales], name="First")
    before = {url: queries(network_a.client(role), url) for role, url in pages}
    for index in range(4):
        launch(network_a, [kpis_a.sales, kpis_a.leads], name=f"More {index}")
    after = {url: queries(network_a.client(role), url) for role, url in pages}
    assert after == before
    for role, url in pages:
        assert "More 3" in network_a.client(role).get(url).content.decode(), role
