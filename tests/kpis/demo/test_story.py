"""The demo's story as a visitor reads it in the rollups and the challenges (README, "The demo's
story"): the animator's zone falls behind, runs a challenge last month and recovers; the demo
dealer climbs its zone's ranking and wins that challenge; achievement spreads across the
network."""

import datetime as dt
import random

import numpy as np
import pytest
from django.utils import timezone

from challenges.demo import challenges_demo_seed
from challenges.models import Challenge, ChallengeStanding, Status
from kpis.demo import kpi_demo_seed
from kpis.models import KpiDefinition, KpiRollup, RollupLevel, RollupPeriod
from network_animation.demo import COSMETICS, build_brand
from network_animation.models import PointOfSale
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db

DAYS = 400  # the challenge scores progress over the same month a year before


def months_ago(count: int) -> dt.date:
    month = timezone.localdate().replace(day=1)
    for _ in range(count):
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return month


@pytest.fixture
def demo():
    tenant = build_brand(COSMETICS)
    with tenant_scope(tenant):
        kpi_demo_seed(tenant=tenant, days=DAYS, rng=random.Random(7))
        challenges_demo_seed(tenant=tenant, days=DAYS, rng=random.Random(7))
        first = PointOfSale.objects.select_related("zone").order_by("pk").first()
        sales = KpiDefinition.objects.get(tenant=tenant, code="ca")
        tickets = KpiDefinition.objects.get(tenant=tenant, code="tickets")
        yield tenant, first, sales, tickets


def month_rollups(tenant, kpi, level, **scope):
    return KpiRollup.objects.filter(
        tenant=tenant, kpi=kpi, level=level, period=RollupPeriod.MONTH, **scope
    )


def test_the_animators_zone_recovers_and_the_demo_dealer_climbs_and_wins(demo):
    tenant, first, sales, tickets = demo
    for kpi in (sales, tickets):
        zone = dict(
            month_rollups(tenant, kpi, RollupLevel.ZONE, scope_id=first.zone_id).values_list(
                "period_start", "achievement_rate"
            )
        )
        before = [zone[months_ago(count)] for count in (4, 3, 2)]
        after = zone[months_ago(1)]
        assert after > max(before) + 0.1, (kpi.code, before, after)
        assert after > 0.95
    challenge = Challenge.objects.get(tenant=tenant, zone=first.zone, status=Status.CLOSED)
    assert challenge.start_date == months_ago(1)
    assert challenge.kpis.get().kpi == tickets
    ranks = dict(
        month_rollups(tenant, sales, RollupLevel.POINT_OF_SALE, scope_id=first.pk).values_list(
            "period_start", "zone_rank"
        )
    )
    climb = [ranks[months_ago(count)] for count in (7, 4, 1)]
    assert climb == sorted(climb, reverse=True), climb
    assert climb[0] - climb[-1] >= 3, climb
    assert climb[-1] <= 4, climb
    winner = ChallengeStanding.objects.get(tenant=tenant, challenge=challenge, rank=1)
    assert winner.point_of_sale_id == first.pk


def test_the_networks_achievement_spreads():
    """Not every store at 58-61 % of its target: a real spread, a few clearly behind."""
    tenant = build_brand(COSMETICS)
    with tenant_scope(tenant):
        kpi_demo_seed(tenant=tenant, days=70, rng=random.Random(7))
        sales = KpiDefinition.objects.get(tenant=tenant, code="ca")
        rates = np.array(
            month_rollups(tenant, sales, RollupLevel.POINT_OF_SALE, period_start=months_ago(1))
            .exclude(achievement_rate=None)
            .values_list("achievement_rate", flat=True)
        )
    assert len(rates) == COSMETICS.points_of_sale
    low, high = np.percentile(rates, [25, 75])
    assert high - low > 0.15
    assert (rates < 0.85).sum() >= 3
    assert (rates > 1.1).sum() >= 3
