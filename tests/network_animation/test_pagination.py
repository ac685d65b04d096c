"""One pagination for every list: its links keep the list's search, filters and sort."""

import re

import pytest
from django.urls import reverse

from tests.factories import PointOfSaleFactory

pytestmark = pytest.mark.django_db


def test_the_next_page_keeps_the_search_and_filters(network_a):
    PointOfSaleFactory.create_batch(60, zone=network_a.zone, city="Lyon")
    url = reverse("manage_points_of_sale", args=[network_a.tenant.slug])
    page = network_a.client().get(url, {"q": "Lyon", "sort": "name"}).content.decode()
    [next_link] = re.findall(r'<a href="\?([^"]+)">Suivant', page)
    assert sorted(next_link.replace("&amp;", "&").split("&")) == ["page=2", "q=Lyon", "sort=name"]
    second = network_a.client().get(f"{url}?{next_link.replace('&amp;', '&')}").content.decode()
    assert "Page 2 sur 2" in second
    assert re.findall(r'<a href="\?([^"]+)">‹ Précédent', second) == [
        "q=Lyon&amp;sort=name&amp;page=1"
    ]
