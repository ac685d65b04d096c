"""The bare floor: Django with no middleware at all, one indexed query, a tiny JSON answer.

Served by the same gunicorn workers as the product (bench/wsgi.py sends its path here), so the
same settings, processes and persistent database connections: the difference between the floor
view and this one is what the middleware stack (session, sign-in, tenant and membership, CSRF,
locale, security headers) costs every request before any view runs.
"""

from typing import Any

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import path
from django_scopes import scopes_disabled

from kpis.models import KpiRollup, RollupLevel, RollupPeriod

from .run.environment import BARE_PREFIX


def bare(request: HttpRequest, tenant_id: int, point_of_sale_id: int) -> HttpResponse:
    """The floor view's own query (the tenant named in the path: nothing resolves it)."""
    with scopes_disabled():
        rollup = (
            KpiRollup.objects.filter(
                tenant_id=tenant_id,
                level=RollupLevel.POINT_OF_SALE,
                scope_id=point_of_sale_id,
                period=RollupPeriod.MONTH,
            )
            .order_by("-period_start")
            .only("value", "period_start")
            .first()
        )
    if rollup is None:
        return JsonResponse({"value": None})
    return JsonResponse({"month": rollup.period_start.isoformat(), "value": rollup.value})


urlpatterns = [path(f"{BARE_PREFIX[1:]}<int:tenant_id>/<int:point_of_sale_id>/", bare)]


class BareHandler(WSGIHandler):
    """Django's WSGI handler with an empty middleware list and this module's URLconf."""

    def load_middleware(self, is_async: bool = False) -> None:
        # What BaseHandler.load_middleware leaves when settings.MIDDLEWARE is empty.
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        get_response = self._get_response  # type: ignore[attr-defined]  # Django's, unstubbed
        self._middleware_chain = convert_exception_to_response(get_response)

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        request.urlconf = __name__
        return super().get_response(request)
