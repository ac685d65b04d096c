from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..audit import access_denial_record


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A page outside the person's scope: a plain page, and the refusal counted (the first of
    the hour also in the audit trail)."""
    tenant = getattr(request, "tenant", None)
    if request.user.is_authenticated and tenant is not None:
        access_denial_record(tenant=tenant, actor=request.user, path=request.path, request=request)
    return render(request, "errors/403.html", status=403)
