"""Settings shared by every environment, read from the environment (12-factor).

The embedded default (no environment at all) is a developer's machine: SQLite, tasks run inline,
emails printed on the console.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# With DEBUG on, a 404 or a 500 still shows the product's own page; DEBUG_PAGES=on shows
# Django's debug pages instead (network_animation.middleware.ProductErrorPagesMiddleware).
DEBUG_PAGES = env.bool("DEBUG_PAGES", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-secret-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "network_animation.apps.PlatformAdminConfig",  # django.contrib.admin, per tenant
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "network_animation",
    "kpis",
    "communities",
    "microlearning",
    "challenges",
    "recommendations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Django's CSP and locale middleware, without their per-request work for nothing.
    "network_animation.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "network_animation.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Development only (DEBUG on): outside the tenant's, so its 404s get the product's page too.
    "network_animation.middleware.ProductErrorPagesMiddleware",
    "network_animation.middleware.TenantMiddleware",
    "network_animation.middleware.PrivatePageCacheMiddleware",
    # Refuses oversized bodies unread; anywhere after the tenant's so its page has the layout.
    "network_animation.uploads.RequestBodyLimitMiddleware",
]

ROOT_URLCONF = "network_animation.urls"
WSGI_APPLICATION = "network_animation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "network_animation.context_processors.navigation",
                "communities.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: opening one per request costs an order of magnitude in throughput.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The aggregation and the imports work in temporary tables of up to a few hundred MB; with
    # PostgreSQL's default 8 MB of buffers for them they are written to disk and read back. The
    # memory is taken only by a session that uses temporary tables, and only as they grow.
    # A search for a word in half the posts groups their ranks per thread: at the default 4 MB
    # of sort memory that spills to disk (5 ms more on the bench's 100,000 posts).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c temp_buffers=256MB -c work_mem=16MB"
    )
    # Django's backend, telling row-level security the code's scope before the statements that
    # need it (network_animation/database_scope.py).
    DATABASES["default"]["ENGINE"] = "network_animation.postgresql"
# The role the web and the workers connect as, when migrations run as another one (the tables'
# owner): `migrate` grants it what it needs, and row-level security binds it (rls.py).
DATABASE_APPLICATION_ROLE = env("DATABASE_APPLICATION_ROLE", default="")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "network_animation.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with the signed-in person read from the cache (user_cache.py).
    "network_animation.auth_backends.CachedModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Django's Redis cache, from which a tenant page reads what it needs in one round trip
    # (network_animation/read_ahead.py).
    CACHES = {
        "default": {
            "BACKEND": "network_animation.read_ahead.ReadAheadRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    # Every page reads the session: from Redis, the database only when Redis lost it (sessions
    # are still written to the database, so a Redis restart signs nobody out). Django's
    # `cached_db`, read ahead with the rest of the page (network_animation/sessions.py).
    SESSION_ENGINE = "network_animation.sessions"
else:
    # Shared by every process of the embedded default, so login throttling is not per process.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_entries",
        }
    }

# Failed sign-ins are counted in the cache (Redis in production), per account.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Per account, as the security checklist asks: locking per IP would lock out a whole dealership
# behind one NAT after a few typos. See docs/decisions.md.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_CALLABLE = "network_animation.signin.attempted_account"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates day first in English too ("29 Nov 2026"): network_animation/formats/.
FORMAT_MODULE_PATH = ["network_animation.formats"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "static"]
if (BASE_DIR / "node_modules" / "chart.js" / "dist").is_dir():
    STATICFILES_DIRS.append(("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploads are never served under MEDIA_URL in production (no route, no web server alias): an
# authorising view streams them (CHECKLIST T9).
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "network_animation.uploads.UploadLimitHandler",  # first: stops a file past IMPORT_MAX_BYTES
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

_smtp = env("EMAIL_HOST", default="")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _smtp,
            "port": env.int("EMAIL_PORT", default=25),
            "username": env("EMAIL_HOST_USER", default=""),
            "password": env("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
        },
    }
    if _smtp
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Animation réseau <noreply@localhost>")
# Where people reach the platform: links in emails sent without a request (invitations, digests).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Security headers and cookies (CHECKLIST D2, D3).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    # Learning's video steps: the embeds of the two hosts allowed (microlearning/video.py).
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "form-action": [CSP.SELF],
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["network_animation.api.auth.ServiceTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["network_animation.api.auth.IsTenantServiceAccount"],
    "DEFAULT_PAGINATION_CLASS": "network_animation.api.pagination.ValidatedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "network_animation.api.auth.ServiceTokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", default="60/min"),
        "service_token": env("API_TOKEN_RATE", default="600/min"),
    },
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Network animation platform API",
    "DESCRIPTION": "Read and write the network's data with a tenant's service token.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # network_animation/api/converters.py: the ids in the API's URLs.
    "PATH_CONVERTER_OVERRIDES": {"api_id": {"type": "integer", "format": "int64", "minimum": 1}},
    # One name for the point-of-sale types, whether a field calls them `type` (points of sale)
    # or `point_of_sale_type` (documents).
    "ENUM_NAME_OVERRIDES": {
        "PointOfSaleTypeEnum": "network_animation.models.PointOfSale.Type",
        # Learning's languages (fr, en, both) are not the documents' (fr, en, fr_en).
        "ModuleLanguageEnum": "microlearning.models.modules.Language",
    },
}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A killed worker's work must resume within 15 minutes (docs/operations.md). A worker that starts
# gives back at once the tasks of dead workers (celery.py); failing that, Redis gives a task back
# once it has been unacknowledged for the visibility timeout (tasks are acknowledged when they
# end), and workers look for such tasks every minute (10 s x 6): 10 + 1 minutes at worst.
# The longest task, a 1,000-point tenant's nightly chain, takes about a minute (BENCHMARKS.md):
# 5 minutes leaves room for larger tenants. The soft limit raises in the task (its run is marked
# failed, readably), the hard one kills it a minute later. A delivery stays unacknowledged for its
# retry delay (2 minutes at most, network_animation/tasks.py) and its run: 2 + 6 < 10, so no task
# is given to a second worker while the first still runs it.
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 10 * 60,
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 6,
}
NIGHTLY_HOUR = env.int("NIGHTLY_HOUR", default=2)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
