"""Rows a page reads for the one person who asks (a thread and their state on it, their run in a
module), kept in the cache under the versions of everything they hold (data_versions.py), so a
page opened again and again by the same person reads no row at all.

The caller's key names those versions and the person; this module adds the tenant, the rows'
name and the shape of their models: a deployment that adds or removes a column reads none of the
rows pickled before it (a row missing a field would load it from the database behind the page's
back). What a kept row says about who may see it is the caller's to check again at each request
with the person as they are now.
"""

import hashlib
from collections.abc import Iterable
from functools import cache as once

from django.core.cache import cache
from django.db.models import Model

from .data_versions import request_cache_get
from .fragments import FRAGMENT_SECONDS
from .request import TenantRequest


@once
def _shape(models: tuple[type[Model], ...]) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for model in models:
        digest.update(model._meta.label.encode())
        for field in model._meta.concrete_fields:
            digest.update(f"{field.attname}:{field.get_internal_type()};".encode())
    return digest.hexdigest()


def rows_key(request: TenantRequest, name: str, key: str, models: Iterable[type[Model]]) -> str:
    scope = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    return f"rows:{request.tenant.pk}:{name}:{_shape(tuple(models))}:{scope}"


def rows_get(
    request: TenantRequest, name: str, key: str, models: Iterable[type[Model]]
) -> object | None:
    """What `rows_set` kept under this key, or None; read with the layout's keys if the page
    read no version yet."""
    return request_cache_get(request, rows_key(request, name, key, models))


def rows_set(
    request: TenantRequest, name: str, key: str, models: Iterable[type[Model]], rows: object
) -> None:
    cache.set(rows_key(request, name, key, models), rows, FRAGMENT_SECONDS)
