from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from masa.accounts.sign_in import LAST_SEEN_KEY, SIGNED_IN_AT_KEY

# Writing the session on every request would cost a query each; a minute's slack is harmless.
_LAST_SEEN_RESOLUTION_SECONDS = 60
_SIGNED_OUT_BECAUSE = "_masa_signed_out_because"


class SessionLifetimeMiddleware:
    """Ends a session after 30 idle minutes or 12 hours in all (SECURITY.md T5).

    The request then carries on signed out, so a page behind sign-in sends the person to the
    sign-in page and a public page is served. The message saying why is added in process_view,
    once MessageMiddleware (later in MIDDLEWARE) has set up message storage."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.get(SIGNED_IN_AT_KEY, 0)
            last_seen = request.session.get(LAST_SEEN_KEY, 0)
            why = ""
            if now - signed_in_at > settings.MASA_SESSION_ABSOLUTE_SECONDS:
                why = "You have been signed out because 12 hours have passed since you signed in."
            elif now - last_seen > settings.MASA_SESSION_IDLE_SECONDS:
                why = "You have been signed out because you were inactive for 30 minutes."
            if why:
                logout(request)
                setattr(request, _SIGNED_OUT_BECAUSE, why)
            elif now - last_seen > _LAST_SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        why = getattr(request, _SIGNED_OUT_BECAUSE, "")
        if why:
            messages.info(request, why, fail_silently=True)
        return None
