import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from masa.accounts.services import person_create
from masa.core import audit
from masa.core.models import AuditEvent


def _events(count: int) -> list[AuditEvent]:
    return [audit.record(actor=None, action="test.event", detail={"n": n}) for n in range(count)]


def test_each_event_links_to_the_one_before(db):
    first, second, third = _events(3)
    assert first.previous_hash == audit.GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert audit.verify_chain().intact


def test_services_write_their_event_in_the_same_transaction(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        person_create(actor=None, email="rolled.back@example.org", full_name="Rolled Back")
        raise RuntimeError("the change fails after the service ran")
    assert not AuditEvent.objects.filter(action="person.created").exists()
    person = person_create(actor=None, email="kept@example.org", full_name="Kept")
    event = AuditEvent.objects.get(action="person.created")
    assert (event.object_type, event.object_id) == ("accounts.person", str(person.pk))


def test_the_database_refuses_to_update_an_audit_event(db):
    (event,) = _events(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="SQLite refuses updates only (ADR 0003)"
)
def test_postgresql_refuses_to_delete_an_audit_event(db):
    (event,) = _events(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def _disable_append_only_trigger(cursor) -> None:
    # As a superuser could (the test database's owner is one): triggers off for this session.
    # ALTER TABLE ... DISABLE TRIGGER is refused inside the test's transaction, which holds
    # deferred foreign-key checks on the table.
    cursor.execute("SET LOCAL session_replication_role = replica")


def _tamper(event_id: int, action: str) -> None:
    """Change an event behind the application's back, as an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _disable_append_only_trigger(cursor)
        else:
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
        cursor.execute("UPDATE core_auditevent SET action = %s WHERE id = %s", [action, event_id])


def test_verify_audit_reports_the_first_edited_event(db):
    events = _events(5)
    _tamper(events[2].pk, "something.else")
    report = audit.verify_chain()
    assert report.first_broken_id == events[2].pk
    assert "contents" in report.problem
    with pytest.raises(CommandError, match=f"broken at event {events[2].pk}"):
        call_command("verify_audit")


def test_verify_audit_reports_a_removed_event(db):
    events = _events(4)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _disable_append_only_trigger(cursor)
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    report = audit.verify_chain()
    assert report.first_broken_id == events[2].pk
    assert "link" in report.problem


def test_verify_audit_says_how_many_events_are_intact(db, capsys):
    _events(3)
    call_command("verify_audit")
    assert "intact: 3 events checked" in capsys.readouterr().out


def test_events_carry_the_request_id_of_the_request_that_caused_them(client, db):
    from masa.accounts.tests.factories import make_person

    person = make_person(email="request.id@example.org")
    response = client.post("/sign-in/", {"email": person.email, "password": "wrong password here"})
    event = AuditEvent.objects.get(action="sign_in.failed")
    assert event.request_id == response["X-Request-ID"]
