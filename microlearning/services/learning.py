"""Learning a module: starting it, passing its steps one by one (each saved as it is passed, so
the person resumes at the exact step on any device), answering its quiz questions (checked
here, never in the page), and finishing it with a score and the time spent.

Points: a right answer earns what the tenant's scale gives at that attempt (10, 7, 5, 2 by
default), counting the person's answers to that question in every run; a question earns once;
and a module already passed earns nothing more when it is taken again (no farming).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from network_animation.model_rows import row_insert, row_update
from network_animation.models import Membership, Tenant

from .. import errors
from ..cache import learner_changed, learning_changed
from ..models import LearningSettings, Module, Progress, QuizAttempt, Step
from ..models.modules import POINTS_BY_ATTEMPT
from .review import answer_checked, review_card_create
from .step_statements import LockedRun, choices_read, run_locked, run_score

# Time counted for one step at most: someone called away by a customer for an hour did not
# spend an hour on the step.
STEP_SECONDS_MAX = 5 * 60


@dataclass(frozen=True)
class StepPassed:
    progress: Progress
    attempt: QuizAttempt | None  # the answer to the quiz question just passed
    moved: bool  # False: the step was not the one to do (a second click, an old tab)


def learning_settings(*, tenant: Tenant) -> LearningSettings:
    """The tenant's settings, or the defaults when it has set none."""
    found = LearningSettings.objects.filter(tenant=tenant).first()
    return found or LearningSettings(tenant=tenant, points_by_attempt=list(POINTS_BY_ATTEMPT))


@transaction.atomic
def progress_start(*, tenant: Tenant, actor: Membership, module: Module) -> Progress:
    """Start the module (its published version), resume it if running, or take it again once
    finished: a new run on the version published now."""
    progress = (
        Progress.objects.select_for_update()
        .filter(tenant=tenant, membership=actor, module=module)
        .first()
    )
    if progress is not None and progress.is_running:
        return progress
    if module.published_id is None or module.status != Module.Status.PUBLISHED:
        raise ValidationError(errors.NOT_PUBLISHED)
    now = timezone.now()
    learning_changed(tenant=tenant)  # started: the zone's training status
    learner_changed(tenant=tenant, membership_id=actor.pk)
    if progress is None:
        return Progress.objects.create(
            tenant=tenant,
            membership=actor,
            module=module,
            version_id=module.published_id,
            started_at=now,
            last_step_at=now,
        )
    progress.version_id = module.published_id
    progress.position, progress.run, progress.completed_at = 0, progress.run + 1, None
    progress.started_at = progress.last_step_at = now
    progress.save()
    return progress


def _answer(tenant: Tenant, run: LockedRun, choice_ids: Sequence[int]) -> QuizAttempt:
    progress, step = run.progress, cast(Step, run.step)
    chosen, correct = answer_checked(choices_read(tenant=tenant, step=step), choice_ids)
    number = run.answers + 1
    if run.answers == 0:  # the first answer to the question: it becomes the person's review card
        review_card_create(
            tenant=tenant,
            membership_id=progress.membership_id,
            step=step,
            correct=correct,
            at=timezone.now(),
        )
    points = 0
    if correct and not run.answered_right and progress.passed_at is None:
        points = run.settings.points_for(number)
    progress.points_earned += points
    attempt = QuizAttempt(
        tenant=tenant,
        progress=progress,
        step=step,
        run=progress.run,
        number=number,
        chosen=chosen,
        correct=correct,
        points=points,
    )
    row_insert(attempt)
    return attempt


def _finish(tenant: Tenant, progress: Progress) -> None:
    questions, right = run_score(tenant=tenant, progress=progress)
    score = round(100 * right / questions) if questions else 100
    progress.last_score = score
    progress.best_score = max(score, progress.best_score or 0)
    progress.completed_at = progress.last_step_at
    progress.times_completed += 1
    if progress.passed_at is None and score >= progress.module.pass_mark:
        progress.passed_at = progress.completed_at


# What passing a step changes in the person's run.
STEP_PASSED_FIELDS = (
    "position",
    "last_step_at",
    "seconds_spent",
    "points_earned",
    "last_score",
    "best_score",
    "completed_at",
    "times_completed",
    "passed_at",
)


@transaction.atomic
def progress_step_pass(
    *,
    tenant: Tenant,
    actor: Membership,
    module_id: int,
    step_id: int,
    choice_ids: Sequence[int] = (),
) -> StepPassed:
    """Pass the step the person is at (answering it, for a quiz question) and save where they
    are. Another step of their version changes nothing; a step of another version is not found.
    Their run is what lets them learn the module (as `module_get_for_learner` says: a module
    one started stays theirs), so no run, no module: not found."""
    run = run_locked(tenant=tenant, membership=actor, module_id=module_id, step_id=step_id)
    if run is None or run.step is None:
        raise Http404
    progress, step = run.progress, run.step
    if not progress.is_running or step.position != progress.position:
        return StepPassed(progress, None, moved=False)
    attempt = _answer(tenant, run, choice_ids) if step.kind == Step.Kind.QUIZ else None
    now = timezone.now()
    elapsed = (now - progress.last_step_at).total_seconds()
    progress.seconds_spent += int(min(max(elapsed, 0), STEP_SECONDS_MAX))
    progress.position, progress.last_step_at = step.position + 1, now
    if progress.position >= progress.version.step_count:
        _finish(tenant, progress)
        learning_changed(tenant=tenant)  # done: the zone's training status
    row_update(progress, STEP_PASSED_FIELDS)
    learner_changed(tenant=tenant, membership_id=actor.pk)
    return StepPassed(progress, attempt, moved=True)
