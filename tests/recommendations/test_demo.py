"""The demo's recommendations (recommendations/demo.py): a history in which some modules and some
library documents really helped, and past challenges really lifted their participants, so that
the nightly step stores content recommendations (modules and documents) and a challenge to
launch in the demo animator's zone, with their evidence, for both brands; the demo accounts'
point of sale is never held out."""

import datetime as dt
import os
import random

import pytest
from django.utils import timezone

from communities.models import Document
from kpis.models import KpiDefinition
from microlearning.models import Module, ModuleKpiOutcome, Progress
from microlearning.selectors.outcomes import MIN_POINTS
from network_animation.demo import CAR_MAKER, COSMETICS, DEMO_SEEDERS, DemoBrand, build_brand
from network_animation.models import PointOfSale
from network_animation.tenancy import tenant_scope
from recommendations import selectors
from recommendations.demo import HISTORIES, demo_history_write
from recommendations.demo_evidence import CHALLENGES, READINGS
from recommendations.models import (
    ActionKind,
    ActionSuggestion,
    ContentKind,
    ContentRecommendation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_today(monkeypatch):
    """The demo seeded as if today were DEMO_TODAY_SHIFT_DAYS days from now (0 by default): the
    demo dates everything from `timezone.now()`, so its story must hold on any day of the
    year: `DEMO_TODAY_SHIFT_DAYS=-100 pytest tests/recommendations/test_demo.py`."""
    shift = dt.timedelta(days=int(os.environ.get("DEMO_TODAY_SHIFT_DAYS", "0")))
    real_now = timezone.now
    if shift:
        monkeypatch.setattr(timezone, "now", lambda: real_now() + shift)
    return timezone.localdate()


# The smallest demo the engine finds evidence in, on any day of the year: a year and a half of
# facts, a small network (on 48 points of sale, the effective modules stood out from their noise
# on some days only).
DAYS = 480
POINTS_OF_SALE = 60
SEEDERS = ("kpis", "communities", "learning", "learning_kpis", "recommendations")


def test_the_recommendations_seeders_run_last():
    """They read the KPIs' rollups and learning's modules; the feedback answers the suggestions
    the nightly step made."""
    assert list(DEMO_SEEDERS)[-2:] == ["recommendations", "recommendations_feedback"]


def _seed(brand: DemoBrand):
    tenant = build_brand(brand, points_of_sale=POINTS_OF_SALE, zones_per_region=2)
    with tenant_scope(tenant):
        for name in SEEDERS:
            DEMO_SEEDERS[name](tenant=tenant, days=DAYS, rng=random.Random(7))
    return tenant


@pytest.mark.parametrize("brand", [CAR_MAKER, COSMETICS], ids=lambda brand: brand.slug)
def test_the_demo_recommends_what_helped_with_its_evidence(brand):
    tenant = _seed(brand)
    helped = {
        (kind, item.title_en if kind == ContentKind.MODULE else item.title, code)
        for kind, items in (
            (ContentKind.MODULE, HISTORIES[brand.slug]),
            (ContentKind.DOCUMENT, READINGS[brand.slug]),
        )
        for item in items
        for code in item.gains
    }
    with tenant_scope(tenant):
        rows = list(ContentRecommendation.objects.filter(tenant=tenant))
        titles = {
            ContentKind.MODULE: dict(
                Module.objects.filter(tenant=tenant).values_list("pk", "title_en")
            ),
            ContentKind.DOCUMENT: dict(
                Document.objects.filter(tenant=tenant).values_list("pk", "title")
            ),
        }
        codes = dict(KpiDefinition.objects.filter(tenant=tenant).values_list("pk", "code"))
        demo_point = PointOfSale.objects.filter(tenant=tenant).order_by("pk").first()
        held = selectors.points_of_sale_held_out(tenant=tenant)
    assert rows
    # Modules, and the library's documents first read by the points of sale's managers. On
    # this small network, Autonova's helpful document (12 % more used cars, some twenty a month,
    # for its readers) is within the noise of their counts: no estimator that does not
    # credit chance can tell it yet (issue 17). Belle Allure's is recommended beside modules.
    documents = {ContentKind.DOCUMENT} if brand is COSMETICS else set()
    assert {row.item_kind for row in rows} == {ContentKind.MODULE} | documents
    # What the engine recommends with conviction is content that helped, on the KPI it moved
    # (not the popular ones, nor the KPIs on their tags).
    strong = {
        (row.item_kind, titles[row.item_kind][row.item_id], codes[row.kpi_id])
        for row in rows
        if row.expected_uplift >= 0.02
    }
    assert {kind for kind, _title, _code in strong} == {ContentKind.MODULE} | documents
    assert strong <= helped
    # Content read or done by many that changed nothing is recommended on no KPI, however weakly
    # (Autonova's delivery check-list, issue 17).
    idle = {
        (kind, item.title_en if kind == ContentKind.MODULE else item.title)
        for kind, items in (
            (ContentKind.MODULE, HISTORIES[brand.slug]),
            (ContentKind.DOCUMENT, READINGS[brand.slug]),
        )
        for item in items
        if not item.gains
    }
    recommended = {(row.item_kind, titles[row.item_kind][row.item_id]) for row in rows}
    assert not recommended & idle
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
            (ContentKind.MODULE, titles[ContentKind.MODULE][row.module_id], codes[row.kpi_id])
            for row in outcomes
            if row.difference > 0 and row.completed_points >= MIN_POINTS
        }
    assert shown & helped
    _a_challenge_is_suggested_to_the_demo_animator(tenant, brand, demo_point)


def _a_challenge_is_suggested_to_the_demo_animator(tenant, brand, demo_point) -> None:
    """On the KPI past challenges lifted (in other zones), with their evidence."""
    with tenant_scope(tenant):
        found = list(
            ActionSuggestion.objects.filter(
                tenant=tenant, zone=demo_point.zone_id, kind=ActionKind.CHALLENGE
            ).select_related("kpi")
        )
    assert found
    assert {row.kpi.code for row in found} == {CHALLENGES[brand.slug].kpi}
    for row in found:
        assert row.expected_uplift >= 0.02
        assert row.points_of_sale
        assert "took part in a challenge on" in row.reason_en
        assert "ont participé à un challenge sur" in row.reason_fr


def test_the_history_is_written_once():
    tenant = _seed(COSMETICS)
    with tenant_scope(tenant):
        before = Progress.objects.filter(tenant=tenant).count()
        assert demo_history_write(tenant=tenant, rng=random.Random(7)) == 0
        assert Progress.objects.filter(tenant=tenant).count() == before


def test_the_documents_read_are_the_communities_demos():
    """The first reads name documents of the communities' demo library, for each brand."""
    from communities.demo import library

    papers = {"autonova": library.CAR_MAKER, "belle-allure": library.COSMETICS}
    for slug, readings in READINGS.items():
        titles = {paper.title for paper in papers[slug]}
        assert {reading.title for reading in readings} <= titles
        assert any(reading.gains for reading in readings)
