"""The panels: a point of sale among its peers on its page, the alerts that matter first on the
zone's page (per point of sale); rendered for a dealer and an animator in a bounded number of
queries, shown for a held-out point of sale too (diagnostics, not recommendations), never
another tenant's."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from kpis.models import KpiRollup, RollupLevel, RollupPeriod
from network_animation.jobs import tracked_job
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from recommendations.holdout import quarter_start
from recommendations.models import HoldoutPoint, HoldoutQuarter
from recommendations.selectors import zone_priorities
from recommendations.services import recommendations_nightly_step

from ..kpis.factories import KpiDefinitionFactory
from ..network_animation.test_isolation import CANARY
from .conftest import add_leads_far_off, build_diagnosed
from .factories import CURRENT

pytestmark = pytest.mark.django_db


def _nightly(tenant) -> None:
    with tracked_job(tenant=tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=tenant, progress=progress)


def _page(network, role, name, obj):
    url = reverse(name, args=[network.tenant.slug, obj.pk])
    answer = network.client(role).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    return answer.content.decode()


@pytest.fixture
def nightly_done(diagnosed, committed):
    committed(lambda: _nightly(diagnosed.network.tenant))
    return diagnosed


def test_the_dealer_sees_where_it_stands_among_its_peers(nightly_done):
    page = _page(nightly_done.network, Role.POS_MANAGER, "point_of_sale", nightly_done.a_little_off)
    assert 'id="peers-title"' in page
    assert "Your peers" in page
    # Ten small dealers: this one is at 85 % this month, seven of its peers are above it.
    assert "9 points of sale like yours; you are 8th on Sales" in page
    assert "8th of 10" in page


def test_the_animator_reads_of_this_point_of_sale_not_of_theirs(nightly_done):
    page = _page(nightly_done.network, Role.ANIMATOR, "point_of_sale", nightly_done.a_little_off)
    assert "9 points of sale like this one; it is 8th on Sales" in page


def _priorities(page: str) -> list[tuple[int, list[int], str]]:
    """The entries of the zone page's "What matters first", in order: the point of sale's id,
    the ids of the KPIs shown under it, in order, and the entry's text."""
    start = page.index('id="priorities-title"')
    panel = page[start : page.index("</section>", start)]
    entries = panel.split('<li class="priorities__point" data-point-of-sale="')[1:]
    return [
        (
            int(entry[: entry.index('"')]),
            [int(pk) for pk in re.findall(r'<li data-kpi="(\d+)"', entry)],
            " ".join(unescape(re.sub(r"<[^>]+>", " ", entry[entry.index(">") + 1 :])).split()),
        )
        for entry in entries
    ]


def test_the_zone_page_shows_the_surest_shortfalls_first(nightly_done):
    page = _page(nightly_done.network, Role.ANIMATOR, "zone", nightly_done.network.zone)
    assert 'id="priorities-title"' in page
    assert "4 figures off target in the zone." in page
    entries = _priorities(page)
    points = [point for point, _, _ in entries]
    far_off, a_little_off = nightly_done.far_off, nightly_done.a_little_off
    assert points[:3] == [far_off.pk, a_little_off.pk, nightly_done.one_bad_month.pk]
    assert sorted(points) == sorted(point.pk for point in nightly_done.dealers[:4])
    slug = nightly_done.network.tenant.slug
    far_text = entries[0][2]
    assert f'href="{reverse("point_of_sale", args=[slug, far_off.pk])}"' in page
    assert far_text.startswith(f"{far_off.name} Sales")
    assert "70 · Target 100 · Achievement 70%" in far_text  # the month's value vs its target
    assert "-30% to target" in far_text  # over the last three closed months
    assert "high confidence: a lasting shortfall" in far_text
    assert "low confidence: may be noise" in entries[2][2]


def test_a_point_of_sales_figures_come_under_it_the_surest_first(diagnosed, committed):
    """Two figures off target at one point of sale make one entry, not two: the point of sale
    ranks by its surest shortfall, which comes first under it, before its other figure."""
    leads = add_leads_far_off(diagnosed)
    network = diagnosed.network
    committed(lambda: _nightly(network.tenant))
    page = _page(network, Role.ANIMATOR, "zone", network.zone)
    assert "5 figures off target in the zone." in page
    assert "They are spread over 4 points of sale" in page
    entries = _priorities(page)
    points = [point for point, _, _ in entries]
    assert points[:2] == [diagnosed.a_little_off.pk, diagnosed.far_off.pk]
    assert len(points) == len(set(points)) == 4
    [sales] = entries[1][1]  # the point of sale far off has only its sales off target
    point, kpis, text = entries[0]
    assert kpis == [leads.pk, sales]
    assert text.index("Leads") < text.index("-50% to target") < text.index("Sales")
    assert "50 · Target 100 · Achievement 50%" in text
    assert "85 · Target 100 · Achievement 85%" in text
    assert [len(kpis) for _, kpis, _ in entries] == [2, 1, 1, 1]
    assert "more point" not in page


def test_the_zone_page_shows_five_points_of_sale_and_says_how_many_more(diagnosed, committed):
    """Seven points of sale off target: the five that matter first, each with the month's
    figures, and a line for the two others (the heat map below lists every alert)."""
    network = diagnosed.network
    add_leads_far_off(diagnosed)
    latecomers = diagnosed.dealers[4:7]
    with tenant_scope(network.tenant):
        KpiRollup.objects.filter(
            kpi__code="leads", scope_id__in=[point.pk for point in latecomers], period_start=CURRENT
        ).update(value=60.0, numerator=60.0, computed_at=timezone.now())
    committed(lambda: _nightly(network.tenant))
    with tenant_scope(network.tenant):
        found = zone_priorities(tenant=network.tenant, zone=network.zone)
    assert (found.alerts, found.points, len(found.first)) == (8, 7, 5)
    [leads, sales] = found.first[0].alerts
    assert found.first[0].point_of_sale == diagnosed.a_little_off
    assert (leads.gap.kpi.code, sales.gap.kpi.code) == ("leads", "sales")
    assert (leads.figure.value, leads.figure.target) == (pytest.approx(50), pytest.approx(100))
    page = _page(network, Role.ANIMATOR, "zone", network.zone)
    assert len(_priorities(page)) == 5
    assert "8 figures off target in the zone. They are spread over 7 points of sale" in page
    assert "2 more points of sale have figures off target: see the objectives below." in page


def test_a_held_out_point_of_sale_still_sees_its_diagnostics(nightly_done, committed):
    tenant = nightly_done.network.tenant
    point = nightly_done.a_little_off
    with tenant_scope(tenant):
        quarter = HoldoutQuarter.objects.get(
            tenant=tenant, quarter_start=quarter_start(timezone.localdate())
        )
        HoldoutPoint.objects.get_or_create(
            tenant=tenant,
            quarter=quarter,
            point_of_sale=point,
            defaults={"zone_id_drawn": point.zone_id, "size_class_drawn": point.size_class},
        )
    page = _page(nightly_done.network, Role.POS_MANAGER, "point_of_sale", point)
    assert "Your peers" in page


def test_the_pages_cost_a_bounded_number_of_queries(nightly_done, django_assert_max_num_queries):
    network = nightly_done.network
    pos_url = reverse("point_of_sale", args=[network.tenant.slug, nightly_done.a_little_off.pk])
    zone_url = reverse("zone", args=[network.tenant.slug, network.zone.pk])
    dealer, animator = network.client(Role.POS_MANAGER), network.client(Role.ANIMATOR)
    # Every app's panels of these pages, ours among them, rendered once (PostgreSQL also
    # sets the tenant of row-level security); the content panel reads its (here no) rows. The
    # zone's suggested actions are not cached (their forms carry the reader's CSRF token):
    # 3 queries at each visit (the suggestions, the reader's feedback, the points named).
    with django_assert_max_num_queries(41):
        assert dealer.get(pos_url).status_code == 200
    with django_assert_max_num_queries(34):
        assert animator.get(zone_url).status_code == 200
    # Seen again: the panels' HTML comes from the cache.
    with django_assert_max_num_queries(9):
        assert dealer.get(pos_url).status_code == 200
    with django_assert_max_num_queries(12):
        assert animator.get(zone_url).status_code == 200


def test_the_panels_read_a_fixed_number_of_queries(nightly_done, django_assert_max_num_queries):
    from django.test import RequestFactory

    from kpis.models import KpiDefinition
    from recommendations.panels import peers_panel, priorities_panel

    network = nightly_done.network
    request = RequestFactory().get("/")
    request.tenant = network.tenant
    request.membership = network.members[Role.ANIMATOR]
    with tenant_scope(network.tenant):
        list(KpiDefinition.objects.all())
        with django_assert_max_num_queries(4):  # the month, the KPIs, the group, its rollups
            assert peers_panel(request, nightly_done.a_little_off) is not None
        with django_assert_max_num_queries(2):  # the alerts, the month's figures of those shown
            assert priorities_panel(request, network.zone)["alerts"] == 4


def test_no_panel_shows_another_tenants_data(nightly_done, network_b, committed):
    build_diagnosed(network_b)
    committed(lambda: _nightly(network_b.tenant))
    network = nightly_done.network
    for role, name, obj in (
        (Role.POS_MANAGER, "point_of_sale", nightly_done.a_little_off),
        (Role.ANIMATOR, "zone", network.zone),
        (Role.HEAD_OFFICE, "zone", network.other_zone),
    ):
        assert CANARY not in _page(network, role, name, obj)


def test_a_certification_of_the_1st_leaves_the_alerts_on_the_brands_own_month(diagnosed, committed):
    """On the 1st of February, someone certified that morning (a computed KPI's figure of the
    new month) does not empty the zone's alerts: the night reads January, the month of the
    brand's own figures, as the dashboards do."""
    network, point = diagnosed.network, diagnosed.network.point_of_sale
    certified = KpiDefinitionFactory(tenant=network.tenant, code="certified", source="computed")
    with tenant_scope(network.tenant):
        KpiRollup.objects.create(
            tenant=network.tenant,
            kpi=certified,
            period=RollupPeriod.MONTH,
            period_start=dt.date(2026, 2, 1),
            level=RollupLevel.POINT_OF_SALE,
            scope_id=point.pk,
            point_of_sale=point,
            zone_id=point.zone_id,
            region_id=point.zone.region_id,
            value=1.0,
            numerator=1.0,
            data_through=dt.date(2026, 2, 1),
            days_elapsed=1,
            days_in_period=28,
            computed_at=timezone.now(),
        )
    committed(lambda: _nightly(network.tenant))
    page = _page(network, Role.ANIMATOR, "zone", network.zone)
    assert "4 figures off target in the zone." in page
    assert _priorities(page)[0][0] == diagnosed.far_off.pk


def test_the_next_night_renders_the_panels_again(nightly_done, committed):
    """The panels are cached; the step renews their data version, so the next page shows the
    night's figures, not the cached ones."""
    network = nightly_done.network
    assert "4 figures off target in the zone" in _page(network, Role.ANIMATOR, "zone", network.zone)
    with tenant_scope(network.tenant):
        latest = KpiRollup.objects.filter(
            scope_id=nightly_done.dealers[-1].pk, period_start=CURRENT
        )
        # As the aggregation writes a changed row: its figures and when they were computed
        # (what the nightly step reads to know whether anything changed).
        latest.update(value=50.0, numerator=50.0, computed_at=timezone.now())
    assert "4 figures off target" in _page(network, Role.ANIMATOR, "zone", network.zone)
    committed(lambda: _nightly(network.tenant))
    assert "5 figures off target in the zone" in _page(network, Role.ANIMATOR, "zone", network.zone)
