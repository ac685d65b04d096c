"""The dashboards' KPI panels are rendered once and read from the cache until what they show
changes: new rollups, a renamed KPI or point of sale, another language, period or sort."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.cache import ROLLUPS
from kpis.services.definitions import kpi_definition_save
from network_animation.data_versions import data_changed, tenant_version
from network_animation.fragments import fragment_get, fragment_set
from network_animation.models import Role
from network_animation.services.organisation import point_of_sale_save
from network_animation.tenancy import tenant_scope

from ..factories import KpiFactFactory
from .test_dashboards import facts, objective, page, refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def aggregate(django_capture_on_commit_callbacks):
    """The nightly aggregation, committed: its commit gives the rollups a new version."""

    def run(network) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            refresh(network)

    return run


@pytest.fixture
def figures(aggregate):
    """A dealer at 80 % of its sales target in March 2025, aggregated."""

    def add(network, kpis) -> None:
        facts(network, kpis, network.point_of_sale, sales=80, leads=200)
        objective(kpis.sales, network.point_of_sale, 100)
        aggregate(network)

    return add


def dealer_page(network, role=Role.POS_MANAGER, **headers):
    url = reverse("point_of_sale", args=[network.tenant.slug, network.point_of_sale.pk])
    return network.client(role).get(url, **headers)


def tiles_of(answer) -> str:
    """The dealer's tiles as shown (the rest of the page carries a per-request CSP nonce)."""
    body = answer.content.decode()
    start = body.index('<section class="kpi-tiles"')
    return body[start : body.index("</section>", start)]


def rollup_reads(queries: CaptureQueriesContext) -> int:
    return sum('"kpis_kpirollup"' in query["sql"] for query in queries.captured_queries)


def test_a_fragment_cached_for_one_tenant_is_never_served_to_another(network_a, network_b, rf):
    request_a, request_b = rf.get("/"), rf.get("/")
    request_a.tenant, request_b.tenant = network_a.tenant, network_b.tenant
    fragment_set(request_a, "kpi_tiles", "point_of_sale:1:month:2025-03-01", "<p>A's figures</p>")
    assert fragment_get(request_b, "kpi_tiles", "point_of_sale:1:month:2025-03-01") is None
    assert fragment_get(request_a, "kpi_tiles", "point_of_sale:1:month:2025-03-01") == (
        "<p>A's figures</p>"
    )


def test_each_tenant_sees_its_own_heat_map_once_both_are_cached(
    network_a, network_b, kpis_a, kpis_b, figures
):
    figures(network_a, kpis_a)
    figures(network_b, kpis_b)
    for _ in range(2):
        page_a = page(network_a, Role.HEAD_OFFICE, "network").content.decode()
        page_b = page(network_b, Role.HEAD_OFFICE, "network").content.decode()
        assert "CANARY-B-7f3a" not in page_a
        assert network_b.region.name in page_b
        assert network_a.region.name + "<" not in page_b


def test_a_page_seen_before_reads_its_tiles_from_the_cache(network_a, kpis_a, figures):
    figures(network_a, kpis_a)
    with CaptureQueriesContext(connection) as first_visit:
        first = dealer_page(network_a)
    with CaptureQueriesContext(connection) as second_visit:
        second = dealer_page(network_a)
    tiles = next(panel for panel in second.context["panels"] if panel.name == "kpi_tiles")
    assert tiles.context == {}  # nothing built: the HTML came from the cache
    assert rollup_reads(second_visit) == 0  # the key holds the versions, not the period
    assert rollup_reads(first_visit) > 0
    assert not any('"kpis_kpidefinition"' in q["sql"] for q in second_visit.captured_queries)
    assert len(second_visit) < len(first_visit)
    assert tiles_of(first) == tiles_of(second)


def test_a_new_aggregation_shows_the_new_figures(network_a, kpis_a, figures, aggregate):
    figures(network_a, kpis_a)
    assert "80\u00a0%" in dealer_page(network_a).content.decode()
    KpiFactFactory(
        point_of_sale=network_a.point_of_sale, kpi=kpis_a.sales, date=dt.date(2025, 3, 15), value=40
    )
    assert "80\u00a0%" in dealer_page(network_a).content.decode()  # not aggregated yet
    aggregate(network_a)  # the nightly run, with the new fact
    body = dealer_page(network_a).content.decode()
    assert "120\u00a0%" in body
    assert "80\u00a0%" not in body


def test_french_and_english_pages_are_cached_apart(network_a, kpis_a, figures):
    figures(network_a, kpis_a)
    french = tiles_of(dealer_page(network_a, HTTP_ACCEPT_LANGUAGE="fr"))
    english = tiles_of(dealer_page(network_a, HTTP_ACCEPT_LANGUAGE="en"))
    french_again = tiles_of(dealer_page(network_a, HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Hors objectif" in french
    assert "Off target" in english
    assert "Hors objectif" not in english
    assert french_again == french


def test_a_renamed_kpi_shows_at_once(
    network_a, kpis_a, figures, django_capture_on_commit_callbacks
):
    figures(network_a, kpis_a)
    old_name = kpis_a.sales.name_fr
    assert old_name in dealer_page(network_a).content.decode()
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        kpi_definition_save(
            tenant=network_a.tenant, actor=None, kpi=kpis_a.sales, name_fr="Ventes du mois"
        )
    body = dealer_page(network_a).content.decode()
    assert "Ventes du mois" in body
    assert old_name + "<" not in body


def test_a_renamed_point_of_sale_shows_at_once_on_its_zone(
    network_a, kpis_a, figures, django_capture_on_commit_callbacks
):
    figures(network_a, kpis_a)
    point = network_a.point_of_sale
    old_name = point.name
    assert (
        point.name in page(network_a, Role.ANIMATOR, "zone", zone_id=point.zone_id).content.decode()
    )
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        point_of_sale_save(
            tenant=network_a.tenant,
            actor=None,
            point_of_sale=point,
            zone=point.zone,
            name="Garage du Centre",
        )
    body = page(network_a, Role.ANIMATOR, "zone", zone_id=point.zone_id).content.decode()
    assert "Garage du Centre" in body
    assert old_name + "<" not in body


def test_sorted_tables_are_cached_per_sort(network_a, kpis_a, figures, aggregate):
    facts(network_a, kpis_a, network_a.other_point_of_sale, sales=120, leads=100)
    objective(kpis_a.sales, network_a.other_point_of_sale, 100)
    figures(network_a, kpis_a)
    client = network_a.client(Role.HEAD_OFFICE)
    url = reverse("kpis:network_heat_map", args=[network_a.tenant.slug])

    def zones_in_order(direction: str) -> list[str]:
        body = client.get(url, {"level": "zone", "sort": kpis_a.sales.pk, "dir": direction})
        text = body.content.decode()
        zones = (network_a.zone.name + "<", network_a.other_zone.name + "<")
        return sorted(zones, key=text.index)

    descending, ascending = zones_in_order("desc"), zones_in_order("asc")
    assert descending == list(reversed(ascending))
    assert zones_in_order("desc") == descending


def rollups_version(tenant) -> str:
    return tenant_version(ROLLUPS, tenant.pk)


def test_the_rollups_version_stays_until_the_rollups_change(network_a, committed):
    version = rollups_version(network_a.tenant)
    assert rollups_version(network_a.tenant) == version
    committed(lambda: data_changed(tenant=network_a.tenant, kinds=[ROLLUPS]))
    assert rollups_version(network_a.tenant) != version


def test_an_aggregation_changes_the_version_once_committed(
    network_a, kpis_a, django_capture_on_commit_callbacks
):
    facts(network_a, kpis_a, network_a.point_of_sale, sales=80, leads=200)
    version = rollups_version(network_a.tenant)
    with django_capture_on_commit_callbacks(execute=True):
        refresh(network_a)
        assert rollups_version(network_a.tenant) == version  # not before the commit
    assert rollups_version(network_a.tenant) != version


def test_a_deployment_with_other_templates_renders_its_fragments_anew(network_a, rf, monkeypatch):
    from network_animation import fragments

    request = rf.get("/")
    request.tenant = network_a.tenant
    fragment_set(request, "kpi_tiles", "point_of_sale:1:month:2025-03-01", "<p>old tiles</p>")
    monkeypatch.setattr(fragments, "release", lambda: "next-release")
    assert fragment_get(request, "kpi_tiles", "point_of_sale:1:month:2025-03-01") is None


def test_the_release_digest_follows_the_templates_and_translations(settings, tmp_path):
    from network_animation import fragments

    template = tmp_path / "panel.html"
    template.write_text("<p>tiles</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    settings.LOCALE_PATHS = []
    fragments.release.cache_clear()
    try:
        before = fragments.release()
        template.write_text("<p>tiles, new layout</p>")
        fragments.release.cache_clear()
        assert fragments.release() != before
    finally:
        fragments.release.cache_clear()
