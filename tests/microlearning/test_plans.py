"""Training plans: built from the gaps below the proficient level (every gap, nothing else),
adjusted by the manager (whose changes a new build keeps), done as modules are completed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microlearning.models import CompetenceResult, PlanItem, TrainingPlan
from microlearning.planning import Candidate, ExistingItem, plan_changes
from microlearning.selectors.plans import plan_of
from microlearning.services import (
    plan_build,
    plan_item_add,
    plan_item_redate,
    plan_item_remove,
)
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .factories import learn, link, make_assessment, make_competence, make_module, make_scale, take

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


def open_modules(network, role=Role.POS_STAFF) -> set[int]:
    with tenant_scope(network.tenant):
        return set(
            PlanItem.objects.filter(
                plan__membership=network.members[role], removed_at__isnull=True
            ).values_list("module_id", flat=True)
        )


# The rule, pure: every gap covered, nothing else ------------------------------------------------


@st.composite
def plan_cases(draw):
    competences = list(range(1, draw(st.integers(1, 8)) + 1))
    gaps = draw(st.lists(st.sampled_from(competences), unique=True))
    modules = list(range(100, 100 + draw(st.integers(0, 10))))
    candidates = {
        c: [
            Candidate(m, draw(st.integers(30, 600)))
            for m in draw(st.lists(st.sampled_from(modules), unique=True, max_size=4))
        ]
        if modules
        else []
        for c in competences
    }
    return gaps, candidates


@given(plan_cases())
def test_a_new_plan_covers_every_gap_and_nothing_else(case):
    gaps, candidates = case
    changes = plan_changes(gaps=gaps, candidates=candidates, existing=[], today=TODAY)
    chosen = {new.module_id for new in changes.add}
    for gap in gaps:
        offered = {c.module_id for c in candidates[gap]}
        # Covered: a module linked to the gap is in the plan, whenever one exists.
        assert bool(offered & chosen) == bool(offered)
    for new in changes.add:
        assert new.competence_id in gaps
        assert new.module_id in {c.module_id for c in candidates[new.competence_id]}
        assert new.due_on > TODAY
    assert len(chosen) == len(changes.add)  # a module once


def test_the_shortest_modules_come_first_two_per_gap():
    candidates = {1: [Candidate(10, 500), Candidate(11, 120), Candidate(12, 300)]}
    changes = plan_changes(gaps=[1], candidates=candidates, existing=[], today=TODAY)
    assert [new.module_id for new in changes.add] == [11, 12]
    assert [new.due_on for new in changes.add] == [
        TODAY + dt.timedelta(days=7),
        TODAY + dt.timedelta(days=14),
    ]


def test_a_new_build_keeps_the_managers_items_and_drops_closed_gaps_only():
    existing = [
        ExistingItem(1, 10, 1, is_managers=False, removed=False, done=False),  # gap closed
        ExistingItem(2, 11, 1, is_managers=True, removed=False, done=False),  # re-dated
        ExistingItem(3, 12, 2, is_managers=True, removed=True, done=False),  # removed
        ExistingItem(4, 13, 1, is_managers=False, removed=False, done=True),  # done: history
    ]
    changes = plan_changes(
        gaps=[2],
        candidates={2: [Candidate(12, 60), Candidate(14, 90)]},
        existing=existing,
        today=TODAY,
    )
    assert changes.drop == [1]
    assert [new.module_id for new in changes.add] == [14]  # 12 was removed: never back


# The rule on the database, over random frameworks and results --------------------------------


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_plans_built_from_random_results_cover_the_gaps_and_nothing_else(network_a, data):
    network = network_a
    dealer = network.members[Role.POS_STAFF]
    with transaction.atomic():
        levels = make_scale(network)
        competences, parent = [], None
        for n in range(data.draw(st.integers(1, 6), label="competences")):
            parent = data.draw(st.sampled_from([None, parent]), label="parent")
            competences.append(make_competence(network, f"C{n}", parent=parent))
        modules = [make_module(network, title=f"M{n}") for n in range(data.draw(st.integers(0, 4)))]
        for module in modules:
            linked = data.draw(st.lists(st.sampled_from(competences), unique=True, max_size=3))
            link(network, module, *linked)
        assessment = make_assessment(network, competences, per_competence=1, publish=False)
        with tenant_scope(network.tenant):
            attempt = assessment.attempts.create(
                tenant=network.tenant, membership=dealer, submitted_at=timezone.now()
            )
            for competence in data.draw(st.lists(st.sampled_from(competences), unique=True)):
                level = data.draw(st.sampled_from(levels), label="level")
                CompetenceResult.objects.create(
                    tenant=network.tenant,
                    membership=dealer,
                    competence=competence,
                    attempt=attempt,
                    score=level.min_score,
                    level=level,
                )
            plan_build(tenant=network.tenant, membership=dealer, today=TODAY)
            gaps = set(
                CompetenceResult.objects.filter(
                    membership=dealer, level__proficient=False
                ).values_list("competence_id", flat=True)
            )
            items = list(PlanItem.objects.filter(plan__membership=dealer))
            links = {
                (m.pk, c.pk)
                for m in modules
                for c in competences
                if m.competence_links.filter(competence=c).exists()
            }
        for gap in gaps:
            offered = {m for m, c in links if c == gap}
            assert bool(offered & {i.module_id for i in items}) == bool(offered), gap
        for item in items:
            assert item.competence_id in gaps
            assert (item.module_id, item.competence_id) in links
        transaction.set_rollback(True)


# The service: an assessment builds the plan; the manager adjusts it ----------------------------


@pytest.fixture
def gaps(network_a):
    """Two competences, the dealer below the proficient level in "Vente" only; three modules
    linked to it (the longest never chosen) and one to "Produit"."""
    make_scale(network_a)
    produit = make_competence(network_a, "Produit")
    vente = make_competence(network_a, "Vente")
    short = make_module(network_a, title="Court")
    medium = make_module(network_a, title="Moyen")
    long = make_module(network_a, title="Long")
    with tenant_scope(network_a.tenant):
        long.published.total_seconds = 590
        long.published.save()
    product_module = make_module(network_a, title="Produit 1")
    link(network_a, short, vente)
    link(network_a, medium, vente)
    link(network_a, long, vente)
    link(network_a, product_module, produit)
    assessment = make_assessment(network_a, [produit, vente])
    take(network_a, assessment, right=lambda q: q.competence_id == produit.pk)
    return {
        "assessment": assessment,
        "vente": vente,
        "produit": produit,
        "short": short,
        "medium": medium,
        "long": long,
        "product": product_module,
    }


def test_the_assessment_builds_a_plan_of_the_gaps_modules(network_a, gaps):
    assert open_modules(network_a) == {gaps["short"].pk, gaps["medium"].pk}
    with tenant_scope(network_a.tenant):
        view = plan_of(
            tenant=network_a.tenant,
            membership=network_a.members[Role.POS_STAFF],
            today=timezone.localdate(),
        )
    assert (view.total, view.done, view.late) == (2, 0, 0)
    assert {line.item.competence_id for line in view.lines} == {gaps["vente"].pk}


def test_an_item_is_done_when_its_module_is_completed(network_a, gaps):
    learn(network_a, gaps["short"])
    with tenant_scope(network_a.tenant):
        view = plan_of(
            tenant=network_a.tenant,
            membership=network_a.members[Role.POS_STAFF],
            today=timezone.localdate(),
        )
    assert (view.total, view.done) == (2, 1)
    assert view.next_line.item.module_id == gaps["medium"].pk


def test_a_late_item_is_late(network_a, gaps):
    dealer = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        PlanItem.objects.filter(plan__membership=dealer).update(due_on=dt.date(2020, 1, 1))
        view = plan_of(tenant=network_a.tenant, membership=dealer, today=timezone.localdate())
    assert view.late == 2


def test_a_managers_changes_are_kept_by_a_new_assessment(network_a, gaps):
    tenant, manager = network_a.tenant, network_a.members[Role.POS_MANAGER]
    dealer = network_a.members[Role.POS_STAFF]
    later = timezone.localdate() + dt.timedelta(days=60)
    with tenant_scope(tenant):
        items = {i.module_id: i for i in PlanItem.objects.filter(plan__membership=dealer)}
        plan_item_remove(tenant=tenant, actor=manager, item=items[gaps["short"].pk])
        plan_item_redate(tenant=tenant, actor=manager, item=items[gaps["medium"].pk], due_on=later)
        plan_item_add(
            tenant=tenant, actor=manager, person=dealer, module=gaps["product"], due_on=later
        )
    # A new assessment, still below the level in "Vente": the removed module stays out, the
    # new date and the manager's module stay, the gap gets the next module instead.
    take(network_a, gaps["assessment"], right=lambda q: q.competence_id == gaps["produit"].pk)
    assert open_modules(network_a) == {gaps["medium"].pk, gaps["product"].pk, gaps["long"].pk}
    with tenant_scope(tenant):
        assert PlanItem.objects.get(module=gaps["medium"]).due_on == later
    # Proficient in everything now: what the build chose goes, what the manager touched stays.
    take(network_a, gaps["assessment"])
    assert open_modules(network_a) == {gaps["medium"].pk, gaps["product"].pk}


def test_only_the_persons_manager_adjusts_the_plan(network_a, gaps):
    dealer = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        item = PlanItem.objects.filter(plan__membership=dealer).first()
        for role in (Role.POS_STAFF, Role.ANIMATOR, Role.HEAD_OFFICE, Role.REGIONAL_DIRECTOR):
            with pytest.raises(PermissionDenied):
                plan_item_remove(tenant=network_a.tenant, actor=network_a.members[role], item=item)


def test_no_gap_no_item(network_a):
    make_scale(network_a)
    competence = make_competence(network_a, "Vente")
    link(network_a, make_module(network_a), competence)
    take(network_a, make_assessment(network_a, [competence]))
    assert open_modules(network_a) == set()
    with tenant_scope(network_a.tenant):
        assert TrainingPlan.objects.filter(membership=network_a.members[Role.POS_STAFF]).exists()


def test_the_person_is_told_when_their_manager_changes_their_plan(network_a, gaps):
    from network_animation.models import Notification

    tenant, manager = network_a.tenant, network_a.members[Role.POS_MANAGER]
    dealer = network_a.members[Role.POS_STAFF]
    with tenant_scope(tenant):
        for item in PlanItem.objects.filter(plan__membership=dealer):
            plan_item_redate(
                tenant=tenant, actor=manager, item=item, due_on=item.due_on + dt.timedelta(days=1)
            )
        told = Notification.objects.filter(kind="learning.plan_changed")
        assert [(n.recipient_id, n.actor_id) for n in told] == [(dealer.pk, manager.pk)]
