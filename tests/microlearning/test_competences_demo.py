"""The demo's competences (microlearning/demo/competences.py): each brand has a framework two
or three levels deep, an assessment, the demo dealer a plan with a late item reviewed by their
manager, and "Confirmed sales manager" holders."""

import random

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microlearning.demo import learning_demo_seed
from microlearning.models import Assessment, Certification, Competence
from microlearning.selectors.plans import certified_people, plan_of
from network_animation.demo import CAR_MAKER, COSMETICS, build_brand
from network_animation.models import Membership
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("brand", [CAR_MAKER, COSMETICS])
def test_each_brand_has_competences_plans_and_certified_people(brand):
    tenant = build_brand(brand, points_of_sale=12, zones_per_region=2)
    today = timezone.localdate()
    with tenant_scope(tenant):
        learning_demo_seed(tenant=tenant, days=30, rng=random.Random(7))
        deepest = Competence.objects.filter(tenant=tenant, parent__parent__isnull=False)
        assert Competence.objects.filter(tenant=tenant, parent__isnull=True).count() == 4
        assert deepest.exists() or brand is COSMETICS
        assert Assessment.objects.get(tenant=tenant).status == "published"
        dealer = Membership.objects.get(tenant=tenant, user__email=f"vendeur@{brand.domain}")
        view = plan_of(tenant=tenant, membership=dealer, today=today)
        assert view.total >= 2
        assert view.late >= 1
        assert view.plan.reviewed_at is not None
        certification = Certification.objects.get(tenant=tenant)
        holders = certified_people(tenant=tenant, certification=certification, on=today)
        manager = Membership.objects.get(tenant=tenant, user__email=f"responsable@{brand.domain}")
        assert manager in holders
        assert holders.count() >= 2
    client = Client()
    client.force_login(dealer.user)
    page = client.get(reverse("microlearning:my_plan", args=[tenant.slug])).content.decode()
    assert "plan-item--late" in page
