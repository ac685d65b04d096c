"""Which cache entries a tenant page reads: what `TenantMiddleware` reads ahead, in one round trip,
before anything else of the request reads the cache (read_ahead.py).

Known from the request itself: the session's entry (its key is the cookie's) and the tenant's
(its slug is in the URL). Guessed from the same session's previous requests, as this process
remembers them: the signed-in person (their row, their membership in the tenant), and, for a
page that only reads (GET, HEAD), every other key the same page asked for the last time this
session opened it (the tenant's data versions, the layout's bell and switcher, the panels'
fragments, the objects' versions). A page whose data changed since asks for other keys (a new
version, a new fragment): those are read as usual, and the guess is mended for next time.

A guess is only ever a list of keys, and what is read ahead is handed out only to the code that
asks for that very key (read_ahead.py): a wrong one costs a few keys in the MGET, never a wrong
answer. What a process remembers is bounded (the sessions seen last), and named by a digest of
the session's key rather than the key itself.
"""

import hashlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from threading import Lock

from django.conf import settings
from django.http import HttpRequest

from .read_ahead import ReadAhead, read_ahead, reads_ahead
from .sessions import SessionStore
from .tenant_cache import membership_key, tenant_key
from .user_cache import user_key

SESSIONS_REMEMBERED = 4096
PAGES_REMEMBERED = 4096
# A page asking for more (a thread's hundreds of posts) gets the first ones read ahead.
KEYS_PER_PAGE = 64
READING_METHODS = ("GET", "HEAD")


class _Remembered[T]:
    """The values of the keys put last, at most `size` of them (threads may share it)."""

    def __init__(self, size: int):
        self._entries: OrderedDict[str, T] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get(self, key: str) -> T | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: str, value: T) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


_people: _Remembered[int] = _Remembered(SESSIONS_REMEMBERED)  # session → the person's id
_pages: _Remembered[tuple[str, ...]] = _Remembered(PAGES_REMEMBERED)  # session, page → keys


@contextmanager
def page_reads_ahead(request: HttpRequest, slug: str) -> Iterator[None]:
    """Run the tenant page `request` with what it will read from the cache read ahead, and
    remember what it asked for once it answered."""
    cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not cookie or not reads_ahead():
        yield
        return
    visitor = _digest(cookie)
    page = _digest(cookie, request.get_full_path()) if _reads_only(request) else None
    with read_ahead(_keys(request, slug, visitor, page)) as store:
        yield
    _remember(request, visitor, page, store)


def _keys(request: HttpRequest, slug: str, visitor: str, page: str | None) -> list[str]:
    session = getattr(request, "session", None)
    session_key = session.read_ahead_key() if isinstance(session, SessionStore) else None
    keys = [session_key] if session_key else []
    keys.append(tenant_key(slug))
    user_id = _people.get(visitor)
    if user_id is not None:
        keys += [user_key(user_id), membership_key(slug, user_id)]
    if page is not None:
        keys += _pages.get(page) or ()
    return keys


def _remember(
    request: HttpRequest, visitor: str, page: str | None, store: ReadAhead | None
) -> None:
    # Only signed-in sessions' guesses: a made-up cookie never takes the place of a real one.
    user = request.__dict__.get("_cached_user")  # the person, if the request loaded them
    if user is None or not user.is_authenticated:
        return
    _people.put(visitor, user.pk)
    if page is not None and store is not None:
        _pages.put(page, tuple(store.asked)[:KEYS_PER_PAGE])


def _reads_only(request: HttpRequest) -> bool:
    # A page that writes reads its versions and fragments after writing: never ahead.
    return request.method in READING_METHODS


def _digest(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()
