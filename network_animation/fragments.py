"""Rendered HTML fragments kept in the cache (Redis in production), for pages whose panels cost
more to render than to read.

Every key starts with the tenant, the fragment's name, the active language and time zone: a
fragment rendered for one tenant is never served to another (checklist T8), nor in another
language. The caller's key names everything else the fragment depends on (scope, period, data
version...). Callers render cached fragments without the request, so no CSRF token and nothing
of the person who asked (their menu, their rights) can end up in the cache: a fragment's forms
hold `csrf_placeholder()` where the token goes, and `with_csrf_token` puts the reader's back.
"""

import hashlib
from functools import cache as once
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from .data_versions import request_cache_get
from .read_ahead import cache_get_many
from .request import TenantRequest

# Outdated fragments are never read again (their key changes); this only bounds how long they
# stay in the cache.
FRAGMENT_SECONDS = 6 * 3600


@once
def release() -> str:
    """A digest of the templates and the compiled translations this process renders with: a
    deployment that changes either one renders its fragments anew instead of serving the old
    ones, and every worker of one deployment shares the same keys."""
    digest = hashlib.blake2b(digest_size=8)
    template_dirs = cast(list[str | Path], settings.TEMPLATES[0]["DIRS"])
    folders = [Path(folder) for folder in [*template_dirs, *settings.LOCALE_PATHS]]
    for path in sorted(f for folder in folders for f in folder.rglob("*") if f.is_file()):
        if path.suffix in {".html", ".txt", ".mo"}:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def fragment_key(request: TenantRequest, name: str, key: str) -> str:
    tenant = request.tenant
    language = get_language() or ""
    zone = timezone.get_current_timezone_name()
    scope = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    return f"fragment:{tenant.pk}:{name}:{language}:{zone}:{release()}:{scope}"


def fragment_get(request: TenantRequest, name: str, key: str) -> SafeString | None:
    """A fragment, or None; read with the layout's own keys if the page read no version yet."""
    html = cast(str | None, request_cache_get(request, fragment_key(request, name, key)))
    # Only this module writes these keys, with HTML its callers rendered from their templates.
    return SafeString(html) if html is not None else None


def fragments_get(request: TenantRequest, keys: dict[str, str]) -> dict[str, SafeString]:
    """Several fragments in one round trip: {name: key} → {name: HTML} for those found."""
    if not keys:
        return {}
    full = {fragment_key(request, name, key): name for name, key in keys.items()}
    found = cache_get_many(list(full))
    return {full[k]: SafeString(html) for k, html in found.items()}


def fragment_set(request: TenantRequest, name: str, key: str, html: str) -> SafeString:
    cache.set(fragment_key(request, name, key), str(html), FRAGMENT_SECONDS)
    return SafeString(html)


@once
def csrf_placeholder() -> str:
    """What a cached fragment's forms hold in place of the reader's CSRF token (rendered as the
    context's `csrf_token`): derived from the secret key, so no text anyone writes can hold it
    and receive the reader's token."""
    return salted_hmac("network_animation.fragments", "csrf-token", algorithm="sha256").hexdigest()


def with_csrf_token(request: HttpRequest, html: str) -> SafeString:
    """A fragment's HTML with this request's CSRF token where its forms hold the placeholder
    (never cached: each reader gets their own)."""
    # Only this module's callers write these fragments, from their templates.
    return SafeString(html.replace(csrf_placeholder(), get_token(request)))
