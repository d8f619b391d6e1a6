"""Reminders go one per person, only once the change commits, and are audited."""

import pytest
from django.core import mail
from django.db import transaction

from masa.accounts.tests.factories import make_person
from masa.core.models import AuditEvent
from masa.core.reminders import Reminder, send_reminders

REMINDER = Reminder(
    subject="Figures due for 2016/17 Q4",
    body="Your organisation's figures for 2016/17 Q4 are due on 28 April 2017.",
    link_path="/performance/submissions/",
)


@pytest.mark.django_db(transaction=True)
def test_each_person_gets_their_own_message_after_commit():
    sender = make_person(email="sender@example.invalid")
    first = make_person(email="first@example.invalid")
    second = make_person(email="second@example.invalid")
    dormant = make_person(email="dormant@example.invalid")
    dormant.is_active = False
    dormant.save()

    with transaction.atomic():
        sent = send_reminders(
            actor=sender,
            recipients=[first, second, dormant],
            reminder=REMINDER,
            action="test.remind",
        )
        assert mail.outbox == []

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
def test_nothing_is_sent_when_the_change_rolls_back():
    sender = make_person(email="sender@example.invalid")
    person = make_person(email="person@example.invalid")

    with pytest.raises(RuntimeError), transaction.atomic():
        send_reminders(actor=sender, recipients=[person], reminder=REMINDER, action="test.remind")
        raise RuntimeError("the change failed")

    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="test.remind").exists()
