"""Running MASA on one machine with the demo partnership (make demo)."""

from __future__ import annotations

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
_secret_file = VAR_DIR / "secret_key"
if not _secret_file.exists():
    _secret_file.write_text(secrets.token_urlsafe(50))
    _secret_file.chmod(0o600)
SECRET_KEY = _secret_file.read_text().strip()

MASA_DEMO_MODE = True
# Served over plain HTTP on loopback, so cookies cannot carry Secure or the __Host- prefix.
SESSION_COOKIE_NAME = "masa_session"
CSRF_COOKIE_NAME = "masa_csrf"
