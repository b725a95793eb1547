"""Settings shared by every environment. Each value comes from the environment with a safe default."""

from datetime import timedelta

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import BASE_DIR, VAR_DIR, env

SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-development-only-key-change-me-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "members.admin_site.PlatformAdminConfig",  # django.contrib.admin: operators only, the Japanese 403 for others
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_api_key",  # its abstract key model; fiadmin.BankApiKey is the one in use (fiadmin/admin.py)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from static/, no CDN
    "axes",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "members",
    "fiadmin",
    "support",
    "audit",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "members.twofactor.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "ops.middleware.MaintenanceModeMiddleware",  # first: it answers even with the database down
    "members.security.middleware.AccountSecurityMiddleware",  # FI allow-list (SEC-1), session last use
    "members.twofactor.middleware.TwoFactorRequiredMiddleware",  # nothing but the second factor before it
    "auditlog.middleware.AuditlogMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "members.middleware.TermsAcceptanceMiddleware",  # DOC-2: the current operating terms before any other page
]

# Content-Security-Policy: everything from this service only, no inline script or style, no framing (SVC-3,
# bank networks). Pico's icons are data: URIs in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "bigadvance.urls"
WSGI_APPLICATION = "bigadvance.wsgi.application"

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
                "bigadvance.context.layout",
            ],
            "builtins": ["bigadvance.url_tag"],  # {% url %} reverses each link once per process
            "libraries": {"layout": "bigadvance.layout_tags"},
        },
    },
]

# An empty variable means "not set": the embedded SQLite database.
DATABASES = {
    "default": env.db_url_config(env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process, the worker and beat read while one of them writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE",
         "timeout": 20}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "members.auth.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=8)}},
    {"NAME": "members.validators.MaximumLengthValidator"},
    {"NAME": "members.validators.NotLoginIdValidator"},
    # the login ID and email are NotLoginIdValidator's (one rule, one message)
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("full_name",)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes (SEC-2, ACC-1): a login ID is locked after repeated failures, whatever address they come from.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Failures are cleared once a sign-in is complete: at the password for most, only after the second factor for
# those who need one (members.twofactor), so wrong codes keep counting toward the lock.
AXES_RESET_ON_SUCCESS = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
AXES_USERNAME_CALLABLE = "members.auth.lockout_login_id"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# Locking by login ID alone is deliberate: many users of one bank share a proxy address, and locking that
# address would lock the whole bank out. Rotating user agents cannot bypass a login-ID lock.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
# The client address for the lockout, the audit and the FIs' allow-lists: X-Forwarded-For past that many proxies.
AXES_CLIENT_IP_CALLABLE = "members.security.addresses.forwarded_client_ip"

# Two-factor login (TOTP, django-otp): the service company's staff (support, system lead, operators) always
# when this is on; an FI's admins when their FI asks for it (its settings in the console).
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Big Advance"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the Django admin never shows a device's secret

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_ROOT = BASE_DIR / "static" / "root"  # files browsers ask for at the site root (/favicon.ico)
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="ap-northeast-1")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage",
                        "OPTIONS": {"default_acl": "private", "querystring_auth": True}}
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Email: files under var/mail by default (so the demo shows them), SMTP from EMAIL_URL, or Amazon SES.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Big Advance <no-reply@bigadvance.example.jp>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
_email_url = env.str("EMAIL_URL", default="")
if _email_url:
    _smtp = env.email_url_config(_email_url)
    EMAIL_BACKEND = _smtp["EMAIL_BACKEND"]
    EMAIL_HOST, EMAIL_PORT = _smtp.get("EMAIL_HOST", "localhost"), _smtp.get("EMAIL_PORT", 25)
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _smtp.get("EMAIL_HOST_USER", ""), _smtp.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS, EMAIL_USE_SSL = _smtp.get("EMAIL_USE_TLS", False), _smtp.get("EMAIL_USE_SSL", False)
elif env.bool("EMAIL_USE_SES", default=False):
    EMAIL_BACKEND = "django_ses.SESBackend"
    AWS_SES_REGION_NAME = env.str("AWS_SES_REGION_NAME", default="ap-northeast-1")
    AWS_SES_REGION_ENDPOINT = f"email.{AWS_SES_REGION_NAME}.amazonaws.com"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
# Delivery by the worker (ops.notifications): tries per email, the waits between them (seconds; the last one
# repeats), then "failed". EMAIL_TIMEOUT bounds one SMTP conversation.
EMAIL_MAX_ATTEMPTS = max(env.int("EMAIL_MAX_ATTEMPTS", default=5), 1)
EMAIL_RETRY_DELAYS = [int(s) for s in env.list("EMAIL_RETRY_DELAYS", default=["60", "300", "1800", "7200"])] or [60]
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Security alerts (ACC-1): lockouts are mailed to the system lead as one digest per window, never one per ID.
SECURITY_ALERT_WINDOW_MINUTES = max(env.int("SECURITY_ALERT_WINDOW_MINUTES", default=15), 1)

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions are read from Redis and written through to the database: they outlive a Redis restart, and a
    # Redis outage costs a query per request, not the signed-in pages (bigadvance/sessions.py).
    SESSION_ENGINE = "bigadvance.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache")}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Celery: Redis when REDIS_URL is set, else a file-system broker that needs no server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "filesystem://localhost/"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"data_folder_in": str(VAR_DIR / "celery" / "queue"), "data_folder_out": str(VAR_DIR / "celery" / "queue"),
     "processed_folder": str(VAR_DIR / "celery" / "processed"), "store_processed": False}
    if CELERY_BROKER_URL.startswith("filesystem") else {"visibility_timeout": 3600}
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

REST_FRAMEWORK = {
    # An FI's API key first, so a call without credentials gets 401 with `WWW-Authenticate: Api-Key`; an FI
    # admin's token and session work too. Every one refuses a principal whose contract ended
    # (members.policies.account_may_sign_in).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "fiadmin.api.authentication.ApiKeyAuthentication",
        "members.auth.AccountTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # The API is for FIs only (fiadmin/api/permissions.py); an endpoint may narrow it, never widen it.
    "DEFAULT_PERMISSION_CLASSES": ["fiadmin.api.permissions.BankApiAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["fiadmin.api.throttling.PerKeyThrottle"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "bigadvance.api_rendering.JapaneseErrorBrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "fiadmin.api.pagination.BankApiCursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "fiadmin.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "fiadmin.api.schema.BankApiSchema",
}
# Calls per API key (or per FI admin) and period: "120/min", "5000/hour" (fiadmin/api/throttling.py).
BANK_API_THROTTLE_RATE = env.str("BANK_API_THROTTLE_RATE", default="120/min")

SPECTACULAR_SETTINGS = {
    "TITLE": "Big Advance 金融機関 API",
    "DESCRIPTION": "契約金融機関のシステムから会員企業・ユーザー・商談・メンテナンス情報を扱う API です。"
                   "認証・権限・エラー・ページ送り・回数制限は README の「Bank API」を参照してください。",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_USE_BASE_MANAGER = True  # the trail reads a row's old values whoever's it is (tenant managers guard)

# Tenancy (members/tenancy.py): when on, a query of tenant data that was not scoped raises. On in tests.
TENANCY_GUARD = env.bool("TENANCY_GUARD", default=False)

# Deals (issue 7): a request waiting for an answer is reminded after this many business days (ops.calendar),
# and expires this many business days after the reminder.
DEAL_REMINDER_BUSINESS_DAYS = env.int("DEAL_REMINDER_BUSINESS_DAYS", default=5)
# The console counts a consultation overdue once its answer has waited longer than this (business days).
CONSULTATION_DUE_BUSINESS_DAYS = env.int("CONSULTATION_DUE_BUSINESS_DAYS", default=1)
DEAL_EXPIRY_BUSINESS_DAYS = env.int("DEAL_EXPIRY_BUSINESS_DAYS", default=5)

# Membership applications and invitations (issue 8). SITE_URL starts the links in emails. Submissions of the
# public application form are limited per address and per email within the window (the cache counts them).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
JOIN_THROTTLE_WINDOW_MINUTES = max(env.int("JOIN_THROTTLE_WINDOW_MINUTES", default=60), 1)
JOIN_THROTTLE_PER_IP = env.int("JOIN_THROTTLE_PER_IP", default=10)
JOIN_THROTTLE_PER_EMAIL = env.int("JOIN_THROTTLE_PER_EMAIL", default=3)
JOIN_VERIFICATION_EXPIRY_HOURS = env.int("JOIN_VERIFICATION_EXPIRY_HOURS", default=48)
INVITATION_EXPIRY_HOURS = env.int("INVITATION_EXPIRY_HOURS", default=72)

# Monitoring (MON-1): checks run at most every 5 minutes; bigadvance/schedules.py reads the same variable.
MONITORING_INTERVAL_SECONDS = min(env.int("MONITORING_INTERVAL_SECONDS", default=300), 300)
MONITORING_HEARTBEAT_MAX_AGE_SECONDS = env.int("MONITORING_HEARTBEAT_MAX_AGE_SECONDS",
                                               default=3 * MONITORING_INTERVAL_SECONDS)
MONITORING_DISK_MIN_FREE_PERCENT = env.float("MONITORING_DISK_MIN_FREE_PERCENT", default=10.0)
MONITORING_MEMORY_MIN_AVAILABLE_PERCENT = env.float("MONITORING_MEMORY_MIN_AVAILABLE_PERCENT", default=10.0)
MONITORING_LOGIN_FAILURES_MAX = env.int("MONITORING_LOGIN_FAILURES_MAX", default=50)
MONITORING_RETENTION_DAYS = env.int("MONITORING_RETENTION_DAYS", default=90)
MONITORING_LIVENESS_URL = env.str("MONITORING_LIVENESS_URL", default="")
MONITORING_BROKER_URL = env.str("MONITORING_BROKER_URL", default="")
MONITORING_SPOOL_DIR = env.path("MONITORING_SPOOL_DIR", default=str(VAR_DIR / "monitoring"))

# Maintenance (OPS-2..5): weekly windows generated ahead, the notice period, the banner horizon.
MAINTENANCE_WEEKLY_WEEKS_AHEAD = env.int("MAINTENANCE_WEEKLY_WEEKS_AHEAD", default=4)
MAINTENANCE_NOTICE_BUSINESS_DAYS = env.int("MAINTENANCE_NOTICE_BUSINESS_DAYS", default=5)
MAINTENANCE_BANNER_DAYS = env.int("MAINTENANCE_BANNER_DAYS", default=14)
MAINTENANCE_STATE_CACHE_SECONDS = env.int("MAINTENANCE_STATE_CACHE_SECONDS", default=5)
MAINTENANCE_MAX_DAYS_AHEAD = env.int("MAINTENANCE_MAX_DAYS_AHEAD", default=730)
MAINTENANCE_MAX_HOURS = env.int("MAINTENANCE_MAX_HOURS", default=72)
# The parts of the layout that are the same for every page of a language and menu, rendered once per process
# (bigadvance/layout_tags.py); local development turns it off so that template edits show at once.
LAYOUT_PARTS_KEPT = env.bool("LAYOUT_PARTS_KEPT", default=True)
# Incident and document banners kept per process (bigadvance/page_state.py); changes show at once anyway.
BANNER_CACHE_SECONDS = env.int("BANNER_CACHE_SECONDS", default=5)

# Matching (issue 7): recommendations kept per company, companies per nightly job, delay after a change.
RECOMMENDATIONS_PER_COMPANY = env.int("RECOMMENDATIONS_PER_COMPANY", default=20)
RECOMMENDATIONS_CHUNK_SIZE = env.int("RECOMMENDATIONS_CHUNK_SIZE", default=200)
RECOMMENDATIONS_REFRESH_DELAY_SECONDS = env.int("RECOMMENDATIONS_REFRESH_DELAY_SECONDS", default=30)

# Support desk (SUP-1..4, CAL-2): SLA targets per priority in business minutes (ops.calendar), the warning
# horizon, the reminder of unconfirmed answers, the desk's address and its IMAP mailbox (empty: no intake).


def _minutes_per_priority(name: str, default: dict[str, int]) -> dict[str, int]:
    """`urgent=60,high=120,...`; priorities not named keep their default."""
    pairs = (item.split("=", 1) for item in env.list(name, default=[]) if "=" in item)
    return {**default, **{key.strip(): int(value) for key, value in pairs}}


SUPPORT_SLA_FIRST_RESPONSE_MINUTES = _minutes_per_priority(
    "SUPPORT_SLA_FIRST_RESPONSE_MINUTES", {"urgent": 60, "high": 120, "normal": 240, "low": 420})
SUPPORT_SLA_ANSWER_MINUTES = _minutes_per_priority(
    "SUPPORT_SLA_ANSWER_MINUTES", {"urgent": 420, "high": 840, "normal": 1260, "low": 2100})
SUPPORT_SLA_WARNING_MINUTES = env.int("SUPPORT_SLA_WARNING_MINUTES", default=60)
SUPPORT_CONFIRMATION_REMINDER_BUSINESS_DAYS = env.int("SUPPORT_CONFIRMATION_REMINDER_BUSINESS_DAYS", default=3)
SUPPORT_EMAIL_ADDRESS = env.str("SUPPORT_EMAIL_ADDRESS", default="support@bigadvance.example.jp")
SUPPORT_FROM_EMAIL = env.str("SUPPORT_FROM_EMAIL", default=f"Big Advance サポートデスク <{SUPPORT_EMAIL_ADDRESS}>")
SUPPORT_IMAP_URL = env.str("SUPPORT_IMAP_URL", default="")
SUPPORT_IMAP_PROCESSED_FOLDER = env.str("SUPPORT_IMAP_PROCESSED_FOLDER", default="Processed")
SUPPORT_IMAP_FAILED_FOLDER = env.str("SUPPORT_IMAP_FAILED_FOLDER", default="Failed")
SUPPORT_IMAP_TIMEOUT = env.int("SUPPORT_IMAP_TIMEOUT", default=30)
SUPPORT_IMAP_BATCH_SIZE = env.int("SUPPORT_IMAP_BATCH_SIZE", default=50)
SUPPORT_AUTOREPLY_INTERVAL_HOURS = env.int("SUPPORT_AUTOREPLY_INTERVAL_HOURS", default=24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"structured": {"format": "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"}},
    "filters": {"denied_without_traceback": {"()": "bigadvance.log_filters.DeniedWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's default handlers for its loggers would write each record a second time (with DEBUG on)
        # next to the root's: one handler, the root's.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["denied_without_traceback"]},
        "django.db.backends": {"level": "INFO"},
    },
}

from bigadvance.schedules import BEAT_SCHEDULE as CELERY_BEAT_SCHEDULE  # noqa: E402,F401

CSRF_FAILURE_VIEW = "members.views.auth.csrf_failure"
