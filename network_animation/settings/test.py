"""Test settings: the base settings, fast password hashing, no outgoing email.

Each pytest-xdist worker gets its own Redis database, so that cache keys (login counters, locks)
of parallel tests never meet.
"""

import os

os.environ.setdefault("DEBUG", "on")

from .base import *  # noqa: E402, F403
from .base import REDIS_URL  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
DEBUG = False

_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
if REDIS_URL:
    _base = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL
    CACHES = {
        "default": {
            "BACKEND": "network_animation.read_ahead.ReadAheadRedisCache",
            "LOCATION": f"{_base}/{1 + int(_worker) % 14}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "network_animation.read_ahead.ReadAheadLocMemCache"}}

# Tasks run inline in tests; the real-worker test switches this off for its own run.
CELERY_TASK_ALWAYS_EAGER = True

# Files written by tests (reports, exports) go to a throwaway folder per worker.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.gettempdir()) / f"network-animation-test-media-{_worker}"
