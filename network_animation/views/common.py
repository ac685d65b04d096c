"""What every tenant page view shares: the tenant and membership of the request, access checks."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from ..models import Membership, Tenant, User


class TenantRequest(HttpRequest):
    """A request to a tenant's page: signed in, with a membership (the middleware checked)."""

    tenant: Tenant
    membership: Membership
    user: User  # always signed in on tenant pages


def require(check: Callable[[Membership], bool]) -> Callable:
    """Refuse the view (403) unless the membership passes `check`, one of `permissions`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: TenantRequest, *args, **kwargs):
            if not check(request.membership):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def paginate(request: HttpRequest, items, per_page: int = 50) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))
