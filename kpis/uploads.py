"""Uploaded files kept between the preview and the import (one hour, in the shared cache).

Keys carry the tenant and a random token, so one tenant can never reach another's upload
(CHECKLIST T8); the token travels in the form, not in the URL.
"""

import secrets

from django.core.cache import cache

from network_animation.models import Tenant

KEEP_SECONDS = 3600


def _key(tenant: Tenant, token: str, part: str) -> str:
    return f"kpi-upload:{tenant.pk}:{token}:{part}"


def upload_keep(*, tenant: Tenant, content: bytes, filename: str) -> str:
    token = secrets.token_urlsafe(24)
    cache.set(_key(tenant, token, "file"), (filename, content), KEEP_SECONDS)
    return token


def upload_get(*, tenant: Tenant, token: str) -> tuple[str, bytes] | None:
    return cache.get(_key(tenant, token, "file"))


def upload_forget(*, tenant: Tenant, token: str) -> None:
    cache.delete_many([_key(tenant, token, "file"), _key(tenant, token, "errors")])


def errors_keep(*, tenant: Tenant, token: str, report: str) -> None:
    cache.set(_key(tenant, token, "errors"), report, KEEP_SECONDS)


def errors_get(*, tenant: Tenant, token: str) -> str | None:
    return cache.get(_key(tenant, token, "errors"))
