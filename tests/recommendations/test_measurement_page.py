"""Head office's measurement against the hold-out group: per KPI and quarter, the recommended
points of sale's change against the held-out ones', with both groups' sizes, an interval and a
reading in words; empty states; head office only."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from recommendations import selectors
from recommendations.models import HoldoutPoint, HoldoutQuarter

from ..factories import PointOfSaleFactory
from ..harmless import dangers
from ..kpis.factories import KpiDefinitionFactory
from .factories import CURRENT, month_rollups

pytestmark = pytest.mark.django_db

QUARTER = dt.date(2025, 10, 1)  # October to December 2025, all closed (January in progress)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _url(network, **query) -> str:
    url = reverse("recommendations:measurement", args=[network.tenant.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _draw(network, start: dt.date, held: list) -> None:
    with tenant_scope(network.tenant):
        quarter = HoldoutQuarter.objects.create(
            tenant=network.tenant,
            quarter_start=start,
            share_percent=30,
            seed=1,
            network_size=12,
            drawn_at=timezone.now(),
        )
        HoldoutPoint.objects.bulk_create(
            HoldoutPoint(
                tenant=network.tenant,
                quarter=quarter,
                point_of_sale=point,
                zone_id_drawn=point.zone_id,
                size_class_drawn=point.size_class,
            )
            for point in held
        )


@pytest.fixture
def measured(network_a):
    """Twelve points of sale at 80 % of target from July to September; the eight recommended
    rise to about 95 % in the quarter, the four held out stay about 80 %."""
    points = [network_a.point_of_sale]
    points += [PointOfSaleFactory(zone=network_a.zone) for _ in range(11)]
    kpi = KpiDefinitionFactory(tenant=network_a.tenant, code="sales", name_en="Sales")
    rates = {}
    for index, point in enumerate(points):
        during = (0.8 if index < 4 else 0.95) + 0.01 * (index % 3)
        rates[point] = [0.8] * 9 + [during] * 3 + [0.9]
    month_rollups(kpi, rates)
    _draw(network_a, QUARTER, points[:4])
    return network_a


def test_head_office_reads_the_uplift_with_both_groups_and_its_interval(measured):
    page = measured.client(Role.HEAD_OFFICE).get(_url(measured))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-kpi="sales" data-reading="better"' in text
    assert 'data-count="8"' in text
    assert 'data-count="4"' in text
    assert "Q4 2025 (October to December)" in text
    assert "Recommended points of sale gained 15.4 points of achievement more" in text


def test_a_quarter_without_a_closed_month_says_so(measured):
    _draw(measured, CURRENT, [])
    client = measured.client(Role.HEAD_OFFICE)
    latest = client.get(_url(measured)).content.decode()
    assert 'id="measurement-empty"' in latest
    assert "No month of this quarter is over yet" in latest
    chosen = client.get(_url(measured, quarter=QUARTER.isoformat())).content.decode()
    assert 'data-reading="better"' in chosen


def test_no_quarter_drawn_yet(network_a):
    page = network_a.client(Role.HEAD_OFFICE).get(_url(network_a))
    assert page.status_code == 200
    assert "No quarter has been drawn yet" in page.content.decode()


@pytest.mark.parametrize("value", ["2024-01-01", "soon", "<script>alert(1)</script>"])
def test_a_quarter_not_drawn_is_refused(measured, value):
    answer = measured.client(Role.HEAD_OFFICE).get(_url(measured, quarter=value))
    assert answer.status_code == 400
    assert dangers(answer.content.decode()) == []


@pytest.mark.parametrize(
    "role", [Role.ANIMATOR, Role.REGIONAL_DIRECTOR, Role.COACH, Role.POS_MANAGER]
)
def test_only_head_office_opens_it(measured, role):
    assert measured.client(role).get(_url(measured)).status_code == 403


def test_the_page_costs_a_handful_of_queries(measured, django_assert_max_num_queries):
    client = measured.client(Role.HEAD_OFFICE)
    client.get(_url(measured))
    with django_assert_max_num_queries(14):
        client.get(_url(measured))


def test_the_selector_itself_answers_head_office_only(measured):
    with tenant_scope(measured.tenant):
        found = selectors.holdout_measurement(
            tenant=measured.tenant, membership=measured.members[Role.HEAD_OFFICE], quarter=QUARTER
        )
        assert [kpi.code for kpi, _uplift in found.uplifts] == ["sales"]
        with pytest.raises(PermissionDenied):
            selectors.holdout_measurement(
                tenant=measured.tenant, membership=measured.members[Role.ANIMATOR], quarter=QUARTER
            )
