"""Settings for Inclusion Tracker.

Every value comes from an environment variable with a safe local default
(12-factor). `.env.example` lists them all. Set DJANGO_ENV=production in
production: the service then refuses to start without SECRET_KEY and
ALLOWED_HOSTS, and turns on every HTTPS and cookie protection.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production")

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if PRODUCTION:
    if not SECRET_KEY:
        raise ImproperlyConfigured("Set SECRET_KEY: the service will not start without it")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS: the service will not start without it")
else:
    SECRET_KEY = SECRET_KEY or "development-only-insecure-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The local authority that runs this copy of the service.
LA_NAME = env_str("LA_NAME", "Leicestershire County Council")
LA_CODES = env_list("LA_CODES", "855")
INCLUSION_SERVICE_PHONE = env_str("INCLUSION_SERVICE_PHONE", "0116 305 2071")
INCLUSION_SERVICE_EMAIL = env_str("INCLUSION_SERVICE_EMAIL", "inclusion@example.com")
SERVICE_NAME = "Inclusion Tracker"
# The name the LA's schools know the notification service by, on their start
# and home pages (Leicestershire's: "Record absence data").
SCHOOL_SERVICE_NAME = env_str("SCHOOL_SERVICE_NAME", "Record absence data")
# Reg 13(5) of the 2024 Pupil Registration Regulations: no deletion return is
# needed for a pupil leaving the school's most senior class at the end of the
# school year (a Year 6 leaver from a primary school) unless the LA asks for
# them. True: this LA asks, and schools send them.
LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS = env_bool(
    "LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS", default=False
)
# The longest part-time timetable the LA recommends; longer plans get a warning.
PART_TIME_TIMETABLE_RECOMMENDED_MAX_WEEKS = env_int("PART_TIME_TIMETABLE_RECOMMENDED_MAX_WEEKS", 6)
# Drafts not touched for this many days are deleted by `delete_stale_drafts`.
DRAFT_RETENTION_DAYS = env_int("DRAFT_RETENTION_DAYS", 30)
# Retention (docs/retention.md): `manage.py apply_retention --apply`, daily,
# anonymises a child's file when every episode closed more than
# RETENTION_CASEWORK_YEARS years ago and no notification about them is newer
# than RETENTION_REGISTER_YEARS years (register entries: at least 6 years, reg 7
# of the School Attendance (Pupil Registration) (England) Regulations 2024),
# unless the child is on legal hold; notifications never linked to a child are
# anonymised after RETENTION_REGISTER_YEARS; reminder e-mails are deleted after
# RETENTION_REMINDER_DAYS days; audit events and sign-in records after
# RETENTION_AUDIT_YEARS years.
RETENTION_CASEWORK_YEARS = env_int("RETENTION_CASEWORK_YEARS", 7)
RETENTION_REGISTER_YEARS = env_int("RETENTION_REGISTER_YEARS", 6)
RETENTION_REMINDER_DAYS = env_int("RETENTION_REMINDER_DAYS", 90)
RETENTION_AUDIT_YEARS = env_int("RETENTION_AUDIT_YEARS", 7)
# A CME enquiry open longer than this many school days is on the overdue worklist.
CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = env_int("CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS", 20)
# A referral to a support service still open (made or accepted) this many school
# days after it was made is on the open referrals worklist.
REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = env_int("REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS", 20)
# The largest term dates CSV file the upload page and `load_term_dates` read, in bytes.
TERM_DATES_CSV_MAX_BYTES = env_int("TERM_DATES_CSV_MAX_BYTES", 1024 * 1024)
# The largest GIAS establishments CSV `import_establishments` reads, in bytes
# (the whole of England's "all establishment data" file is about 60MB).
GIAS_CSV_MAX_BYTES = env_int("GIAS_CSV_MAX_BYTES", 200 * 1024 * 1024)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Our apps, lowest layer first: each may import only the apps above it in
    # this list, and receivers of another app's signals connect in this order
    # (docs/architecture.md, "Layers"; `lint-imports` checks it).
    "inclusion_tracker.core",
    "inclusion_tracker.audit",
    "inclusion_tracker.establishments",
    "inclusion_tracker.accounts",
    "inclusion_tracker.children",
    "inclusion_tracker.school_calendar",
    "inclusion_tracker.notifications",
    "inclusion_tracker.casework",
    "inclusion_tracker.handovers",
    "inclusion_tracker.support",
    "inclusion_tracker.referrals",
    "inclusion_tracker.reminders",
    # Reads every app above: retention and subject access exports.
    "inclusion_tracker.privacy",
    # The demo data and the benchmark: may use every app.
    "inclusion_tracker.demo",
]

# docs/architecture.md ("How a request flows") explains the order.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before everything that can fail, so that error and outage pages made by
    # any later layer carry these headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "inclusion_tracker.core.middleware.NoStoreMiddleware",
    "inclusion_tracker.core.middleware.RequestLogMiddleware",
    # 405 to TRACE and any other method the service does not use.
    "inclusion_tracker.core.middleware.AllowedMethodsMiddleware",
    # Before the session reads its cookie: NUL characters are refused (core/input_checks.py).
    "inclusion_tracker.core.input_checks.NulCharacterMiddleware",
    "inclusion_tracker.core.middleware.DatabaseConnectionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "inclusion_tracker.accounts.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "inclusion_tracker.accounts.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "inclusion_tracker.urls"
WSGI_APPLICATION = "inclusion_tracker.wsgi.application"

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
                "inclusion_tracker.core.context_processors.service",
            ],
            "builtins": ["inclusion_tracker.core.templatetags.govuk"],
        },
    }
]
# GOV.UK markup for every form field: pages print {{ form }}.
FORM_RENDERER = "inclusion_tracker.core.forms.GovukFormRenderer"

# SQLite when DATABASE_URL is unset (the demo); PostgreSQL in production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests at once must wait their turn, never fail with
    # "database is locked" (docs/decisions/0002-postgresql-and-sqlite.md):
    # - every transaction takes the write lock when it begins (BEGIN
    #   IMMEDIATE): a transaction that read first and wrote later would
    #   otherwise fail at once, without waiting, when another had written;
    # - a request waits up to 20 seconds for the lock (the busy timeout);
    # - write-ahead logging lets pages be read while another request writes;
    #   with it, NORMAL synchronous writes are safe from corruption and quick.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password reset and invitation links work for this many hours: 24 at most.
PASSWORD_RESET_TIMEOUT_HOURS = env_int("PASSWORD_RESET_TIMEOUT_HOURS", 24)
if not 1 <= PASSWORD_RESET_TIMEOUT_HOURS <= 24:
    raise ImproperlyConfigured("PASSWORD_RESET_TIMEOUT_HOURS must be from 1 to 24")
PASSWORD_RESET_TIMEOUT = PASSWORD_RESET_TIMEOUT_HOURS * 3600

# Two-factor sign-in (TOTP) for LA staff: on by default in production.
REQUIRE_2FA_FOR_STAFF = env_bool("REQUIRE_2FA_FOR_STAFF", default=PRODUCTION)
# School main contacts (who manage their establishment's users) must use it too.
REQUIRE_2FA_FOR_MAIN_CONTACTS = env_bool("REQUIRE_2FA_FOR_MAIN_CONTACTS", default=False)
# Before first setting it up, users enter a code e-mailed to them; it works
# for this many minutes.
TWO_FACTOR_EMAIL_CODE_MINUTES = env_int("TWO_FACTOR_EMAIL_CODE_MINUTES", 15)
OTP_TOTP_ISSUER = SERVICE_NAME

# Lockout after repeated failed sign-ins (django-axes), by account at an
# address and by address alone (accounts/lockout.py, decision 0004):
# - an account is locked at one address after AXES_FAILURE_LIMIT failures
#   from it, so a stranger elsewhere cannot lock its owner out;
# - an address is locked after AXES_IP_FAILURE_LIMIT failures on any accounts
#   (password spraying), a higher limit so staff typos behind a school's
#   shared address do not lock the school out.
# Both last AXES_COOLOFF_MINUTES after the latest failure; administrators
# can unlock sooner.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "inclusion_tracker.accounts.lockout.AccountAndAddressHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "inclusion_tracker.accounts.views.sign_in.locked_out"
AXES_VERBOSE = False
# django-axes names the account tried in its log lines: an e-mail address.
# Masked there; the audit log records lockouts against the account.
AXES_SENSITIVE_PARAMETERS = ["username"]
# The number of proxies in front that add to X-Forwarded-For; 0: none, and
# the header is ignored.
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None
# Lockouts count by the same client address audit events record
# (audit/models.py client_ip): the REMOTE_ADDR, or behind PROXY_COUNT proxies
# the entry they added to X-Forwarded-For. (axes on its own reads
# PROXY_COUNT only with django-ipware installed, and would otherwise lock the
# proxy's address, so everyone.)
AXES_CLIENT_IP_CALLABLE = "inclusion_tracker.audit.models.client_ip"

# Sessions expire after this many minutes without a request...
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
# ...and this many hours after signing in, however busy (SessionLifetimeMiddleware).
SESSION_ABSOLUTE_LIFETIME_HOURS = env_int("SESSION_ABSOLUTE_LIFETIME_HOURS", 10)
if SESSION_IDLE_TIMEOUT_MINUTES < 1 or SESSION_ABSOLUTE_LIFETIME_HOURS < 1:
    raise ImproperlyConfigured(
        "SESSION_IDLE_TIMEOUT_MINUTES and SESSION_ABSOLUTE_LIFETIME_HOURS must be 1 or more"
    )
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# E-mail: the console in the demo; SMTP in production (EMAIL_URL-style settings).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Inclusion Tracker <no-reply@example.com>")
# GOV.UK Notify instead of SMTP: set EMAIL_BACKEND to
# "inclusion_tracker.core.notify_backend.NotifyEmailBackend" and these. The
# template's subject is ((subject)) and its body ((body)) (docs/reminders.md).
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY")
NOTIFY_EMAIL_TEMPLATE_ID = env_str("NOTIFY_EMAIL_TEMPLATE_ID")
NOTIFY_EMAIL_REPLY_TO_ID = env_str("NOTIFY_EMAIL_REPLY_TO_ID")

# Reminder e-mails (docs/reminders.md). Links in them start with SITE_URL.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Schools are reminded when a part-time timetable review is this many school days away.
REMINDER_REVIEW_DUE_SCHOOL_DAYS = env_int("REMINDER_REVIEW_DUE_SCHOOL_DAYS", 3)
# A reminder that fails to send is tried this many times in all.
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 5)

# Background work (reminders): Django's Tasks API (django-tasks) with the
# database backend (django-tasks-db). Run `manage.py db_worker` beside the web
# process; tests run tasks immediately (conftest.py).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Our own CSS and JS, and the compiled GOV.UK and MoJ Frontend (npm run build).
STATICFILES_DIRS = [BASE_DIR / "inclusion_tracker" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Security headers. check --deploy is clean in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A reverse proxy or load balancer in front ends HTTPS and says so in
# X-Forwarded-Proto. Trust that header only when told there is one: without a
# proxy that sets it (and overwrites any the client sent), anyone could claim
# a plain HTTP request was HTTPS.
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", default=False)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Browsers keep a __Host- cookie only when it is Secure, for the whole site
    # (path /) and for this host alone (no Domain): another site on a sibling
    # subdomain cannot set or overwrite it. (The development server is plain
    # HTTP, so the demo and the tests keep Django's names.)
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Structured (JSON) logs on standard error, one line per record. Records carry
# ids, never names, dates of birth, UPNs, addresses, query strings, SQL or an
# exception's message: every record passes NoPersonalDataFilter
# (core/logging.py), which logs an exception by its class and where in our
# code it happened. The one handler is the root's: Django's own handlers
# (plain-text tracebacks in development, e-mail to ADMINS) are removed.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_personal_data": {"()": "inclusion_tracker.core.logging.NoPersonalDataFilter"},
    },
    "formatters": {
        "json": {
            # python-json-logger's, with the time in UTC and its offset.
            "()": "inclusion_tracker.core.logging.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["no_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # 5xx answers, each once, with the exception's class and location.
        "django.request": {"handlers": [], "level": "ERROR", "propagate": True},
        # The development server's access lines: RequestLogMiddleware already
        # logs each request, so only its 4xx and 5xx lines (without query strings).
        "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
        "axes": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}
CSRF_FAILURE_VIEW = "inclusion_tracker.core.views.csrf_failure"
