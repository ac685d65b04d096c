"""The nightly step: peers and gaps stored from the month rollups, recorded as a job run,
idempotent (twice = once), stable from night to night, and scoped to its tenant."""

import datetime as dt

import pytest
from django.utils import timezone

from network_animation.jobs import NIGHTLY_STEPS, tracked_job
from network_animation.models import JobRun
from network_animation.tenancy import tenant_scope
from recommendations import selectors
from recommendations.models import (
    HoldoutPoint,
    HoldoutQuarter,
    KpiGap,
    NightInputs,
    PeerGrouping,
    PeerMembership,
)
from recommendations.services import (
    kpi_gaps_refresh,
    peer_groups_refresh,
    recommendations_nightly_step,
)

from .conftest import build_diagnosed

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 1, 20)


def _run(tenant) -> JobRun:
    with tracked_job(tenant=tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=tenant, progress=progress)
    with tenant_scope(tenant):
        return JobRun.objects.filter(tenant=tenant).latest("started_at")


def _state(tenant) -> dict:
    """Everything the step writes, without the times it was written at."""
    with tenant_scope(tenant):
        return {
            "groupings": list(
                PeerGrouping.objects.filter(tenant=tenant).values_list(
                    "day", "group_count", "silhouette", "point_count", "input_digest"
                )
            ),
            "members": sorted(
                PeerMembership.objects.filter(tenant=tenant).values_list(
                    "point_of_sale_id", "group", "since"
                )
            ),
            "gaps": sorted(
                KpiGap.objects.filter(tenant=tenant).values_list(
                    "point_of_sale_id", "kpi_id", "gap_to_target", "confidence", "off_target"
                )
            ),
            "held": sorted(
                HoldoutPoint.objects.filter(tenant=tenant).values_list(
                    "quarter__quarter_start", "point_of_sale_id"
                )
            ),
        }


def test_the_step_comes_after_challenges_and_labels_and_before_reports():
    names = list(NIGHTLY_STEPS)
    position = names.index("recommendations")
    assert names.index("kpi_aggregation") < position
    assert names.index("labels") < position
    assert names.index("challenges") < position
    assert position < names.index("scheduled_reports")


def test_the_step_groups_peers_measures_gaps_and_is_recorded(diagnosed):
    tenant = diagnosed.network.tenant
    run = _run(tenant)
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.counts["peer_groups"] == 2
    assert run.counts["kpi_gaps"] == len(diagnosed.dealers) + len(diagnosed.stores)
    with tenant_scope(tenant):
        grouping = selectors.peer_grouping_latest(tenant=tenant)
        groups = selectors.peer_groups(tenant=tenant)
    assert grouping.silhouette is not None
    assert run.counts["peer_silhouette_permille"] == round(grouping.silhouette * 1000)
    assert grouping.silhouette > 0.3
    assert {groups[p.pk] for p in diagnosed.dealers} != {groups[p.pk] for p in diagnosed.stores}
    assert len({groups[p.pk] for p in diagnosed.dealers}) == 1


def test_twice_is_once(diagnosed):
    tenant = diagnosed.network.tenant
    _run(tenant)
    first = _state(tenant)
    _run(tenant)
    assert _state(tenant) == first
    with tenant_scope(tenant):
        assert PeerGrouping.objects.filter(tenant=tenant).count() == 1
        assert HoldoutQuarter.objects.filter(tenant=tenant).count() == 1


def test_peers_are_stable_from_night_to_night_when_nothing_changed(diagnosed):
    tenant = diagnosed.network.tenant
    with tenant_scope(tenant):
        first = peer_groups_refresh(tenant=tenant, today=DAY)
        members = sorted(PeerMembership.objects.values_list("point_of_sale_id", "group", "since"))
        second = peer_groups_refresh(tenant=tenant, today=DAY + dt.timedelta(days=1))
        again = sorted(PeerMembership.objects.values_list("point_of_sale_id", "group", "since"))
    assert again == members
    assert second.moved == 0
    assert first.moved == len(members)
    assert second.input_digest == first.input_digest
    assert second.silhouette == first.silhouette


def test_a_point_of_sale_closed_leaves_its_group(diagnosed):
    tenant = diagnosed.network.tenant
    closed = diagnosed.dealers[-1]
    with tenant_scope(tenant):
        peer_groups_refresh(tenant=tenant, today=DAY)
        type(closed).objects.filter(pk=closed.pk).update(is_active=False)
        peer_groups_refresh(tenant=tenant, today=DAY + dt.timedelta(days=1))
        assert not PeerMembership.objects.filter(point_of_sale=closed).exists()


def test_gaps_are_stored_with_their_confidence(diagnosed):
    tenant = diagnosed.network.tenant
    with tenant_scope(tenant):
        peer_groups_refresh(tenant=tenant, today=DAY)
        kpi_gaps_refresh(tenant=tenant)
        gaps = {gap.point_of_sale_id: gap for gap in KpiGap.objects.filter(tenant=tenant)}
    far = gaps[diagnosed.far_off.pk]
    assert far.gap_to_target == pytest.approx(-0.3, abs=0.01)
    assert far.confidence > 0.95
    assert far.off_target
    assert far.gap_to_peers == pytest.approx(-0.3, abs=0.02)
    assert far.peers == len(diagnosed.dealers) - 1
    assert far.zone_id == diagnosed.network.zone.pk
    assert gaps[diagnosed.one_bad_month.pk].confidence < 0.5
    assert gaps[diagnosed.bad_start.pk].off_target
    assert gaps[diagnosed.bad_start.pk].confidence < 0.5


def test_the_step_for_one_tenant_leaves_the_other_untouched(diagnosed, network_b):
    build_diagnosed(network_b)
    _run(diagnosed.network.tenant)
    assert _state(network_b.tenant) == {"groupings": [], "members": [], "gaps": [], "held": []}


def test_selectors_are_scoped_to_their_tenant(diagnosed, network_b):
    tenant_a, tenant_b = diagnosed.network.tenant, network_b.tenant
    build_diagnosed(network_b)
    _run(tenant_a)
    _run(tenant_b)
    with tenant_scope(tenant_a):
        groups = selectors.peer_groups(tenant=tenant_a)
        assert network_b.point_of_sale.pk not in groups.index
        assert selectors.peer_ids(tenant=tenant_a, point_of_sale=network_b.point_of_sale) == []
        priorities = selectors.zone_priorities(tenant=tenant_a, zone=network_b.zone)
        assert priorities.alerts == 0
        assert priorities.first == []
        assert (
            selectors.kpi_gap_list(tenant=tenant_a)
            .filter(point_of_sale__in=[p.pk for p in [network_b.point_of_sale]])
            .count()
            == 0
        )
        assert (
            selectors.peer_standing(
                tenant=tenant_a, point_of_sale=network_b.point_of_sale, month=DAY, kpis=[]
            )
            is None
        )
        assert selectors.peer_grouping_latest(tenant=tenant_a).tenant_id == tenant_a.pk


def test_a_tenant_without_figures_gets_an_empty_run(network_a):
    run = _run(network_a.tenant)
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.counts["kpi_gaps"] == 0
    with tenant_scope(network_a.tenant):
        assert selectors.peer_grouping_latest(tenant=network_a.tenant).group_count == 1


def test_the_step_reads_a_fixed_number_of_queries(diagnosed, django_assert_max_num_queries):
    tenant = diagnosed.network.tenant
    _run(tenant)
    with tenant_scope(tenant):  # a full run again (an unchanged night skips its work)
        NightInputs.objects.filter(tenant=tenant).delete()
    # The suggested actions add a fixed dozen: the held-out group, the KPIs' names, the past
    # challenges, the content recommended, the gaps, the coaching days, the quiet keys, the
    # module titles and the rewrite; the library's documents, best practices and lesson sheets
    # ranked beside the modules add their items and first reads. What tells whether anything
    # changed adds a fixed eighteen (night_inputs.py: its digest's reads, the last night's
    # inputs forgotten and saved, the visits written).
    with django_assert_max_num_queries(74):
        _run(tenant)
    assert timezone.localdate()  # the step ran for today
