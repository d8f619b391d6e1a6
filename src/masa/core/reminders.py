"""Reminder e-mails: one message per person, sent once the change that prompted it commits.

A reminder says what is due and where to do it, never what a record holds: its subject and
body are built by the caller from labels (an indicator's title, a period, a deadline) and a
link, so nothing about a child or family leaves MASA in an e-mail. Each person receives their
own message, so no one learns who else was chased. Sending is an audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Model

from masa.core import audit


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

    Call inside the transaction that records the reminder: the audit event commits with it and
    the messages go only if it commits.
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

    transaction.on_commit(lambda: mailers.default.send_messages(messages))
    return len(people)
