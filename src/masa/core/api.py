"""API errors that say what to fix."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler


def explain_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with a body that always names the problem in a sentence."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("There is no such record, or you may not see it.")
    elif isinstance(exc, exceptions.NotAuthenticated):
        exc = exceptions.NotAuthenticated(
            "Send your API token in the header 'Authorization: Token <token>'. "
            "Create a token on your account page in MASA."
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"error": str(response.data["detail"])}
    elif response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = {
            "error": "The request has problems; each field below says what to fix.",
            "fields": response.data,
        }
    return response


class Pagination(LimitOffsetPagination):
    """Limit and offset, bounded: at most 500 records a page, so one request cannot ask for a
    whole table, and an offset past any possible row is read as "past the end" rather than
    overflowing the database driver."""

    max_limit = 500
    largest_offset = 2**63 - 1

    def get_offset(self, request: Any) -> int:
        return min(super().get_offset(request), self.largest_offset)
