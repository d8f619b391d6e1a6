"""Settings shared by every environment. Environment-specific files import from here.

Values that differ per site come from the environment (MASA_* variables and DATABASE_URL),
read here once at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

from masa.core.static_headers import add_static_headers

REPO_DIR = Path(__file__).resolve().parents[4]
VAR_DIR = Path(os.environ.get("MASA_VAR_DIR", REPO_DIR / "var"))

DEBUG = False
ALLOWED_HOSTS: list[str] = os.environ.get("MASA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

# Demo mode adds the persona sign-in page; production settings refuse it.
MASA_DEMO_MODE = False

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "masa.core",
    "masa.partnership",
    "masa.arrangements",
    "masa.businessplan",
    "masa.risks",
    "masa.documents",
    "masa.learning",
    "masa.performance",
    "masa.audits",
    "masa.assurance",
    "masa.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "masa.core.middleware.RequestIdMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "masa.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "masa.accounts.middleware.SessionLifetimeMiddleware",
    "masa.core.middleware.AccessClassificationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "masa.config.urls"
WSGI_APPLICATION = "masa.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "masa.core.context_processors.layout",
            ],
        },
    },
]


def database_from_environment() -> dict[str, Any]:
    """DATABASE_URL selects the database (PostgreSQL in production); without it MASA runs on
    SQLite under var/. SQLite always gets the options below, however it was named."""
    url = os.environ.get("DATABASE_URL")
    config = (
        dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        if url
        else {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "masa.sqlite3"}
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of
            # failing with "database is locked" halfway through a transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


DATABASES = {"default": database_from_environment()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"

# T4: argon2id; at least 12 characters, a deny-list, no composition rules, no expiry.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "masa.accounts.passwords.ServiceNameValidator"},
]

# T5: the session cookie lives at most 12 hours; the idle limit is enforced per request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
MASA_SESSION_IDLE_SECONDS = 30 * 60
MASA_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
MASA_DORMANT_DAYS = 90
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "masa.core.errors.csrf_failure"

# T3: sign-in throttling.
MASA_SIGN_IN_LIMIT_PER_ACCOUNT = 10
MASA_SIGN_IN_ACCOUNT_WINDOW_SECONDS = 5 * 60
MASA_SIGN_IN_LIMIT_PER_ADDRESS = 10
MASA_SIGN_IN_ADDRESS_WINDOW_SECONDS = 60

# T11: security headers on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_ADD_HEADERS_FUNCTION = add_static_headers
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "masa.accounts.api_auth.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["masa.core.api_access.ClassifiedAccess"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "masa.core.api_schema.MasaAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "masa.core.api.Pagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "masa.core.api.explain_exception",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MASA API",
    "DESCRIPTION": (
        "The API of MASA, the system of a Safeguarding Children Partnership. "
        "Authenticate with the header Authorization: Token <token>. Tokens belong to people who have "
        "set up two-factor sign-in. Every record is scoped to what the token's owner may see."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s request=%(request_id)s %(message)s"
        },
    },
    "filters": {"request_id": {"()": "masa.core.request_context.RequestIdLogFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Django's request logger would write full URLs and tracebacks; ours says enough.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

MASA_PARTNERSHIP_NAME = os.environ.get(
    "MASA_PARTNERSHIP_NAME", "Somerset Safeguarding Children Partnership"
)

# Uploads (masa.documents.uploads, ADR 0005): where files are kept and what scans them. An
# empty ClamAV database means the EICAR-only file shipped for demo and tests in demo mode or
# DEBUG, and freshclam's /var/lib/clamav otherwise.
MASA_UPLOAD_ROOT = os.environ.get("MASA_UPLOAD_ROOT") or VAR_DIR / "uploads"
MASA_CLAMAV_DATABASE = os.environ.get("MASA_CLAMAV_DATABASE", "")
MASA_CLAMD_SOCKET = os.environ.get("MASA_CLAMD_SOCKET", "")

# E-mail (reminders). Locally the messages are written to files under var/mail so nothing
# leaves the machine; production sends through the SMTP relay MASA_EMAIL_HOST names
# (production.py), with TLS and a login when MASA_EMAIL_USER is set.
MASA_EMAIL_FROM = os.environ.get("MASA_EMAIL_FROM", "masa@localhost")
DEFAULT_FROM_EMAIL = MASA_EMAIL_FROM


def smtp_mailers(host: str) -> dict[str, dict[str, Any]]:
    user = os.environ.get("MASA_EMAIL_USER", "")
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": host,
                "port": int(os.environ.get("MASA_EMAIL_PORT", "587" if user else "25")),
                "username": user,
                "password": os.environ.get("MASA_EMAIL_PASSWORD", ""),
                "use_tls": bool(user),
                "timeout": 10,
            },
        }
    }


if os.environ.get("MASA_EMAIL_HOST"):
    MAILERS = smtp_mailers(os.environ["MASA_EMAIL_HOST"])
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
# The address people reach MASA at, for links in e-mails.
MASA_SITE_ADDRESS = os.environ.get("MASA_SITE_ADDRESS", "http://127.0.0.1:8000")
