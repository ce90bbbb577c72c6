"""PartnerNet settings.

Every value is read from the environment (django-environ). With nothing set, the
portal runs on its embedded defaults: SQLite at var/db.sqlite3, a Celery broker
on the file system (no server), e-mail written as files to var/mail/, uploads in
var/media/. The README's configuration table lists every variable read here.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)
TESTING = env.bool("PARTNERNET_TESTING", default=False)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-in-production-0123456789"  # noqa: S105 (refused when DEBUG is false)
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise environ.ImproperlyConfigured("Set SECRET_KEY when DEBUG is false.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the form renderer reads widget templates through TEMPLATES
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "partnernet",
    "partnernet.users",
    "partners",
    "guarantees",
    "claims",
    "resolution",
    "remedies",
    "devdata",
    "partnernet.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partnernet.middleware.NullCharacterQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "partnernet.middleware.StaffIdleTimeoutMiddleware",
    "partnernet.middleware.StaffTwoFactorMiddleware",
    "partnernet.middleware.SecurityLogMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnernet.urls"
WSGI_APPLICATION = "partnernet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnernet.context_processors.portal",
            ],
            "builtins": ["partnernet.templatetags.portal"],
        },
    }
]

# Every form renders through templates/forms/ (one field template, one error summary).
FORM_RENDERER = "partnernet.forms.PortalFormRenderer"

# --- Database -------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file in the embedded mode: WAL lets readers
    # run beside the writer, IMMEDIATE takes the write lock at BEGIN (so no
    # transaction is upgraded half-way and fails with "database is locked"), and
    # the busy timeout makes a writer wait its turn instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {
        "NAME": env.str("PARTNERNET_TEST_DB", default=str(VAR_DIR / "test.sqlite3"))
    }
else:
    # --- security (issue 16, item 5): connections bounded by the server's workers ---
    # Persistent connections only pay where the server reuses its threads (gunicorn:
    # the Dockerfile sets DB_CONN_MAX_AGE=60). runserver starts a thread per request,
    # so there every connection is closed at the end of its request (0), whatever the
    # environment says.
    _conn_max_age = env.int("DB_CONN_MAX_AGE", default=0)
    if __import__("sys").argv[1:2] == ["runserver"]:
        _conn_max_age = 0
    DATABASES["default"].setdefault("CONN_MAX_AGE", _conn_max_age)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# The hottest hand-written reads (the profile body, its guarantee section) run as prepared
# statements of each PostgreSQL connection (partnernet.rows.execute_prepared): planned once
# per connection. Turn off behind a pooler in transaction mode (PgBouncer's default), which
# hands a session's statements to other clients' connections.
DB_PREPARED_STATEMENTS = env.bool("DB_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

# --- Users and sign-in ------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
if TESTING:
    # Hashing cost is not under test; the suite signs in hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_ADAPTER = "partnernet.users.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "partnernet.users.forms.LoginForm",
    "signup": "partnernet.users.forms.SignupForm",
    "reset_password": "partnernet.users.forms.ResetPasswordForm",
    "reset_password_from_key": "partnernet.users.forms.ResetPasswordKeyForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[PartnerNet] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "PartnerNet"
# Staff must set up TOTP before they work (on by default in production).
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=not DEBUG)

# django-axes: lock an account/IP pair after repeated failed sign-ins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "partnernet.users.axes.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# --- security (issue 16, item 4): the client address every rate limit counts ---------
# The number of proxies in front of the portal that append to X-Forwarded-For
# (a load balancer: 1). 0 trusts no header. DRF throttles (REST_FRAMEWORK below),
# django-axes and allauth all read it through partnernet.middleware.client_ip.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "partnernet.middleware.client_ip"

SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
STAFF_IDLE_TIMEOUT_SECONDS = env.int("STAFF_IDLE_TIMEOUT_SECONDS", default=30 * 60)

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("hi", "हिन्दी")]
# The second entry corrects Django's own Hindi month names (see its .po header); earlier wins.
# One catalogue for the portal, one for third-party overrides, and one per feature
# area under locale/parts/<area>/ (so that parallel work never edits one huge file).
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "locale" / "overrides",
    *sorted(p for p in (BASE_DIR / "locale" / "parts").glob("*") if p.is_dir()),
]
TIME_ZONE = "Asia/Kolkata"  # shown in IST; stored in UTC because USE_TZ is on
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing one at start-up
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"  # uploads are private: served only by permission-checked views

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="ap-south-1")
AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=300)
if AWS_STORAGE_BUCKET_NAME:
    _uploads = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": AWS_S3_REGION_NAME,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": AWS_QUERYSTRING_EXPIRE,
            "file_overwrite": False,
        },
    }
else:
    _uploads = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": _uploads,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In development and tests WhiteNoise serves the files as they are in static/
# (never a stale copy left in STATIC_ROOT by an earlier collectstatic).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_FILES_PER_CLAIM = 10
# Partner logos (the one public upload) are refused above this size.
LOGO_MAX_BYTES = env.int("LOGO_MAX_BYTES", default=2 * 1024 * 1024)
# Directory facet counts and rendered result lists, and rendered profile bodies, are cached
# for this many seconds; review, offering and profile changes start a new cache generation
# at once, and a profile's key includes its badge state. 0 turns it off (as in tests).
DIRECTORY_CACHE_SECONDS = env.int("DIRECTORY_CACHE_SECONDS", default=0 if TESTING else 60)

# --- Cache and broker ---------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Fails open (issue 16, item 2): Redis down is logged and served without the cache.
    CACHES = {"default": {"BACKEND": "partnernet.cache.FailOpenRedisCache", "LOCATION": REDIS_URL}}
elif TESTING:
    # Rate-limit counters must not leak from one test (or run) into the next.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # A database-free cache that all local processes share, so rate limits hold
    # across gunicorn/runserver workers in the embedded mode too.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

BROKER_DIR = VAR_DIR / "broker"
# --- security (issue 16, item 3): the embedded broker is a SQLite file (partnernet.broker) ---
EMBEDDED_BROKER_URL = f"sqla+sqlite:///{VAR_DIR / 'broker.sqlite3'}"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or EMBEDDED_BROKER_URL)
# The worker refreshes a heartbeat row this often; /readyz reports it stale after WORKER_STALE_SECONDS.
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=10.0)
WORKER_STALE_SECONDS = env.float("WORKER_STALE_SECONDS", default=60.0)
if CELERY_BROKER_URL.startswith(("sqla+", "sqlalchemy+")):
    # Polled: a short interval and a deeper prefetch keep up with a demo's bursts.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"polling_interval": 0.1, "busy_timeout": 30}
elif CELERY_BROKER_URL.startswith("filesystem://"):
    for _sub in ("queue", "processed", "control"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    # Longer than any task's run plus its longest retry countdown, so Redis never
    # hands an unacknowledged task to a second worker while the first still has it.
    # The socket timeouts bound a publish to a Redis that hangs (accepts, never answers):
    # without them kombu waits forever and the web request with it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 60 * 60 * 2,
        "socket_connect_timeout": 2,
        "socket_timeout": 3,
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 4 if CELERY_BROKER_URL.startswith(("sqla+", "sqlalchemy+")) else 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish to a broker that is down must fail fast (the outbox relay re-sends),
# never hang the web request. The worker itself retries for ever (partnernet/celery.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_MAX_RETRIES = 0
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- E-mail ---------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PartnerNet <no-reply@partnernet.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="support@partnernet.example")

# --- REST API ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "partnernet.api.Pagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "partnernet.api.exception_handler",
    # The anon and user limits below, both checked in one round trip (issue 14).
    "DEFAULT_THROTTLE_CLASSES": ["partnernet.throttling.RequestRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="600/min"),
        "user": env.str("API_THROTTLE_USER", default="1200/min"),
        "token": "10/min",
    },
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "NUM_PROXIES": NUM_PROXIES,  # security (issue 16, item 4)
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PartnerNet API",
    "DESCRIPTION": "Partner Network directory, orders and the Service Guarantee programme.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One stable name per choice set (several models have a "status" or a "kind").
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "ClaimOutcomeEnum": "claims.models.Claim.Outcome",
        "RemedyEnum": "claims.models.Claim.Remedy",
        "ClaimDocumentKindEnum": "claims.models.ClaimDocument.Kind",
        "ClaimEventKindEnum": "claims.models.ClaimEvent.Kind",
        "OrderStatusEnum": "partners.models.ServiceOrder.Status",
        "OrderDocumentKindEnum": "partners.models.OrderDocument.Kind",
        "EnrollmentStatusEnum": "guarantees.models.Enrollment.Status",
        "TermsStatusEnum": "guarantees.models.GuaranteeTerms.Status",
    },
    # Schema quality is checked on its own (`manage.py spectacular --validate --fail-on-warn`
    # in .ci/run), so that `check --deploy` reports deployment settings only.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # security (issue 16, item 7): 400/401/403/404/409/429 declared on every operation, once.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partnernet.api.declare_error_responses",
    ],
}

# --- Programme rules (DESIGN §3) -------------------------------------------
GUARANTEE_MARKETPLACES = env.list("GUARANTEE_MARKETPLACES", default=["IN"])
CLAIM_WINDOW_DAYS = env.int("CLAIM_WINDOW_DAYS", default=30)
CLAIM_REMINDER_DAYS_LEFT = env.int("CLAIM_REMINDER_DAYS_LEFT", default=7)
APPEAL_WINDOW_DAYS = env.int("APPEAL_WINDOW_DAYS", default=14)
PARTNER_RESPONSE_BUSINESS_DAYS = env.int("PARTNER_RESPONSE_BUSINESS_DAYS", default=5)
SELLER_RESPONSE_DAYS = env.int("SELLER_RESPONSE_DAYS", default=7)
FIRST_ACTION_BUSINESS_DAYS = env.int("FIRST_ACTION_BUSINESS_DAYS", default=2)
DECISION_TARGET_BUSINESS_DAYS = env.int("DECISION_TARGET_BUSINESS_DAYS", default=10)
CLAIMS_PER_SELLER_30_DAYS = env.int("CLAIMS_PER_SELLER_30_DAYS", default=10)
COMPLIANCE_WINDOW_DAYS = env.int("COMPLIANCE_WINDOW_DAYS", default=180)
COMPLIANCE_MIN_ORDERS = env.int("COMPLIANCE_MIN_ORDERS", default=20)
COMPLIANCE_MAX_UPHELD_RATE = env.float("COMPLIANCE_MAX_UPHELD_RATE", default=0.05)
COMPLIANCE_UPHELD_IN_90_DAYS = env.int("COMPLIANCE_UPHELD_IN_90_DAYS", default=3)
COMPLIANCE_PUBLIC_MIN_ORDERS = env.int("COMPLIANCE_PUBLIC_MIN_ORDERS", default=10)
COMPLIANCE_OVERDUE_REMEDIES_IN_90_DAYS = env.int("COMPLIANCE_OVERDUE_REMEDIES_IN_90_DAYS", default=2)
REMEDY_DUE_BUSINESS_DAYS = env.int("REMEDY_DUE_BUSINESS_DAYS", default=7)
REMEDY_AUTO_CONFIRM_DAYS = env.int("REMEDY_AUTO_CONFIRM_DAYS", default=14)
REMEDY_AUTO_CONFIRM_NOTICE_DAYS = env.int("REMEDY_AUTO_CONFIRM_NOTICE_DAYS", default=3)

# --- Security ----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# No inline script or style anywhere: everything comes from /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging -------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "partnernet.security": {"level": "INFO"},
    },
}

# --- Periodic tasks (one beat process; django-celery-beat stores them) ---------
from celery.schedules import crontab  # noqa: E402

OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
# A row handed to the broker but still pending this long is handed out again (broker lost it).
OUTBOX_REQUEUE_SECONDS = env.int("OUTBOX_REQUEUE_SECONDS", default=30 * 60)
# The relay leaves rows younger than this alone: they are most likely still on their way
# to the broker through on_commit.
OUTBOX_RELAY_AFTER_SECONDS = env.int("OUTBOX_RELAY_AFTER_SECONDS", default=60)
# --- Queues per purpose and a read replica (issue 14; this block only) ---------------
# CELERY_QUEUES_PER_PURPOSE=true: claim and order notices go to the "mail" queue, bulk
# e-mail (feedback requests, reminders, digests) to "mail-bulk", the periodic sweeps to
# "periodic"; run one worker per queue (`celery worker -Q mail` …) so that a burst of
# feedback e-mails never delays a claim notice. Off (the default): one queue, one worker.
QUEUES_PER_PURPOSE = env.bool("CELERY_QUEUES_PER_PURPOSE", default=False)
OUTBOX_BULK_PURPOSES = ("order_feedback", "claim_window_reminder", "review_digest")
# Rows per send task: one claim and one mail connection for up to this many e-mails.
OUTBOX_BATCH_SIZE = 10
if QUEUES_PER_PURPOSE:
    CELERY_TASK_ROUTES = {
        "partnernet.tasks.outbox_relay_task": {"queue": "periodic"},
        "claims.tasks.*": {"queue": "periodic"},
        "guarantees.tasks.*": {"queue": "periodic"},
    }
# DATABASE_REPLICA_URL: directory and API reads of public partner data (outside any
# transaction) go to this replica through partnernet.dbrouter; writes, reads inside a
# transaction and everything else stay on DATABASE_URL.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"].get("CONN_MAX_AGE", 0))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["partnernet.dbrouter.ReadReplicaRouter"]

CELERY_BEAT_SCHEDULE = {
    "outbox-relay": {"task": "partnernet.tasks.outbox_relay_task", "schedule": 60.0},
    "claim-windows-close": {"task": "claims.tasks.claim_windows_close_task", "schedule": 15 * 60.0},
    "claim-reminders": {"task": "claims.tasks.claim_reminders_send_task", "schedule": 60 * 60.0},
    "claims-flag-overdue": {"task": "claims.tasks.claims_flag_overdue_task", "schedule": 15 * 60.0},
    "claims-close-decided": {"task": "claims.tasks.claims_close_after_appeal_task", "schedule": 60 * 60.0},
    "review-digest": {"task": "claims.tasks.review_digest_send_task", "schedule": crontab(hour=9, minute=0)},
    "remedies-sweep": {"task": "remedies.tasks.remedies_sweep_task", "schedule": 60 * 60.0},
    "resolution-issues-sweep": {"task": "resolution.tasks.issues_sweep_task", "schedule": 15 * 60.0},
    "compliance-recompute": {
        "task": "guarantees.tasks.compliance_recompute_task",
        "schedule": crontab(hour=2, minute=30),
    },
}
