"""Data versions: what cached panels key on, one per tenant and kind of data (fragments.py).

A version is a random value kept in the cache, so a version lost with the cache (eviction, a
restart) cannot meet the keys of fragments rendered under an older one. Every service that writes
what a kind of panel shows calls `data_changed(tenant=..., kinds=[...])`, once (once per batch for
imports and bulk writes), and so does the admin (`save_model`, `delete_model`). The new value is
set when the transaction commits: a page rendered in between from the old rows keys its HTML on
the old version, never on the new one. Nothing renews a version behind the code's back (there
are no signals): a write that forgot would show when the fragments expire
(`fragments.FRAGMENT_SECONDS`).

Some pages show one object alone (a thread and its posts): they key on the object's own version
(`object_version`), renewed by `object_changed` under the same rules, so writes elsewhere in the
tenant do not empty their cache.

The kinds: the organisation's (names of regions, zones, points of sale, people, memberships);
the KPI definitions' and the rollups' (kpis/cache.py); the challenges' (challenges/cache.py).
"""

from collections.abc import Callable, Iterable
from functools import partial
from typing import cast
from uuid import uuid4

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest

from .models import Tenant
from .read_ahead import cache_get, cache_get_many
from .request import TenantRequest

# The kinds of every tenant, each registered by the app that owns it: a page reads all of its
# tenant's versions in one round trip.
KINDS: list[str] = []


def register_data_kind(name: str) -> str:
    if name not in KINDS:
        KINDS.append(name)
    return name


ORGANISATION = register_data_kind("organisation")


def version_key(kind: str, tenant_id: int) -> str:
    return f"version:{kind}:{tenant_id}"


def _version_read(key: str, timeout: int | None = None) -> str:
    version = cache_get(key)
    if version is None:
        fresh = uuid4().hex
        version = fresh if cache.add(key, fresh, timeout=timeout) else cache.get(key, fresh)
    return version


def tenant_version(kind: str, tenant_id: int) -> str:
    """A tenant's version of a kind of data, created on first read."""
    return _version_read(version_key(kind, tenant_id))


# What other apps do when a kind of data changes (communities follow the organisation), each
# registered by the app: called at commit with the tenant's id, once per transaction.
LISTENERS: dict[str, list[Callable[[int], object]]] = {}


def on_data_changed(kind: str, listener: Callable[[int], object]) -> None:
    if listener not in LISTENERS.setdefault(kind, []):
        LISTENERS[kind].append(listener)


def data_changed(*, tenant: Tenant | int, kinds: Iterable[str]) -> None:
    """What the tenant's pages show of these kinds changed: their versions are renewed when the
    transaction commits (at once outside one), once however many writes of it call this; and
    the apps listening to a kind are told then."""
    tenant_id = tenant if isinstance(tenant, int) else tenant.pk
    for kind in kinds:
        key = version_key(kind, tenant_id)
        _on_commit_once(key, partial(cache.set, key, uuid4().hex, timeout=None))
        for number, listener in enumerate(LISTENERS.get(kind, [])):
            _on_commit_once(f"{key}:listener:{number}", partial(listener, tenant_id))


# An object's version outlives its fragments (fragments.FRAGMENT_SECONDS); a version lost after
# that only means one more rendering. Tenants' versions are few and kept.
OBJECT_VERSION_SECONDS = 24 * 3600


def object_version_key(kind: str, tenant_id: int, object_id: int) -> str:
    return f"version:{kind}:{tenant_id}:{object_id}"


def object_version(kind: str, tenant_id: int, object_id: int) -> str:
    """One object's version of a kind (a thread's, say): what a page of that object alone keys
    its fragments on, so a write elsewhere in the tenant leaves them in the cache."""
    return _version_read(object_version_key(kind, tenant_id, object_id), OBJECT_VERSION_SECONDS)


def object_changed(*, tenant: Tenant | int, kind: str, object_id: int) -> None:
    """What the object's own page shows changed: its version is renewed when the transaction
    commits (at once outside one), once however many writes call this."""
    tenant_id = tenant if isinstance(tenant, int) else tenant.pk
    key = object_version_key(kind, tenant_id, object_id)
    _on_commit_once(key, partial(cache.set, key, uuid4().hex, timeout=OBJECT_VERSION_SECONDS))


def person_memberships_changed(*, user_ids: Iterable[int]) -> None:
    """A person's memberships changed: the tenant switcher's cached answer is forgotten at once,
    and again at commit (a page read in between may have cached the old answer)."""
    keys = [switcher_key(user_id) for user_id in user_ids]
    cache.delete_many(keys)
    for key in keys:
        _on_commit_once(key, partial(cache.delete, key))


def switcher_key(user_id: int) -> str:
    return f"switcher:{user_id}"


class _Renewal:
    """An on-commit callback that says which cache key it renews (see `_on_commit_once`)."""

    def __init__(self, key: str, action: Callable[[], object]):
        self.key, self.action, self.done = key, action, False

    def __call__(self) -> None:
        self.done = True
        self.action()


def _on_commit_once(key: str, action: Callable[[], object]) -> None:
    # The transaction's pending callbacks are the truth: a rollback drops them, and so drops
    # the "already planned" state with them.
    if connection.in_atomic_block and any(
        isinstance(planned, _Renewal) and planned.key == key and not planned.done
        for planned in (entry[1] for entry in connection.run_on_commit)
    ):
        return
    transaction.on_commit(_Renewal(key, action))


def request_version(request: HttpRequest, kind: str) -> str:
    """A version of the request's tenant: all of them read at the first call, once per request."""
    versions = _request_versions(request)
    if kind not in versions:
        tenant_id = cast(TenantRequest, request).tenant.pk  # asked by tenant pages only
        _versions_read(request, versions, tenant_id, {*KINDS, kind}, {})
    return versions[kind]


def request_object_version(request: HttpRequest, kind: str, object_id: int) -> str:
    """An object's version (`object_version`), read with the tenant's versions when the request
    has not read them yet: a page of one object keys on both for one round trip."""
    return request_object_versions(request, [(kind, object_id)])[0]


def request_object_versions(request: HttpRequest, objects: Iterable[tuple[str, int]]) -> list[str]:
    """Several objects' versions (`object_version`), in the order asked, read in one round trip
    with the tenant's versions when the request has not read them yet."""
    versions = _request_versions(request)
    tenant_id = cast(TenantRequest, request).tenant.pk
    keys = [object_version_key(kind, tenant_id, object_id) for kind, object_id in objects]
    missing = {key: OBJECT_VERSION_SECONDS for key in keys if key not in versions}
    if missing:
        _versions_read(request, versions, tenant_id, KINDS, missing)
    return [versions[key] for key in keys]


# What every tenant page's layout reads of the person's own (the switcher and the bell), each
# registered by the code that reads it: read in the round trip of the tenant's versions, which
# a page with panels reads before its layout is drawn.
COMPANION_KEYS: list[Callable[[TenantRequest], Iterable[str]]] = []


def register_companion_keys(keys: Callable[[TenantRequest], Iterable[str]]) -> None:
    if keys not in COMPANION_KEYS:
        COMPANION_KEYS.append(keys)


def request_companions(request: HttpRequest, keys: Iterable[str]) -> dict[str, object] | None:
    """{key: value} of those of `keys` found when the request read its versions, or None if they
    were not all read then (the caller reads them itself)."""
    read: tuple[frozenset[str], dict[str, object]] | None = request.__dict__.get("_companions")
    keys = list(keys)
    if read is None or not read[0].issuperset(keys):
        return None
    return {key: read[1][key] for key in keys if key in read[1]}


def _companion_keys(request: HttpRequest) -> list[str]:
    # Only pages that write nothing: a write after the versions were read (a notification
    # marked read) must show on the page it renders.
    if request.method not in ("GET", "HEAD") or "_companions" in request.__dict__:
        return []
    tenant_request = cast(TenantRequest, request)
    return [key for keys in COMPANION_KEYS for key in keys(tenant_request)]


def _request_versions(request: HttpRequest) -> dict[str, str]:
    """The versions the request read, by kind (the tenant's) or by key (an object's)."""
    versions: dict[str, str] = request.__dict__.setdefault("_tenant_versions", {})
    return versions


def _versions_read(
    request: HttpRequest,
    versions: dict[str, str],
    tenant_id: int,
    kinds: Iterable[str],
    objects: dict[str, int],
) -> None:
    """Read the tenant's versions of `kinds` not read yet and the objects' `{key: timeout}` in
    one round trip, with the layout's keys (`COMPANION_KEYS`) the first time; a version missing
    from the cache is created."""
    keys: dict[str, tuple[str, int | None]] = {
        version_key(name, tenant_id): (name, None) for name in kinds if name not in versions
    }
    keys.update({key: (key, timeout) for key, timeout in objects.items()})
    found = _read_with_companions(request, list(keys))
    for key, (name, timeout) in keys.items():
        versions[name] = cast(str | None, found.get(key)) or _version_read(key, timeout)


def request_cache_get(request: HttpRequest, key: str) -> object | None:
    """One cache entry (a page's fragment), read with the layout's keys (`COMPANION_KEYS`) when
    the request has not read them yet: one round trip instead of two."""
    return _read_with_companions(request, [key]).get(key)


def _read_with_companions(request: HttpRequest, keys: list[str]) -> dict[str, object]:
    companions = _companion_keys(request)
    if not companions:
        return cache_get_many(keys) if len(keys) != 1 else _found(keys[0], cache_get(keys[0]))
    found = cache_get_many([*keys, *companions])
    request.__dict__["_companions"] = (
        frozenset(companions),
        {key: found[key] for key in companions if key in found},
    )
    return found


def _found(key: str, value: object | None) -> dict[str, object]:
    return {} if value is None else {key: value}
