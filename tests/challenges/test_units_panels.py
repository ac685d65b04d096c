"""The unit panels of issue 16, item 7, each at a bounded cost (STYLE: lock them): the point of
sale's board and next actions, the zone's stages and last visits (the coach's home and head
office's coaches' activity are bounded in test_coaching_days).
Each count is taken cold (the panels are cached): the same whatever the number of rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..factories import PointOfSaleFactory
from .units_factories import (
    add_action,
    assign_coach,
    record_day,
    start_project,
)
from .visits_factories import make_grid, record_visit

pytestmark = pytest.mark.django_db


def cold_queries(client, address) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_point_of_sale_panel_costs_the_same_whatever_the_plan(network_a):
    assign_coach(network_a)
    project = start_project(network_a)
    page = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    client = network_a.client(Role.POS_STAFF)
    staff = network_a.members[Role.POS_STAFF]
    add_action(network_a, project, owner=staff, due_on=timezone.localdate())
    small = cold_queries(client, page)
    for n in range(10):
        add_action(network_a, project, owner=staff, title=f"Action {n}")
    assert cold_queries(client, page) == small
    assert "Action 3" in client.get(page).content.decode()


def test_the_zone_panel_costs_the_same_for_two_or_eight_points_of_sale(network_a):
    assign_coach(network_a, zone=network_a.zone)
    grid = make_grid(network_a)
    page = reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    client = network_a.client(Role.ANIMATOR)
    today = timezone.localdate()

    def unit(point) -> None:
        project = start_project(network_a, point=point, actor=network_a.members[Role.COACH])
        add_action(network_a, project, title=f"Action {point.pk}")
        record_day(network_a, point=point, date=today, today=today)
        record_visit(network_a, grid, [1, 1, 4], point=point, date=today)

    unit(network_a.point_of_sale)
    small = cold_queries(client, page)
    with tenant_scope(network_a.tenant):
        more = [PointOfSaleFactory(zone=network_a.zone) for _ in range(6)]
    for point in more:
        unit(point)
    assert cold_queries(client, page) == small
    html = client.get(page).content.decode()
    assert html.count(f'data-last-visit="{today:%Y-%m-%d}"') == 7
