"""Head office's settings of learning for its network."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from network_animation.views.common import TenantRequest, require

from .. import permissions, services
from ..forms_settings import LearningSettingsForm


@require(permissions.may_configure_learning)
def learning_settings(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant = request.tenant
    current = services.learning_settings(tenant=tenant)
    form = LearningSettingsForm(request.POST or None, points=current.points_by_attempt)
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_settings_save(
                tenant=tenant,
                actor=request.membership,
                points_by_attempt=form.cleaned_data["points_by_attempt"],
            )
        except ValidationError as refused:
            form.add_error("points_by_attempt", refused)
        else:
            messages.success(request, _("Saved."))
            return redirect("microlearning:settings", tenant.slug)
    return render(
        request,
        "microlearning/settings.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
