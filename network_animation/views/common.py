"""What every tenant page view shares: the tenant and membership of the request, access checks."""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, Concatenate

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from ..models import Membership
from ..request import TenantRequest

__all__ = ["TenantRequest", "paginate", "require"]  # views import TenantRequest from here

type TenantView[**P, R] = Callable[Concatenate[TenantRequest, P], R]


def require[**P, R](
    check: Callable[[Membership], bool],
) -> Callable[[TenantView[P, R]], TenantView[P, R]]:
    """Refuse the view (403) unless the membership passes `check`, one of `permissions`."""

    def decorator(view: TenantView[P, R]) -> TenantView[P, R]:
        @wraps(view)
        def wrapped(request: TenantRequest, *args: P.args, **kwargs: P.kwargs) -> R:
            if not check(request.membership):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def paginate[T](
    request: HttpRequest, items: QuerySet[Any, T] | Sequence[T], per_page: int = 50
) -> Page[T]:
    return Paginator(items, per_page).get_page(request.GET.get("page"))
