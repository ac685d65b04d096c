"""The front-end files the pages load from npm packages, and a refusal to serve without them.

A deployment whose static files were collected before `npm install` had run serves every page
with a 500 ("Missing staticfiles manifest entry ..."), which nobody sees until the first page is
opened: a bench run failed that way after 16 minutes. The web server now refuses to start
instead, saying which file is missing and how to get it.
"""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

# Served from node_modules (settings.STATICFILES_DIRS), installed by npm from package.json.
REQUIRED = ("vendor/chart.js/chart.umd.min.js",)


def static_assets_missing() -> list[str]:
    """The required files the static files storage cannot serve: with a manifest (production),
    those it has no entry for; without one (development), those no finder finds."""
    storage = storages["staticfiles"]
    missing = []
    for name in REQUIRED:
        if isinstance(storage, ManifestFilesMixin):
            try:
                storage.stored_name(name)
            except ValueError:
                missing.append(name)
        elif finders.find(name) is None:
            missing.append(name)
    return missing


def static_assets_require() -> None:
    """Raise, with what to do, when a required front-end file cannot be served."""
    missing = static_assets_missing()
    if missing:
        raise ImproperlyConfigured(
            f"Static files missing: {', '.join(missing)}. They come from the npm packages of"
            " package.json: run `npm install` (or `make setup`), then"
            " `python manage.py collectstatic --no-input`, then start the server again."
        )
