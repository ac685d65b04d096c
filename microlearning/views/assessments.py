"""Taking assessments: "My assessments" (the open ones, the person's levels and certifications)
and the player, one question per screen, each answer a POST checked on the server (htmx swaps
the next question in; without JavaScript, a redirect does)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from network_animation.views.common import TenantRequest

from .. import services
from ..models import Assessment, AssessmentAttempt
from ..selectors import competences as found_competences
from ..selectors import plans as found_plans
from .learning import _number

TAKE = "microlearning/assessment.html"


def my_assessments(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    return render(
        request,
        "microlearning/assessments.html",
        {
            "assessments": found_competences.assessments_for(tenant=tenant, membership=membership),
            "levels": found_competences.levels_of(tenant=tenant, membership=membership),
            "certifications": found_plans.certifications_of(
                tenant=tenant, membership=membership, on=timezone.localdate()
            ),
        },
    )


def _take(
    request: TenantRequest,
    assessment: Assessment,
    attempt: AssessmentAttempt | None,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    tenant = request.tenant
    context: dict[str, Any] = {"assessment": assessment, "attempt": attempt, "error": error}
    if attempt is not None and attempt.is_running:
        question = found_competences.question_at(tenant=tenant, attempt=attempt)
        context["question"] = question
        if question is not None:
            # How many answers to tick, never which: the page holds ids and texts only.
            context["multiple"] = sum(c.is_correct for c in question.choices.all()) > 1
            context["choices"] = [(c.pk, c.text) for c in question.choices.all()]
    elif attempt is not None:
        context["results"] = found_competences.results_of_attempt(tenant=tenant, attempt=attempt)
    template = f"{TAKE}#assessment" if request.htmx else TAKE
    return render(request, template, context, status=status)


def assessment_take(request: TenantRequest, tenant_slug: str, assessment_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    assessment = found_competences.assessment_published_get(tenant=tenant, id=assessment_id)
    attempt = found_competences.attempt_latest(
        tenant=tenant, membership=membership, assessment=assessment
    )
    return _take(request, assessment, attempt)


@require_POST
def assessment_start(request: TenantRequest, tenant_slug: str, assessment_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    assessment = found_competences.assessment_published_get(tenant=tenant, id=assessment_id)
    try:
        attempt = services.attempt_start(tenant=tenant, actor=membership, assessment=assessment)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("microlearning:assessments", tenant_slug)
    if request.htmx:
        return _take(request, assessment, attempt)
    return redirect("microlearning:assessment", tenant_slug, assessment.pk)


@require_POST
def assessment_answer(
    request: TenantRequest, tenant_slug: str, assessment_id: int, question_id: int
) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    assessment = found_competences.assessment_published_get(tenant=tenant, id=assessment_id)
    choice_ids = [n for n in map(_number, request.POST.getlist("choice")) if n is not None]
    try:
        answered = services.attempt_answer(
            tenant=tenant,
            actor=membership,
            assessment=assessment,
            question_id=question_id,
            choice_ids=choice_ids,
        )
    except ValidationError as refused:
        attempt = found_competences.attempt_latest(
            tenant=tenant, membership=membership, assessment=assessment
        )
        return _take(request, assessment, attempt, error=" ".join(refused.messages), status=400)
    if request.htmx:
        return _take(request, assessment, answered.attempt)
    return redirect("microlearning:assessment", tenant_slug, assessment.pk)
