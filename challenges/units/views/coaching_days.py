"""Coaching days: the coach records them, the unit manager rates them, head office follows the
coaches' activity and ratings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest, paginate, require

from ...models import CoachingDay
from .. import rights, selectors, services
from ..forms import CoachingDayForm, RatingForm

PER_PAGE = 25


def coaching_days(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    days = selectors.coaching_days_visible(tenant=tenant, membership=membership)
    is_coach = rights.is_coaching_days_coach(membership)
    context = {
        "page": paginate(request, days, per_page=PER_PAGE),
        "is_coach": is_coach,
        "average": selectors.coach_average(tenant=tenant, coach=membership) if is_coach else None,
        "sees_activity": rights.sees_coaches_activity(membership),
        "today": timezone.localdate(),
    }
    return render(request, "challenges/units/coaching_days.html", context)


@require(rights.is_coaching_days_coach)
def coaching_day_new(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    points = selectors.coach_points_of_sale(tenant=tenant, coach=membership)
    chosen = request.GET.get("point_of_sale", "")
    initial = {
        "date": timezone.localdate(),
        "point_of_sale": int(chosen) if chosen.isdigit() else None,
    }
    form = CoachingDayForm(request.POST or None, initial=initial, points=points)
    if request.method == "POST" and form.is_valid():
        try:
            day = services.coaching_day_record(
                tenant=tenant,
                actor=membership,
                point_of_sale=form.cleaned_data["point_of_sale"],
                spec=form.spec(),
                today=timezone.localdate(),
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The coaching day is recorded."))
            return redirect("challenges:coaching_day", tenant_slug, day.pk)
    context = {"form": form, "day": None, "has_points": points.exists()}
    return render(
        request,
        "challenges/units/coaching_day_form.html",
        context,
        status=400 if form.errors else 200,
    )


def _readable_day(request: TenantRequest, coaching_day_id: int) -> CoachingDay:
    day = selectors.coaching_day_get(tenant=request.tenant, id=coaching_day_id)
    if not rights.can_read_coaching_day(request.membership, day):
        raise PermissionDenied
    return day


def _day_page(
    request: TenantRequest, day: CoachingDay, rating_form: RatingForm | None = None
) -> HttpResponse:
    tenant, membership, today = request.tenant, request.membership, timezone.localdate()
    rating = selectors.rating_of(tenant=tenant, day=day)
    may_rate = rights.can_rate(membership, day, today=today, rated=rating is not None)
    shown = (
        rating
        if rating and (rights.sees_each_rating(membership) or rating.rater_id == membership.pk)
        else None
    )
    context = {
        "day": day,
        "held": day.is_held(today),
        "texts": [
            (_("Objectives of the day"), markdown_render(day.objectives)),
            (_("What was done"), markdown_render(day.work_done)),
            (_("Next steps"), markdown_render(day.next_steps)),
        ],
        "rating": shown,
        "rating_html": markdown_render(shown.comment) if shown else "",
        "rating_form": (rating_form or RatingForm()) if may_rate else None,
        "can_edit": rights.can_edit_coaching_day(membership, day),
        "is_manager_here": rights.is_unit_manager(membership, day.point_of_sale),
        "is_rated": rating is not None,
    }
    status = 400 if rating_form is not None and rating_form.errors else 200
    return render(request, "challenges/units/coaching_day.html", context, status=status)


def coaching_day(request: TenantRequest, tenant_slug: str, coaching_day_id: int) -> HttpResponse:
    return _day_page(request, _readable_day(request, coaching_day_id))


def coaching_day_edit(
    request: TenantRequest, tenant_slug: str, coaching_day_id: int
) -> HttpResponse:
    day = _readable_day(request, coaching_day_id)
    if not rights.can_edit_coaching_day(request.membership, day):
        raise PermissionDenied
    initial = {
        name: getattr(day, name) for name in ("date", "objectives", "work_done", "next_steps")
    }
    form = CoachingDayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.coaching_day_update(
                tenant=request.tenant,
                actor=request.membership,
                day=day,
                spec=form.spec(),
                today=timezone.localdate(),
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The coaching day is saved."))
            return redirect("challenges:coaching_day", tenant_slug, day.pk)
    context = {"form": form, "day": day, "has_points": True}
    return render(
        request,
        "challenges/units/coaching_day_form.html",
        context,
        status=400 if form.errors else 200,
    )


@require_POST
def coaching_day_rate(
    request: TenantRequest, tenant_slug: str, coaching_day_id: int
) -> HttpResponse:
    day = _readable_day(request, coaching_day_id)
    if not rights.is_unit_manager(request.membership, day.point_of_sale):
        raise PermissionDenied
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.coaching_day_rate(
                tenant=request.tenant,
                actor=request.membership,
                day=day,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except (ValidationError, PermissionDenied) as refused:
            form.add_error(
                None, refused.args[0] if isinstance(refused, PermissionDenied) else refused
            )
        else:
            messages.success(request, _("Thank you: your rating is saved."))
            return redirect("challenges:coaching_day", tenant_slug, day.pk)
    return _day_page(request, day, form)


@require(rights.sees_coaches_activity)
def coaches_activity(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant = request.tenant
    context = {
        "coaches": selectors.coaches_activity(tenant=tenant, today=timezone.localdate()),
        "page": paginate(request, selectors.ratings_list(tenant=tenant), per_page=PER_PAGE),
    }
    return render(request, "challenges/units/coaches.html", context)
