"""Coaching's pages: reporting a difficulty, the coach's home and queue, a difficulty with its
follow-ups, head office's coach assignments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpis.selectors import kpi_list
from network_animation.panels import panels_for
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest, paginate, require

from .. import coaching_permissions as rights
from .. import selectors, services
from ..forms import CoachAssignmentForm, DifficultyForm, FollowUpForm
from ..models import Difficulty
from ..selectors.coaching import may_follow_up

PER_PAGE = 25
HOME_QUEUE = 10


def coaching_home(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    """A coach's (and head office's) open difficulties by age and sheets by stage; anyone's
    own difficulties."""
    tenant, membership = request.tenant, request.membership
    queue = None
    if rights.sees_difficulty_queue(membership):
        queue = selectors.difficulty_queue(tenant=tenant, membership=membership)[:HOME_QUEUE]
    context = {
        "queue": queue,
        "sheets": selectors.sheets_of_author(tenant=tenant, membership=membership),
        "to_review": selectors.sheets_to_review(tenant=tenant, membership=membership)[:10],
        "reported": selectors.difficulties_reported(tenant=tenant, membership=membership)[:10],
        "published": selectors.sheets_published(tenant=tenant)[:5],
        "now": timezone.now(),
        "can_report": rights.can_report_difficulty(membership),
        "can_assign": rights.can_assign_coaches(membership),
        "panels": panels_for("coaching", request, membership),
    }
    return render(request, "communities/coaching/home.html", context)


def _queue_filters(request: TenantRequest) -> selectors.QueueFilters:
    status = request.GET.get("status", "open")
    private = request.GET.get("private", "")
    kpi = request.GET.get("kpi", "")
    return selectors.QueueFilters(
        status=status if status in selectors.coaching.QUEUE_STATUSES else "open",
        mine=request.GET.get("whose", "mine") != "all",
        kpi_id=int(kpi) if kpi.isdigit() else None,
        private={"yes": True, "no": False}.get(private),
    )


@require(rights.sees_difficulty_queue)
def difficulty_queue(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    filters = _queue_filters(request)
    found = selectors.difficulty_queue(tenant=tenant, membership=membership, filters=filters)
    context = {
        "page": paginate(request, found, per_page=PER_PAGE),
        "filters": filters,
        "kpis": kpi_list(tenant=tenant, active_only=True),
        "now": timezone.now(),
        "is_coach": rights.is_coach(membership),
    }
    return render(request, "communities/coaching/queue.html", context)


@require(rights.can_report_difficulty)
def difficulty_new(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    kpi_ids = [kpi.pk for kpi in kpi_list(tenant=tenant, active_only=True)]
    practices = selectors.best_practices_for_kpis(
        tenant=tenant, membership=membership, kpi_ids=kpi_ids, limit=50
    )
    form = DifficultyForm(request.POST or None, tenant=tenant, practices=practices)
    if request.method == "POST" and form.is_valid():
        try:
            reported = services.difficulty_report(
                tenant=tenant, actor=membership, **form.cleaned_data
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Sent to your coach: they will get back to you."))
            return redirect("communities:difficulty", tenant_slug, reported.pk)
    status = 400 if form.errors else 200
    return render(
        request, "communities/coaching/difficulty_form.html", {"form": form}, status=status
    )


def _difficulty_page(
    request: TenantRequest, found: Difficulty, follow_up: FollowUpForm | None, status: int = 200
) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    coaching = may_follow_up(tenant=tenant, membership=membership, difficulty=found)
    context = {
        "difficulty": found,
        "tried_html": markdown_render(found.tried),
        "happened_html": markdown_render(found.happened),
        "follow_ups": selectors.follow_ups_of(tenant=tenant, difficulty=found),
        "follow_up_form": (follow_up or FollowUpForm()) if coaching and found.is_open else None,
        "can_close": coaching and found.is_open,
        "can_write_sheet": coaching and not found.is_open,
        "sheet": selectors.sheet_of_difficulty(
            tenant=tenant, membership=membership, difficulty=found
        ),
        "now": timezone.now(),
    }
    return render(request, "communities/coaching/difficulty.html", context, status=status)


def difficulty(request: TenantRequest, tenant_slug: str, difficulty_id: int) -> HttpResponse:
    found = selectors.difficulty_get_visible(
        tenant=request.tenant, membership=request.membership, id=difficulty_id
    )
    return _difficulty_page(request, found, None)


@require_POST
def difficulty_follow_up(
    request: TenantRequest, tenant_slug: str, difficulty_id: int
) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = selectors.difficulty_get_visible(tenant=tenant, membership=membership, id=difficulty_id)
    if not may_follow_up(tenant=tenant, membership=membership, difficulty=found):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_log(
                tenant=tenant, actor=membership, difficulty=found, **form.cleaned_data
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Follow-up saved: the person who reported it is told."))
            return redirect("communities:difficulty", tenant_slug, found.pk)
    return _difficulty_page(request, found, form, status=400)


@require_POST
def difficulty_close(request: TenantRequest, tenant_slug: str, difficulty_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = selectors.difficulty_get_visible(tenant=tenant, membership=membership, id=difficulty_id)
    try:
        services.difficulty_close(tenant=tenant, actor=membership, difficulty=found)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Closed. You can now write its lesson sheet."))
    return redirect("communities:difficulty", tenant_slug, found.pk)


@require_POST
def lesson_sheet_new(request: TenantRequest, tenant_slug: str, difficulty_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = selectors.difficulty_get_visible(tenant=tenant, membership=membership, id=difficulty_id)
    try:
        sheet = services.sheet_start(tenant=tenant, actor=membership, difficulty=found)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("communities:difficulty", tenant_slug, found.pk)
    return redirect("communities:lesson_sheet_edit", tenant_slug, sheet.pk)


@require(rights.can_assign_coaches)
def coach_assignments(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    form = CoachAssignmentForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        try:
            services.coach_assign(tenant=tenant, actor=membership, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(
                request, _("Assigned: the coach is told of that place's difficulties.")
            )
            return redirect("communities:coach_assignments", tenant_slug)
    context = {"form": form, "assignments": selectors.coach_assignments(tenant=tenant)}
    status = 400 if form.errors else 200
    return render(request, "communities/coaching/assignments.html", context, status=status)


@require_POST
def coach_unassign(request: TenantRequest, tenant_slug: str, assignment_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = selectors.coach_assignment_get(tenant=tenant, id=assignment_id)
    if not rights.can_assign_coaches(membership):
        raise PermissionDenied
    services.coach_unassign(tenant=tenant, actor=membership, assignment=found)
    messages.success(request, _("Assignment removed."))
    return redirect("communities:coach_assignments", tenant_slug)
