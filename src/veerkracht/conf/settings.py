"""Django settings for Veerkracht. Everything that varies between installations comes from the
environment through :func:`veerkracht.conf.env.setting`; see docs/configuration.md."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from veerkracht.conf.email_url import parse_email_url
from veerkracht.conf.env import setting
from veerkracht.conf.offline import offline
from veerkracht.conf.storage import s3_options

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent

# --- General -------------------------------------------------------------------------------------
DEBUG = setting("DEBUG", type=bool, default=False, help="Django's debug mode. Never in production.")
DEMO_MODE = setting(
    "DEMO_MODE",
    type=bool,
    default=False,
    help="Demo installation: the demo's own accounts may log in without a second factor, and the "
    "log-in page says so. Never set this in production.",
)
VAR_DIR = Path(
    setting(
        "VAR_DIR",
        default=str(BASE_DIR / "var"),
        help="Directory for the SQLite database, uploaded files and generated documents.",
        doc_default="<checkout>/var",
    )
)
SECRET_KEY = setting(
    "SECRET_KEY",
    help="Cryptographic signing key; long and random.",
    required_when="DEBUG is false",
)
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-debug-only-key-" + "x" * 40  # noqa: S105 - only reachable with DEBUG
    elif offline():
        # file-in, file-out commands (conf/offline.py) sign nothing lasting: a key for this run only
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false (see docs/configuration.md)")
ALLOWED_HOSTS = setting(
    "ALLOWED_HOSTS",
    type=list,
    default=["127.0.0.1", "localhost", "testserver"],
    help="Comma-separated host names this installation answers to.",
)
CSRF_TRUSTED_ORIGINS = setting(
    "CSRF_TRUSTED_ORIGINS", type=list, default=[], help="Comma-separated origins trusted for POSTs."
)
SECURE_COOKIES = setting(
    "SECURE_COOKIES",
    type=bool,
    default=not DEBUG,
    doc_default="true (false with DEBUG)",
    help="Send session and CSRF cookies over HTTPS only. Set false only to try the platform over "
    "plain HTTP on another machine than localhost.",
)
TRUSTED_PROXY_COUNT = setting(
    "TRUSTED_PROXY_COUNT",
    type=int,
    default=0,
    help="Number of reverse proxies in front of the application that append the client's address to "
    "X-Forwarded-For (and set X-Forwarded-Proto). Rate limits, lock-outs and the audit log take the "
    "client's address from that header only when this is 1 or more; with 0 the header is ignored. "
    "Never set it higher than the real number of proxies: the client writes the rest of the header.",
)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
SITE_URL = setting(
    "SITE_URL",
    default="http://127.0.0.1:8000",
    help="Public address of the installation (https://veerkracht.example.nl), the base of every link "
    "in e-mail (password resets, invitations, survey links): never taken from the request.",
)
if not str(SITE_URL).startswith(("http://", "https://")):
    raise ImproperlyConfigured("SITE_URL must start with http:// or https://")
OPEN_DATA_PUBLISHER = setting(
    "OPEN_DATA_PUBLISHER",
    default="Veerkracht",
    help="Name of the organisation that publishes this installation's open data (dct:publisher in the "
    "catalogue at /open-data/catalogus.jsonld and on the open-data page), e.g. the municipality or the "
    "regional partnership that runs the installation.",
)

# --- Database ------------------------------------------------------------------------------------
DATABASE_URL = setting(
    "DATABASE_URL",
    default="",
    help="Database URL, e.g. postgres://user@host:5432/veerkracht. Default: SQLite in VAR_DIR.",
    group="Database",
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'veerkracht.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
else:
    # A connection kept across requests is checked before reuse: after the database restarted, the
    # next request reconnects instead of failing once on the old connection.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASE_REPLICA_URL = setting(
    "DATABASE_REPLICA_URL",
    default="",
    help="Database URL of a read replica of the primary (PostgreSQL streaming replication), e.g. "
    "postgres://reader@replica:5432/veerkracht. Only heavy read-only work reads from it (rendering "
    "report PDFs, open-data downloads); everything else uses DATABASE_URL. When the replica cannot be "
    "reached, that work reads from the primary and a warning is logged. Empty: no replica.",
    group="Database",
)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # tests read the replica's data from the test database, through a connection of its own
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        # a replica that does not answer is given up quickly (the work then reads from the primary)
        DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 5}
DATABASE_ROUTERS = ["veerkracht.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work -----------------------------------------------------------------------------
REDIS_URL = setting(
    "REDIS_URL",
    default="",
    help="Redis URL for the Celery broker and the cache (rate limits, throttles and lock-outs then hold "
    "across processes). When unset, background tasks run in-process and the cache is per process.",
    group="Background work",
)
if REDIS_URL:
    CACHES = {
        "default": {
            # reads miss and writes are dropped while Redis is down (core/cache.py)
            "BACKEND": "veerkracht.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "veerkracht",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RESPONSE_CACHE_SECONDS = setting(
    "RESPONSE_CACHE_SECONDS",
    type=int,
    default=300 if REDIS_URL else 0,
    doc_default="300 with REDIS_URL, else 0",
    help="How long a public page or public API answer for anonymous visitors, or a read page of a "
    "signed-in person for that person's session, is kept in the shared cache at most (it is dropped at "
    "once when the data changes). 0 switches keeping answers off; it is off without Redis, where each "
    "process would have a cache of its own.",
    group="Background work",
)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_VISIBILITY_TIMEOUT = setting(
    "CELERY_VISIBILITY_TIMEOUT",
    type=int,
    default=3600,
    help="Seconds before a task taken by a worker that died is given to another worker. Longer than "
    "the longest task.",
    group="Background work",
)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # a page that sends a task while Redis is away gives up on the result store within a second
    # (the task then runs in-process: conf/celery.py) instead of retrying for twenty
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5},
}
IDEMPOTENCY_RETENTION_HOURS = setting(
    "IDEMPOTENCY_RETENTION_HOURS",
    type=int,
    default=24,
    help="Hours the answer to an API write sent with an Idempotency-Key is kept, so that a retry within "
    "that time is answered again instead of carried out twice. An hourly task removes older answers.",
    group="Background work",
)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Europe/Amsterdam"

# --- E-mail --------------------------------------------------------------------------------------
EMAIL_URL = setting(
    "EMAIL_URL",
    default="console:",
    help="Outgoing mail: smtp://user:password@host:port?tls=true, smtps://…, or console: (prints mail).",
    group="E-mail",
)
globals().update(parse_email_url(EMAIL_URL))
DEFAULT_FROM_EMAIL = setting(
    "DEFAULT_FROM_EMAIL",
    default="Veerkracht <noreply@veerkracht.localhost>",
    help="Sender address of the platform's e-mails.",
    group="E-mail",
)
EMAIL_RETRY_SECONDS = setting(
    "EMAIL_RETRY_SECONDS",
    type=int,
    default=60,
    help="Seconds before a message the mail server could not take (it was down, or refused) is tried "
    "again by a worker; doubled for each next attempt, five attempts in all. Until then the message "
    "stays in the outbox.",
    group="E-mail",
)

# --- Languages -----------------------------------------------------------------------------------
LANGUAGE_CODE = setting(
    "LANGUAGE_CODE", default="nl", help="Default language of the interface (nl or en).", group="Languages"
)
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured("LANGUAGE_CODE must be nl or en")
TIME_ZONE = setting("TIME_ZONE", default="Europe/Amsterdam", help="Time zone for display.", group="Languages")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

# --- Security ------------------------------------------------------------------------------------
LOGIN_FAILURE_LIMIT = setting(
    "LOGIN_FAILURE_LIMIT",
    type=int,
    default=5,
    help="Failed log-ins (per account and address) before the account is locked for a while.",
    group="Security",
)
LOGIN_LOCKOUT_MINUTES = setting(
    "LOGIN_LOCKOUT_MINUTES", type=int, default=15, help="Minutes a lock-out lasts.", group="Security"
)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_MINUTES / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "veerkracht.core.http.client_ip"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = setting(
    "SECURE_SSL_REDIRECT",
    type=bool,
    default=False,
    help="Redirect every plain-HTTP request to HTTPS (except /healthz, for load balancers). Set true "
    "when the installation is reached over HTTPS and nothing in front of it redirects already.",
    group="Security",
)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind trusted proxies, the outermost one tells whether the client used HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
HSTS_SECONDS = setting(
    "HSTS_SECONDS",
    type=int,
    default=0 if DEBUG else 31_536_000,
    doc_default="31536000 (0 with DEBUG)",
    help="Strict-Transport-Security max-age on HTTPS responses: browsers then refuse plain HTTP for "
    "this host. 0 switches it off.",
    group="Security",
)
SECURE_HSTS_SECONDS = HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = setting(
    "HSTS_INCLUDE_SUBDOMAINS",
    type=bool,
    default=False,
    help="Extend Strict-Transport-Security to every subdomain of this host (only when all of them "
    "serve HTTPS).",
    group="Security",
)
# Content-Security-Policy (core.middleware.ContentSecurityPolicyMiddleware): scripts and styles only
# from this site's own files, no inline script or style; data: images for the design system's icons.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
OTP_TOTP_ISSUER = "Veerkracht"

# --- Applications --------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    # Veerkracht: one app per part of the method
    "veerkracht.core",
    "veerkracht.audit",
    "veerkracht.accounts",
    "veerkracht.organisations",
    "veerkracht.agenda",
    "veerkracht.monitor",
    "veerkracht.fieldwork",
    "veerkracht.teams",
    "veerkracht.governance",
    "veerkracht.community",
    "veerkracht.resources",
    "veerkracht.network",
    "veerkracht.participation",
    "veerkracht.plans",
    "veerkracht.api",
    "veerkracht.opendata",
    "veerkracht.scale",  # generate_scale: national-scale data for capacity work
]
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "veerkracht.accounts.backends.ModelBackend",  # Django's, the person remembered between requests
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "veerkracht.core.unavailable.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "veerkracht.core.middleware.ContentSecurityPolicyMiddleware",
    "veerkracht.core.middleware.LanguageMiddleware",
    "veerkracht.core.response_cache.ResponseCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "veerkracht.api.middleware.ApiHeadersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "veerkracht.accounts.middleware.AuthenticationMiddleware",
    "veerkracht.accounts.middleware.OTPMiddleware",
    "veerkracht.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # last: answers kept per session are served only after every check of who is asking
    "veerkracht.core.response_cache.SessionResponseCacheMiddleware",
]
ROOT_URLCONF = "veerkracht.conf.urls"
WSGI_APPLICATION = "veerkracht.conf.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "veerkracht.core.context_processors.site",
            ]
        },
    }
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# --- File storage --------------------------------------------------------------------------------
# Uploaded files and generated documents (reports, exports): on the local filesystem under VAR_DIR by
# default; in S3-compatible object storage (django-storages, the "s3" extra) when a bucket is named,
# so that several web and worker machines share them.
STORAGE_S3_BUCKET = setting(
    "STORAGE_S3_BUCKET",
    default="",
    help="Bucket for uploaded and generated files in S3-compatible object storage (needs the s3 extra: "
    "pip install veerkracht[s3]). Empty: files are kept on the local filesystem in VAR_DIR/media.",
    group="File storage",
)
STORAGE_S3_ENDPOINT_URL = setting(
    "STORAGE_S3_ENDPOINT_URL",
    default="",
    help="Address of the object storage (https://s3.example.nl) when it is not Amazon S3 itself.",
    group="File storage",
)
STORAGE_S3_REGION = setting(
    "STORAGE_S3_REGION",
    default="",
    help="Region of the bucket, when the storage asks for one.",
    group="File storage",
)
STORAGE_S3_ACCESS_KEY_ID = setting(
    "STORAGE_S3_ACCESS_KEY_ID",
    default="",
    help="Access key of the object storage; empty: the machine's own credentials (instance role).",
    group="File storage",
)
STORAGE_S3_SECRET_ACCESS_KEY = setting(
    "STORAGE_S3_SECRET_ACCESS_KEY",
    default="",
    help="Secret belonging to the access key.",
    group="File storage",
)
STORAGE_S3_PREFIX = setting(
    "STORAGE_S3_PREFIX",
    default="",
    help="Folder inside the bucket for this installation's files (several installations, one bucket).",
    group="File storage",
)
if STORAGE_S3_BUCKET:
    _s3_options = s3_options(
        bucket=STORAGE_S3_BUCKET,
        endpoint_url=STORAGE_S3_ENDPOINT_URL,
        region=STORAGE_S3_REGION,
        access_key_id=STORAGE_S3_ACCESS_KEY_ID,
        secret_access_key=STORAGE_S3_SECRET_ACCESS_KEY,
        prefix=STORAGE_S3_PREFIX,
    )
    _default_storage: dict = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "veerkracht.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["veerkracht.api.throttles.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["veerkracht.api.parsers.StrictJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "veerkracht.api.problems.problem_exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # DRF's throttles read the client as core.http.client_ip does
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Veerkracht API",
    "DESCRIPTION": "Public REST API of Veerkracht, following the Dutch API Design Rules: agendas, "
    "challenges, stakeholders, organisations, indicator measurements, and the computations (team "
    "formation, monitor scoring) for coordinators, innovation directors and administrators. Public data "
    "needs no key; everything else needs an API key of an organisation (Authorization: Bearer) or a "
    "session. Errors are RFC 9457 problem details (application/problem+json); every response carries "
    "API-Version; lists page with page and pageSize. Writes accept an Idempotency-Key.",
    "VERSION": "1.0.0",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    # choice sets of fields with the same name get their own component names
    "ENUM_NAME_OVERRIDES": {
        "WaveStateEnum": "veerkracht.fieldwork.workflow.WaveState.choices",
        "PilotStateEnum": "veerkracht.plans.models.PilotState.choices",
        "IdeaStateEnum": "veerkracht.participation.models.IdeaState",
        "PledgeStateEnum": "veerkracht.resources.models.PledgeState",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "veerkracht.api.schema_hooks.add_common_headers",
        "veerkracht.api.schema_hooks.add_links",
    ],
    "SERVERS": [{"url": "/api/v1", "description": "This installation, major version 1"}],
    "CONTACT": {"name": "Veerkracht"},
    "LICENSE": {"name": "EUPL-1.2"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"veerkracht": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
FORMS_URLFIELD_ASSUME_HTTPS = True
