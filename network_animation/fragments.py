"""Rendered HTML fragments kept in the cache (Redis in production), for pages whose panels cost
more to render than to read.

Every key starts with the tenant, the fragment's name, the active language and time zone: a
fragment rendered for one tenant is never served to another (checklist T8), nor in another
language. The caller's key names everything else the fragment depends on (scope, period, data
version...). Callers render cached fragments without the request, so no CSRF token and nothing
of the person who asked (their menu, their rights) can end up in the cache.
"""

import hashlib
from functools import cache as once
from pathlib import Path
from typing import cast
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

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


def version_read(key: str) -> str:
    """A data version kept in the cache under `key` (what fragment keys hold to go out of date
    when their data changes), created on first read.

    A random value rather than a counter: if the cache loses it (eviction, a restart), the new
    value cannot meet the keys of fragments rendered under an older one."""
    version = cache.get(key)
    if version is None:
        fresh = uuid4().hex
        version = fresh if cache.add(key, fresh, timeout=None) else cache.get(key, fresh)
    return version


def version_renew(key: str) -> None:
    """The data changed: every fragment keyed on the old version is out of date."""
    cache.set(key, uuid4().hex, timeout=None)


# The names of the tenants' data versions (organisation, rollups, KPI definitions, challenges),
# each registered by the app that owns it: a page reads all of its tenant's in one round trip.
TENANT_VERSIONS: list[str] = []


def register_tenant_version(name: str) -> str:
    if name not in TENANT_VERSIONS:
        TENANT_VERSIONS.append(name)
    return name


def tenant_version_key(name: str, tenant_id: int) -> str:
    return f"version:{name}:{tenant_id}"


def tenant_version(name: str, tenant_id: int) -> str:
    return version_read(tenant_version_key(name, tenant_id))


def tenant_version_renew(name: str, tenant_id: int) -> None:
    """The tenant's data named `name` changed: its new version is set when the transaction
    commits, so that a page rendered in between from the old rows keys its HTML on the old
    version, never on the new one."""
    transaction.on_commit(lambda: version_renew(tenant_version_key(name, tenant_id)))


def request_version(request: HttpRequest, name: str) -> str:
    """A version of the request's tenant: all of them read at the first call, once per request."""
    versions: dict[str, str] = request.__dict__.setdefault("_tenant_versions", {})
    if name not in versions:
        tenant_id = request.tenant.pk  # type: ignore[attr-defined]
        names = [n for n in {*TENANT_VERSIONS, name} if n not in versions]
        keys = {tenant_version_key(n, tenant_id): n for n in names}
        found = cache.get_many(list(keys))
        for key, version_name in keys.items():
            versions[version_name] = found.get(key) or version_read(key)
    return versions[name]


def fragment_key(request: HttpRequest, name: str, key: str) -> str:
    tenant = request.tenant  # type: ignore[attr-defined]
    language = get_language() or ""
    zone = timezone.get_current_timezone_name()
    scope = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    return f"fragment:{tenant.pk}:{name}:{language}:{zone}:{release()}:{scope}"


def fragment_get(request: HttpRequest, name: str, key: str) -> SafeString | None:
    html = cache.get(fragment_key(request, name, key))
    # Only this module writes these keys, with HTML its callers rendered from their templates.
    return SafeString(html) if html is not None else None


def fragments_get(request: HttpRequest, keys: dict[str, str]) -> dict[str, SafeString]:
    """Several fragments in one round trip: {name: key} → {name: HTML} for those found."""
    if not keys:
        return {}
    full = {fragment_key(request, name, key): name for name, key in keys.items()}
    found = cache.get_many(list(full))
    return {full[k]: SafeString(html) for k, html in found.items()}


def fragment_set(request: HttpRequest, name: str, key: str, html: str) -> SafeString:
    cache.set(fragment_key(request, name, key), str(html), FRAGMENT_SECONDS)
    return SafeString(html)
