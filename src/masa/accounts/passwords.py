from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

# Words anyone guessing a password here would try first (NCSC: block the obvious).
_SERVICE_WORDS = ("safeguard", "masa", "partnership", "password")


class ServiceNameValidator:
    """Refuses passwords built on the service's own name or the partnership's."""

    def validate(self, password: str, user: object = None) -> None:
        lowered = password.lower()
        words = list(_SERVICE_WORDS) + [
            w.lower() for w in settings.MASA_PARTNERSHIP_NAME.split() if len(w) > 4
        ]
        for word in words:
            if word in lowered and len(lowered) - len(word) < 8:
                raise ValidationError(
                    "Your password is too easy to guess: it is mostly the name of this service "
                    "or partnership. Try three random words.",
                    code="password_service_name",
                )

    def get_help_text(self) -> str:
        return "Your password cannot be mostly the name of this service or partnership."
