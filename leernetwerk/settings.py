"""Settings for the Leernetwerk portal, read from the environment.

Every variable is described in README.md and listed in .env.example. With DEBUG off (the default)
SECRET_KEY, DATABASE_URL and REDIS_URL are required; with DEBUG on they fall back to the services
that `make run` starts, so a developer can run `DEBUG=true ./manage.py runserver` next to it.
"""

import math
import sys
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _stop(variable, problem):
    # Whoever starts the portal should see which variable to fix, in one line, not a traceback.
    sys.stderr.write(f"Configuration error: {variable} {problem}\n")
    raise SystemExit(2)


def _required(variable, development_default):
    value = env.str(variable, default="")
    if value:
        return value
    if DEBUG:
        return development_default
    _stop(variable, "is not set (required when DEBUG is off; see README.md).")


def _postgresql(url):
    example = "postgres://user:password@host:5432/leernetwerk"
    try:
        with warnings.catch_warnings():  # it warns about unknown schemes; we say it better below
            warnings.simplefilter("ignore")
            config = environ.Env.db_url_config(url)
    except Exception:  # django-environ raises several types for malformed URLs
        config = {}
    if config.get("ENGINE") != "django.db.backends.postgresql" or not config.get("NAME"):
        _stop("DATABASE_URL", f"is not a PostgreSQL URL such as {example}.")
    return config


DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = _required("SECRET_KEY", "development-only-insecure-key")
if not DEBUG and len(SECRET_KEY) < 50:
    _stop("SECRET_KEY", "must be at least 50 characters long.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# The path the portal is served under (empty: at the root), set here rather than read from each request's
# SCRIPT_NAME, which gunicorn takes from a header sent through the proxy: parts of pages kept per process
# (the navigation) hold addresses, and one request must not choose them for everybody.
FORCE_SCRIPT_NAME = env.str("FORCE_SCRIPT_NAME", default="")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The address people reach the portal at; used for links in mails, which are sent without a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
if urlsplit(SITE_URL).scheme not in ("http", "https"):
    _stop("SITE_URL", "must start with http:// or https://.")

INSTALLED_APPS = [
    "mail",
    "members",
    "networks",
    "meetings",
    "metrics",
    "lifecycle",
    "dashboards",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "leernetwerk.middleware.SecurityHeadersMiddleware",
    "leernetwerk.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "members.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "leernetwerk.urls"
WSGI_APPLICATION = "leernetwerk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "common.template_backend.PortalTemplates",  # Django's, see common/template_backend.py
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # `{% url %}`, `{% translate "..." %}` and `|date` as Django's, for less CPU: an address is reversed
            # once per process (10 µs a tag instead of 25), a plain text looked up without a lazy translation
            # (4.5 µs instead of 7), a date written once per process (3 µs instead of 35-50). A network's page
            # has a dozen of the first, thirty of the second and up to a dozen of the third.
            "builtins": ["common.templatetags.kept_urls", "common.templatetags.kept_dates"],
            "libraries": {"i18n": "common.templatetags.i18n"},
        },
    },
]

# The pages' fixed queries are PREPAREd once per connection and then only EXECUTEd (common/prepared.py).
# Off (false) behind a pooler in transaction mode, such as PgBouncer's, where a session's statements vanish.
DATABASE_SERVER_PREPARE = env.bool("DATABASE_SERVER_PREPARE", default=True)
# The planner's cost of reading a page out of order, set on each connection. PostgreSQL's default (4) is for
# spinning disks; on SSD, or with the data in memory (this portal's database is a few hundred MB), 1.1 is the
# usual value. With 4, the network page's health query read the whole attendance table instead of its few
# meetings' rows by index (0.36 ms instead of 0.11 per page on the demo data), and the meeting page its answers
# likewise. Empty: the server's own setting, and the default behind a pooler (DATABASE_SERVER_PREPARE=false):
# PgBouncer refuses startup options it does not know, and would not pass them on to its server connections.
# There, set it on the database instead (README, "Deploying").
DATABASE_RANDOM_PAGE_COST = env.str(
    "DATABASE_RANDOM_PAGE_COST", default="1.1" if DATABASE_SERVER_PREPARE else ""
).strip()
if DATABASE_RANDOM_PAGE_COST:
    try:
        _cost = float(DATABASE_RANDOM_PAGE_COST)
    except ValueError:
        _cost = math.nan
    if not (math.isfinite(_cost) and _cost > 0):
        _stop("DATABASE_RANDOM_PAGE_COST", "must be a positive number such as 1.1, or empty.")
    DATABASE_RANDOM_PAGE_COST = repr(_cost)  # as PostgreSQL reads it, whatever spaces or signs it came with


def _with_planner_costs(config):
    if DATABASE_RANDOM_PAGE_COST:
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c random_page_cost={DATABASE_RANDOM_PAGE_COST}".strip()
    return config


# Database: PostgreSQL only (full-text search in Dutch, constraints). Persistent connections with
# health checks: opening a connection per request costs more than most of our pages.
DATABASES = {
    "default": {
        **_with_planner_costs(
            _postgresql(_required("DATABASE_URL", "postgres://postgres@127.0.0.1:54329/leernetwerk"))
        ),
        "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=600),
        "CONN_HEALTH_CHECKS": True,
    }
}
# An optional read replica (PostgreSQL streaming replication): the dashboards and their exports read from it,
# everything else from the primary (common/replica.py). In tests it mirrors the primary.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **_with_planner_costs(_postgresql(DATABASE_REPLICA_URL)),
        "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=600),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["common.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = _required("REDIS_URL", "redis://127.0.0.1:63799/0")
if urlsplit(REDIS_URL).scheme not in ("redis", "rediss", "unix"):
    _stop("REDIS_URL", "is not a Redis URL such as redis://host:6379/0.")
# Seconds any call to Redis (cache, login throttle, broker publish) may take to connect or to answer.
# A Redis that hangs without closing connections (paused, failing over, a dropped NAT entry) would
# otherwise hold a request until the client's default of no timeout at all.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=1.0)

CACHES = {
    "default": {
        "BACKEND": "common.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "leernetwerk",
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
    },
    # Parts of pages ({% cache ... using="fragments" %}), kept in each process under what they are rendered
    # from: a Redis round trip would cost what rendering them again does. The navigation's parts vary only
    # with the language and staff flags, a network's people list with its member rows, the other parts of the
    # network and meeting pages with a digest of their whole context (common/fragments.py): a change makes a
    # new key, and the old one ages out. Templates change only with a new release, which starts new processes.
    "fragments": {
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"  # in development, a changed template shows
        if DEBUG
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        # Some 3,000 parts, most of a few kB; when full, a third is dropped and rendered again when asked for.
        "OPTIONS": {"MAX_ENTRIES": 3000},
    },
}

# Authentication
AUTH_USER_MODEL = "members.User"
# The person behind a session comes from Redis, not a query per page (members/backends.py); a change
# made while Redis was unreachable shows after at most this long.
AUTHENTICATION_BACKENDS = ["members.backends.CachedModelBackend"]
USER_CACHE_SECONDS = 10 * 60
LOGIN_URL = "members:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "members:login"
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins allowed per account and per client address within LOGIN_THROTTLE_WINDOW seconds.
LOGIN_THROTTLE_PER_ACCOUNT = env.int("LOGIN_THROTTLE_PER_ACCOUNT", default=5)
LOGIN_THROTTLE_PER_ADDRESS = env.int("LOGIN_THROTTLE_PER_ADDRESS", default=20)
LOGIN_THROTTLE_WINDOW = env.int("LOGIN_THROTTLE_WINDOW", default=15 * 60)
# Behind a reverse proxy REMOTE_ADDR is the proxy; trust the last X-Forwarded-For hop instead.
USE_X_FORWARDED_FOR = env.bool("USE_X_FORWARDED_FOR", default=False)

# Internationalisation: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Static files: our own in static/, Bootstrap from the npm registry (node_modules/, installed by
# `make`), all served by whitenoise from STATIC_ROOT after collectstatic.
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "common.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Uploads. No form takes a file over 20 MB (meetings.NoteFile.MAX_SIZE). Bodies up to 1 MB stay in memory;
# larger files go to a temporary file, but leernetwerk.uploads stops storing one at 20 MB and does not read a
# body over UPLOAD_MAX_BODY_SIZE past its first file; the form then says the file is too large. Form fields
# together may be 2.5 MB (a note of 100,000 characters is at most 400 KB). The proxy in front should refuse
# bodies over UPLOAD_MAX_BODY_SIZE itself (README, production).
UPLOAD_MAX_FILE_SIZE = 20 * 1024 * 1024
UPLOAD_MAX_BODY_SIZE = UPLOAD_MAX_FILE_SIZE + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2560 * 1024
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "leernetwerk.uploads.SizeLimitUploadHandler",
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: every mail is an outbox row first, sent by Celery over SMTP (mail/outbox.py).
globals().update(env.email_url("EMAIL_URL", default="smtp://127.0.0.1:25"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=15)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Leernetwerken <noreply@leernetwerk.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Attempts before an outgoing mail is marked failed; transient SMTP errors wait longer each time.
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=6)
# The mailbox named in the List-Unsubscribe header beside the https link (RFC 2369); empty: only the link.
# Mail to it must reach someone who switches the topic off: the portal does not read mailboxes.
MAIL_UNSUBSCRIBE_ADDRESS = env.str("MAIL_UNSUBSCRIBE_ADDRESS", default="")

# Celery: Redis as broker, no result backend (tasks report through the rows they change).
CELERY_BROKER_URL = REDIS_URL
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT}
# A request must not wait for Redis: one try to publish, and what could not be queued waits in the
# outbox for the sweeper.
CELERY_TASK_PUBLISH_RETRY = False
# Workers keep their database connection from one task to the next, under the web processes' rules
# (CONN_MAX_AGE, health checks), which leernetwerk/celery.py applies around every task. Left alone,
# Celery closes it after each task: 10,000 reminders then opened some 700 connections.
CELERY_DB_REUSE_MAX = 1_000_000
# Tasks that only prepare mail (whom a reminder reaches, a follow-up, a digest) or take long (the dashboards'
# figures) wait behind the tasks that send mail: Redis hands out priority 0 (the default, one mail, a password
# reset) first, then 3 (a batch of a wave, mail/outbox.py), then 6. So the first reminders of a wave of 10,000
# go out while the rest are still being prepared, not after all of them, and a password reset asked for
# meanwhile does not wait behind the wave. While mail cannot go out (a backlog of hours), the tasks below wait
# too: a reminder more than 3 hours late is then marked missed, and the dashboards compute their figures live.
CELERY_TASK_ROUTES = {
    task: {"priority": 6}
    for task in [
        "meetings.tasks.send_reminder",
        "meetings.tasks.send_follow_up",
        "lifecycle.tasks.ask_follow_up",
        "mail.tasks.send_digest",
        "dashboards.tasks.refresh_dashboard_figures",
    ]
}

# Security. USE_HTTPS is on unless DEBUG; `make run` turns it off because it serves plain HTTP on
# 127.0.0.1. Behind a TLS-terminating proxy, the proxy must set X-Forwarded-Proto.
USE_HTTPS = env.bool("USE_HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = USE_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = USE_HTTPS
CSRF_COOKIE_SECURE = USE_HTTPS
LANGUAGE_COOKIE_SECURE = USE_HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60 if USE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=USE_HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=USE_HTTPS)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions read from Redis and written through to the database: no session query per page, and with
# Redis down the database answers (members/sessions.py). A cached copy lives at most this long, which
# bounds how long a session ended while Redis was unreachable could survive in a Redis that comes back.
SESSION_ENGINE = "members.sessions"
SESSION_CACHE_SECONDS = 10 * 60
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "leernetwerk.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # Django logs the path of every 4xx/5xx ("Not Found: /calendar/<token>.ics"): keep link secrets out.
    # On the loggers that write paths, so that Django's own handlers (its DEBUG console, mail to
    # ADMINS) get the redacted line too, and on our handler for every other logger.
    "filters": {"redact_secret_paths": {"()": "leernetwerk.secret_paths.RedactSecretPaths"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secret_paths"]}
    },
    "loggers": {
        name: {"filters": ["redact_secret_paths"]} for name in ("django.request", "django.security", "django.server")
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Bootstrap calls the error colour "danger".
MESSAGE_TAGS = {40: "danger"}
