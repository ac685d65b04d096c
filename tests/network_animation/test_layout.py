"""The layout every page shares: its menu links (kept once rendered, templatetags/layout.py),
and the switcher and bell read from the cache in one round trip."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from network_animation.models import Role
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db


def menu(network, role, language="fr") -> str:
    client = Client()
    client.force_login(network.members[role].user)
    client.cookies["django_language"] = language
    page = client.get(reverse("tenant_home", args=[network.tenant.slug]), follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    return html[html.index('class="menu__panel"') : html.index("</nav>")]


def test_each_role_sees_its_links_to_its_own_tenant_in_its_language(network_a, network_b):
    slug_a, slug_b = network_a.tenant.slug, network_b.tenant.slug
    head_office = menu(network_a, Role.HEAD_OFFICE)
    assert "Organisation" in head_office
    assert "Jetons d’API" in head_office
    assert reverse("manage_people", args=[slug_a]) in head_office
    dealer = menu(network_a, Role.POS_MANAGER)
    assert "Mes zones" not in dealer
    assert "Organisation" not in dealer
    assert reverse("communities:list", args=[slug_a]) in dealer
    animator = menu(network_a, Role.ANIMATOR)
    assert reverse("my_zones", args=[slug_a]) in animator
    # The same rights in another tenant: its own links, never the first tenant's.
    other = menu(network_b, Role.POS_MANAGER)
    assert reverse("communities:list", args=[slug_b]) in other
    assert f"/{slug_a}/" not in other
    # The same rights in another language.
    with translation.override("en"):
        english = menu(network_a, Role.POS_MANAGER, language="en")
    assert "Communities" in english
    assert "Communautés" not in english
    assert "Communautés" in menu(network_a, Role.POS_MANAGER)


def test_the_switcher_and_the_bell_are_one_cache_round_trip(network_a, monkeypatch):
    from django.core.cache import cache

    from network_animation import read_ahead, selectors

    person = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        counts = selectors.layout_counts(
            user=person.user, tenant=network_a.tenant, membership=person
        )
        assert (counts.several_tenants, counts.unread_notifications) == (False, 0)
        reads = []

        class Spy:  # what the selectors ask of the cache, whatever its backend does inside
            def get_many(self, keys):
                reads.append(("get_many", list(keys)))
                return cache.get_many(keys)

            def get(self, *args, **kwargs):
                reads.append(("get", args))
                return cache.get(*args, **kwargs)

        monkeypatch.setattr(read_ahead, "cache", Spy())  # where the selectors read through
        monkeypatch.setattr(selectors, "_unread_count", None)  # neither is counted again
        monkeypatch.setattr(selectors, "_several_tenants_count", None)
        again = selectors.layout_counts(
            user=person.user, tenant=network_a.tenant, membership=person
        )
    assert again == counts
    assert len(reads) == 1
    assert reads[0][0] == "get_many"
    assert len(reads[0][1]) == 2


def test_a_page_with_panels_reads_the_switcher_and_the_bell_with_its_versions(network_a):
    from django.core.cache import caches

    backend = caches["default"]
    client = network_a.client(Role.POS_STAFF)
    url = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    assert client.get(url).status_code == 200  # the switcher's and the bell's counts cached
    reads = []
    get_many = backend.get_many

    def spy(keys, *args, **kwargs):
        reads.append(list(keys))
        return get_many(keys, *args, **kwargs)

    backend.get_many = spy
    try:
        assert client.get(url).status_code == 200
    finally:
        del backend.get_many
    layout = [keys for keys in reads if any(k.startswith("notifications-unread:") for k in keys)]
    assert len(layout) == 1
    assert any(key.startswith("version:") for key in layout[0])
    assert any(key.startswith("switcher:") for key in layout[0])
