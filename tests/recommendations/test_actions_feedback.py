"""Feedback on suggested actions: who may see and answer them, the reader's own ranking, and
"done" found when the action is taken (a challenge launched, a module assigned, a coaching day
recorded) and linked to it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from challenges.models import CoachingDay
from challenges.services import KpiChoice
from microlearning.services import assignment_create
from network_animation.audiences import Audience
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from recommendations import action_selectors
from recommendations.action_services import (
    suggestion_accept,
    suggestion_dismiss,
    suggestion_done,
    suggestions_done_reconcile,
)
from recommendations.models import ActionKind, DismissReason, SuggestionStatus

from ..challenges.factories import launch
from ..challenges.visits_factories import make_grid, record_visit
from ..factories import MembershipFactory, PointOfSaleFactory, UserFactory
from ..kpis.factories import KpiDefinitionFactory
from ..microlearning.factories import make_module
from .actions_setup import sales_kpi, suggest

pytestmark = pytest.mark.django_db


def _shown(network, role=Role.ANIMATOR, zone=None):
    with tenant_scope(network.tenant):
        return action_selectors.zone_suggestions(
            tenant=network.tenant, membership=network.members[role], zone=zone or network.zone
        )


def test_the_zones_animators_and_head_office_see_its_suggestions_no_one_else(network_a):
    suggested = suggest(network_a)
    for role in (Role.ANIMATOR, Role.HEAD_OFFICE):
        assert [s.suggestion for s in _shown(network_a, role).open] == [suggested]
    for role in (Role.REGIONAL_DIRECTOR, Role.COACH, Role.POS_MANAGER, Role.POS_STAFF):
        assert _shown(network_a, role).open == []
    # The animator of another zone sees nothing of this one.
    suggest(network_a, zone=network_a.other_zone, points=[network_a.other_point_of_sale])
    assert _shown(network_a, Role.ANIMATOR, network_a.other_zone).open == []


def test_only_they_may_answer_them(network_a):
    suggested = suggest(network_a)
    tenant = network_a.tenant
    with tenant_scope(tenant):
        for role in (Role.REGIONAL_DIRECTOR, Role.COACH, Role.POS_MANAGER):
            actor = network_a.members[role]
            with pytest.raises(PermissionDenied):
                suggestion_accept(tenant=tenant, actor=actor, suggestion=suggested)
            with pytest.raises(PermissionDenied):
                suggestion_dismiss(
                    tenant=tenant, actor=actor, suggestion=suggested, reason="bad_timing"
                )
            with pytest.raises(PermissionDenied):
                action_selectors.suggestion_get(tenant=tenant, membership=actor, id=suggested.pk)
        suggested.refresh_from_db()
    assert suggested.status == SuggestionStatus.OPEN


def test_another_tenant_sees_and_touches_nothing(network_a, network_b):
    theirs = suggest(network_b)
    suggest(network_a)
    head_office = network_a.members[Role.HEAD_OFFICE]
    with tenant_scope(network_a.tenant):
        with pytest.raises(Http404):
            action_selectors.suggestion_get(
                tenant=network_a.tenant, membership=head_office, id=theirs.pk
            )
        shown = action_selectors.zone_suggestions(
            tenant=network_a.tenant, membership=head_office, zone=network_b.zone
        )
        rates = action_selectors.acceptance_rates(tenant=network_a.tenant, membership=head_office)
    assert shown.open == []
    assert all(kind.answered == 0 for kind in rates.kinds)
    # Their head office, in their tenant, may not answer this tenant's suggestions either.
    with tenant_scope(network_b.tenant), pytest.raises(PermissionDenied):
        suggestion_accept(
            tenant=network_b.tenant,
            actor=network_b.members[Role.ANIMATOR],
            suggestion=suggest(network_a, zone=network_a.other_zone),
        )


def test_the_reader_sees_first_the_kinds_they_take_up(network_a):
    """A visit promising a little more than a challenge comes first for a new animator; once
    they have dismissed visits and taken challenges up, the challenge comes first for them,
    not for head office."""
    visit = suggest(network_a, ActionKind.VISIT, score=0.06)
    challenge = suggest(network_a, ActionKind.CHALLENGE, score=0.05)
    assert [s.suggestion for s in _shown(network_a).open] == [visit, challenge]
    animator = network_a.members[Role.ANIMATOR]
    other_points = PointOfSaleFactory.create_batch(3, zone=network_a.zone)
    with tenant_scope(network_a.tenant):
        for point in other_points:
            past = suggest(network_a, ActionKind.VISIT, points=[point], score=0.01)
            suggestion_dismiss(
                tenant=network_a.tenant, actor=animator, suggestion=past, reason="not_relevant"
            )
        taken = suggest(network_a, ActionKind.CHALLENGE, key="challenge:old", score=0.01)
        suggestion_accept(tenant=network_a.tenant, actor=animator, suggestion=taken)
    shown = _shown(network_a)
    assert [s.suggestion for s in shown.open] == [challenge, visit]
    assert shown.open[0].prior > 1 > shown.open[1].prior
    assert [s.suggestion for s in shown.accepted] == [taken]
    assert [s.suggestion for s in _shown(network_a, Role.HEAD_OFFICE).open] == [visit, challenge]


def test_the_panel_shows_five_and_counts_the_rest(network_a):
    points = PointOfSaleFactory.create_batch(7, zone=network_a.zone)
    for number, point in enumerate(points):
        suggest(network_a, ActionKind.VISIT, points=[point], score=0.01 * (number + 1))
    shown = _shown(network_a)
    assert [s.points[0] for s in shown.open] == points[::-1][:5]
    assert shown.more == 2


def test_a_dismissal_needs_a_reason_and_words_for_another_one(network_a):
    suggested = suggest(network_a)
    tenant, animator = network_a.tenant, network_a.members[Role.ANIMATOR]
    with tenant_scope(tenant):
        for reason, note in (
            ("", ""),
            ("whatever", ""),
            ("other", "  "),
            ("bad_timing", "x" * 1001),
        ):
            with pytest.raises(ValidationError):
                suggestion_dismiss(
                    tenant=tenant, actor=animator, suggestion=suggested, reason=reason, note=note
                )
        suggestion_dismiss(
            tenant=tenant, actor=animator, suggestion=suggested, reason="other", note=" Déjà vu "
        )
        suggested.refresh_from_db()
        assert (suggested.status, suggested.dismiss_reason, suggested.dismiss_note) == (
            SuggestionStatus.DISMISSED,
            "other",
            "Déjà vu",
        )
        assert suggested.acted_by == animator
        with pytest.raises(ValidationError):
            suggestion_accept(tenant=tenant, actor=animator, suggestion=suggested)
    assert _shown(network_a).open == []


def test_a_challenge_launched_from_the_suggestion_makes_it_done(network_a, committed):
    suggested = suggest(network_a, ActionKind.CHALLENGE)
    tenant, animator = network_a.tenant, network_a.members[Role.ANIMATOR]
    with tenant_scope(tenant):
        suggestion_accept(tenant=tenant, actor=animator, suggestion=suggested)
    kpi = sales_kpi(network_a)
    today = timezone.localdate()
    period = {"start": today, "end": today + dt.timedelta(days=30), "today": today}
    # A draft is not launched yet; a challenge on another KPI is another action.
    committed(lambda: launch(network_a, [kpi], draft=True, **period))
    other_kpi = KpiDefinitionFactory(tenant=tenant, code="leads")
    committed(lambda: launch(network_a, [other_kpi], **period))
    with tenant_scope(tenant):
        suggested.refresh_from_db()
    assert suggested.status == SuggestionStatus.ACCEPTED
    challenge = committed(lambda: launch(network_a, [KpiChoice(kpi, 2)], **period))
    with tenant_scope(tenant):
        suggested.refresh_from_db()
    assert suggested.status == SuggestionStatus.DONE
    assert suggested.done_target == f"challenge:{challenge.pk}"
    assert suggested.done_challenge_id == challenge.pk
    assert [s.suggestion for s in _shown(network_a).done] == [suggested]


def test_a_challenge_someone_else_launched_does_not_make_it_done(network_a):
    suggested = suggest(network_a, ActionKind.CHALLENGE)
    tenant = network_a.tenant
    with tenant_scope(tenant):
        suggestion_accept(
            tenant=tenant, actor=network_a.members[Role.HEAD_OFFICE], suggestion=suggested
        )
    today = timezone.localdate()
    launch(network_a, [sales_kpi(network_a)], start=today, end=today, today=today)
    with tenant_scope(tenant):
        assert suggestions_done_reconcile(tenant=tenant) == 0


def test_the_module_assigned_to_the_points_of_sale_makes_it_done(network_a, committed):
    # Committed: learning's version (and its listeners) is renewed once per transaction.
    module = committed(lambda: make_module(network_a, title="Vendre", title_en="Selling"))
    suggested = suggest(network_a, ActionKind.MODULE, module_id=module.pk)
    tenant, animator = network_a.tenant, network_a.members[Role.ANIMATOR]
    MembershipFactory(
        tenant=tenant,
        role=Role.POS_STAFF,
        point_of_sale=network_a.point_of_sale,
        user=UserFactory(),
    )
    with tenant_scope(tenant):
        suggestion_accept(tenant=tenant, actor=animator, suggestion=suggested)

    def assign():
        with tenant_scope(tenant):
            return assignment_create(
                tenant=tenant,
                actor=animator,
                module=module,
                audience=Audience(points_of_sale=frozenset({network_a.point_of_sale.pk})),
                due_on=timezone.localdate() + dt.timedelta(days=14),
            )

    assignment = committed(assign)
    with tenant_scope(tenant):
        suggested.refresh_from_db()
    assert (suggested.status, suggested.done_target) == (
        SuggestionStatus.DONE,
        f"assignment:{assignment.pk}",
    )


def test_a_visit_is_done_by_a_coaching_day_there_or_by_hand(network_a):
    tenant, animator = network_a.tenant, network_a.members[Role.ANIMATOR]
    other = PointOfSaleFactory(zone=network_a.zone)
    coached = suggest(network_a, ActionKind.VISIT)
    by_hand = suggest(network_a, ActionKind.VISIT, points=[other])
    with tenant_scope(tenant):
        for suggestion in (coached, by_hand):
            suggestion_accept(tenant=tenant, actor=animator, suggestion=suggestion)
        day = CoachingDay.objects.create(
            tenant=tenant,
            point_of_sale=network_a.point_of_sale,
            coach=network_a.members[Role.COACH],
            date=timezone.localdate(),
            objectives="Accessoires",
        )
        assert suggestions_done_reconcile(tenant=tenant) == 1
        suggestion_done(tenant=tenant, actor=animator, suggestion=by_hand)
        coached.refresh_from_db()
        by_hand.refresh_from_db()
    assert coached.done_target == f"coaching_day:{day.pk}"
    assert by_hand.status == SuggestionStatus.DONE


def test_a_visit_is_done_by_a_field_visit_there(network_a, django_capture_on_commit_callbacks):
    tenant, animator = network_a.tenant, network_a.members[Role.ANIMATOR]
    visited = suggest(network_a, ActionKind.VISIT)
    with tenant_scope(tenant):
        suggestion_accept(tenant=tenant, actor=animator, suggestion=visited)
    grid = make_grid(network_a)
    # Recording the visit renews the visits' data: the suggestion follows at commit.
    with django_capture_on_commit_callbacks(execute=True):
        visit = record_visit(network_a, grid, [1, 1, 4], actor=network_a.members[Role.HEAD_OFFICE])
    with tenant_scope(tenant):
        visited.refresh_from_db()
    assert (visited.status, visited.done_target) == (SuggestionStatus.DONE, f"visit:{visit.pk}")


def test_head_office_reads_the_acceptance_rates_per_kind(network_a):
    tenant, animator = network_a.tenant, network_a.members[Role.ANIMATOR]
    points = PointOfSaleFactory.create_batch(4, zone=network_a.zone)
    with tenant_scope(tenant):
        for number, point in enumerate(points):
            visit = suggest(network_a, ActionKind.VISIT, points=[point])
            if number == 0:
                suggestion_accept(tenant=tenant, actor=animator, suggestion=visit)
                suggestion_done(tenant=tenant, actor=animator, suggestion=visit)
            else:
                suggestion_dismiss(
                    tenant=tenant, actor=animator, suggestion=visit, reason="too_costly"
                )
        suggest(network_a, ActionKind.CHALLENGE)  # open: not answered
        rates = action_selectors.acceptance_rates(
            tenant=tenant, membership=network_a.members[Role.HEAD_OFFICE]
        )
        with pytest.raises(PermissionDenied):
            action_selectors.acceptance_rates(tenant=tenant, membership=animator)
    by_kind = {kind.kind: kind for kind in rates.kinds}
    visits = by_kind[ActionKind.VISIT]
    assert (visits.accepted, visits.dismissed, visits.done) == (1, 3, 1)
    assert visits.acceptance == pytest.approx(0.25)
    assert by_kind[ActionKind.CHALLENGE].acceptance is None
    assert rates.reasons == [(str(DismissReason.TOO_COSTLY.label), 3)]
    assert len(rates.recent) == 3


def test_the_panels_read_costs_three_queries_whatever_the_zone(
    network_a, django_assert_max_num_queries
):
    for count in (1, 30):
        points = PointOfSaleFactory.create_batch(count, zone=network_a.zone)
        suggest(network_a, ActionKind.CHALLENGE, points=points, key=f"challenge:{count}")
        for point in points[:10]:
            suggest(network_a, ActionKind.VISIT, points=[point])
        animator = network_a.members[Role.ANIMATOR]
        animator.__dict__.pop("_zone_ids", None)
        with tenant_scope(network_a.tenant):
            list(animator.membershipzone_set.all())  # the request's zones, read by the middleware
            animator.__dict__["_zone_ids"] = frozenset({network_a.zone.pk})
            with django_assert_max_num_queries(3):
                shown = action_selectors.zone_suggestions(
                    tenant=network_a.tenant, membership=animator, zone=network_a.zone
                )
        assert shown.open
