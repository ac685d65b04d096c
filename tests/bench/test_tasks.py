"""The bench's in-process steps (bench/tasks.py) that can run on a test network."""

import pytest

from bench.tasks import audiences, computed_kpis, nightly_chain, recommendations, search
from network_animation.audiences import Audience, audience_membership_ids
from network_animation.tenancy import tenant_scope

from ..kpis.conftest import build_kpis
from ..kpis.dashboards.test_dashboards import facts, objective, refresh

pytestmark = pytest.mark.django_db


def test_the_audience_step_resolves_the_whole_tenant_and_its_laggards(network_a):
    kpis_a = build_kpis(network_a)
    facts(network_a, kpis_a, network_a.point_of_sale, sales=50, leads=100)
    objective(kpis_a.sales, network_a.point_of_sale, 100)
    refresh(network_a)
    measured = audiences(network_a.tenant.slug, runs=2)
    with tenant_scope(network_a.tenant):
        everyone = audience_membership_ids(tenant=network_a.tenant, audience=Audience())
    assert measured["people"]["everyone"] == len(everyone)
    # The point of sale behind on sales: its manager and staff.
    assert measured["people"]["off_target"] == 2
    assert all(measured[name] > 0 for name in ("floor", "everyone", "off_target"))


@pytest.mark.postgres
def test_the_search_step_seeds_its_corpus_and_times_the_page_and_its_floor(network_a):
    from communities.models import Post
    from tests.communities.conftest import sync

    sync(network_a)
    measured = search(network_a.tenant.slug, runs=2, threads=20, posts=200, documents=30)
    assert measured["seeded"] == {"threads": 20, "posts": 200, "documents": 30}
    for name in ("page", "floor", "documents"):
        assert 0 < measured[name]["p50"] <= measured[name]["p99"]
    with tenant_scope(network_a.tenant):
        assert Post.objects.filter(tenant=network_a.tenant, body__icontains="hôtel").exists()


@pytest.mark.postgres
def test_the_computed_kpi_step_writes_the_same_facts_as_its_floor(network_a):
    measured = computed_kpis(network_a.tenant.slug, runs=1, people=6, modules=3)
    assert measured["same_facts"]
    assert measured["seeded"]["people"] == 6
    assert measured["seeded"]["modules"] == 3
    assert measured["facts"] > 0
    assert all(measured[name] > 0 for name in ("floor", "platform", "incremental"))


def test_the_recommendations_step_times_a_first_night_an_unchanged_one_and_a_new_day(network_a):
    kpis_a = build_kpis(network_a)
    facts(network_a, kpis_a, network_a.point_of_sale, sales=50, leads=100)
    refresh(network_a)
    measured = recommendations(network_a.tenant.slug, runs=2)
    assert measured["first"] > 0
    assert measured["again"] > 0
    assert measured["counts"]["kpi_gaps"] >= 0
    assert "held_out" in measured["counts"]
    # After a new day of figures, the night rewrites the gaps alone (night_inputs.py).
    assert measured["new_day"] > 0
    assert "month_in_progress_only" in measured["new_day_counts"]


def test_the_nightly_chain_step_runs_every_step_after_a_new_day(network_a):
    from kpis.models import KpiFact
    from network_animation.jobs import NIGHTLY_STEPS

    kpis_a = build_kpis(network_a)
    facts(network_a, kpis_a, network_a.point_of_sale, sales=50, leads=100)
    refresh(network_a)
    measured = nightly_chain(network_a.tenant.slug, runs=2)
    assert measured["median"] > 0
    assert set(measured["steps"]) == set(NIGHTLY_STEPS)
    assert measured["median"] >= max(measured["steps"].values())
    with tenant_scope(network_a.tenant):  # the day's facts the chain aggregated
        assert KpiFact.objects.filter(tenant=network_a.tenant, date__gt="2025-03-31").exists()
