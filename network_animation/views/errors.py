from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..audit import Action, audit_record


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A page outside the person's scope: a plain page, and a line in the audit trail."""
    if request.user.is_authenticated:
        audit_record(
            tenant=getattr(request, "tenant", None), actor=request.user,
            action=Action.ACCESS_DENIED, target=request.path, request=request,
        )  # fmt: skip
    return render(request, "errors/403.html", status=403)
