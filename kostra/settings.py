"""Settings, read from the environment; bad values fail at start-up."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, True),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "testserver"]),
    CELERY_BROKER_URL=(str, ""),
    SESSION_COOKIE_AGE=(int, 8 * 3600),
)

DEBUG = env("DEBUG")
# The development default is only usable with DEBUG on; production must set its own.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "kostra.reference",
    "kostra.outbox",
    "kostra.languages",
    "surveys",
    "validation",
    "validation.selective",
    "api",
    "validation.dialogue",
    "demo",  # loads the demo year through both apps' services
    "django_celery_beat",
    "collection",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kostra.inputs.RequestInputGuard",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kostra.sessions.SlidingSessionMiddleware",
    "kostra.languages.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "kostra.outage.DatabaseOutageMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "kostra.auth_backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failures per username and client address lock them out for 15 minutes; a reporter
# signing in from elsewhere is not locked out. The client address is read behind TRUSTED_PROXY_COUNT reverse
# proxies (kostra/client_address.py, README "Behind a reverse proxy").
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise environ.ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
AXES_CLIENT_IP_CALLABLE = "kostra.client_address.client_address"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

# Content Security Policy: only our own scripts, styles and images; inline SVG charts need no exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

ROOT_URLCONF = "kostra.urls"
WSGI_APPLICATION = "kostra.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a connection lost in a database restart is replaced
    # An unreachable database fails a request within seconds ("try again" page), instead of hanging it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", 5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env("SESSION_COOKIE_AGE")
# A shared cache (Redis, CACHE_URL) in production: sessions are then read from it, written through to the
# database. Without one, each process has its own memory cache and sessions stay in the database only (a
# per-process copy would outlive a logout handled by another process).
CACHE_URL = env("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "kostra.cache.TolerantRedisCache",  # Redis away: misses, not errors (kostra/cache.py)
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The site's own page, in its layout, when a form is posted without a valid CSRF cookie (a lost session).
CSRF_FAILURE_VIEW = "kostra.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["kostra.formats"]  # dates and numbers per language (thin-space thousands, decimal comma)
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: without a broker, tasks run eagerly in-process (the zero-setup default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ROUTES = {"validation.tasks.run_rules_for_response": {"queue": "entry"}}
CELERY_TASK_DEFAULT_QUEUE = "batch"
# A task is acknowledged when it has finished, not when it starts: one whose worker dies (the out-of-memory
# killer, a deploy) goes back to the queue. Each process holds one task at a time, so no other waits behind it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis gives a task taken by a worker that vanished (not just its pool process) to another after this many
# seconds; longer than any task should take, since a task still running is then started twice (the outbox lets
# the second wait and skip it).
# A worker looks for such tasks every CELERY_RESTORE_INTERVAL seconds (kombu's default is every 100 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=30),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
}
# A broker that is down fails a send within about a second; the message waits in the outbox (kostra/outbox).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True  # progress and results are in the database (RuleRun, TableWorkbook)
OUTBOX_SWEEP_SECONDS = env.float("OUTBOX_SWEEP_SECONDS", default=10.0)
OUTBOX_RESEND_AFTER = env.int("OUTBOX_RESEND_AFTER", default=1800)  # seconds sent but not done: the broker lost it

# Celery beat keeps its schedules in the database (django-celery-beat): `celery -A kostra beat`.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# E-mail: EMAIL_URL (e.g. smtp+tls://user:password@smtp.example.no:587), else the usual EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL; with neither, messages go to the console.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif env("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Legevaktkartlegging <legevakt@ssb.no>")
# The address of the service as the e-mails link to it (no request is at hand when a task writes them).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# A failed delivery is tried again after MAIL_RETRY_SECONDS, doubling each time, at most MAIL_MAX_ATTEMPTS times.
MAIL_RETRY_SECONDS = env.int("MAIL_RETRY_SECONDS", default=60)
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=8)
if MAIL_RETRY_SECONDS < 1 or MAIL_MAX_ATTEMPTS < 1:
    raise environ.ImproperlyConfigured("MAIL_RETRY_SECONDS and MAIL_MAX_ATTEMPTS must be at least 1")
# An invitation's link for choosing a password works this long (and only until a password is chosen).
PASSWORD_RESET_TIMEOUT = env.int("INVITATION_LINK_DAYS", default=21) * 24 * 3600

# Published tables: an amount built from fewer municipalities than this is withheld (docs/tables.md).
DISCLOSURE_MIN_UNITS = env.int("DISCLOSURE_MIN_UNITS", default=3)
if DISCLOSURE_MIN_UNITS < 1:
    raise environ.ImproperlyConfigured("DISCLOSURE_MIN_UNITS must be at least 1")

# The machine API (/api/v1/): personal tokens or the session; every 4xx is a problem document (api/problems.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per token (or per signed-in user, or per address when anonymous); e.g. "600/min".
API_THROTTLE_RATE = env("API_THROTTLE_RATE", default="600/min")
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
SPECTACULAR_SETTINGS = {
    "TITLE": "Legevaktkartlegging API",
    "DESCRIPTION": (
        "Reporting, editing data and published tables of the legevakt survey (KOSTRA-skjema 1, del 2-4).\n\n"
        "Authenticate with a personal token (`Authorization: Bearer ...`, created at /api/tokens/). Values are "
        "texts in the interchange encoding of the responses CSV. A write names the version it read in `If-Match` "
        "(the `ETag` of a GET). Every 4xx answer is an RFC 9457 problem document whose `type` ends in one of: "
        "invalid-request, invalid-values, unknown-variables, unknown-findings, part-not-allowed, not-authenticated, "
        "forbidden, not-found, response-locked, submit-blocked, stale-version, if-match-required, "
        "method-not-allowed, not-acceptable, unsupported-media-type, throttled; `errors` names each failing field "
        "or variable id."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",  # Swagger UI from our own static files: the CSP allows no other origin
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Where the questionnaire definitions live: one file per survey year.
QUESTIONNAIRE_DIR = BASE_DIR / "surveys" / "questionnaires"

if not DEBUG:
    # In production gunicorn serves the collected static files through WhiteNoise; runserver serves them in DEBUG.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
