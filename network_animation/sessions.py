"""Sessions kept in the database and in the cache: Django's `cached_db`, whose cache entry a tenant
page reads ahead with the rest of what it reads (read_ahead.py).

The keys, the values and the database rows are Django's own, so sessions opened before stay
valid, and a cache that lost them (Redis restarted empty) signs nobody out.
"""

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import DEFAULT_CACHE_ALIAS

from .read_ahead import cache_get


class SessionStore(cached_db.SessionStore):
    def read_ahead_key(self) -> str | None:
        """The cache key `load` will ask for, if it asks the default cache (None: no session)."""
        if not self.session_key or not self._in_default_cache():
            return None
        return f"{self.cache_key_prefix}{self.session_key}"

    def load(self) -> dict[str, Any]:
        """The cache's entry, taken from what the request read ahead; if the cache has none,
        Django's `load` (which asks the cache again, then the database)."""
        data = cache_get(self.cache_key) if self._in_default_cache() else None
        return data if isinstance(data, dict) else super().load()

    @staticmethod
    def _in_default_cache() -> bool:
        return settings.SESSION_CACHE_ALIAS == DEFAULT_CACHE_ALIAS
