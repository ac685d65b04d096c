"""The production settings plus the bench's floor view (its URLconf and template).

The floor belongs to the bench, not to the product: only this module adds it.
"""

from network_animation.settings.base import env
from network_animation.settings.production import *  # noqa: F403
from network_animation.settings.production import BASE_DIR, INSTALLED_APPS, STORAGES

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
# Warnings only: a log line per request would be part of what the load test measures.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# collectstatic of the bench goes to its own ignored folder, not the developers' staticfiles/.
STATIC_ROOT = BASE_DIR / "bench" / "data" / "staticfiles"

# The bench collects the static files first (a minute or more, compressing them); its tests, whose
# gunicorn renders pages without serving their files, skip that: plain static URLs, no manifest.
if env.bool("BENCH_UNCOLLECTED_STATIC", default=False):
    STORAGES = {
        **STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
