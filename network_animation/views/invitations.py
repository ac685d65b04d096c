"""An invited person answers: joins with their account, creates one, or declines.

The link's token names the invitation. Someone signed in with another address, like someone
with a wrong or used link, gets a page that names no brand (404).
"""

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import errors
from ..forms import InvitationAccountForm
from ..models import Invitation, User
from ..selectors import invitation_get_by_token
from ..services.invitation_answers import (
    invitation_accept,
    invitation_accept_with_new_account,
    invitation_check,
    invitation_decline,
)
from ..services.invitations import InvitationRefused
from ..tenancy import tenant_scope
from .auth import language_cookie_set
from .home import role_home_url

TEMPLATE = "network_animation/invitation.html"


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = invitation_check(invitation=invitation_get_by_token(token=token))
    except InvitationRefused as refused:
        return _refused(request, refused.message)
    if request.user.is_authenticated and request.user.email.lower() != found.email:
        return _refused(request, errors.INVITATION_FOR_SOMEONE_ELSE)
    with tenant_scope(found.tenant):
        try:
            return _answer(request, found)
        except InvitationRefused as refused:
            return _refused(request, refused.message)


def _refused(request: HttpRequest, message: object) -> HttpResponse:
    return render(request, TEMPLATE, {"refused": message}, status=404)


def _answer(request: HttpRequest, found: Invitation) -> HttpResponse:
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "decline":
        invitation_decline(invitation=found)
        return render(request, TEMPLATE, {"declined": found})
    if request.user.is_authenticated:
        if action == "accept":
            membership = invitation_accept(invitation=found, user=request.user)
            return redirect(role_home_url(membership))
        return render(request, TEMPLATE, {"invitation": found})
    if User.objects.filter(email__iexact=found.email).exists():
        return render(request, TEMPLATE, {"invitation": found, "sign_in": True})
    return _new_account(request, found)


def _new_account(request: HttpRequest, found: Invitation) -> HttpResponse:
    initial = {"first_name": found.first_name, "last_name": found.last_name}
    initial["language"] = found.language
    form = InvitationAccountForm(
        request.POST if request.method == "POST" else None, email=found.email, initial=initial
    )
    if not form.is_valid():
        context = {"invitation": found, "form": form}
        return render(request, TEMPLATE, context, status=400 if form.errors else 200)
    data = form.cleaned_data
    user = invitation_accept_with_new_account(
        invitation=found,
        first_name=data["first_name"],
        last_name=data["last_name"],
        password=data["password"],
        language=data["language"],
    )
    login(request, user, backend="network_animation.auth_backends.CachedModelBackend")
    response = redirect("home")
    language_cookie_set(response, user.language)
    return response
