"""The demo's recommendations (recommendations/demo.py): a learning history in which some modules
really helped, so that the nightly step stores recommendations with their evidence, for both
brands, and the demo accounts' point of sale is never held out."""

import random

import pytest

from kpis.models import KpiDefinition
from microlearning.models import Module, ModuleKpiOutcome, Progress
from microlearning.selectors.outcomes import MIN_POINTS
from network_animation.demo import CAR_MAKER, COSMETICS, DEMO_SEEDERS, DemoBrand, build_brand
from network_animation.models import PointOfSale
from network_animation.tenancy import tenant_scope
from recommendations import selectors
from recommendations.demo import HISTORIES, demo_history_write
from recommendations.models import ContentKind, ContentRecommendation

pytestmark = pytest.mark.django_db

# The smallest demo the engine finds evidence in: a year and a half of facts, a small network.
DAYS = 480
SEEDERS = ("kpis", "learning", "learning_kpis", "recommendations")


def test_the_recommendations_seeders_run_last():
    """They read the KPIs' rollups and learning's modules; the feedback answers the suggestions
    the nightly step made."""
    assert list(DEMO_SEEDERS)[-2:] == ["recommendations", "recommendations_feedback"]


def _seed(brand: DemoBrand):
    tenant = build_brand(brand, points_of_sale=48, zones_per_region=2)
    with tenant_scope(tenant):
        for name in SEEDERS:
            DEMO_SEEDERS[name](tenant=tenant, days=DAYS, rng=random.Random(7))
    return tenant


@pytest.mark.parametrize("brand", [CAR_MAKER, COSMETICS], ids=lambda brand: brand.slug)
def test_the_demo_recommends_the_modules_that_helped_with_their_evidence(brand):
    tenant = _seed(brand)
    helped = {(lesson.title_en, code) for lesson in HISTORIES[brand.slug] for code in lesson.gains}
    with tenant_scope(tenant):
        rows = list(ContentRecommendation.objects.filter(tenant=tenant))
        titles = dict(Module.objects.filter(tenant=tenant).values_list("pk", "title_en"))
        codes = dict(KpiDefinition.objects.filter(tenant=tenant).values_list("pk", "code"))
        demo_point = PointOfSale.objects.filter(tenant=tenant).order_by("pk").first()
        held = selectors.points_of_sale_held_out(tenant=tenant)
    assert rows
    assert {row.item_kind for row in rows} == {ContentKind.MODULE}
    # What the engine recommends with conviction is a module that helped, on the KPI it moved
    # (not the popular ones, nor the KPIs on their tags).
    strong = {
        (titles[row.item_id], codes[row.kpi_id]) for row in rows if row.expected_uplift >= 0.02
    }
    assert strong
    assert strong <= helped
    assert all("of them" in row.reason_en and "%" in row.reason_en for row in rows)
    assert all(row.reason_fr and row.reason_fr != row.reason_en for row in rows)
    assert held
    assert demo_point.pk not in held
    assert not {row.point_of_sale_id for row in rows} & held
    # Learning's raw figures of what followed each module, written from the same history: a
    # module that helped shows on the KPI it moved (head office's completion page).
    with tenant_scope(tenant):
        outcomes = ModuleKpiOutcome.objects.filter(tenant=tenant)
        shown = {
            (titles[row.module_id], codes[row.kpi_id])
            for row in outcomes
            if row.difference > 0 and row.completed_points >= MIN_POINTS
        }
    assert shown & helped


def test_the_history_is_written_once():
    tenant = _seed(COSMETICS)
    with tenant_scope(tenant):
        before = Progress.objects.filter(tenant=tenant).count()
        assert demo_history_write(tenant=tenant, rng=random.Random(7)) == 0
        assert Progress.objects.filter(tenant=tenant).count() == before
