"""Cache entries read ahead: what a request will ask the cache for, read in one round trip (one
MGET on Redis) when it starts, and handed out to the code that asks.

`TenantMiddleware` reads ahead the keys `page_reads.py` expects a tenant page to ask for; the
code that reads the cache on every page (the session, the signed-in person, the tenant and the
membership, the data versions, the layout's bell and switcher, the panels' fragments) asks
through `cache_get` and `cache_get_many` instead of the cache itself. Nothing read ahead is
trusted more than what the cache would have answered at that moment:

- an entry is handed out once, and only to code asking for that very key: the code computes
  its key as it always did and checks what it finds (stale marks, generations, the tenant's
  id) as it always did. A key read ahead that nobody asks for was a wrong guess, and only cost
  its place in the MGET; a key asked for that was not read ahead is read from the cache;
- any write to the cache during the request (a set, an add that adds, a deletion, by any code)
  drops everything still read ahead: the next reads go to the cache and see that write.

Only caches that say when they are written read ahead: the backends below (Redis in production,
local memory in tests). With any other the helpers are the cache's own `get` and `get_many`.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReadAhead:
    """One request's entries read ahead, and every key its code asked for (in order)."""

    def __init__(self, entries: dict[str, object]):
        self.entries = entries  # {key: value, or MISSING if the cache had nothing}
        self.asked: dict[str, None] = {}

    def take(self, key: str) -> object:
        """The entry read ahead for `key` (MISSING: the cache had none), or NOT_READ."""
        self.asked[key] = None
        return self.entries.pop(key, NOT_READ)


MISSING = object()
NOT_READ = object()
_current: ContextVar[ReadAhead | None] = ContextVar("read_ahead", default=None)


class _WritesDropReadAhead(BaseCache):
    """A cache backend whose every write drops the current request's entries read ahead."""

    def add(self, *args: Any, **kwargs: Any) -> Any:
        # An add that finds the key taken writes nothing (a stale mark kept, a version there).
        added = super().add(*args, **kwargs)
        if added:
            _drop()
        return added

    def set(self, *args: Any, **kwargs: Any) -> Any:
        _drop()
        return super().set(*args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        _drop()
        return super().touch(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _drop()
        return super().delete(*args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        _drop()
        return super().incr(*args, **kwargs)

    def decr(self, *args: Any, **kwargs: Any) -> Any:
        _drop()
        return super().decr(*args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        _drop()
        return super().set_many(*args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        _drop()
        return super().delete_many(*args, **kwargs)

    def clear(self) -> Any:
        _drop()
        return super().clear()


class _SharedRedisClients(RedisCacheClient):
    """Django's Redis client, with one redis-py client per server kept for every command:
    Django builds a new one at each (its tables of reply parsers, about 0.07 ms of CPU, three
    times in a step save). A redis-py client takes a connection from its pool for each command,
    so it is safe to share, as the pool already is."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]  # unstubbed
        if index not in self._clients:
            self._clients[index] = super().get_client(key, write=write)
        return self._clients[index]


class ReadAheadRedisCache(_WritesDropReadAhead, RedisCache):
    """Django's Redis cache, which requests may read ahead from."""

    def __init__(self, server: str, params: dict[str, Any]):
        super().__init__(server, params)
        self._class = _SharedRedisClients


class ReadAheadLocMemCache(_WritesDropReadAhead, LocMemCache):
    """Django's local-memory cache (the tests' without Redis), which requests may read ahead
    from."""


def reads_ahead() -> bool:
    """Whether the cache says when it is written, so that entries may be read ahead."""
    return isinstance(caches["default"], _WritesDropReadAhead)


@contextmanager
def read_ahead(keys: Iterable[str]) -> Iterator[ReadAhead | None]:
    """Read `keys` in one round trip and hand them out to the code run in the block (see the
    module's doc); None, and nothing read, if the cache cannot read ahead."""
    if not reads_ahead():
        yield None
        return
    wanted = list(dict.fromkeys(keys))
    found = cache.get_many(wanted) if wanted else {}
    store = ReadAhead({key: found.get(key, MISSING) for key in wanted})
    token = _current.set(store)
    try:
        yield store
    finally:
        _current.reset(token)


def cache_get(key: str) -> Any:
    """`cache.get(key)`, answered from what the request read ahead when it holds the key."""
    store = _current.get()
    taken = store.take(key) if store is not None else NOT_READ
    if taken is NOT_READ:
        return cache.get(key)
    return None if taken is MISSING else taken


def cache_get_many(keys: Iterable[str]) -> dict[str, Any]:
    """`cache.get_many(keys)`, the keys the request read ahead answered from there: one round
    trip for the others, none if it read them all."""
    store = _current.get()
    if store is None:
        return cache.get_many(keys)
    found: dict[str, Any] = {}
    unread: list[str] = []
    for key in keys:
        taken = store.take(key)
        if taken is NOT_READ:
            unread.append(key)
        elif taken is not MISSING:
            found[key] = taken
    if unread:
        found.update(cache.get_many(unread))
    return found


def _drop() -> None:
    store = _current.get()
    if store is not None:
        store.entries.clear()
