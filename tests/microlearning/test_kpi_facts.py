"""Learning's computed KPIs equal a reference computed here in plain Python over random learning
data (assignments, completions, reviews, days off); an incremental run equals a full rebuild;
running twice changes nothing; people without a point of sale have no facts."""

import datetime as dt
import random
from collections import Counter, defaultdict

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpis.aggregation import kpi_rollups_refresh
from kpis.models import KpiDefinition, KpiFact, KpiRollup, RollupLevel, RollupPeriod
from kpis.services.computed import computed_facts_refresh
from microlearning import kpi_facts
from microlearning.kpi_facts import LearningFacts
from microlearning.models import (
    Assignment,
    DayOff,
    Enrolment,
    Module,
    Progress,
    ReviewAnswer,
    ReviewCard,
    Step,
)
from microlearning.spacing import SUNDAY, due_days
from network_animation.models import Membership, Role
from network_animation.tenancy import tenant_scope

from .factories import four_learners, make_module, quiz, text

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 18)  # a Wednesday
NOW = dt.datetime(2026, 3, 18, 1, 30, tzinfo=dt.UTC)  # the nightly run: 2:30 in Paris
PRODUCER = LearningFacts()

Facts = dict[tuple[str, int, int, dt.date], float]  # (code, point of sale, person, day): value


class Rollback(Exception):
    """Raised to undo one example's rows."""


@pytest.fixture
def learning(network_a):
    """Two published modules of two quiz questions each, and four learners: the manager and
    the staff member of the point of sale, one at the other point of sale, and head office (no
    point of sale: no facts)."""
    modules = [
        make_module(network_a, [quiz(f"Q{n}a"), text(), quiz(f"Q{n}b")], title=f"Module {n}")
        for n in range(2)
    ]
    people = four_learners(network_a)
    return network_a, modules, people


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment of that day, Paris time: late evenings are the next day in UTC."""
    moment = dt.datetime.combine(day, dt.time(rng.choice([8, 12, 18, 23]), rng.randrange(60)))
    return timezone.make_aware(moment)


def seed(network, modules: list[Module], people: list[Membership], rng: random.Random) -> None:
    """Random assignments, progress, review cards and answers, and days off, over the last
    forty days (rows written as the services leave them)."""
    tenant = network.tenant
    quizzes = list(
        Step.objects.filter(
            tenant=tenant, version__in=[m.published_id for m in modules], kind=Step.Kind.QUIZ
        )
    )
    for module in modules:
        assignment = Assignment.objects.create(
            tenant=tenant, module=module, due_on=TODAY + dt.timedelta(rng.randint(-40, 3))
        )
        for person in people:
            if rng.random() < 0.7:
                Enrolment.objects.create(tenant=tenant, assignment=assignment, membership=person)
            if rng.random() < 0.6:
                _progress(tenant, module, person, rng)
    for person in people:
        for step in quizzes:
            if rng.random() < 0.7:
                _card(tenant, person, step, rng)
        for _ in range(rng.randint(0, 3)):
            day = TODAY - dt.timedelta(rng.randint(1, 40))
            DayOff.objects.get_or_create(tenant=tenant, membership=person, day=day)


def _progress(tenant, module: Module, person: Membership, rng: random.Random) -> None:
    finished = rng.choice([0, 1, 2])
    done_at = _at(TODAY - dt.timedelta(rng.randint(0, 40)), rng) if finished else None
    Progress.objects.create(
        tenant=tenant,
        membership=person,
        module=module,
        version_id=module.published_id,
        times_completed=finished,
        completed_at=done_at if rng.random() < 0.8 else None,  # None: taking it again
        last_step_at=done_at or NOW,
        passed_at=done_at if finished and rng.random() < 0.7 else None,
    )


def _card(tenant, person: Membership, step: Step, rng: random.Random) -> None:
    created = _at(TODAY - dt.timedelta(rng.randint(2, 40)), rng)
    card = ReviewCard.objects.create(
        tenant=tenant,
        membership=person,
        step=step,
        due=NOW,
        first_due=created + dt.timedelta(days=rng.randint(1, 3)),
        created_at=created,
    )
    moment = created
    for _ in range(rng.randint(0, 4)):
        moment += dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 5))
        if moment >= NOW:
            break
        ReviewAnswer.objects.create(
            tenant=tenant,
            card=card,
            membership=person,
            day=timezone.localdate(moment),
            correct=rng.random() < 0.7,
            due_after=moment + dt.timedelta(days=rng.randint(1, 5)) if rng.random() < 0.9 else None,
            created_at=moment,
        )


def reference(tenant) -> Facts:
    """The facts as learning's rules define them, from the rows, in plain Python."""
    point = dict(Membership.objects.filter(tenant=tenant).values_list("pk", "point_of_sale_id"))
    yesterday = TODAY - dt.timedelta(days=1)
    counts: Counter[tuple[str, int, dt.date]] = Counter()
    progress = {(p.membership_id, p.module_id): p for p in Progress.objects.filter(tenant=tenant)}
    for enrolment in Enrolment.objects.filter(tenant=tenant).select_related("assignment"):
        due_on = enrolment.assignment.due_on
        if due_on <= yesterday:
            counts[(kpi_facts.DUE, enrolment.membership_id, due_on)] += 1
            done = progress.get((enrolment.membership_id, enrolment.assignment.module_id))
            if done is not None and done.times_completed > 0:
                counts[(kpi_facts.DUE_DONE, enrolment.membership_id, due_on)] += 1
    for item in progress.values():
        if item.passed_at is not None:
            day = timezone.localdate(item.passed_at)
            counts[(kpi_facts.COMPLETED, item.membership_id, day)] += 1
    for person, days in _review_days(tenant, yesterday).items():
        for day in days["reviewed"]:
            counts[(kpi_facts.REVIEW_DAYS, person, day)] = 1
        for day in days["expected"]:
            counts[(kpi_facts.REVIEW_DAYS_EXPECTED, person, day)] = 1
    return {
        (code, point[person], person, day): float(value)
        for (code, person, day), value in counts.items()
        if point[person] is not None
    }


def _review_days(tenant, yesterday: dt.date) -> dict[int, dict[str, set[dt.date]]]:
    """Per person, the days reviewed and the days expected: reviewed, or a working day (not a
    Sunday, not a day off) with a card waiting, as the streak counts them."""
    events: dict[int, list[tuple[dt.datetime, dt.datetime | None]]] = defaultdict(list)
    owner: dict[int, int] = {}
    for card in ReviewCard.objects.filter(tenant=tenant):
        events[card.pk].append((card.created_at, card.first_due))
        owner[card.pk] = card.membership_id
    reviewed: dict[int, set[dt.date]] = defaultdict(set)
    for answer in ReviewAnswer.objects.filter(tenant=tenant).order_by("created_at", "pk"):
        events[answer.card_id].append((answer.created_at, answer.due_after))
        if answer.day <= yesterday:
            reviewed[answer.membership_id].add(answer.day)
    windows: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for card_id, timeline in events.items():
        for (_at_time, due), following in zip(timeline, [*timeline[1:], None], strict=True):
            if due is not None:
                until = timezone.localdate(following[0]) if following else TODAY
                windows[owner[card_id]].append(
                    (timezone.localdate(due), until - dt.timedelta(days=1))
                )
    off: dict[int, set[dt.date]] = defaultdict(set)
    for person, day in DayOff.objects.filter(tenant=tenant).values_list("membership_id", "day"):
        off[person].add(day)
    found = {}
    for person in set(windows) | set(reviewed):
        waiting = due_days(windows[person], since=dt.date(2000, 1, 1))
        working = {
            day
            for day in waiting
            if day.weekday() != SUNDAY and day not in off[person] and day <= yesterday
        }
        found[person] = {"reviewed": reviewed[person], "expected": working | reviewed[person]}
    return found


def written(tenant) -> Facts:
    codes = dict(KpiDefinition.objects.filter(tenant=tenant).values_list("pk", "code"))
    return {
        (codes[f.kpi_id], f.point_of_sale_id, f.person_id, f.date): f.value
        for f in KpiFact.objects.filter(tenant=tenant)
    }


def refresh(tenant, *, full: bool = False, now: dt.datetime = NOW):
    return computed_facts_refresh(tenant=tenant, producer=PRODUCER, full=full, now=now)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed_value=st.integers(0, 2**32))
def test_the_facts_equal_a_reference_computed_from_random_learning_data(learning, seed_value):
    network, modules, people = learning
    tenant = network.tenant
    with tenant_scope(tenant):
        found, expected = _one_example(network, modules, people, random.Random(seed_value))
    assert found == expected


def _one_example(network, modules, people, rng: random.Random) -> tuple[Facts, Facts]:
    """The facts written and the reference for one random seeding, whose rows are undone."""
    result: tuple[Facts, Facts] = ({}, {})
    try:
        with transaction.atomic():
            seed(network, modules, people, rng)
            refresh(network.tenant, full=True)
            result = (written(network.tenant), reference(network.tenant))
            raise Rollback
    except Rollback:
        return result


def test_an_incremental_run_after_new_learning_equals_a_full_rebuild(learning):
    network, modules, people = learning
    tenant = network.tenant
    rng = random.Random(7)
    with tenant_scope(tenant):
        seed(network, modules, people, rng)
        # Due two months ago, beyond the days a nightly run always rewrites.
        old = Assignment.objects.create(
            tenant=tenant, module=modules[1], due_on=TODAY - dt.timedelta(days=60)
        )
        Enrolment.objects.create(tenant=tenant, assignment=old, membership=people[2])
        Progress.objects.filter(tenant=tenant, membership=people[2], module=modules[1]).delete()
        refresh(tenant, full=True, now=NOW - dt.timedelta(days=2))
        # Since: that module finished at last, reviews, new cards, a day off.
        Progress.objects.create(
            tenant=tenant,
            membership=people[2],
            module=modules[1],
            version_id=modules[1].published_id,
            times_completed=1,
            completed_at=NOW - dt.timedelta(hours=5),
            passed_at=NOW - dt.timedelta(hours=5),
        )
        yesterday_evening = NOW - dt.timedelta(hours=5)
        for card in ReviewCard.objects.filter(tenant=tenant)[:3]:
            ReviewAnswer.objects.create(
                tenant=tenant,
                card=card,
                membership_id=card.membership_id,
                day=timezone.localdate(yesterday_evening),
                correct=True,
                due_after=NOW + dt.timedelta(days=3),
                created_at=yesterday_evening,
            )
        for person in people:
            for step in Step.objects.filter(tenant=tenant, kind=Step.Kind.QUIZ):
                if not ReviewCard.objects.filter(membership=person, step=step).exists():
                    _card(tenant, person, step, rng)
        DayOff.objects.create(tenant=tenant, membership=people[0], day=TODAY - dt.timedelta(1))
        refresh(tenant)
        incremental = written(tenant)
        point = network.other_point_of_sale.pk
        assert incremental[(kpi_facts.DUE_DONE, point, people[2].pk, old.due_on)] == 1
        refresh(tenant, full=True)
        assert incremental == written(tenant) == reference(tenant)


def test_running_twice_changes_nothing_and_people_without_a_point_of_sale_have_no_facts(
    learning,
):
    network, modules, people = learning
    tenant = network.tenant
    with tenant_scope(tenant):
        seed(network, modules, people, random.Random(3))
        first = refresh(tenant, full=True)
        once = written(tenant)
        second = refresh(tenant, full=True)
        assert written(tenant) == once
        assert first.facts == second.facts == len(once) > 0
        head_office = network.members[Role.HEAD_OFFICE]
        assert not KpiFact.objects.filter(tenant=tenant, person=head_office).exists()
        assert not KpiFact.objects.filter(tenant=tenant, person__isnull=True).exists()


def test_the_completion_rate_rolls_up_as_modules_done_over_modules_due(learning):
    network, modules, people = learning
    tenant = network.tenant
    manager, staff = people[0], people[1]
    with tenant_scope(tenant):
        due_on = TODAY - dt.timedelta(days=3)
        for module in modules:
            assignment = Assignment.objects.create(tenant=tenant, module=module, due_on=due_on)
            for person in (manager, staff):
                Enrolment.objects.create(tenant=tenant, assignment=assignment, membership=person)
        Progress.objects.create(  # one module of four done: 25 % at the point of sale
            tenant=tenant,
            membership=staff,
            module=modules[0],
            version_id=modules[0].published_id,
            times_completed=1,
            completed_at=NOW,
        )
        refresh(tenant, full=True)
        kpi_rollups_refresh(tenant=tenant)
        rate = KpiDefinition.objects.get(tenant=tenant, code=kpi_facts.COMPLETION_RATE)
        rollups = KpiRollup.objects.filter(
            tenant=tenant, kpi=rate, period=RollupPeriod.MONTH, period_start=TODAY.replace(day=1)
        )
        point = rollups.get(level=RollupLevel.POINT_OF_SALE, scope_id=network.point_of_sale.pk)
        zone = rollups.get(level=RollupLevel.ZONE, scope_id=network.zone.pk)
    assert point.value == pytest.approx(25.0)
    assert zone.value == pytest.approx(25.0)
