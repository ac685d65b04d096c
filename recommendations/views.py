"""Pages of recommendations: head office's page of the hold-out group and the acceptance rates,
and what the recommendations changed, measured against the group; accepting, dismissing and
marking done an action suggested on the zone page (htmx, no reload; plain forms without
JavaScript)."""

from collections.abc import Callable
from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from challenges import selectors as challenges
from network_animation import selectors as organisation
from network_animation.views.common import TenantRequest, require

from . import action_selectors, selectors
from .action_services import (
    DISMISS_QUIET_DAYS,
    suggestion_accept,
    suggestion_dismiss,
    suggestion_done,
)
from .content_feedback import content_dismiss
from .evaluation_runs import offline_evaluation_latest, offline_figures
from .forms import (
    DismissForm,
    HoldoutShareForm,
    MeasurementQuarterForm,
    content_dismiss_form,
    dismiss_form,
    quarter_label,
)
from .measurement import CONFIDENCE
from .models import ActionKind, ActionSuggestion, ContentRecommendation
from .panels import content_item
from .permissions import can_manage_holdout
from .services import holdout_settings_update

PANEL = "recommendations/panel_actions.html"
METHOD_LABELS = {
    "engine": gettext_lazy("This engine (the gain measured at comparable points of sale)"),
    "kpi_tag": gettext_lazy("Content tagged with the KPI below target"),
    "popularity": gettext_lazy("The most done content in the network"),
    "zone": gettext_lazy("The most done content in the zone"),
    "random": gettext_lazy("Content drawn at random"),
    "ceiling": gettext_lazy("The best possible (knowing the truth)"),
}


@require(can_manage_holdout)
def holdout(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant = request.tenant
    current = selectors.holdout_settings_get(tenant=tenant).share_percent
    form = HoldoutShareForm(request.POST or None, initial={"share_percent": current})
    if request.method == "POST" and form.is_valid():
        share = form.cleaned_data["share_percent"]
        holdout_settings_update(tenant=tenant, actor=request.membership, share_percent=share)
        messages.success(request, _("Saved: the next quarter's draw will hold out this share."))
        return redirect("recommendations:holdout", tenant.slug)
    context = {
        "form": form,
        "draw": selectors.holdout_draw_summary(tenant=tenant),
        "rates": action_selectors.acceptance_rates(tenant=tenant, membership=request.membership),
        "quiet_days": DISMISS_QUIET_DAYS,
    }
    status = 400 if form.errors else 200
    return render(request, "recommendations/holdout.html", context, status=status)


def action_url(request: TenantRequest, suggestion: ActionSuggestion) -> str:
    """Where accepting a suggestion leads: the challenge launch form pre-filled with the KPI, the
    points of sale and the goal; the module's assignment form pre-filled with the module and the
    points of sale; the point of sale's page for a visit."""
    tenant = request.tenant
    held = selectors.points_of_sale_held_out(tenant=tenant)
    points = [pk for pk in suggestion.points_of_sale if pk not in held]
    if suggestion.kind == ActionKind.MODULE:
        query: dict[str, object] = {"module": suggestion.module_id, "points_of_sale": points}
        assign = reverse("microlearning:assignments", args=[tenant.slug])
        return f"{assign}?{urlencode(query, True)}"
    if suggestion.kind == ActionKind.VISIT or suggestion.kpi is None:
        return reverse("point_of_sale", args=[tenant.slug, suggestion.point_of_sale_id])
    kpi = suggestion.kpi
    zone = organisation.zone_get(tenant=tenant, id=suggestion.zone_id)
    goals = challenges.target_suggestions(
        tenant=tenant, kpis=[kpi], zone=zone, region=None, participants=len(points)
    )
    query = {
        "name": _("%(kpi)s challenge") % {"kpi": kpi.name},
        "kpi_1": kpi.pk,
        "points_of_sale": points,
    }
    if goals.get(kpi.pk) is not None:
        query["target_1"] = goals[kpi.pk]
    launch = reverse("challenges:launch_zone", args=[tenant.slug, suggestion.zone_id])
    return f"{launch}?{urlencode(query, True)}"


def _item(
    request: TenantRequest,
    suggestion: ActionSuggestion,
    form: DismissForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    points = action_selectors.suggestion_points(tenant=request.tenant, suggestion=suggestion)
    context = {
        "row": {
            "suggestion": suggestion,
            "points": points,
            "form": form or dismiss_form(suggestion),
            "error": error,
        },
        "slug": request.tenant.slug,
        "quiet_days": DISMISS_QUIET_DAYS,
    }
    return render(request, f"{PANEL}#suggestion", context, status=status)


def _back(request: TenantRequest, suggestion: ActionSuggestion) -> HttpResponse:
    return redirect("zone", request.tenant.slug, suggestion.zone_id)


def _refused(
    request: TenantRequest, suggestion: ActionSuggestion, refused: ValidationError
) -> HttpResponse:
    """The suggestion could not change (dismissed meanwhile): said in place (400) with htmx, in
    a message on the zone page without."""
    if request.htmx:
        return _item(request, suggestion, error=" ".join(refused.messages), status=400)
    messages.error(request, " ".join(refused.messages))
    return _back(request, suggestion)


@require_POST
def accept(request: TenantRequest, tenant_slug: str, suggestion_id: int) -> HttpResponse:
    suggestion = action_selectors.suggestion_get(
        tenant=request.tenant, membership=request.membership, id=suggestion_id
    )
    try:
        suggestion_accept(tenant=request.tenant, actor=request.membership, suggestion=suggestion)
    except ValidationError as refused:
        return _refused(request, suggestion, refused)
    url = action_url(request, suggestion)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _dismissed(request: TenantRequest, form: DismissForm, dismiss: Callable[..., object]) -> bool:
    """Whether the posted form dismissed its item (`dismiss(reason=, note=)`); a refusal is
    added to the form's errors."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        dismiss(reason=form.cleaned_data["reason"], note=form.cleaned_data["note"])
    except ValidationError as refused:
        form.add_error(None, refused)
        return False
    return True


def _dismiss_page(
    request: TenantRequest, form: DismissForm, *, heading: str, reason: str, back: tuple[str, str]
) -> HttpResponse:
    """The dismissal's own page, without JavaScript: the item's reason, the form, the way back."""
    context = {
        "heading": heading,
        "reason": reason,
        "back_url": back[0],
        "back_label": back[1],
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "recommendations/dismiss.html", context, status=status)


def dismiss(request: TenantRequest, tenant_slug: str, suggestion_id: int) -> HttpResponse:
    suggestion = action_selectors.suggestion_get(
        tenant=request.tenant, membership=request.membership, id=suggestion_id
    )
    form = dismiss_form(suggestion, request.POST if request.method == "POST" else None)
    dismissing = partial(
        suggestion_dismiss, tenant=request.tenant, actor=request.membership, suggestion=suggestion
    )
    if _dismissed(request, form, dismissing):
        if request.htmx:
            return _item(request, suggestion)
        messages.success(
            request, _("Dismissed: it will not be suggested to you again for a while.")
        )
        return _back(request, suggestion)
    if request.htmx:
        return _item(request, suggestion, form, status=400 if form.errors else 200)
    zone = reverse("zone", args=[request.tenant.slug, suggestion.zone_id])
    return _dismiss_page(
        request,
        form,
        heading=_("Dismiss a suggestion"),
        reason=suggestion.reason,
        back=(zone, _("Zone")),
    )


def _content_item(
    request: TenantRequest,
    recommendation: ContentRecommendation,
    form: DismissForm | None = None,
    *,
    dismissed: bool = False,
    status: int = 200,
) -> HttpResponse:
    row = content_item(request, recommendation, form)
    context = {
        "row": {**row, "dismissed": dismissed},
        "slug": request.tenant.slug,
        "quiet_days": DISMISS_QUIET_DAYS,
    }
    return render(request, "recommendations/panel_content.html#content", context, status=status)


def content_dismiss_view(
    request: TenantRequest, tenant_slug: str, recommendation_id: int
) -> HttpResponse:
    """A piece of content recommended on a point of sale's page, dismissed by its reader."""
    recommendation = action_selectors.content_recommendation_get(
        tenant=request.tenant, membership=request.membership, id=recommendation_id
    )
    form = content_dismiss_form(recommendation, request.POST if request.method == "POST" else None)
    dismissing = partial(
        content_dismiss,
        tenant=request.tenant,
        actor=request.membership,
        recommendation=recommendation,
    )
    if _dismissed(request, form, dismissing):
        if request.htmx:
            return _content_item(request, recommendation, dismissed=True)
        messages.success(
            request, _("Dismissed: it will not be recommended to you again for a while.")
        )
        return redirect("point_of_sale", request.tenant.slug, recommendation.point_of_sale_id)
    if request.htmx:
        return _content_item(request, recommendation, form, status=400 if form.errors else 200)
    point = recommendation.point_of_sale
    return _dismiss_page(
        request,
        form,
        heading=_("Dismiss a recommendation"),
        reason=recommendation.reason,
        back=(reverse("point_of_sale", args=[request.tenant.slug, point.pk]), point.name),
    )


@require_POST
def done(request: TenantRequest, tenant_slug: str, suggestion_id: int) -> HttpResponse:
    suggestion = action_selectors.suggestion_get(
        tenant=request.tenant, membership=request.membership, id=suggestion_id
    )
    try:
        suggestion_done(tenant=request.tenant, actor=request.membership, suggestion=suggestion)
    except ValidationError as refused:
        return _refused(request, suggestion, refused)
    return _item(request, suggestion) if request.htmx else _back(request, suggestion)


@require(can_manage_holdout)
def measurement(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant = request.tenant
    quarters = selectors.holdout_quarters_drawn(tenant=tenant)
    form = MeasurementQuarterForm(request.GET or None, quarters=quarters)
    chosen = (form.cleaned_data["quarter"] if form.is_valid() else None) or next(
        iter(quarters), None
    )
    measured = (
        selectors.holdout_measurement(tenant=tenant, membership=request.membership, quarter=chosen)
        if chosen
        else None
    )
    run = offline_evaluation_latest()
    offline = offline_figures(run) if run else None
    return render(
        request,
        "recommendations/measurement.html",
        {
            "form": form,
            "measured": measured,
            "label": quarter_label(chosen) if chosen else "",
            "confidence": round(CONFIDENCE * 100),
            "offline": offline,
            "offline_rows": [
                {"label": METHOD_LABELS[row.method], "figures": row} for row in offline.methods
            ]
            if offline
            else [],
        },
        status=400 if form.errors else 200,
    )
