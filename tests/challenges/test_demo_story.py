"""The demo's story (challenges/demo_story.py), as a visitor finds it in the demo accounts' zone:
the zone fell behind on a KPI and recovered once its animator launched a challenge on it, a
neighbouring point of sale holds last year's gold label, and the demo point of sale climbed its
zone's ranking these last months. Seeded on a small network, for both brands."""

import datetime as dt
import os
import random

import pandas as pd
import pytest
from django.utils import timezone

from challenges import selectors
from challenges.demo_story import CHALLENGE_MONTHS, DIP_MONTHS, STORY_KPIS
from challenges.models import Challenge, LabelLevel, Status
from kpis.models import KpiDefinition, KpiRollup, RollupLevel, RollupPeriod
from network_animation.demo import CAR_MAKER, COSMETICS, DEMO_SEEDERS, DemoBrand, build_brand
from network_animation.models import Membership, PointOfSale, Role
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_today(monkeypatch):
    """As the recommendations' demo test: the story must hold on any day of the year,
    `DEMO_TODAY_SHIFT_DAYS=-100 pytest tests/challenges/test_demo_story.py`."""
    shift = dt.timedelta(days=int(os.environ.get("DEMO_TODAY_SHIFT_DAYS", "0")))
    real_now = timezone.now
    if shift:
        monkeypatch.setattr(timezone, "now", lambda: real_now() + shift)
    return timezone.localdate()


POINTS_OF_SALE = 36
SEEDERS = ("kpis", "challenges")


def _history_days(today: dt.date) -> int:
    """From January 1 of last year: the label is last year's, on the whole year."""
    return (today - dt.date(today.year - 1, 1, 1)).days


def _seed(brand: DemoBrand):
    tenant = build_brand(brand, points_of_sale=POINTS_OF_SALE, zones_per_region=2)
    days = _history_days(timezone.localdate())
    with tenant_scope(tenant):
        for name in SEEDERS:
            DEMO_SEEDERS[name](tenant=tenant, days=days, rng=random.Random(7))
    return tenant


def _month(today: dt.date, ago: int) -> dt.date:
    return (pd.Timestamp(today.replace(day=1)) - pd.DateOffset(months=ago)).date()


def _monthly(tenant, kpi, level, scope_id, field):
    rows = KpiRollup.objects.filter(
        tenant=tenant, kpi=kpi, level=level, scope_id=scope_id, period=RollupPeriod.MONTH
    )
    return dict(rows.values_list("period_start", field))


@pytest.mark.parametrize("brand", [CAR_MAKER, COSMETICS], ids=lambda brand: brand.slug)
def test_the_demo_tells_its_story(brand):
    tenant = _seed(brand)
    today = timezone.localdate()
    with tenant_scope(tenant):
        demo_point = PointOfSale.objects.filter(tenant=tenant).order_by("pk").first()
        zone = demo_point.zone
        neighbours = set(
            PointOfSale.objects.filter(tenant=tenant, zone=zone).values_list("pk", flat=True)
        )
        kpi = KpiDefinition.objects.get(tenant=tenant, code__in=STORY_KPIS)
        main = KpiDefinition.objects.filter(tenant=tenant).order_by("position").first()
        achievement = _monthly(tenant, kpi, RollupLevel.ZONE, zone.pk, "achievement_rate")
        ranks = _monthly(tenant, main, RollupLevel.POINT_OF_SALE, demo_point.pk, "zone_rank")
        challenge = Challenge.objects.get(tenant=tenant, name__startswith="Reconquête")
        participants = set(challenge.participants.values_list("point_of_sale_id", flat=True))
        challenge_kpis = list(challenge.kpis.values_list("kpi", flat=True))
        animator = Membership.objects.get(tenant=tenant, role=Role.ANIMATOR, zones=zone)
        gold = set(
            selectors.label_award_list(tenant=tenant)
            .filter(year=today.year - 1, level=LabelLevel.GOLD)
            .values_list("point_of_sale_id", flat=True)
        )

    # The zone fell behind on the KPI for two months, and recovered from the challenge on.
    before = [achievement[_month(today, ago)] for ago in range(8, DIP_MONTHS[0], -1)]
    dip = [achievement[_month(today, ago)] for ago in DIP_MONTHS]
    after = [achievement[_month(today, ago)] for ago in CHALLENGE_MONTHS]
    assert max(dip) < min(before) - 0.1
    assert min(after) > max(dip) + 0.2
    assert sum(after) / len(after) > sum(before) / len(before)
    # The challenge: the zone's animator's, on that KPI, over the zone, started after the dip.
    assert challenge.name == f"Reconquête {kpi.name_fr}"
    assert challenge.zone == zone
    assert challenge.created_by_id == animator.pk
    assert challenge_kpis == [kpi.pk]
    assert participants == neighbours
    assert challenge.start_date == _month(today, CHALLENGE_MONTHS[0])
    assert challenge.status == Status.CLOSED
    # A point of sale of the zone holds last year's gold label.
    assert gold & neighbours
    # The demo point of sale ranks better in its zone on the main KPI last month than four
    # months ago, when it was not at the top.
    assert ranks[_month(today, 4)] > 1
    assert ranks[_month(today, 1)] < ranks[_month(today, 4)]
