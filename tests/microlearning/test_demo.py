"""The demo's learning (microlearning/demo/): both brands get their modules, in French and
English, with people at every stage, once; the demo dealer resumes in the middle of one."""

import random

import pytest
from django.test import Client
from django.urls import reverse

from microlearning.demo import learning_demo_seed
from microlearning.models import Module, Progress, Step
from network_animation.demo import CAR_MAKER, COSMETICS, DEMO_SEEDERS, build_brand
from network_animation.models import Membership
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db


def test_the_learning_seeder_runs_after_the_kpis_one():
    seeders = list(DEMO_SEEDERS)
    assert seeders.index("kpis") < seeders.index("learning")


@pytest.mark.parametrize("brand", [CAR_MAKER, COSMETICS])
def test_each_brand_learns_its_modules_once(brand):
    tenant = build_brand(brand, points_of_sale=12, zones_per_region=2)
    with tenant_scope(tenant):
        learning_demo_seed(tenant=tenant, days=30, rng=random.Random(7))
        modules = Module.objects.filter(tenant=tenant)
        assert modules.count() == 20  # the six of the story, and the rest of the catalogue
        pictures = Step.objects.filter(tenant=tenant, kind=Step.Kind.IMAGE)
        assert pictures.count() == 4
        assert all(step.image and step.image_alt_fr and step.image_alt_en for step in pictures)
        assert {step.image.name for step in pictures} == {
            step.image.name for step in pictures if step.image.storage.exists(step.image.name)
        }
        assert set(modules.values_list("status", "language").distinct()) == {("published", "both")}
        assert modules.filter(zone__isnull=False).count() == 1  # the animator's
        dealer = Membership.objects.get(tenant=tenant, user__email=f"vendeur@{brand.domain}")
        mine = Progress.objects.filter(tenant=tenant, membership=dealer)
        finished = mine.get(completed_at__isnull=False)
        assert finished.position == finished.version.step_count
        assert mine.get(completed_at__isnull=True).position == 2  # stopped at step 3
        everyone = Progress.objects.filter(tenant=tenant)
        assert everyone.filter(completed_at__isnull=True).count() >= 2
        assert everyone.filter(passed_at__isnull=False).exists()
        assert everyone.filter(seconds_spent__gt=60).exists()
        before = everyone.count()
        learning_demo_seed(tenant=tenant, days=30, rng=random.Random(7))
        assert Progress.objects.filter(tenant=tenant).count() == before
        running = mine.get(completed_at__isnull=True).module
    client = Client()
    client.force_login(dealer.user)
    for language, word in (("fr", "Étape 3 sur"), ("en", "Step 3 of")):
        client.post(reverse("language_switch"), {"language": language, "next": "/"})
        page = client.get(reverse("microlearning:module", args=[tenant.slug, running.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert (running.title_fr if language == "fr" else running.title_en) in text
        if language == "en":
            assert word in text


def test_the_demo_has_review_streaks_due_cards_and_late_people_in_its_zone():
    from django.utils import timezone

    from microlearning.models import Assignment
    from microlearning.selectors import review_today, streak_of, zone_training

    tenant = build_brand(CAR_MAKER, points_of_sale=12, zones_per_region=2)
    with tenant_scope(tenant):
        learning_demo_seed(tenant=tenant, days=30, rng=random.Random(7))
        dealer = Membership.objects.get(tenant=tenant, user__email=f"vendeur@{CAR_MAKER.domain}")
        assert streak_of(tenant=tenant, membership=dealer) >= 5
        assert review_today(tenant=tenant, membership=dealer).cards
        late = Assignment.objects.get(tenant=tenant, due_on__lt=timezone.localdate())
        assert late.module.zone_id is None
        zone = dealer.point_of_sale.zone
        points = zone_training(tenant=tenant, zone=zone, today=timezone.localdate())
        assert sum(point.late for point in points) >= 1
