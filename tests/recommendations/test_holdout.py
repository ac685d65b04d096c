"""The hold-out group: its share, its stratification by zone and size class, fixed for a quarter
and drawn again at the next one; its selectors scoped to the tenant."""

import datetime as dt

import pandas as pd
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from network_animation.models import AuditEvent
from network_animation.tenancy import tenant_scope
from recommendations import selectors
from recommendations.holdout import draw_seed, holdout_draw, quarter_start
from recommendations.models import HoldoutQuarter
from recommendations.services import holdout_quarter_ensure, holdout_settings_update

from ..factories import PointOfSaleFactory

JANUARY = dt.date(2026, 1, 15)
MARCH = dt.date(2026, 3, 31)
APRIL = dt.date(2026, 4, 1)


def _points(zones: int, per_size: dict[str, int]) -> pd.DataFrame:
    rows, number = [], 0
    for zone in range(1, zones + 1):
        for size, count in per_size.items():
            for _ in range(count):
                number += 1
                rows.append((number, zone, size))
    return pd.DataFrame(rows, columns=["point_of_sale", "zone", "size_class"])


def test_the_share_is_held_out():
    points = _points(10, {"S": 8, "M": 8, "L": 4})
    assert len(holdout_draw(points, 0.10, seed=1)) == 20
    assert len(holdout_draw(points, 0.25, seed=1)) == 50
    assert holdout_draw(points, 0.0, seed=1) == []


def test_every_zone_and_size_class_is_represented_in_proportion():
    points = _points(10, {"S": 10, "L": 10})
    held = points[points["point_of_sale"].isin(holdout_draw(points, 0.10, seed=4))]
    assert held.groupby(["zone", "size_class"]).size().tolist() == [1] * 20


def test_small_strata_still_give_each_zone_its_share():
    """Strata of 3 points of sale: 0.3 each at 10 %; the places go by largest remainder."""
    points = _points(12, {"S": 3, "M": 3, "L": 3, "XL": 1})
    held = points[points["point_of_sale"].isin(holdout_draw(points, 0.10, seed=9))]
    assert len(held) == 12
    assert held.groupby("zone").size().max() <= 2


def test_the_draw_depends_only_on_its_seed():
    points = _points(6, {"S": 5, "M": 5})
    assert holdout_draw(points, 0.1, seed=3) == holdout_draw(points.sample(frac=1), 0.1, seed=3)
    seeds = {draw_seed("a", dt.date(2026, 1, 1)), draw_seed("a", dt.date(2026, 4, 1))}
    assert len(seeds | {draw_seed("b", dt.date(2026, 1, 1))}) == 3
    assert draw_seed("a", dt.date(2026, 1, 1)) == draw_seed("a", dt.date(2026, 1, 1))


def test_quarters_start_in_january_april_july_and_october():
    assert quarter_start(MARCH) == dt.date(2026, 1, 1)
    assert quarter_start(APRIL) == APRIL
    assert quarter_start(dt.date(2026, 12, 31)) == dt.date(2026, 10, 1)


def _grow(network, count: int = 29) -> None:
    for index in range(count):
        zone = network.zone if index % 2 else network.other_zone
        PointOfSaleFactory(zone=zone, size_class="S" if index % 3 else "L")


@pytest.mark.django_db
def test_the_draw_is_fixed_for_the_quarter_and_drawn_again_at_the_next(network_a):
    tenant = network_a.tenant
    _grow(network_a)
    with tenant_scope(tenant):
        january = holdout_quarter_ensure(tenant=tenant, today=JANUARY)
        held = selectors.points_of_sale_held_out(tenant=tenant, on=JANUARY)
        assert len(held) == 3  # 10 % of 31
        PointOfSaleFactory(zone=network_a.zone)  # opened in February
        holdout_settings_update(
            tenant=tenant, actor=network_a.members["head_office"], share_percent=20
        )
        march = holdout_quarter_ensure(tenant=tenant, today=MARCH)
        assert march.pk == january.pk
        assert selectors.points_of_sale_held_out(tenant=tenant, on=MARCH) == held
        april = holdout_quarter_ensure(tenant=tenant, today=APRIL)
        assert april.pk != january.pk
        assert april.share_percent == 20
        assert len(selectors.points_of_sale_held_out(tenant=tenant, on=APRIL)) == 6  # 20 % of 32
        assert HoldoutQuarter.objects.filter(tenant=tenant).count() == 2


@pytest.mark.django_db
def test_is_held_out_answers_for_one_point_of_sale(network_a):
    tenant = network_a.tenant
    _grow(network_a)
    with tenant_scope(tenant):
        holdout_quarter_ensure(tenant=tenant, today=JANUARY)
        held = selectors.points_of_sale_held_out(tenant=tenant, on=JANUARY)
        point = type(network_a.point_of_sale).objects.get(pk=min(held))
        assert selectors.is_held_out(tenant=tenant, point_of_sale=point, on=JANUARY)
        assert not selectors.is_held_out(tenant=tenant, point_of_sale=point, on=APRIL)
        others = type(point).objects.exclude(pk__in=held)
        assert not selectors.is_held_out(tenant=tenant, point_of_sale=others[0], on=JANUARY)


@pytest.mark.django_db
def test_the_held_out_group_is_scoped_to_its_tenant(network_a, network_b):
    _grow(network_a)
    _grow(network_b)
    for network in (network_a, network_b):
        with tenant_scope(network.tenant):
            holdout_quarter_ensure(tenant=network.tenant, today=JANUARY)
    with tenant_scope(network_a.tenant):
        held_a = selectors.points_of_sale_held_out(tenant=network_a.tenant, on=JANUARY)
        theirs = type(network_b.point_of_sale).objects.filter(tenant=network_a.tenant)
        assert not selectors.is_held_out(
            tenant=network_a.tenant, point_of_sale=network_b.point_of_sale, on=JANUARY
        )
        assert selectors.holdout_quarter_get(tenant=network_a.tenant, on=JANUARY).tenant_id == (
            network_a.tenant.pk
        )
    with tenant_scope(network_b.tenant):
        held_b = selectors.points_of_sale_held_out(tenant=network_b.tenant, on=JANUARY)
    assert held_a
    assert held_b
    assert not held_a & held_b
    assert network_b.point_of_sale.pk not in {p.pk for p in theirs}


@pytest.mark.django_db
def test_the_share_is_ten_percent_by_default_and_its_changes_are_audited(network_a):
    tenant = network_a.tenant
    head_office = network_a.members["head_office"]
    with tenant_scope(tenant):
        assert selectors.holdout_settings_get(tenant=tenant).share_percent == 10
        holdout_settings_update(tenant=tenant, actor=head_office, share_percent=15)
        assert selectors.holdout_settings_get(tenant=tenant).share_percent == 15
        event = AuditEvent.objects.get(tenant=tenant, action="holdout_share_changed")
        assert event.before == {"share_percent": 10}
        assert event.after == {"share_percent": 15}
        assert event.actor_id == head_office.user_id
        with pytest.raises(ValidationError):
            holdout_settings_update(tenant=tenant, actor=head_office, share_percent=80)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["animator", "regional_director", "coach", "pos_manager"])
def test_only_head_office_may_change_the_share_whatever_calls_the_service(network_a, role):
    tenant = network_a.tenant
    with tenant_scope(tenant):
        with pytest.raises(PermissionDenied):
            holdout_settings_update(tenant=tenant, actor=network_a.members[role], share_percent=30)
        assert selectors.holdout_settings_get(tenant=tenant).share_percent == 10
        assert not AuditEvent.objects.filter(tenant=tenant, action="holdout_share_changed").exists()


@pytest.mark.django_db
def test_another_networks_head_office_may_not_change_the_share(network_a, network_b):
    with tenant_scope(network_a.tenant), pytest.raises(PermissionDenied):
        holdout_settings_update(
            tenant=network_a.tenant, actor=network_b.members["head_office"], share_percent=30
        )
