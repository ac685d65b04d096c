"""The signed-in person's row, kept in the cache (Redis in production) between their requests.

Django reads the person's row from the database at every request, to know who is signed in,
that they are still active, and that their password is still the one the session was opened
with. `auth_backends.CachedModelBackend` reads it from here instead, in the round trip's time
and without compiling a query.

What is kept: the row's fields but the password hash (no password hash ever goes to the
cache), and the session hash Django derives from it with the secret key, which is all a
request compares its session with. The key names a digest of the secret key, so processes
with another secret (a rolling deployment) never read each other's hashes. The password itself
is loaded from the database only if a request asks for it (changing it).

Forgetting: every save or deletion of a person (signals: the admin, password changes and
resets, profile and language, imports) and every `update()` of people (`UserQuerySet`) marks
their entry stale at once and again when the transaction commits. A stale mark is not an
entry: a request that finds it reads the row from the database and caches nothing, and one
that read the row before the commit cannot write it back over the mark (entries are only
added where there is nothing). The mark outlives the commit by `STALE_SECONDS`, far more than
a request takes between reading the row and caching it. So a deactivated person or a changed
password is seen by the very next request.
"""

import hashlib
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DEFAULT_DB_ALIAS, transaction

from .read_ahead import cache_get

if TYPE_CHECKING:
    from .models import User

# Entries of people who stopped coming leave the cache by themselves.
USER_SECONDS = 3600
STALE_SECONDS = 10
STALE = "stale"
# What a person read from the cache carries instead of their password hash (User).
SESSION_HASH_ATTRIBUTE = "_cached_session_auth_hash"
# Not kept: the hash, and what signing in alone writes (nothing the pages read).
LEFT_OUT = frozenset({"password"})
SIGN_IN_ONLY = frozenset({"last_login"})


def caches_people() -> bool:
    """Whether the cache is worth it: a database cache would be one query for another."""
    return not isinstance(caches["default"], DatabaseCache)


def user_key(user_id: object) -> str:
    secret = hashlib.blake2b(settings.SECRET_KEY.encode(), digest_size=6).hexdigest()
    return f"signed-in:{secret}:{user_id}"


def cached_user_get(user_id: object) -> "tuple[User | None, bool]":
    """(the person's cached row or None, whether the cache may be given their row)."""
    entry = cache_get(user_key(user_id))  # read ahead by tenant pages (page_reads.py)
    if not isinstance(entry, dict):
        return None, entry is None
    names = list(entry["fields"])
    model = cast("type[User]", get_user_model())  # models import this module: not imported here
    user = model.from_db(DEFAULT_DB_ALIAS, names, [entry["fields"][name] for name in names])
    user.__dict__[SESSION_HASH_ATTRIBUTE] = entry["session_hash"]
    return user, False


def cached_user_add(user: "User") -> None:
    fields: dict[str, Any] = {
        field.attname: getattr(user, field.attname)
        for field in user._meta.concrete_fields
        if field.attname not in LEFT_OUT
    }
    entry = {"fields": fields, "session_hash": user.get_session_auth_hash()}
    cache.add(user_key(user.pk), entry, USER_SECONDS)


def users_forget(user_ids: Iterable[object]) -> None:
    """These people changed: their cached rows are not read again (see the module's doc)."""
    marks = {user_key(user_id): STALE for user_id in user_ids}
    if not marks:
        return
    cache.set_many(marks, STALE_SECONDS)
    transaction.on_commit(partial(cache.set_many, marks, STALE_SECONDS))


def user_saved(sender: type, instance: "User", **kwargs: Any) -> None:
    """post_save and post_delete of people (connected in apps.py)."""
    update_fields = kwargs.get("update_fields")
    if kwargs.get("created") or (update_fields is not None and set(update_fields) <= SIGN_IN_ONLY):
        return  # nobody can have cached a row not committed yet
    users_forget([instance.pk])
