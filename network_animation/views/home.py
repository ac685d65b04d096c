from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from ..forms import ProfileForm, ProfileLanguageForm
from ..models import Membership, Role
from ..profile_sections import profile_sections_for
from ..request import SignedInRequest
from ..selectors import membership_list_across_tenants
from ..services.people import user_language_set, user_profile_update
from .auth import language_cookie_set
from .common import TenantRequest


def role_home_url(membership: Membership) -> str:
    slug = membership.tenant.slug
    if membership.role in (Role.POS_MANAGER, Role.POS_STAFF) and membership.point_of_sale_id:
        return reverse("point_of_sale", args=[slug, membership.point_of_sale_id])
    if membership.role == Role.REGIONAL_DIRECTOR and membership.region_id:
        return reverse("region", args=[slug, membership.region_id])
    if membership.role == Role.ANIMATOR:
        return reverse("my_zones", args=[slug])
    return reverse("network", args=[slug])


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    """Send a person to their tenant, or let them choose when they belong to several."""
    memberships = membership_list_across_tenants(user=request.user)
    if len(memberships) == 1:
        return redirect(role_home_url(memberships[0]))
    return render(request, "network_animation/tenant_choice.html", {"memberships": memberships})


def tenant_home(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    return redirect(role_home_url(request.membership))


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language, remembering the choice on the person's profile too."""
    form = ProfileLanguageForm(request.POST)
    if form.is_valid() and request.user.is_authenticated:
        user_language_set(user=request.user, language=form.cleaned_data["language"])
    return set_language(request)


@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    """A person's own name and language: the only place, with the admin, that changes them;
    below, what the apps show of the person (their certifications)."""
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        user_profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your account is saved."))
        response = redirect("profile")
        language_cookie_set(response, user.language)
        return response
    return render(
        request,
        "network_animation/profile.html",
        {"form": form, "sections": profile_sections_for(user)},
        status=400 if form.errors else 200,
    )
