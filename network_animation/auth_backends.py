"""How a request finds who is signed in: Django's model backend, with the row from the cache."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import User
from .user_cache import cached_user_add, cached_user_get, caches_people


class CachedModelBackend(ModelBackend):
    """Signs in as Django's model backend does; finds the signed-in person of each request in
    the cache first (user_cache.py). Django then checks the session against the person as
    usual: the session's hash, and their being active (only active people are cached)."""

    def get_user(self, user_id: Any) -> User | None:
        if not caches_people():
            return super().get_user(user_id)
        user, may_cache = cached_user_get(user_id)
        if user is not None:
            return user
        user = super().get_user(user_id)  # None if gone or inactive
        if user is not None and may_cache:
            cached_user_add(user)
        return user
