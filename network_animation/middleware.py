from collections.abc import Callable
from typing import Any, ClassVar, cast

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.middleware import csp, locale
from django.urls import Resolver404, get_resolver, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.csp import CSP, build_policy

from .audit import access_denial_record
from .page_reads import page_reads_ahead
from .request import ScopedRequest
from .selectors import (
    ADMIN_TENANT_KEY,
    admin_tenant_get,
    membership_get_for_user,
    service_token_authenticate,
    tenant_get_by_slug,
)
from .tenancy import all_tenants, tenant_scope
from .tenant_cache import (
    cached_membership,
    cached_tenant_membership,
    membership_cache_set,
    tenant_cache_add,
)


class TenantMiddleware:
    """Resolve `/<tenant_slug>/...`, check the person's membership, and scope the request.

    Pages name their tenant in the URL; the API names it with the service token. Everything the
    view and its templates do then runs inside that tenant's scope, so a query that forgets the
    tenant raises instead of leaking. Platform staff's admin works on one tenant at a time, the
    one they chose (`admin_tenant_get`).

    A signed-in person who is not a member gets the very answer a brand that does not exist
    gets (404), so the answer never tells which brands exist (CHECKLIST T11).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, http_request: HttpRequest) -> HttpResponse:
        request = cast(ScopedRequest, http_request)  # typed with what this middleware adds
        request.tenant = None
        request.membership = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.app_name == "admin" or match.namespace == "admin":
            return self._admin(request)
        if match.namespace == "api":
            return self._api(request)
        slug = match.kwargs.get("tenant_slug")
        if slug is None:
            return self.get_response(request)
        return self._page(request, slug)

    def _page(self, request: ScopedRequest, slug: str) -> HttpResponse:
        # What the page reads from the cache (the session first), in one round trip.
        with page_reads_ahead(request, slug):
            return self._member_page(request, slug)

    def _member_page(self, request: ScopedRequest, slug: str) -> HttpResponse:
        if not request.user.is_authenticated:  # before the slug: no answer tells it exists
            return redirect_to_login(request.get_full_path())
        tenant, generation, entry = cached_tenant_membership(slug=slug, user=request.user)
        if tenant is None:
            tenant = tenant_get_by_slug(slug=slug)
            generation = tenant_cache_add(tenant)
        with tenant_scope(tenant):
            membership = cached_membership(tenant=tenant, generation=generation, entry=entry)
            if membership is None:
                membership = membership_get_for_user(tenant=tenant, user=request.user)
                if membership is not None and generation:
                    membership_cache_set(slug=slug, generation=generation, membership=membership)
            if membership is None:
                access_denial_record(
                    tenant=tenant, actor=request.user, path=request.path, request=request
                )
                raise Http404
            request.tenant = tenant
            request.membership = membership
            return self.get_response(request)

    def _admin(self, request: ScopedRequest) -> HttpResponse:
        tenant = admin_tenant_get(
            user=request.user,
            chosen_id=request.session.get(ADMIN_TENANT_KEY),
        )
        request.admin_tenant = tenant
        if tenant is None:  # no tenant yet: the admin shows tenants and people only
            with all_tenants():
                return self.get_response(request)
        with tenant_scope(tenant):
            return self.get_response(request)

    def _api(self, request: ScopedRequest) -> HttpResponse:
        key = _bearer_key(request.headers.get("Authorization", ""))
        token = service_token_authenticate(key=key) if key else None
        request.service_token = token
        if token is None:
            return self.get_response(request)
        request.tenant = token.tenant
        with tenant_scope(token.tenant):
            return self.get_response(request)


def _bearer_key(header: str) -> str:
    scheme, _, key = header.partition(" ")
    return key.strip() if scheme.lower() in ("token", "bearer") else ""


class PrivatePageCacheMiddleware:
    """Pages shown to a signed-in person are never stored (CHECKLIST X4: Back after logout)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or getattr(request, "tenant", None):
            patch_cache_control(response, no_store=True, private=True)
        return response


class ProductErrorPagesMiddleware:
    """With DEBUG on (`make run`), a 404 or a 500 still shows the product's own page, as in
    production, unless `DEBUG_PAGES=on` asks for Django's debug pages; the traceback is still
    logged on the console. With DEBUG off Django shows the product's pages itself and this
    middleware is not used.

    Django turns an exception into its debug page inside every layer of middleware, before any
    other layer sees it, so the page is recognised by the sentence both of its debug pages
    carry, and replaced by what the error handlers answer in production."""

    DEBUG_PAGE_MARK = b"DEBUG = True"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        if not settings.DEBUG or settings.DEBUG_PAGES:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code not in (404, 500)
            or response.streaming
            or self.DEBUG_PAGE_MARK not in response.content
        ):
            return response
        # The stubs type every error handler as the 500 one, which takes no exception.
        handler = cast(
            Callable[..., HttpResponse], get_resolver().resolve_error_handler(response.status_code)
        )
        return handler(request, Http404()) if response.status_code == 404 else handler(request)


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, for URLs that carry no language (the platform has no `i18n_patterns`): the
    language is the person's cookie (set when they sign in or switch) or their browser's.

    Django's asks at every request, twice, whether the path's first segment (here a tenant's
    slug) is a language, which costs a failed lookup each time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        if is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]:
            raise ImproperlyConfigured("URLs with a language prefix need Django's middleware.")
        super().__init__(get_response)

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's, with each policy written once: a response whose nonce nobody asked for gets
    the policy its configuration gives without a nonce, the same at every request. A response
    that used its nonce gets Django's, with that nonce."""

    _policies: ClassVar[dict[int, tuple[object, str]]] = {}
    _NOT_SET = object()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if csp.get_nonce(request):
            return super().process_response(request, response)
        for header, attribute, setting in (
            (CSP.HEADER_ENFORCE, "_csp_config", "SECURE_CSP"),
            (CSP.HEADER_REPORT_ONLY, "_csp_ro_config", "SECURE_CSP_REPORT_ONLY"),
        ):
            config = getattr(response, attribute, self._NOT_SET)
            if config is self._NOT_SET:
                config = getattr(settings, setting)
            if config and header not in response:
                response.headers[str(header)] = self._policy(config)
        return response

    @classmethod
    def _policy(cls, config: Any) -> str:
        # Keyed by the configuration itself, which the entry keeps alive (its id is not reused).
        kept = cls._policies.get(id(config))
        if kept is None or kept[0] is not config:
            kept = cls._policies[id(config)] = (config, build_policy(config))
        return kept[1]
