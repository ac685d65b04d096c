"""What the middleware adds to a request, typed for the views and panels that read it."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import Membership, ServiceToken, Tenant, User


class ScopedRequest(HttpRequest):
    """A request as `TenantMiddleware` leaves it: what it resolved, or None."""

    htmx: HtmxDetails
    tenant: Tenant | None
    membership: Membership | None
    admin_tenant: Tenant | None  # the admin's requests only
    service_token: ServiceToken | None  # the API's requests only


class SignedInRequest(HttpRequest):
    """A request to a page behind `login_required`."""

    htmx: HtmxDetails
    user: User


class TenantRequest(SignedInRequest):
    """A request to a tenant's page: signed in, with a membership (the middleware checked)."""

    tenant: Tenant
    membership: Membership


class AdminRequest(HttpRequest):
    """A request to the admin, in the tenant staff chose (None: no tenant chosen yet)."""

    admin_tenant: Tenant | None
    user: User  # the admin lets only signed-in staff in
