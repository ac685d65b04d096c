import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_animation.settings.base")

application = get_wsgi_application()

# A production server without its front-end files would answer every page with a 500: it
# refuses to start instead, saying what to run (network_animation/static_assets.py).
if not settings.DEBUG:
    from network_animation.static_assets import static_assets_require

    static_assets_require()

# Import every view now, when the server starts a worker, rather than in the first request each
# worker serves (about 0.2 s of imports that a user or an API client would wait for).
get_resolver().url_patterns  # noqa: B018  # read for its side effect: the URLconf is imported

# Likewise the cache's client library, which Django imports at the first cache access of each
# worker (about 70 ms of imports of redis-py).
if any("redis" in cache["BACKEND"].lower() for cache in settings.CACHES.values()):
    import redis  # noqa: F401

# What is loaded now lives as long as the worker: moved out of the garbage collector's reach, it
# is not walked again by each collection (a full one cost about 90 ms in a worker's first large
# request).
gc.freeze()
