"""Reminder e-mails: one message per person, sent inside the change that prompts them.

A reminder says what is due and where to do it, never what a record holds: its subject and
body are built by the caller from labels (an indicator's title, a period, a deadline) and a
link, so nothing about a child or family leaves MASA in an e-mail. Each person receives their
own message, so no one learns who else was chased. Sending is an audit event.

The messages go before the caller's transaction commits, so "reminded on" is recorded only
for reminders that left: when the mail service is down the caller's change is refused with a
message to try later (SECURITY.md T22: no 500, and no claim of a reminder never sent).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.db.models import Model

from masa.core import audit

logger = logging.getLogger(__name__)

MAIL_SERVICE_DOWN = (
    "The e-mail service could not be reached, so no reminders were sent and nothing was "
    "recorded. Try again later."
)


@dataclass(frozen=True)
class Reminder:
    subject: str
    body: str
    # A path inside MASA ("/performance/submissions/new/"); made absolute with the site address.
    link_path: str


def site_address() -> str:
    return str(settings.MASA_SITE_ADDRESS).rstrip("/")


def send_reminders(
    *,
    actor: Any,
    recipients: Iterable[Any],
    reminder: Reminder,
    action: str,
    target: Model | None = None,
    organisation: Any = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Send `reminder` to each active recipient with an address; return how many were sent.

    Call inside the transaction that records the reminder. Raises ValidationError, which
    rolls that transaction back, when the mail service cannot take the messages.
    """
    people = [p for p in recipients if p.is_active and p.email]
    if not people:
        return 0
    audit.record(
        actor=actor,
        action=action,
        target=target,
        organisation=organisation,
        detail={**(detail or {}), "recipient_ids": sorted(p.pk for p in people)},
    )
    body = f"{reminder.body}\n\n{site_address()}{reminder.link_path}\n"
    messages = [
        EmailMessage(
            subject=reminder.subject,
            body=body,
            from_email=settings.MASA_EMAIL_FROM,
            to=[person.email],
        )
        for person in people
    ]

    try:
        mailers.default.send_messages(messages)
    except OSError as error:  # smtplib's errors and refused connections are all OSErrors
        logger.warning("Reminder e-mails not sent: %s", type(error).__name__)
        raise ValidationError(MAIL_SERVICE_DOWN) from error
    return len(people)
