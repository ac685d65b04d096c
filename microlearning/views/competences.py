"""Head office's pages: the competence framework (its scale and its tree), the assessments
(questions tagged with a competence, frozen once published) and the certifications."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_animation.views.common import TenantRequest, require

from .. import permissions, services
from ..forms_competences import (
    ANSWER_ROWS,
    REQUIREMENT_ROWS,
    AssessmentForm,
    CertificationForm,
    CompetenceForm,
    LevelForm,
    QuestionForm,
)
from ..models import AssessmentQuestion, Certification
from ..selectors import competences as found
from ..selectors import plans as found_plans

FORM = "microlearning/competence_form.html"
manages = require(permissions.may_manage_competences)


def _form_page(request: TenantRequest, form: forms.Form, title: str, **extra: Any) -> HttpResponse:
    context = {"form": form, "title": title, **extra}
    # Shown again after a POST: it was refused (the form's, its rows' or the service's errors).
    return render(request, FORM, context, status=400 if request.method == "POST" else 200)


def _saved(request: TenantRequest, form: forms.Form, save: Callable[[], Any]) -> Any | None:
    """On a valid POST, call the service (`save`, reading the form's data) and return what it
    saved; its refusals become the form's errors (then None)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save()
    except ValidationError as refused:
        form.add_error(None, refused)
        return None
    messages.success(request, _("Saved."))
    return saved


@manages
def framework(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant = request.tenant
    context = {
        "tree": found.competence_tree(tenant=tenant),
        "levels": found.scale_levels(tenant=tenant),
        "assessments": found.assessments_authored(tenant=tenant),
        "certifications": found_plans.certifications_with_holders(
            tenant=tenant, on=timezone.localdate()
        ),
    }
    return render(request, "microlearning/framework.html", context)


@manages
def competence_edit(
    request: TenantRequest, tenant_slug: str, competence_id: int | None = None
) -> HttpResponse:
    tenant, actor = request.tenant, request.membership
    competence = found.competence_get(tenant=tenant, id=competence_id) if competence_id else None
    initial = CompetenceForm.initial_of(competence) if competence else {}
    form = CompetenceForm(
        request.POST or None, tenant=tenant, competence=competence, initial=initial
    )
    if _saved(
        request,
        form,
        lambda: services.competence_save(
            tenant=tenant, actor=actor, data=form.data_of(), competence=competence
        ),
    ):
        return redirect("microlearning:framework", tenant_slug)
    return _form_page(request, form, _("Competence"))


@manages
def level_edit(
    request: TenantRequest, tenant_slug: str, level_id: int | None = None
) -> HttpResponse:
    tenant, actor = request.tenant, request.membership
    level = found.level_get(tenant=tenant, id=level_id) if level_id else None
    initial = (
        {n: getattr(level, n) for n in ("name_fr", "name_en", "min_score", "proficient")}
        if level
        else {}
    )
    form = LevelForm(request.POST or None, initial=initial)
    if _saved(
        request,
        form,
        lambda: services.level_save(tenant=tenant, actor=actor, data=form.data_of(), level=level),
    ):
        return redirect("microlearning:framework", tenant_slug)
    return _form_page(request, form, _("Level of the scale"))


@manages
def assessment_edit(
    request: TenantRequest, tenant_slug: str, assessment_id: int | None = None
) -> HttpResponse:
    tenant, actor = request.tenant, request.membership
    assessment = found.assessment_get(tenant=tenant, id=assessment_id) if assessment_id else None
    names = ("title_fr", "title_en", "summary_fr", "summary_en")
    initial = {n: getattr(assessment, n) for n in names} if assessment else {}
    form = AssessmentForm(request.POST or None, initial=initial)
    saved = _saved(
        request,
        form,
        lambda: services.assessment_save(
            tenant=tenant, actor=actor, data=form.data_of(), assessment=assessment
        ),
    )
    if saved is not None:
        return redirect("microlearning:assessment_manage", tenant_slug, saved.pk)
    return render(
        request,
        "microlearning/assessment_manage.html",
        {"form": form, "assessment": assessment},
        status=400 if request.method == "POST" else 200,
    )


def _question_initial(question: AssessmentQuestion) -> dict[str, Any]:
    answers = [
        {"text_fr": c.text_fr, "text_en": c.text_en, "is_correct": c.is_correct}
        for c in question.choices.all()
    ]
    return {
        "body_fr": question.body_fr,
        "body_en": question.body_en,
        "competence": question.competence_id,
        "answers": answers + [{}] * (ANSWER_ROWS - len(answers)),
    }


@manages
def question_edit(
    request: TenantRequest, tenant_slug: str, assessment_id: int, question_id: int | None = None
) -> HttpResponse:
    tenant, actor = request.tenant, request.membership
    assessment = found.assessment_get(tenant=tenant, id=assessment_id)
    question = (
        found.question_get(tenant=tenant, assessment=assessment, id=question_id)
        if question_id
        else None
    )
    initial = _question_initial(question) if question else {}
    form = QuestionForm(request.POST or None, tenant=tenant, initial=initial)
    if _saved(
        request,
        form,
        lambda: services.question_save(
            tenant=tenant,
            actor=actor,
            assessment=assessment,
            data=form.data_of(),
            question=question,
        ),
    ):
        return redirect("microlearning:assessment_manage", tenant_slug, assessment.pk)
    return _form_page(request, form, _("Question"), formset=form.answers, assessment=assessment)


@manages
@require_POST
def question_delete(
    request: TenantRequest, tenant_slug: str, assessment_id: int, question_id: int
) -> HttpResponse:
    tenant = request.tenant
    assessment = found.assessment_get(tenant=tenant, id=assessment_id)
    question = found.question_get(tenant=tenant, assessment=assessment, id=question_id)
    try:
        services.question_delete(tenant=tenant, actor=request.membership, question=question)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    return redirect("microlearning:assessment_manage", tenant_slug, assessment.pk)


@manages
@require_POST
def assessment_publish(
    request: TenantRequest, tenant_slug: str, assessment_id: int
) -> HttpResponse:
    tenant = request.tenant
    assessment = found.assessment_get(tenant=tenant, id=assessment_id)
    try:
        services.assessment_publish(tenant=tenant, actor=request.membership, assessment=assessment)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Published: everyone can take it now."))
    return redirect("microlearning:assessment_manage", tenant_slug, assessment.pk)


def _certification_initial(certification: Certification) -> dict[str, Any]:
    names = ("name_fr", "name_en", "description_fr", "description_en", "role")
    initial: dict[str, Any] = {n: getattr(certification, n) for n in names}
    initial["validity_months"] = certification.validity_months
    initial["is_active"] = certification.is_active
    rows = [
        {"competence": r.competence_id, "level": r.level_id}
        for r in certification.requirements.all()
    ]
    initial["requirements"] = rows + [{}] * (REQUIREMENT_ROWS - len(rows))
    return initial


@manages
def certification_edit(
    request: TenantRequest, tenant_slug: str, certification_id: int | None = None
) -> HttpResponse:
    tenant, actor = request.tenant, request.membership
    certification = (
        found_plans.certification_get(tenant=tenant, id=certification_id)
        if certification_id
        else None
    )
    initial = _certification_initial(certification) if certification else {}
    form = CertificationForm(request.POST or None, tenant=tenant, initial=initial)
    saved = _saved(
        request,
        form,
        lambda: services.certification_save(
            tenant=tenant, actor=actor, data=form.data_of(), certification=certification
        ),
    )
    if saved:  # the page of the job certifying those who meet it already, with its progress
        return redirect("job_run", tenant_slug, saved.grant_run.pk)
    return _form_page(request, form, _("Certification"), formset=form.requirements)
