"""The demo's learning shows on the dashboards: its completions and reviews are KPI facts,
rolled up, on the demo dealer's point of sale page."""

import random

import pytest
from django.test import Client
from django.urls import reverse

from kpis.models import KpiDefinition, KpiRollup, RollupLevel
from microlearning import kpi_facts
from microlearning.demo import learning_demo_seed
from microlearning.kpi_facts import learning_kpi_demo_seed
from network_animation.demo import CAR_MAKER, DEMO_SEEDERS, build_brand
from network_animation.models import Membership
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db


def test_the_learning_kpis_seeder_runs_after_learnings():
    seeders = list(DEMO_SEEDERS)
    assert seeders.index("learning") < seeders.index("learning_kpis")


def test_the_demo_dealers_page_shows_their_learning_kpis():
    tenant = build_brand(CAR_MAKER, points_of_sale=12, zones_per_region=2)
    with tenant_scope(tenant):
        learning_demo_seed(tenant=tenant, days=30, rng=random.Random(7))
        learning_kpi_demo_seed(tenant=tenant)
        dealer = Membership.objects.get(tenant=tenant, user__email=f"vendeur@{CAR_MAKER.domain}")
        point = dealer.point_of_sale
        figures = {
            code: KpiRollup.objects.filter(
                tenant=tenant,
                kpi__code=code,
                level=RollupLevel.POINT_OF_SALE,
                scope_id=point.pk,
            )
            .order_by("-period_start")
            .values_list("value", flat=True)
            .first()
            for code in (kpi_facts.COMPLETED, kpi_facts.REVIEW_REGULARITY)
        }
        completed = KpiDefinition.objects.get(tenant=tenant, code=kpi_facts.COMPLETED)
    assert all(value for value in figures.values()), figures
    client = Client()
    client.force_login(dealer.user)
    page = client.get(reverse("point_of_sale", args=[tenant.slug, point.pk]))
    assert page.status_code == 200
    assert completed.name_fr in page.content.decode()
