"""The id of the request being served, for audit events and log lines."""

from __future__ import annotations

import contextvars
import logging

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "masa_request_id", default="-"
)


class RequestIdLogFilter(logging.Filter):
    """Adds the request id to every log record (settings.LOGGING)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
