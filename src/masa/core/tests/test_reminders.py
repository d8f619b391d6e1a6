"""Reminders go one per person and are audited; a mail outage refuses the change cleanly."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import override_settings

from masa.accounts.tests.factories import make_person
from masa.core.models import AuditEvent
from masa.core.reminders import MAIL_SERVICE_DOWN, Reminder, send_reminders

REMINDER = Reminder(
    subject="Figures due for 2016/17 Q4",
    body="Your organisation's figures for 2016/17 Q4 are due on 28 April 2017.",
    link_path="/performance/submissions/",
)


class UnreachableMailService(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("connection refused")


@pytest.mark.django_db
def test_each_person_gets_their_own_message():
    sender = make_person(email="sender@example.invalid")
    first = make_person(email="first@example.invalid")
    second = make_person(email="second@example.invalid")
    dormant = make_person(email="dormant@example.invalid")
    dormant.is_active = False
    dormant.save()

    sent = send_reminders(
        actor=sender, recipients=[first, second, dormant], reminder=REMINDER, action="test.remind"
    )

    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "first@example.invalid",
        "second@example.invalid",
    ]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert mail.outbox[0].body.endswith("http://127.0.0.1:8000/performance/submissions/\n")
    event = AuditEvent.objects.get(action="test.remind")
    assert event.detail["recipient_ids"] == sorted([first.pk, second.pk])


@pytest.mark.django_db(transaction=True)
def test_a_mail_outage_refuses_the_change_and_records_nothing():
    sender = make_person(email="sender@example.invalid")
    person = make_person(email="person@example.invalid")
    unreachable = {"default": {"BACKEND": f"{__name__}.UnreachableMailService"}}

    with (
        override_settings(MAILERS=unreachable),
        pytest.raises(ValidationError) as refused,
        transaction.atomic(),
    ):
        send_reminders(actor=sender, recipients=[person], reminder=REMINDER, action="test.remind")

    assert refused.value.messages == [MAIL_SERVICE_DOWN]
    assert not AuditEvent.objects.filter(action="test.remind").exists()
