"""The demo's visits: a grid, the demo animator's visits in their zone, and a mystery-visit
campaign whose scores are KPI facts rolled up, on the demo dealer's page."""

import random

import pytest
from django.test import Client
from django.urls import reverse

from challenges.demo import challenges_demo_seed
from challenges.models import SurveyResult, Visit
from challenges.visits import kpi_facts
from kpis.demo import kpi_demo_seed
from kpis.models import KpiDefinition, KpiRollup, RollupLevel
from network_animation.demo import CAR_MAKER, build_brand
from network_animation.models import Membership
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db


def test_the_demo_dealers_page_shows_the_mystery_visit_score():
    tenant = build_brand(CAR_MAKER, points_of_sale=12, zones_per_region=2)
    with tenant_scope(tenant):
        kpi_demo_seed(tenant=tenant, days=30, rng=random.Random(7))
        challenges_demo_seed(tenant=tenant, days=30, rng=random.Random(7))
        dealer = Membership.objects.get(tenant=tenant, user__email=f"vendeur@{CAR_MAKER.domain}")
        point = dealer.point_of_sale
        visits = Visit.objects.filter(tenant=tenant, point_of_sale=point).count()
        results = list(
            SurveyResult.objects.filter(tenant=tenant, point_of_sale=point).values_list(
                "score", flat=True
            )
        )
        rollups = KpiRollup.objects.filter(
            tenant=tenant,
            kpi__code=kpi_facts.MYSTERY_SCORE,
            level=RollupLevel.POINT_OF_SALE,
            scope_id=point.pk,
        )
        mystery = KpiDefinition.objects.get(tenant=tenant, code=kpi_facts.MYSTERY_SCORE)
        assert rollups.exists()
    assert visits >= 2
    assert len(results) == 2
    client = Client()
    client.force_login(dealer.user)
    page = client.get(reverse("point_of_sale", args=[tenant.slug, point.pk]))
    assert page.status_code == 200
    assert mystery.name_fr in page.content.decode()
