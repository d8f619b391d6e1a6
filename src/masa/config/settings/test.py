"""Settings for the test suite: production's rules where they can hold over plain HTTP."""

from __future__ import annotations

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-any-real-site-0123456789"  # noqa: S105
MASA_DEMO_MODE = True
SESSION_COOKIE_NAME = "masa_session"
CSRF_COOKIE_NAME = "masa_csrf"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Fast hashing keeps the suite quick; test_passwords checks argon2id is the real default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
