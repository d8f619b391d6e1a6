"""Request id, security headers and the enforcement of each view's access classification."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from masa.core.access import Access, classification, is_api_view
from masa.core.audit import record_denial
from masa.core.permissions import permits
from masa.core.request_context import current_request_id

logger = logging.getLogger("masa.access")


class RequestIdMiddleware:
    """Gives each request an id that audit events and log lines carry, and echoes it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _is_signing_in(request: HttpRequest) -> bool:
    """Past the password, before the second factor: the set-up page shows a new app secret."""
    from masa.accounts.sign_in import PENDING_KEY

    session = getattr(request, "session", None)
    return session is not None and PENDING_KEY in session


class SecurityHeadersMiddleware:
    """Headers Django does not set itself (T11): no caching of anything a signed-in person, or
    one halfway through signing in, saw; and no browser features MASA does not use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        private = (
            (user is not None and user.is_authenticated)
            or "Authorization" in request.headers
            or _is_signing_in(request)
        )
        if private or not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store" if private else "no-cache"
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class AccessClassificationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        found = classification(view)
        if found is None:
            logger.error("unclassified view %s refused", getattr(view, "__name__", view))
            return render(request, "404.html", status=404)
        access, permission = found
        if is_api_view(view) or access == Access.PUBLIC:
            # API views authenticate tokens themselves and enforce the same classification
            # through masa.core.api.ClassifiedAccess.
            return None
        if access == Access.SECOND_FACTOR_STEP:
            from masa.accounts.sign_in import pending_person

            if pending_person(request) is None:
                return redirect("accounts:sign-in")
            return None
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:sign-in')}?next={request.path}")
        if access == Access.PERMISSION and (
            permission is None or not permits(request.user, permission)
        ):
            record_denial(actor=request.user, what=str(permission), reason="no such permission")
            return render(request, "403.html", status=403)
        return None
