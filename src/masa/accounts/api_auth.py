from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions

from masa.accounts.models import ApiToken

_LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class HashedTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <token>`. The token's owner must be active and have a second
    factor set up (SECURITY.md T1); otherwise the token is refused."""

    keyword = "Token"

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the header as 'Authorization: Token <your token>', with no spaces in the token."
            )
        try:
            token = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(
                "The token contains characters a token never has."
            ) from exc
        found = (
            ApiToken.objects.select_related("person", "person__totp_device")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.person.is_active:
            raise exceptions.AuthenticationFailed(
                "This token is not valid: it may have been revoked."
            )
        if not found.person.has_second_factor:
            raise exceptions.AuthenticationFailed(
                "This token's owner has not set up two-factor sign-in, so it cannot be used."
            )
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > _LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.person, found

    def authenticate_header(self, request: Any) -> str:
        return self.keyword
