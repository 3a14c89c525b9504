"""Settings for the IMR decision archive, read from environment variables.

Development defaults are safe to run as they are: SQLite in db.sqlite3, DEBUG on.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL);
see README.md and .env.example.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false)")


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "decisions",
    "imrsite.apps.SiteChecksConfig",  # the deploy check of collectstatic's manifest
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "decisions.site.unavailable.DatabaseUnavailableMiddleware",  # a 503 page, no traceback
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "imrsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "imrsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while the nightly ingest writes; wait rather than fail on a lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Read replicas of the PostgreSQL primary (comma-separated URLs): the public pages read from
# them (decisions/site/replicas.py); writes, the admin and the commands use the primary.
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS", ""), start=1):
    DATABASES[f"replica_{number}"] = dj_database_url.parse(
        url,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
        test_options={"MIRROR": "default"},  # tests: the replica is the test database
    )
# PostgreSQL compiles a plan costed above jit_above_cost before it runs it: 20-70 ms that
# the pages' queries (tens to hundreds of ms) do not win back (guideline + page at a million
# letters: 400 -> 340 ms). The table of a search's matched items (decisions/site/facets.py)
# is read by every facet: held in the session's temporary buffers (8 MB by default) rather
# than spilled to files, each read of 75,000 rows takes 25-40% less. A URL's own
# `?options=` wins.
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off -c temp_buffers=64MB")
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["decisions.site.replicas.ReplicaRouter"]
    MIDDLEWARE.insert(0, "decisions.site.replicas.ReplicaReadsMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes: failed admin logins are counted per user name and address together; after
# AXES_FAILURE_LIMIT of them that pair is refused (HTTP 429) for AXES_COOLOFF_MINUTES.
# Behind a proxy, axes reads the address from REMOTE_ADDR unless told otherwise (README).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every command (cron mails what the ingest prints)

# Content Security Policy (django-csp): scripts, styles and everything else from this site
# only; no inline script or style, no plugin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Where `make run` and the tests find the state's real letters, when the checkout sits beside them.
REAL_LETTERS_DIR = Path(
    os.environ.get("REAL_LETTERS_DIR", BASE_DIR.parent / "shared" / "real-letters")
)

# The directories whose letter files the case page may serve (comma-separated; see README).
LETTER_DIRS = [
    Path(directory)
    for directory in env_list(
        "LETTER_DIRS", f"{BASE_DIR / 'fixtures' / 'letters'},{REAL_LETTERS_DIR}"
    )
]

# Accounts: analysts sign in to keep saved searches (the admin creates the accounts).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "decisions:saved-searches"
LOGOUT_REDIRECT_URL = "decisions:home"

# Email (saved-search digests, password resets): EMAIL_URL such as
# submission://user:password@smtp.example.org (dj-email-url: STARTTLS on port 587), or the
# EMAIL_* variables one by one, which win over it; without either, emails are printed on
# the console.
_EMAIL_URL = dj_email_url.parse(os.environ["EMAIL_URL"]) if os.environ.get("EMAIL_URL") else {}


def email_setting(name: str, default):
    value = os.environ.get(name, "").strip() or _EMAIL_URL.get(name)
    if value in (None, ""):
        return default
    if isinstance(default, bool):
        return value if isinstance(value, bool) else env_bool(name, default)
    return type(default)(value)


EMAIL_BACKEND = email_setting("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = email_setting("EMAIL_HOST", "localhost")
EMAIL_PORT = email_setting("EMAIL_PORT", 25)
EMAIL_HOST_USER = email_setting("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = email_setting("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = email_setting("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = email_setting("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = email_setting("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = email_setting("DEFAULT_FROM_EMAIL", "IMR decision archive <imr@localhost>")
# The address links in emails start with (digests are sent by cron, outside any request).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# The state's IMR decision search, which fetch_decisions reads (docs/fetching.md), and how
# politely: seconds between requests, the timeout of each, retries and their backoff base.
DWC_SEARCH_URL = os.environ.get(
    "DWC_SEARCH_URL", "https://www.dir.ca.gov/dwc/imr/IMRDecisionSearch.asp"
)
DWC_REQUEST_PAUSE = float(os.environ.get("DWC_REQUEST_PAUSE", "1"))
DWC_TIMEOUT = float(os.environ.get("DWC_TIMEOUT", "60"))
DWC_RETRIES = int(os.environ.get("DWC_RETRIES", "4"))
DWC_BACKOFF = float(os.environ.get("DWC_BACKOFF", "2"))

# Public pages kept in each server process's memory until the archive changes
# (decisions/site/page_cache.py): at most PAGE_CACHE_ENTRIES pages (6-125 kB each at a
# million letters), the least recently read dropped first; 0 turns the cache off.
PAGE_CACHE_ENTRIES = int(os.environ.get("PAGE_CACHE_ENTRIES", "500"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": max(PAGE_CACHE_ENTRIES, 1), "CULL_FREQUENCY": 10},
    },
}

# On PostgreSQL, each facet count of the item browser gets this long before it gives up.
FACET_TIME_LIMIT_MS = int(os.environ.get("FACET_TIME_LIMIT_MS", "1500"))
FACET_WORK_MEM = os.environ.get("FACET_WORK_MEM", "64MB")

# HTTPS is on by default in production; HTTPS=0 serves production settings over plain HTTP
# (a local server, or behind a proxy that ends TLS).
HTTPS = env_bool("HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list is a commitment for the domain's owner to opt in to.
SILENCED_SYSTEM_CHECKS = [] if env_bool("SECURE_HSTS_PRELOAD", False) else ["security.W021"]
# The facets' covering indexes carry their extra columns on PostgreSQL only; on SQLite they
# are plain indexes of their key, as meant.
SILENCED_SYSTEM_CHECKS.append("models.W040")
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
