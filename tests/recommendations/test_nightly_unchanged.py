"""A night on which nothing the step reads changed skips its work (recommendations/
night_inputs.py): recorded as a skipped run, the same rows as the night before, a fraction of
the queries; any change to what it reads (figures, points of sale, KPIs, content, learning,
first reads, challenges, feedback, the quarter, the month) makes the next night run in full;
the visits follow the calendar on their own."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from challenges.models import CoachingDay
from communities.services import first_read_record, post_best_practice_set
from kpis.models import KpiDefinition, KpiRollup
from network_animation.jobs import tracked_job
from network_animation.models import JobRun, PointOfSale, Role
from network_animation.tenancy import tenant_scope
from recommendations.action_services import suggestion_accept, suggestion_dismiss
from recommendations.models import (
    ActionSuggestion,
    ContentRecommendation,
    HoldoutPoint,
    KpiGap,
    NightInputs,
    PeerGrouping,
    PeerMembership,
    SuggestionStatus,
)
from recommendations.services import recommendations_nightly_step

from ..challenges.factories import launch
from ..communities.conftest import start, sync
from ..factories import MembershipFactory, UserFactory
from ..microlearning.factories import make_module
from .content_setup import build_helped, finish_module

pytestmark = pytest.mark.django_db
# The step's `today`, in the quarter after the tests' figures (their month in progress is
# January 2026).
TODAY = dt.date(2026, 2, 10)
SKIPPED = "skipped_unchanged"


def _run(tenant, today: dt.date = TODAY) -> JobRun:
    with tracked_job(tenant=tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=tenant, progress=progress, today=today)
    with tenant_scope(tenant):
        return JobRun.objects.filter(tenant=tenant).latest("pk")


def _state(tenant) -> dict[str, list]:
    """Everything the step writes, without the times it wrote it at."""
    with tenant_scope(tenant):
        return {
            "gaps": sorted(
                KpiGap.objects.values_list("point_of_sale_id", "kpi_id", "gap_to_target", "z")
            ),
            "groupings": list(PeerGrouping.objects.values_list("day", "group_count", "moved")),
            "members": sorted(PeerMembership.objects.values_list("point_of_sale_id", "group")),
            "held": sorted(HoldoutPoint.objects.values_list("point_of_sale_id", flat=True)),
            "content": sorted(
                ContentRecommendation.objects.values_list(
                    "point_of_sale_id", "kpi_id", "item_kind", "item_id", "rank", "reason_en"
                )
            ),
            "suggestions": sorted(
                ActionSuggestion.objects.values_list("pk", "status", "zone_id", "key", "reason_en")
            ),
        }


@pytest.fixture
def lively(diagnosed):
    """The diagnosed network with a module that helped (content_setup.py), a best practice on
    sales, and a night already run on it."""
    helped = build_helped(diagnosed)
    network = diagnosed.network
    communities = sync(network)
    thread = start(network, communities.region, role=Role.ANIMATOR, title="Le samedi des essais")
    with tenant_scope(network.tenant):
        post_best_practice_set(
            tenant=network.tenant,
            actor=network.members[Role.ANIMATOR],
            post=thread.posts.get(),
            kpis=[KpiDefinition.objects.get(code="sales")],
        )
    run = _run(network.tenant)
    assert SKIPPED not in run.counts
    return helped, thread


def test_an_unchanged_night_is_recorded_as_skipped_and_leaves_the_same_rows(lively):
    helped, _thread = lively
    tenant = helped.diagnosed.network.tenant
    before = _state(tenant)
    assert before["content"]  # a night with something to keep
    assert before["suggestions"]
    run = _run(tenant, TODAY + dt.timedelta(days=1))
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.counts == {SKIPPED: 1}
    with translation.override("en"):
        assert "Skipped: nothing it reads changed since its last full run" in run.counter_texts
    assert _state(tenant) == before  # twice = once, to the rows' ids
    with tenant_scope(tenant):
        assert NightInputs.objects.get().day == TODAY  # the day of the last full run


def _rollups(helped, tenant) -> None:
    # As the aggregation writes a row whose figures changed: with the time it changed.
    KpiRollup.objects.filter(scope_id=helped.diagnosed.far_off.pk).update(
        value=F("value") * 0.9, computed_at=timezone.now()
    )


def _point_of_sale(helped, tenant) -> None:
    PointOfSale.objects.filter(pk=helped.diagnosed.dealers[-1].pk).update(size_class="M")


def _kpi(helped, tenant) -> None:
    KpiDefinition.objects.filter(code="sales").update(name_en="Car sales")


def _new_module(helped, tenant) -> None:
    sales = KpiDefinition.objects.get(code="sales")
    make_module(helped.diagnosed.network, title="Relancer", title_en="Follow up", kpis=[sales])


def _learning(helped, tenant) -> None:
    finish_module(helped.diagnosed, helped.module, helped.diagnosed.far_off, timezone.now())


def _challenge(helped, tenant) -> None:
    sales = KpiDefinition.objects.get(code="sales")
    launch(helped.diagnosed.network, [sales], start=dt.date(2025, 9, 1), end=dt.date(2025, 9, 30))


def _accepted(helped, tenant) -> None:
    suggestion = ActionSuggestion.objects.filter(status=SuggestionStatus.OPEN).first()
    animator = helped.diagnosed.network.members[Role.ANIMATOR]
    suggestion_accept(tenant=tenant, actor=animator, suggestion=suggestion)


def _dismissed(helped, tenant) -> None:
    suggestion = ActionSuggestion.objects.filter(status=SuggestionStatus.OPEN).first()
    animator = helped.diagnosed.network.members[Role.ANIMATOR]
    suggestion_dismiss(tenant=tenant, actor=animator, suggestion=suggestion, reason="bad_timing")


CHANGES = {
    "a month rollup": _rollups,
    "a point of sale's profile": _point_of_sale,
    "a KPI's name": _kpi,
    "a module published": _new_module,
    "a module finished": _learning,
    "a challenge launched": _challenge,
    "a suggestion accepted": _accepted,
    "a suggestion dismissed": _dismissed,
}


@pytest.mark.parametrize("change", list(CHANGES.values()), ids=list(CHANGES))
def test_a_change_to_what_it_reads_makes_the_next_night_run(lively, change):
    helped, _thread = lively
    tenant = helped.diagnosed.network.tenant
    assert SKIPPED in _run(tenant).counts
    with tenant_scope(tenant):
        change(helped, tenant)
    run = _run(tenant)
    assert SKIPPED not in run.counts
    assert "kpi_gaps" in run.counts
    assert SKIPPED in _run(tenant).counts  # and the night after, it skips again


def test_a_first_read_makes_the_next_night_run(lively):
    helped, thread = lively
    network = helped.diagnosed.network
    assert SKIPPED in _run(network.tenant).counts
    reader = MembershipFactory(
        tenant=network.tenant,
        role=Role.POS_STAFF,
        point_of_sale=helped.diagnosed.far_off,
        user=UserFactory(),
    )
    with tenant_scope(network.tenant):
        first_read_record(tenant=network.tenant, actor=reader, thread=thread)
    assert SKIPPED not in _run(network.tenant).counts


def test_a_new_quarter_runs_in_full_and_draws_its_hold_out_group(lively):
    helped, _thread = lively
    tenant = helped.diagnosed.network.tenant
    assert SKIPPED in _run(tenant, dt.date(2026, 3, 31)).counts
    run = _run(tenant, dt.date(2026, 4, 1))
    assert SKIPPED not in run.counts
    assert "held_out" in run.counts


def test_without_figures_the_month_of_the_day_counts(network_a):
    tenant = network_a.tenant
    assert SKIPPED not in _run(tenant, dt.date(2026, 11, 30)).counts
    assert SKIPPED in _run(tenant, dt.date(2026, 11, 30)).counts
    # December: the same quarter, another month in progress.
    assert SKIPPED not in _run(tenant, dt.date(2026, 12, 1)).counts


def test_a_night_that_failed_is_not_taken_for_done(lively, monkeypatch):
    helped, _thread = lively
    tenant = helped.diagnosed.network.tenant
    with tenant_scope(tenant):
        _rollups(helped, tenant)

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("recommendations.services.action_suggestions_nightly", broken)
    with pytest.raises(RuntimeError):
        _run(tenant)
    monkeypatch.undo()
    with tenant_scope(tenant):
        assert not NightInputs.objects.exists()
    assert SKIPPED not in _run(tenant).counts


def test_visits_follow_the_calendar_on_a_skipped_night(lively):
    helped, _thread = lively
    diagnosed = helped.diagnosed
    tenant, far_off = diagnosed.network.tenant, diagnosed.far_off
    with tenant_scope(tenant):
        # A coaching day ten weeks ago: far enough for a visit, which counts the weeks.
        CoachingDay.objects.create(
            tenant=tenant,
            point_of_sale=far_off,
            coach=diagnosed.network.members[Role.COACH],
            date=TODAY - dt.timedelta(weeks=10),
            objectives="Accessoires",
        )
    run = _run(tenant)
    assert run.counts == {SKIPPED: 1, "visit_suggestions": run.counts["visit_suggestions"]}
    key = f"visit:{far_off.pk}"

    def reason() -> str:
        with tenant_scope(tenant):
            return ActionSuggestion.objects.get(status=SuggestionStatus.OPEN, key=key).reason_en

    assert "for 10 weeks" in reason()
    assert _run(tenant, TODAY + dt.timedelta(days=1)).counts == {SKIPPED: 1}  # still 10 weeks
    run = _run(tenant, TODAY + dt.timedelta(weeks=1))
    assert set(run.counts) == {SKIPPED, "visit_suggestions"}
    assert "for 11 weeks" in reason()
    with tenant_scope(tenant):
        # A coaching day there today: the visit is not suggested any more.
        CoachingDay.objects.create(
            tenant=tenant,
            point_of_sale=far_off,
            coach=diagnosed.network.members[Role.COACH],
            date=TODAY + dt.timedelta(weeks=1),
            objectives="Accessoires",
        )
    assert SKIPPED in _run(tenant, TODAY + dt.timedelta(weeks=1)).counts
    with tenant_scope(tenant):
        assert not ActionSuggestion.objects.filter(status=SuggestionStatus.OPEN, key=key).exists()


UNCHANGED_QUERIES = 33


def test_an_unchanged_night_costs_a_fraction_of_the_queries(lively, django_assert_max_num_queries):
    helped, _thread = lively
    tenant = helped.diagnosed.network.tenant
    with tenant_scope(tenant):
        NightInputs.objects.all().delete()
    with CaptureQueriesContext(connection) as full:
        _run(tenant)
    # The month in progress, the digest's thirteen reads, the hold-out group, the last night's
    # inputs, the visits' six (coaching days and field visits read apart), and the job run's
    # own (the runs interrupted, its start, its end in its own transaction, the latest run read
    # back).
    with django_assert_max_num_queries(UNCHANGED_QUERIES):
        assert SKIPPED in _run(tenant).counts
    assert len(full) > 2 * UNCHANGED_QUERIES


LIGHT = "month_in_progress_only"


def _new_day(helped, tenant, factor: float = 0.5) -> None:
    # A day's import: the aggregation rewrites the month in progress's rollups, and those only.
    KpiRollup.objects.filter(
        scope_id=helped.diagnosed.far_off.pk, period_start=dt.date(2026, 1, 1)
    ).update(value=F("value") * factor, computed_at=timezone.now())


def _written(tenant) -> dict[str, list]:
    """What a night writes, without the rows' ids, nor the log of groupings (a full run
    records its day's grouping, the same groups)."""
    state = _state(tenant)
    state["suggestions"] = sorted(row[1:] for row in state["suggestions"])
    del state["groupings"]
    return state


def test_a_new_day_of_the_month_in_progress_rewrites_the_gaps_alone(lively):
    helped, _thread = lively
    tenant, far_off = helped.diagnosed.network.tenant, helped.diagnosed.far_off
    with tenant_scope(tenant):
        content_ids = sorted(ContentRecommendation.objects.values_list("pk", flat=True))
        gaps_before = dict(
            KpiGap.objects.filter(point_of_sale=far_off).values_list("kpi_id", "off_target")
        )
        assert all(gaps_before.values())  # far off its targets this month
        _new_day(helped, tenant, factor=5)
    run = _run(tenant, TODAY + dt.timedelta(days=1))
    assert run.status == JobRun.Status.SUCCEEDED
    assert LIGHT in run.counts
    assert "kpi_gaps" in run.counts
    assert "content_recommendations" not in run.counts
    assert "peer_groups" not in run.counts
    with translation.override("en"):
        assert "Only the month in progress changed" in " ".join(run.counter_texts)
    with tenant_scope(tenant):
        # The content stands, to its rows; the far-off point of sale's gaps moved.
        assert sorted(ContentRecommendation.objects.values_list("pk", flat=True)) == content_ids
        gaps_after = dict(
            KpiGap.objects.filter(point_of_sale=far_off).values_list("kpi_id", "off_target")
        )
    assert not any(gaps_after.values())  # its month caught up
    light = _written(tenant)
    # The same rows as a full run of the same day would write.
    with tenant_scope(tenant):
        NightInputs.objects.all().delete()
    full = _run(tenant, TODAY + dt.timedelta(days=1))
    assert LIGHT not in full.counts
    assert "content_recommendations" in full.counts
    assert _written(tenant) == light
    assert _run(tenant, TODAY + dt.timedelta(days=2)).counts == {SKIPPED: 1}


def test_a_new_day_after_a_light_night_is_light_again_and_a_closed_month_runs_in_full(lively):
    helped, _thread = lively
    tenant = helped.diagnosed.network.tenant
    with tenant_scope(tenant):
        _new_day(helped, tenant)
    assert LIGHT in _run(tenant).counts
    with tenant_scope(tenant):
        _new_day(helped, tenant)
    assert LIGHT in _run(tenant).counts
    with tenant_scope(tenant):
        # A late correction of a closed month: the ranking reads it, the night runs in full.
        KpiRollup.objects.filter(
            scope_id=helped.diagnosed.far_off.pk, period_start=dt.date(2025, 11, 1)
        ).update(value=F("value") * 0.5, computed_at=timezone.now())
    run = _run(tenant)
    assert LIGHT not in run.counts
    assert "content_recommendations" in run.counts


LIGHT_QUERIES = 48


def test_a_light_night_costs_a_bounded_number_of_queries(lively, django_assert_max_num_queries):
    helped, _thread = lively
    tenant = helped.diagnosed.network.tenant
    with tenant_scope(tenant):
        _new_day(helped, tenant)
    # The unchanged night's reads, the month in progress's figures, the peers, the points of
    # sale, the gaps' deletion and insertion, the visits' reads and rewrite.
    with django_assert_max_num_queries(LIGHT_QUERIES):
        assert LIGHT in _run(tenant).counts
