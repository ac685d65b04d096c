"""The competence framework and people's levels in it; the assessments each person may take."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from network_animation.models import Membership, Tenant

from ..models import (
    Assessment,
    AssessmentAttempt,
    AssessmentQuestion,
    Competence,
    CompetenceResult,
    ScaleLevel,
)


@dataclass(frozen=True)
class TreeRow:
    competence: Competence
    depth: int


def competence_tree(*, tenant: Tenant) -> list[TreeRow]:
    """Every competence of the framework, each under its parent, in order (one query)."""
    competences = list(Competence.objects.filter(tenant=tenant).order_by("position", "pk"))
    children: dict[int | None, list[Competence]] = {}
    for competence in competences:
        children.setdefault(competence.parent_id, []).append(competence)
    rows: list[TreeRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for competence in children.get(parent_id, []):
            rows.append(TreeRow(competence, depth))
            walk(competence.pk, depth + 1)

    walk(None, 0)
    return rows


def competence_get(*, tenant: Tenant, id: int) -> Competence:
    found = Competence.objects.filter(tenant=tenant, pk=id).select_related("parent").first()
    if found is None:
        raise Http404
    return found


def scale_levels(*, tenant: Tenant) -> QuerySet[ScaleLevel]:
    return ScaleLevel.objects.filter(tenant=tenant).order_by("min_score")


def level_get(*, tenant: Tenant, id: int) -> ScaleLevel:
    found = scale_levels(tenant=tenant).filter(pk=id).first()
    if found is None:
        raise Http404
    return found


def latest_results(
    *,
    tenant: Tenant,
    membership_ids: Iterable[int] | None,
    competence_ids: Iterable[int] | None = None,
) -> dict[tuple[int, int], CompetenceResult]:
    """Each person's latest result on each competence, by (membership id, competence id);
    `membership_ids` None: everyone's."""
    results = CompetenceResult.objects.filter(tenant=tenant)
    if membership_ids is not None:
        results = results.filter(membership_id__in=list(membership_ids))
    if competence_ids is not None:
        results = results.filter(competence_id__in=list(competence_ids))
    latest: dict[tuple[int, int], CompetenceResult] = {}
    for result in results.select_related("level").order_by("-assessed_at", "-pk"):
        latest.setdefault((result.membership_id, result.competence_id), result)
    return latest


@dataclass(frozen=True)
class LevelRow:
    competence: Competence
    depth: int
    result: CompetenceResult | None


def levels_of(*, tenant: Tenant, membership: Membership) -> list[LevelRow]:
    """The framework's tree with the person's latest level on each competence (two queries)."""
    latest = latest_results(tenant=tenant, membership_ids=[membership.pk])
    return [
        LevelRow(row.competence, row.depth, latest.get((membership.pk, row.competence.pk)))
        for row in competence_tree(tenant=tenant)
    ]


def assessments_authored(*, tenant: Tenant) -> QuerySet[Assessment]:
    return Assessment.objects.filter(tenant=tenant).order_by("-created_at", "-pk")


def assessment_get(*, tenant: Tenant, id: int) -> Assessment:
    questions = Prefetch(
        "questions",
        queryset=AssessmentQuestion.objects.select_related("competence").prefetch_related(
            "choices"
        ),
    )
    found = Assessment.objects.filter(tenant=tenant, pk=id).prefetch_related(questions).first()
    if found is None:
        raise Http404
    return found


def question_get(*, tenant: Tenant, assessment: Assessment, id: int) -> AssessmentQuestion:
    found = (
        AssessmentQuestion.objects.filter(tenant=tenant, assessment=assessment, pk=id)
        .select_related("assessment")
        .prefetch_related("choices")
        .first()
    )
    if found is None:
        raise Http404
    return found


def assessments_for(*, tenant: Tenant, membership: Membership) -> QuerySet[Assessment]:
    """The published assessments, each with `mine`: the person's attempts, the latest first."""
    mine = AssessmentAttempt.objects.filter(tenant=tenant, membership=membership)
    return (
        Assessment.objects.filter(tenant=tenant, status=Assessment.Status.PUBLISHED)
        .prefetch_related(Prefetch("attempts", queryset=mine, to_attr="mine"))
        .order_by("-published_at", "-pk")
    )


def assessment_published_get(*, tenant: Tenant, id: int) -> Assessment:
    found = Assessment.objects.filter(
        tenant=tenant, pk=id, status=Assessment.Status.PUBLISHED
    ).first()
    if found is None:
        raise Http404
    return found


def attempt_latest(
    *, tenant: Tenant, membership: Membership, assessment: Assessment
) -> AssessmentAttempt | None:
    return (
        AssessmentAttempt.objects.filter(
            tenant=tenant, membership=membership, assessment=assessment
        )
        .order_by("-started_at", "-pk")
        .first()
    )


def question_at(*, tenant: Tenant, attempt: AssessmentAttempt) -> AssessmentQuestion | None:
    return (
        AssessmentQuestion.objects.filter(
            tenant=tenant, assessment_id=attempt.assessment_id, position=attempt.position
        )
        .prefetch_related("choices")
        .first()
    )


def results_of_attempt(*, tenant: Tenant, attempt: AssessmentAttempt) -> QuerySet[CompetenceResult]:
    return (
        CompetenceResult.objects.filter(tenant=tenant, attempt=attempt)
        .select_related("competence", "level")
        .order_by("competence__position", "competence_id")
    )


def results_list(*, tenant: Tenant) -> QuerySet[CompetenceResult]:
    """Everyone's results, the latest first (the API's)."""
    return (
        CompetenceResult.objects.filter(tenant=tenant)
        .select_related("membership__user", "competence", "level", "attempt__assessment")
        .order_by("-assessed_at", "-pk")
    )
