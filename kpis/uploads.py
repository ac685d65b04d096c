"""Uploaded files kept between the preview and the import (one hour, in the shared cache).

Keys carry the kind of file (facts or objectives), the tenant and a random token, so one tenant
can never reach another's upload (CHECKLIST T8); the token travels in the form, not in the URL.
"""

import secrets

from django.core.cache import cache

from network_animation.models import Tenant

KEEP_SECONDS = 3600
FACTS = "facts"
OBJECTIVES = "objectives"


def _key(tenant: Tenant, token: str, part: str, kind: str) -> str:
    return f"kpi-upload:{kind}:{tenant.pk}:{token}:{part}"


def upload_keep(*, tenant: Tenant, content: bytes, filename: str, kind: str = FACTS) -> str:
    token = secrets.token_urlsafe(24)
    cache.set(_key(tenant, token, "file", kind), (filename, content), KEEP_SECONDS)
    return token


def upload_get(*, tenant: Tenant, token: str, kind: str = FACTS) -> tuple[str, bytes] | None:
    return cache.get(_key(tenant, token, "file", kind))


def upload_forget(*, tenant: Tenant, token: str, kind: str = FACTS) -> None:
    cache.delete_many([_key(tenant, token, "file", kind), _key(tenant, token, "errors", kind)])


def errors_keep(*, tenant: Tenant, token: str, report: str, kind: str = FACTS) -> None:
    cache.set(_key(tenant, token, "errors", kind), report, KEEP_SECONDS)


def errors_get(*, tenant: Tenant, token: str, kind: str = FACTS) -> str | None:
    return cache.get(_key(tenant, token, "errors", kind))
