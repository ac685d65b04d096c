"""Service-token authentication: the token, found by the tenant middleware, names the tenant."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.request import Request

from ..models import ServiceToken, Tenant
from . import errors

if TYPE_CHECKING:  # both import this module, through DRF's settings
    from drf_spectacular.openapi import AutoSchema
    from rest_framework.views import APIView


@dataclass(frozen=True)
class ServiceAccount:
    """The `request.user` of an API call: a tenant's system, not a person."""

    token: ServiceToken

    is_authenticated = True
    is_anonymous = False
    is_active = True
    pk = None

    @property
    def tenant(self) -> Tenant:
        return self.token.tenant


class ServiceTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[ServiceAccount, ServiceToken] | None:
        header = authentication.get_authorization_header(request)
        if not header:
            return None
        # Set by the tenant middleware on the API's requests.
        token: ServiceToken | None = getattr(request._request, "service_token", None)
        if token is None:
            raise exceptions.AuthenticationFailed(errors.INVALID_TOKEN)
        if token.last_used_at is None or (timezone.now() - token.last_used_at).total_seconds() > 60:
            ServiceToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return ServiceAccount(token), token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class IsTenantServiceAccount(permissions.BasePermission):
    def has_permission(self, request: Request, view: "APIView") -> bool:
        return isinstance(request.user, ServiceAccount)


class ServiceTokenRateThrottle(throttling.SimpleRateThrottle):
    scope = "service_token"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        if not isinstance(request.user, ServiceAccount):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.token.pk}


class ServiceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "network_animation.api.auth.ServiceTokenAuthentication"
    name = "serviceToken"

    def get_security_definition(self, auto_schema: "AutoSchema") -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`: a key created by head office under API tokens.",
        }
