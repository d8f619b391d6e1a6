from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from masa.accounts.sign_in import LAST_SEEN_KEY, SIGNED_IN_AT_KEY

# Writing the session on every request would cost a query each; a minute's slack is harmless.
_LAST_SEEN_RESOLUTION_SECONDS = 60


class SessionLifetimeMiddleware:
    """Ends a session after 30 idle minutes or 12 hours in all (SECURITY.md T5)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.get(SIGNED_IN_AT_KEY, 0)
            last_seen = request.session.get(LAST_SEEN_KEY, 0)
            if now - signed_in_at > settings.MASA_SESSION_ABSOLUTE_SECONDS:
                return self._end(
                    request,
                    "You have been signed out because 12 hours have passed since you signed in.",
                )
            if now - last_seen > settings.MASA_SESSION_IDLE_SECONDS:
                return self._end(
                    request, "You have been signed out because you were inactive for 30 minutes."
                )
            if now - last_seen > _LAST_SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _end(self, request: HttpRequest, why: str) -> HttpResponse:
        logout(request)
        messages.info(request, why)
        return redirect("accounts:sign-in")
