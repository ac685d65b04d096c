"""Assessments: writing them (head office), taking them (everyone), and what an attempt's last
answer sets off: a result per competence, the person's training plan built again, and the
certifications they now meet.

Answers are checked here, never in the page: a question's page holds its answers' ids and
texts only (views/assessments.py)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from network_animation.audit import audit_record
from network_animation.models import Membership, Tenant

from .. import errors, permissions
from ..cache import learner_changed, learning_changed
from ..models import (
    Assessment,
    AssessmentAnswer,
    AssessmentAttempt,
    AssessmentChoice,
    AssessmentQuestion,
    Competence,
    CompetenceResult,
    ScaleLevel,
)
from ..planning import level_for, score_of
from .certifications import certifications_grant
from .plans import plan_build

ASSESSMENT_PUBLISHED = "learning_assessment_published"


@dataclass(frozen=True)
class AssessmentData:
    title_fr: str = ""
    title_en: str = ""
    summary_fr: str = ""
    summary_en: str = ""


@dataclass(frozen=True)
class AnswerData:
    text_fr: str = ""
    text_en: str = ""
    is_correct: bool = False


@dataclass(frozen=True)
class QuestionData:
    competence: Competence
    body_fr: str = ""
    body_en: str = ""
    choices: Sequence[AnswerData] = field(default_factory=tuple)


def _check(actor: Membership) -> None:
    if not permissions.may_manage_competences(actor):
        raise PermissionDenied(errors.CANNOT_MANAGE_COMPETENCES)


def _check_draft(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(errors.ASSESSMENT_FROZEN)


@transaction.atomic
def assessment_save(
    *,
    tenant: Tenant,
    actor: Membership,
    data: AssessmentData,
    assessment: Assessment | None = None,
) -> Assessment:
    _check(actor)
    if not (data.title_fr.strip() or data.title_en.strip()):
        raise ValidationError({"title_fr": errors.NEEDS_NAME})
    assessment = assessment or Assessment(tenant=tenant, created_by=actor)
    assessment.title_fr, assessment.title_en = data.title_fr.strip(), data.title_en.strip()
    assessment.summary_fr, assessment.summary_en = data.summary_fr, data.summary_en
    assessment.save()
    return assessment


def question_problems(data: QuestionData) -> list[str]:
    written = [c for c in data.choices if c.text_fr.strip() or c.text_en.strip()]
    problems = []
    if not (data.body_fr.strip() or data.body_en.strip()):
        problems.append(str(errors.NEEDS_TEXT))
    if len(written) < 2:
        problems.append(str(errors.NEEDS_CHOICES))
    if not any(c.is_correct for c in written):
        problems.append(str(errors.NEEDS_CORRECT))
    return problems


@transaction.atomic
def question_save(
    *,
    tenant: Tenant,
    actor: Membership,
    assessment: Assessment,
    data: QuestionData,
    question: AssessmentQuestion | None = None,
) -> AssessmentQuestion:
    """A question of a draft assessment and its answers (replaced as a whole when changed)."""
    _check(actor)
    _check_draft(assessment)
    problems = question_problems(data)
    if problems or data.competence.tenant_id != tenant.pk:
        raise ValidationError(problems or [errors.NEEDS_TEXT])
    if question is None:
        last = AssessmentQuestion.objects.filter(tenant=tenant, assessment=assessment).count()
        question = AssessmentQuestion(tenant=tenant, assessment=assessment, position=last)
    question.competence = data.competence
    question.body_fr, question.body_en = data.body_fr.strip(), data.body_en.strip()
    question.save()
    AssessmentChoice.objects.filter(tenant=tenant, question=question).delete()
    written = [c for c in data.choices if c.text_fr.strip() or c.text_en.strip()]
    AssessmentChoice.objects.bulk_create(
        AssessmentChoice(
            tenant=tenant,
            question=question,
            position=n,
            text_fr=c.text_fr.strip(),
            text_en=c.text_en.strip(),
            is_correct=c.is_correct,
        )
        for n, c in enumerate(written)
    )
    return question


@transaction.atomic
def question_delete(*, tenant: Tenant, actor: Membership, question: AssessmentQuestion) -> None:
    _check(actor)
    _check_draft(question.assessment)
    question.delete()
    for position, pk in enumerate(
        AssessmentQuestion.objects.filter(tenant=tenant, assessment_id=question.assessment_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    ):
        AssessmentQuestion.objects.filter(tenant=tenant, pk=pk).update(position=position)


@transaction.atomic
def assessment_publish(*, tenant: Tenant, actor: Membership, assessment: Assessment) -> Assessment:
    """Open the assessment to everyone; its questions are frozen from then on."""
    _check(actor)
    _check_draft(assessment)
    count = AssessmentQuestion.objects.filter(tenant=tenant, assessment=assessment).count()
    if not count:
        raise ValidationError(errors.NO_QUESTION)
    if not ScaleLevel.objects.filter(tenant=tenant, proficient=True).exists():
        raise ValidationError(errors.NEEDS_LEVELS)
    assessment.status, assessment.question_count = Assessment.Status.PUBLISHED, count
    assessment.published_at = timezone.now()
    assessment.save()
    audit_record(
        tenant=tenant,
        actor=actor.user,
        action=ASSESSMENT_PUBLISHED,
        target=f"assessment:{assessment.pk}",
        after={"questions": count},
    )
    learning_changed(tenant=tenant)
    return assessment


@transaction.atomic
def attempt_start(
    *, tenant: Tenant, actor: Membership, assessment: Assessment
) -> AssessmentAttempt:
    """The person's attempt in progress, or a new one (taking it again after a result)."""
    if assessment.status != Assessment.Status.PUBLISHED:
        raise ValidationError(errors.ASSESSMENT_CLOSED)
    running = AssessmentAttempt.objects.filter(
        tenant=tenant, assessment=assessment, membership=actor, submitted_at__isnull=True
    )
    found = running.first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return AssessmentAttempt.objects.create(
                tenant=tenant, assessment=assessment, membership=actor
            )
    except IntegrityError:  # started at the same moment from another tab: that one
        return running.get()


@dataclass(frozen=True)
class Answered:
    attempt: AssessmentAttempt
    moved: bool  # False: not the question to answer (a second click, an old tab)


@transaction.atomic
def attempt_answer(
    *,
    tenant: Tenant,
    actor: Membership,
    assessment: Assessment,
    question_id: int,
    choice_ids: Sequence[int],
) -> Answered:
    """Answer the question the person is at; the last answer ends the attempt with results."""
    attempt = (
        AssessmentAttempt.objects.select_for_update()
        .filter(tenant=tenant, assessment=assessment, membership=actor, submitted_at__isnull=True)
        .first()
    )
    question = (
        AssessmentQuestion.objects.filter(tenant=tenant, assessment=assessment, pk=question_id)
        .prefetch_related("choices")
        .first()
    )
    if attempt is None or question is None:
        raise Http404
    if question.position != attempt.position:
        return Answered(attempt, moved=False)
    choices = {c.pk: c.is_correct for c in question.choices.all()}
    chosen = sorted({pk for pk in choice_ids if pk in choices})
    if not chosen:
        raise ValidationError(errors.CHOOSE_AN_ANSWER)
    correct = set(chosen) == {pk for pk, right in choices.items() if right}
    AssessmentAnswer.objects.create(
        tenant=tenant, attempt=attempt, question=question, chosen=chosen, correct=correct
    )
    attempt.position += 1
    if attempt.position >= assessment.question_count:
        _submit(tenant, actor, attempt)
    attempt.save()
    learner_changed(tenant=tenant, membership_id=actor.pk)
    return Answered(attempt, moved=True)


def _submit(tenant: Tenant, actor: Membership, attempt: AssessmentAttempt) -> None:
    """A result per competence the questions measure, then the plan and certifications."""
    answers = AssessmentAnswer.objects.filter(tenant=tenant, attempt=attempt).values_list(
        "question__competence_id", "correct"
    )
    by_competence: dict[int, list[bool]] = defaultdict(list)
    for competence_id, correct in answers:
        by_competence[competence_id].append(correct)
    thresholds = list(ScaleLevel.objects.filter(tenant=tenant).values_list("pk", "min_score"))
    now = timezone.now()
    CompetenceResult.objects.bulk_create(
        CompetenceResult(
            tenant=tenant,
            membership=actor,
            competence_id=competence_id,
            attempt=attempt,
            score=(score := score_of(sum(marks), len(marks))),
            level_id=level_for(score, thresholds),
            assessed_at=now,
        )
        for competence_id, marks in by_competence.items()
    )
    every = [mark for marks in by_competence.values() for mark in marks]
    attempt.score = score_of(sum(every), len(every))
    attempt.submitted_at = now
    plan_build(tenant=tenant, membership=actor, today=timezone.localdate(now))
    certifications_grant(tenant=tenant, membership=actor, today=timezone.localdate(now))
    learning_changed(tenant=tenant)
