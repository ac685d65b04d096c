"""The daily review: today's questions one at a time, each answer checked on the server (the
page holds each answer's id and text, nothing else), then its explanation; and the streak."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from network_animation.views.common import TenantRequest

from .. import errors, selectors, services
from ..models import ReviewAnswer
from ..spacing import REVIEW_SECONDS_MAX

PAGE = "microlearning/review.html"


def _page(
    request: TenantRequest,
    *,
    answer: ReviewAnswer | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    today = selectors.review_today(tenant=tenant, membership=membership)
    card = today.cards[0] if today.cards and answer is None else None
    context: dict[str, Any] = {
        "today": today,
        "card": card,
        "answer": answer,
        "error": error,
        "budget": REVIEW_SECONDS_MAX,
        "streak": selectors.streak_of(tenant=tenant, membership=membership),
    }
    if card is not None:
        choices = list(card.step.choices.all())
        # How many answers to tick, never which.
        context["multiple"] = sum(c.is_correct for c in choices) > 1
        context["choices"] = [(c.pk, c.text) for c in choices]
    if answer is not None:
        step_choices = answer.card.step.choices.all()
        context["feedback"] = [(c, c.pk in answer.chosen) for c in step_choices]
    template = f"{PAGE}#review" if request.htmx else PAGE
    return render(request, template, context, status=status)


def review(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    answered = _number(request.GET.get("answered", ""))
    answer = None
    if answered is not None:
        answer = selectors.review_answer_of(
            tenant=request.tenant, membership=request.membership, id=answered
        )
    return _page(request, answer=answer)


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 12 else None


@require_POST
def review_answer(request: TenantRequest, tenant_slug: str, card_id: int) -> HttpResponse:
    choice_ids = [n for n in map(_number, request.POST.getlist("choice")) if n is not None]
    try:
        answer = services.review_answer(
            tenant=request.tenant, actor=request.membership, card_id=card_id, choice_ids=choice_ids
        )
    except ValidationError as refused:
        return _page(request, error=" ".join(refused.messages), status=400)
    if request.htmx:
        return _page(request, answer=answer)
    if answer is None:  # not in today's review (an old tab): the review as it is now
        return redirect("microlearning:review", tenant_slug)
    url = reverse("microlearning:review", args=[tenant_slug])
    return redirect(f"{url}?answered={answer.pk}")


@require_POST
def day_off(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    """Say a day was (or was not) a day off: it does not break the streak."""
    raw = request.POST.get("day", "")
    try:
        day = parse_date(raw) if len(raw) == 10 else None
    except ValueError:  # 2026-02-30
        day = None
    if day is None or day > timezone.localdate():
        return _page(request, error=str(errors.DAY_OFF_INVALID), status=400)
    services.day_off_set(
        tenant=request.tenant,
        actor=request.membership,
        day=day,
        off=request.POST.get("off", "1") == "1",
    )
    return redirect("microlearning:review", tenant_slug)
