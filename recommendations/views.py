"""Head office's pages of the hold-out group: this quarter's draw and the share of the next;
what the recommendations changed, measured against the group."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from network_animation import permissions
from network_animation.views.common import TenantRequest, require

from . import selectors
from .forms import HoldoutShareForm, MeasurementQuarterForm, quarter_label
from .measurement import CONFIDENCE
from .services import holdout_settings_update


@require(permissions.can_manage_organisation)
def holdout(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant = request.tenant
    current = selectors.holdout_settings_get(tenant=tenant).share_percent
    form = HoldoutShareForm(request.POST or None, initial={"share_percent": current})
    if request.method == "POST" and form.is_valid():
        share = form.cleaned_data["share_percent"]
        holdout_settings_update(tenant=tenant, actor=request.user, share_percent=share)
        messages.success(request, _("Saved: the next quarter's draw will hold out this share."))
        return redirect("recommendations:holdout", tenant.slug)
    return render(
        request,
        "recommendations/holdout.html",
        {"form": form, "draw": selectors.holdout_draw_summary(tenant=tenant)},
        status=400 if form.errors else 200,
    )


@require(permissions.can_manage_organisation)
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
    return render(
        request,
        "recommendations/measurement.html",
        {
            "form": form,
            "measured": measured,
            "label": quarter_label(chosen) if chosen else "",
            "confidence": round(CONFIDENCE * 100),
        },
        status=400 if form.errors else 200,
    )
