"""Production: HTTPS only, secrets from the environment, demo mode refused."""

from __future__ import annotations

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["MASA_SECRET_KEY"]
MASA_DEMO_MODE = False
# Reminders go through the SMTP relay named here (a relay on the host by default).
MAILERS = smtp_mailers(os.environ.get("MASA_EMAIL_HOST", "localhost"))  # noqa: F405

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# __Host- cookies: Secure, no Domain, path / (T5).
SESSION_COOKIE_NAME = "__Host-masa_session"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-masa_csrf"
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
