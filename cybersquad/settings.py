"""Cybersquad settings: one module, driven by environment variables.

With no variables at all it runs the embedded default (SQLite, in-memory channel layer,
local-memory cache, DEBUG on, bound to localhost). Production mode is DEBUG=false, which
requires SECRET_KEY, ALLOWED_HOSTS and SITE_URL. README.md lists every variable.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host
from django.utils.translation import gettext_lazy as _

from cybersquad.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

# Production mode as the environment asked for it when the process started. The test runner
# switches DEBUG off without being production, so code that must never run in production
# (seed_demo) asks this, not DEBUG.
CYBERSQUAD_PRODUCTION = not DEBUG

# The embedded default's key is public (it is in this file): it signs nothing outside DEBUG,
# and neither does anything derived from it (sessions, password-reset and appeal tokens,
# return-code HMACs). SECRET_KEY_FALLBACKS lets a rotated key still verify what it signed.
_DEVELOPMENT_KEY = "insecure-embedded-default-key-only-for-local-development-0123456789"  # noqa: S105


def _check_production_key(name: str, key: str) -> None:
    if len(key) < 50 or len(set(key)) < 5 or key.strip() != key:
        raise ImproperlyConfigured(
            f"{name} must be at least 50 random characters (no spaces around it)."
        )
    if key == _DEVELOPMENT_KEY or key.startswith("django-insecure"):
        raise ImproperlyConfigured(f"{name} must not be a development key.")


SECRET_KEY = env_str("SECRET_KEY")
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or _DEVELOPMENT_KEY
elif not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
else:
    _check_production_key("SECRET_KEY", SECRET_KEY)
    for _fallback in SECRET_KEY_FALLBACKS:
        _check_production_key("SECRET_KEY_FALLBACKS", _fallback)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and (not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names (never '*').")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "cybersquad",
    "forum",
    "chat",
    "moderation",
    # The top layer: URLs, sockets, account export and erasure, figures, periodic work.
    "composition",
]

MIDDLEWARE = [
    # Our access log (route names only); daphne's own, with paths and query strings, is off.
    "cybersquad.request_log.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cybersquad.middleware.MemberLocaleMiddleware",
    "cybersquad.middleware.SuspendedAccountMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cybersquad.staff_access.StaffAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cybersquad.middleware.SensitivePageMiddleware",
    "cybersquad.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "composition.urls"
ASGI_APPLICATION = "composition.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cybersquad" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cybersquad.context_processors.site",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------


def _sqlite_test_path() -> str:
    shm = Path("/dev/shm")  # noqa: S108 - a test database only, named after this checkout
    folder = shm if shm.is_dir() else Path(tempfile.gettempdir())
    digest = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:10]
    return str(folder / f"cybersquad-test-{digest}.sqlite3")


DATABASE_URL = env_str("DATABASE_URL")
# PostgreSQL connections come from psycopg's pool (DB_POOL_MAX=0 turns it off): under daphne
# every database call runs on Channels' one database thread, and opening a new connection
# for each (CONN_MAX_AGE 0 without a pool) left that thread waiting on connects and TLS
# handshakes while sockets timed out. A pool needs CONN_MAX_AGE 0: a connection goes back
# to the pool after each request or socket event instead of being closed.
DB_POOL_MIN = env_int("DB_POOL_MIN", 2, minimum=0)
DB_POOL_MAX = env_int("DB_POOL_MAX", 10, minimum=0)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0)
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOL_MAX:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(DB_POOL_MIN, DB_POOL_MAX),
            "max_size": DB_POOL_MAX,
            "timeout": 10,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            # A file, not memory, so that a daphne process started by the browser tests
            # sees the same test database.
            "TEST": {"NAME": env_str("SQLITE_TEST_PATH", _sqlite_test_path())},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _redis_url_of_test_worker(url: str) -> str:
    """Under pytest-xdist (``make test`` runs the suite in workers gw0, gw1, ...) worker N
    uses the Redis database N after REDIS_URL's: tests empty the cache, and emptying a Redis
    cache empties its whole database, under the other worker's feet. Elsewhere: ``url``."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{database}"))


REDIS_URL = _redis_url_of_test_worker(env_str("REDIS_URL"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cybersquad.cache.RedisCache",  # one client per process
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cybersquad",
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "cybersquad.layers.RedisChannelLayer",  # one reader per process
            "CONFIG": {
                # redis-py 8 defaults to a 5 s socket timeout, which makes channels_redis drop
                # idle connections (close code 1011): keep reads blocking. Its asyncio pool
                # also stops at 100 connections, which hundreds of sockets closing at once
                # (a room emptying, a restart) exceed: their group_discard then fails.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": None,
                        "max_connections": env_int("REDIS_MAX_CONNECTIONS", 2000, minimum=10),
                    }
                ],
                "prefix": "cybersquad",
                "capacity": 1000,
                "expiry": 60,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Each post shown has an entry (forum/post_html.py): room for a small site's
            # busy topics, not Django's 300.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Accounts ----------------------------------------------------------------------------

AUTH_USER_MODEL = "cybersquad.User"
AUTHENTICATION_BACKENDS = ["cybersquad.auth.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "cybersquad.validators.StaffPasswordValidator",
        "OPTIONS": {"min_length": env_int("STAFF_PASSWORD_MIN_LENGTH", 12, minimum=10)},
    },
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "cybersquad.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "cybersquad.forms.SignupForm", "login": "cybersquad.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "cybersquad.validators.pseudonym_validators"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Cybersquad – "
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}
# Staff sign in with a second factor: an authenticator app (TOTP) and recovery codes.
# cybersquad/staff_access.py makes it compulsory for them; members are never offered it.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cybersquad"
# A code is accepted one period (30 s) early or late: phones' clocks drift (RFC 6238 §5.2);
# allauth still accepts each code only once.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "cybersquad.staff_access.MFAAdapter"
MFA_FORMS = {
    "activate_totp": "cybersquad.staff_access.ActivateAppForm",
    "authenticate": "cybersquad.staff_access.SignInCodeForm",
    "reauthenticate": "cybersquad.staff_access.ConfirmCodeForm",
}
# allauth reads the client address from REMOTE_ADDR unless we trust a proxy explicitly.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Database sessions (revocable at once), their query compiled once per process.
SESSION_ENGINE = "cybersquad.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Languages ---------------------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "nl")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr", "nl")}

# --- Static files ------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "cybersquad" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "cybersquad.staticstorage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security ----------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

if env_bool("BEHIND_PROXY", False):
    # Only trust X-Forwarded-Proto when a proxy we run sets it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        # 'self' covers ws:/wss: to this host in current browsers.
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # there are no uploads anywhere

# --- Email -------------------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cybersquad <no-reply@cybersquad.be>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging (never message content; newlines escaped so log lines cannot be forged) -----

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "safe": {
            "()": "cybersquad.request_log.SingleLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {"route_only": {"()": "cybersquad.request_log.RouteOnlyFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "safe"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Paths name conversations, report codes and decisions: these loggers write route names.
    "loggers": {
        # Without Django's own console and admin-mail handlers: every line goes through ours.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"level": "ERROR", "filters": ["route_only"]},
        "django.security.csrf": {"filters": ["route_only"]},
        "django.channels.server": {"filters": ["route_only"]},
        "daphne": {"level": "WARNING"},
    },
}

# --- Cybersquad --------------------------------------------------------------------------

CYBERSQUAD_MIN_AGE = env_int("MIN_AGE", 13, minimum=0)
CYBERSQUAD_MAX_AGE = env_int("MAX_AGE", 18, minimum=0)
if CYBERSQUAD_MAX_AGE < CYBERSQUAD_MIN_AGE:
    raise ImproperlyConfigured("MAX_AGE must not be below MIN_AGE.")
CYBERSQUAD_HELPLINE = env_str("HELPLINE_NUMBER", "116 000")
# A neutral, fast site that the quick-exit control replaces the page with.
CYBERSQUAD_QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.meteo.be/")
# Without JavaScript the quick-exit button posts a form that is redirected to that site, and
# browsers hold the redirect to the form-action policy too.
_exit = urlsplit(CYBERSQUAD_QUICK_EXIT_URL)
if _exit.scheme not in ("http", "https") or not _exit.netloc:
    raise ImproperlyConfigured("QUICK_EXIT_URL must be an http(s) address.")
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_exit.scheme}://{_exit.netloc}")
# Shown on the privacy page for questions about personal data (none: the postal address only).
CYBERSQUAD_PRIVACY_EMAIL = env_str("PRIVACY_EMAIL", "")
CYBERSQUAD_POSTS_PER_PAGE = env_int("POSTS_PER_PAGE", 20, minimum=1)
CYBERSQUAD_TOPICS_PER_PAGE = env_int("TOPICS_PER_PAGE", 25, minimum=1)
# How many of a new member's posts wait for a moderator before appearing (0: none).
CYBERSQUAD_PREMODERATE_FIRST_POSTS = env_int("PREMODERATE_FIRST_POSTS", 1, minimum=0)
# The public address, for links in emails (pages themselves use relative links). In
# production it must be given: a default would send young people links to another host.
CYBERSQUAD_SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not DEBUG:
    if not CYBERSQUAD_SITE_URL:
        raise ImproperlyConfigured("SITE_URL must be set when DEBUG is off.")
    _site = urlsplit(CYBERSQUAD_SITE_URL)
    if _site.scheme != "https" or not _site.hostname or _site.path or _site.query:
        raise ImproperlyConfigured(
            "SITE_URL must be the site's public https address, e.g. https://cybersquad.be"
        )
    if not validate_host(_site.hostname, ALLOWED_HOSTS):
        raise ImproperlyConfigured("SITE_URL's host name must be one of ALLOWED_HOSTS.")

# Live chat (chat/). Opening hours are Brussels time: "mon-fri 10:00-22:00; sat,sun 14:00-20:00".
CHAT_OPENING_HOURS = env_str("CHAT_OPENING_HOURS", "mon-fri 10:00-22:00; sat,sun 14:00-22:00")
CHAT_MAX_ACTIVE_PER_COUNSELLOR = env_int("CHAT_MAX_ACTIVE_PER_COUNSELLOR", 3, minimum=1)
# A claimed chat with no counsellor reply within this time goes back to the queue.
CHAT_CLAIM_TIMEOUT_SECONDS = env_int("CHAT_CLAIM_TIMEOUT_SECONDS", 300, minimum=10)
CHAT_SHIFT_HOURS = env_int("CHAT_SHIFT_HOURS", 8, minimum=1)
CHAT_MESSAGE_MAX_CHARS = env_int("CHAT_MESSAGE_MAX_CHARS", 2000, minimum=10)
# Per sender, across all their sockets: at most this many messages in this many seconds.
CHAT_RATE_MESSAGES = env_int("CHAT_RATE_MESSAGES", 8, minimum=1)
CHAT_RATE_SECONDS = env_int("CHAT_RATE_SECONDS", 10, minimum=1)
# A client that missed more than this many messages is asked to reload the page.
CHAT_REPLAY_LIMIT = env_int("CHAT_REPLAY_LIMIT", 200, minimum=10)
# How often an open chat socket joins its groups again and checks that Redis kept its data.
CHAT_HEARTBEAT_SECONDS = env_int("CHAT_HEARTBEAT_SECONDS", 30, minimum=1)
# A heartbeat reads the socket's session from the database only every this many beats (a
# password change, a sign-out or a deleted session push session.end at once; an expiry has its
# own timer), and whenever Redis lost its data (a push may have been lost with it).
CHAT_SESSION_RECHECK_BEATS = env_int("CHAT_SESSION_RECHECK_BEATS", 10, minimum=1)
# The outbox sweep: every process with open chat sockets broadcasts, this often, the visible
# messages older than this that were stored but never broadcast (a process killed between
# commit and broadcast, a Redis error); when the sweep itself fails it waits twice as long,
# up to eight times this.
CHAT_OUTBOX_SWEEP_SECONDS = env_int("CHAT_OUTBOX_SWEEP_SECONDS", 5, minimum=1)
# A broadcast that failed after the commit (a Redis error) is tried again after this many
# seconds, then twice as long after each failure, up to the maximum (by the outbox sweep of
# the process that failed, woken for it, or of any process once due).
CHAT_BROADCAST_RETRY_SECONDS = env_int("CHAT_BROADCAST_RETRY_SECONDS", 1, minimum=1)
CHAT_BROADCAST_RETRY_MAX_SECONDS = env_int("CHAT_BROADCAST_RETRY_MAX_SECONDS", 60, minimum=1)
# Used for the wait estimate until there are enough recent conversations to measure it.
CHAT_DEFAULT_HANDLING_MINUTES = env_int("CHAT_DEFAULT_HANDLING_MINUTES", 20, minimum=1)
# Closed conversations are anonymised after this many days (manage.py chat_retention).
CHAT_RETENTION_DAYS = env_int("CHAT_RETENTION_DAYS", 365, minimum=1)
# Room messages are erased after this many days (manage.py retention), unless a moderation
# case still needs them or a decision on them is under appeal or can still be appealed.
CHAT_ROOM_RETENTION_DAYS = env_int("CHAT_ROOM_RETENTION_DAYS", 30, minimum=1)
# What a moderation case keeps (copies of edited or deleted content, quoted excerpts, report
# descriptions and contacts, appeal texts, a deleted member's pseudonym) is erased this many
# days after the case closed (manage.py retention). It is also how long a decision can be
# appealed: the DSA wants appeals possible for at least six months after a decision.
MODERATION_RETENTION_DAYS = env_int("MODERATION_RETENTION_DAYS", 365, minimum=1)

# Learned screening models (moderation/screening/learned.py) beside the rules: "on" (their
# signals count), or "off" (rules only). SCREENING_SHADOW_MODELS names a folder of other
# models (from `manage.py screening_train --out`) that run in shadow: their verdicts are
# recorded for comparison with moderators' decisions, never applied.
SCREENING_MODELS = env_str("SCREENING_MODELS", "on").strip().lower()
if SCREENING_MODELS not in ("on", "off"):
    raise ImproperlyConfigured(f"SCREENING_MODELS must be on or off, not {SCREENING_MODELS!r}")
SCREENING_SHADOW_MODELS = env_str("SCREENING_SHADOW_MODELS", "").strip()
if SCREENING_SHADOW_MODELS and not Path(SCREENING_SHADOW_MODELS).is_dir():
    raise ImproperlyConfigured("SCREENING_SHADOW_MODELS must be a folder of screening models.")

# What anyone can send, per client (a member by account, a visitor by address), through
# cybersquad/ratelimit.py: action -> (how many, per how many seconds); chat messages use
# CHAT_RATE_*. A school's pupils share one address: limits by address leave room for a class.
CYBERSQUAD_RATE_LIMITS = {
    "post": (20, 10 * 60),
    "report": (20, 60 * 60),
    # Urgent reports per client and hour; past it, their reports queue as high, not urgent.
    "report_urgent": (5, 60 * 60),
    "search": (30, 60),
    # Reactions, "this helped" marks and following a question, per member: each reaction or
    # mark empties the question's cached pages, so a script clicking on and off must not.
    "toggle": (60, 60),
    "chat_open": (20, 3600),
    # Disclosures found by screening, per member (posts, replies, edits, room messages). Never
    # a refusal: past it, a member whose case is closed gets no new case opened (their
    # message is still stored, held for a moderator and they see the help at once); one
    # whose case is open still has every disclosure added to it.
    "crisis": (10, 60 * 60),
    "return_code_browser": (10, 15 * 60),
    "return_code_address": (60, 15 * 60),
    # Changing the email address asks for the password: tries per account.
    "email_change": (10, 60 * 60),
    # Links or notices sent to one email address (sign-up and settings), so that nobody can
    # flood someone's mailbox through our forms.
    "email_link": (3, 60 * 60),
    # Chat socket frames other than messages (replay, typing, unreadable ones), per socket: a
    # replay reads up to CHAT_REPLAY_LIMIT messages. Our page sends typing at most every 3 s.
    "socket_frame": (30, 60),
}
