"""The step save's statements written out in SQL (microlearning/services/step_statements.py):
what they read is what the ORM reads, on SQLite and PostgreSQL alike."""

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from microlearning.models import LearningSettings, Progress, QuizAttempt, Step
from microlearning.services.step_statements import choices_read, run_locked, run_score
from network_animation.model_rows import row_update
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .factories import learn, make_module, quiz, steps_of, text

pytestmark = pytest.mark.django_db


def fields(row) -> dict:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


def test_the_locked_run_reads_what_the_orm_reads(network_a):
    module = make_module(network_a, [text(), quiz(), quiz("Et ensuite ?"), text()])
    steps = steps_of(network_a, module)
    learn(network_a, module, upto=2, right=False)
    person = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant), transaction.atomic():
        LearningSettings.objects.create(tenant=network_a.tenant, points_by_attempt=[9, 3])
        run = run_locked(
            tenant=network_a.tenant, membership=person, module_id=module.pk, step_id=steps[1].pk
        )
        assert run is not None
        stored = Progress.objects.select_related("module", "version").get(pk=run.progress.pk)
        assert fields(run.progress) == fields(stored)
        assert fields(run.progress.module) == fields(stored.module)
        assert fields(run.progress.version) == fields(stored.version)
        assert fields(run.step) == fields(Step.objects.get(pk=steps[1].pk))
        assert (run.answers, run.answered_right) == (1, False)
        assert run.settings.points_by_attempt == [9, 3]
        choices = choices_read(tenant=network_a.tenant, step=run.step)
        assert [model_to_dict(c) for c in choices] == [
            model_to_dict(c) for c in steps[1].choices.all()
        ]
        assert list(run.step.choices.all()) == choices  # as prefetched, no query
        assert run_score(tenant=network_a.tenant, progress=run.progress) == (2, 0)


def test_a_step_of_another_module_or_no_run_reads_nothing(network_a):
    module, other = make_module(network_a), make_module(network_a, title="Autre")
    learn(network_a, module, upto=1)
    person = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant), transaction.atomic():
        foreign = steps_of(network_a, other)[0]
        run = run_locked(
            tenant=network_a.tenant, membership=person, module_id=module.pk, step_id=foreign.pk
        )
        assert run is not None
        assert run.step is None
        assert run.settings.points_for(1) == 10  # the default scale
        assert (
            run_locked(
                tenant=network_a.tenant, membership=person, module_id=other.pk, step_id=foreign.pk
            )
            is None
        )
        assert (
            run_locked(
                tenant=network_a.tenant,
                membership=network_a.members[Role.POS_MANAGER],
                module_id=module.pk,
                step_id=foreign.pk,
            )
            is None
        )


def test_another_tenants_run_is_not_read(network_a, network_b):
    module = make_module(network_a)
    learn(network_a, module, upto=1)
    step = steps_of(network_a, module)[1]
    with tenant_scope(network_b.tenant), transaction.atomic():
        assert (
            run_locked(
                tenant=network_b.tenant,
                membership=network_a.members[Role.POS_STAFF],
                module_id=module.pk,
                step_id=step.pk,
            )
            is None
        )


def test_a_row_update_writes_the_fields_named_and_no_other(network_a):
    module = make_module(network_a, [quiz(), text()])
    progress = learn(network_a, module, upto=1, right=False)
    with tenant_scope(network_a.tenant):
        attempt = QuizAttempt.objects.get(progress=progress)
        attempt.chosen, attempt.correct, attempt.points = [7, 8], True, 4
        row_update(attempt, ["chosen", "correct"])
        attempt.refresh_from_db()
        assert (attempt.chosen, attempt.correct, attempt.points) == ([7, 8], True, 0)


def test_a_row_insert_gives_the_key_and_ignores_a_conflict_when_told(network_a):
    from django.utils import timezone

    from microlearning.models import ReviewCard
    from network_animation.model_rows import row_insert

    module = make_module(network_a, [quiz()])
    progress = learn(network_a, module, right=True)
    step = steps_of(network_a, module)[0]
    with tenant_scope(network_a.tenant):
        attempt = QuizAttempt(
            tenant=network_a.tenant, progress=progress, step=step, run=1, number=2, chosen=[3]
        )
        attempt.correct = False
        row_insert(attempt)
        assert fields(QuizAttempt.objects.get(pk=attempt.pk)) == fields(attempt)
        assert not attempt._state.adding
        again = ReviewCard(
            tenant=network_a.tenant,
            membership=network_a.members[Role.POS_STAFF],
            step=step,
            state={"stability": 1},
            due=timezone.now(),
        )
        row_insert(again, ignore_conflicts=True)  # the card made at the first answer stays
        assert again.pk is None
        card = ReviewCard.objects.get(step=step)
        assert card.state != {"stability": 1}
