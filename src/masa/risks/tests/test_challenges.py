"""The challenge log: every step kept, late responses counted in working days, the agency
lead's view and home page, the forms, and constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.tests.factories import make_member, make_organisation, signed_in_client
from masa.core.calendar import add_working_days
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.risks.models import RESPONSE_DUE_WORKING_DAYS, Challenge
from masa.risks.services import (
    challenge_close,
    challenge_raise,
    challenge_record_assurance,
    challenge_reopen,
    challenge_respond,
)


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.other, partnership=world.partnership)


def _raise(world, manager, organisation=None, **overrides):
    values = {
        "actor": manager,
        "partnership": world.partnership,
        "organisation": organisation or world.own,
        "subject": "Attendance at the Board",
        "raised_on": datetime.date(2016, 12, 13),
    }
    values.update(overrides)
    return challenge_raise(**values)


def test_a_response_is_due_20_working_days_after_raising_skipping_christmas(world, manager):
    challenge = _raise(world, manager)
    # 13 December 2016: Christmas and Boxing Day fell at a weekend, so the bank holidays were
    # Tuesday 27 December and Monday 2 January.
    assert RESPONSE_DUE_WORKING_DAYS == 20
    assert challenge.response_due_on == add_working_days(datetime.date(2016, 12, 13), 20)
    assert challenge.response_due_on == datetime.date(2017, 1, 13)
    assert not challenge.is_late(datetime.date(2017, 1, 13))
    assert challenge.is_late(datetime.date(2017, 1, 14))
    assert list(Challenge.objects.late(datetime.date(2017, 1, 16))) == [challenge]
    challenge_respond(actor=manager, challenge=challenge, response="We will attend")
    assert not Challenge.objects.late(datetime.date(2017, 1, 16)).exists()


def test_every_step_is_kept_and_audited(world, manager):
    challenge = _raise(world, manager)
    challenge_respond(
        actor=manager,
        challenge=challenge,
        response="A deputy will attend",
        responded_on=datetime.date(2017, 1, 5),
    )
    challenge_record_assurance(
        actor=manager,
        challenge=challenge,
        assurance_received=False,
        assurance="No evidence yet",
        assured_on=datetime.date(2017, 1, 17),
    )
    challenge_close(actor=manager, challenge=challenge, closed_on=datetime.date(2017, 1, 18))
    challenge_reopen(actor=manager, challenge=challenge)
    challenge_respond(actor=manager, challenge=challenge, response="Attended in April")
    challenge_record_assurance(
        actor=manager, challenge=challenge, assurance_received=True, assurance="Attended"
    )
    challenge_close(actor=manager, challenge=challenge)
    challenge.refresh_from_db()
    assert (challenge.status, challenge.assurance_received, challenge.response) == (
        "closed",
        True,
        "Attended in April",
    )
    kinds = list(challenge.events.order_by("recorded_at", "pk").values_list("kind", flat=True))
    assert kinds == [
        "raised",
        "responded",
        "assurance",
        "closed",
        "reopened",
        "responded",
        "assurance",
        "closed",
    ]
    assert list(challenge.events.filter(kind="responded").values_list("text", flat=True)) == [
        "A deputy will attend",
        "Attended in April",
    ]
    actions = list(
        AuditEvent.objects.filter(object_type="risks.challenge")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "risks.challenge_raised",
        "risks.challenge_responded",
        "risks.assurance_recorded",
        "risks.challenge_closed",
        "risks.challenge_reopened",
        "risks.challenge_responded",
        "risks.assurance_recorded",
        "risks.challenge_closed",
    ]
    # Ids and field names only, never the words of the response.
    assert all("Attended" not in str(event.detail) for event in AuditEvent.objects.all())


def test_a_closed_challenge_takes_no_response_until_reopened(world, manager):
    challenge = _raise(world, manager)
    challenge_close(actor=manager, challenge=challenge)
    with pytest.raises(ValidationError, match="reopen it"):
        challenge_respond(actor=manager, challenge=challenge, response="Late answer")
    with pytest.raises(ValidationError, match="already closed"):
        challenge_close(actor=manager, challenge=challenge)


def test_a_response_cannot_predate_the_challenge(world, manager):
    challenge = _raise(world, manager)
    with pytest.raises(ValidationError, match="on or after the day the challenge was raised"):
        challenge_respond(
            actor=manager,
            challenge=challenge,
            response="Answer",
            responded_on=datetime.date(2016, 12, 1),
        )


def test_the_agency_lead_sees_and_answers_only_their_organisations_challenges(world, manager):
    own = _raise(world, manager, subject="Own organisation's challenge")
    _raise(world, manager, organisation=world.other, subject="Another agency's challenge")
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    client = signed_in_client(lead)
    log = client.get("/challenges/?show=all").content.decode()
    assert "Own organisation&#x27;s challenge" in log
    assert "Another agency" not in log
    home = client.get("/home/").content.decode()
    assert "Challenge awaiting your response: Own organisation" in home
    assert "Another agency" not in home
    # The business manager answers for everyone, but is not asked on their home page.
    assert "Challenge awaiting" not in signed_in_client(manager).get("/home/").content.decode()
    page = client.get(f"/challenges/{own.pk}/").content.decode()
    assert "Record the response" in page and "Record assurance" not in page
    response = client.post(
        f"/challenges/{own.pk}/respond/",
        {"response": "", "responded_on-day": "5", "responded_on-month": "1"},
    )
    assert response.status_code == 400
    assert "Enter the response" in response.content.decode()
    assert "The date of the response must include a year" in response.content.decode()
    response = client.post(
        f"/challenges/{own.pk}/respond/",
        {
            "response": "Our deputy will attend",
            "responded_on-day": "5",
            "responded_on-month": "1",
            "responded_on-year": "2017",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.responded_on, own.response) == (datetime.date(2017, 1, 5), "Our deputy will attend")
    assert "Challenge awaiting" not in client.get("/home/").content.decode()
    assert client.post(f"/challenges/{own.pk}/close/").status_code == 403


def test_the_log_filters_open_late_and_closed(world, manager):
    late = _raise(world, manager, subject="No answer yet")
    answered = _raise(world, manager, subject="Answered in time")
    challenge_respond(actor=manager, challenge=answered, response="Done")
    done = _raise(world, manager, subject="Finished")
    challenge_close(actor=manager, challenge=done)
    client = signed_in_client(manager)
    # Raised in December 2016, so long past its due date today.
    late_page = client.get("/challenges/?show=late").content.decode()
    assert "No answer yet" in late_page and "Answered in time" not in late_page
    assert "Late: no response" in late_page and "Late (1)" in late_page
    open_page = client.get("/challenges/").content.decode()
    assert "Finished" not in open_page and "Answered in time" in open_page
    closed_page = client.get("/challenges/?show=closed").content.decode()
    assert "Finished" in closed_page and "No answer yet" not in closed_page
    assert late.is_late(datetime.date.today())


def test_the_raise_assurance_and_state_forms(world, manager):
    client = signed_in_client(manager)
    assert client.get("/challenges/raise/").status_code == 200
    response = client.post(
        "/challenges/raise/",
        {"organisation": world.outside_partnership.pk, "subject": "", "detail": "Kept"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select an organisation that works with the partnership" in page
    assert "Enter what the challenge is about" in page
    assert "Enter the date the challenge was raised" in page
    assert "Kept" in page
    response = client.post(
        "/challenges/raise/",
        {
            "organisation": world.own.pk,
            "subject": "Thresholds are not applied consistently",
            "raised_on-day": "4",
            "raised_on-month": "7",
            "raised_on-year": "2016",
        },
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert (challenge.raised_by, challenge.partnership) == (manager, world.partnership)
    response = client.post(
        f"/challenges/{challenge.pk}/assurance/",
        {
            "assurance_received": "no",
            "assurance": "Audit awaited",
            "assured_on-day": "1",
            "assured_on-month": "9",
            "assured_on-year": "2016",
        },
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.assurance_received is False
    assert client.get(f"/challenges/{challenge.pk}/close/").status_code == 405
    assert client.post(f"/challenges/{challenge.pk}/close/").status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == "closed"
    page = client.get(f"/challenges/{challenge.pk}/").content.decode()
    assert "Reopen the challenge" in page and "Assurance recorded: not assured" in page
    assert client.post(f"/challenges/{challenge.pk}/reopen/").status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == "open" and challenge.closed_on is None


def test_a_challenge_in_another_partnership_is_not_found(world, manager):
    elsewhere = make_member(Role.BUSINESS_MANAGER, world.outside_partnership)
    challenge = _raise(world, manager)
    client = signed_in_client(elsewhere)
    assert client.get(f"/challenges/{challenge.pk}/").status_code == 404
    assert client.get(f"/challenges/{challenge.pk}/respond/").status_code == 404
    assert client.post(f"/challenges/{challenge.pk}/close/").status_code == 404


def test_the_log_takes_the_same_number_of_queries_for_1_and_10_challenges(world, manager):
    client = signed_in_client(manager)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ("/challenges/?show=all", "/api/v1/challenges/", "/api/v1/challenge-responses/")
    first = _raise(world, manager)
    challenge_respond(actor=manager, challenge=first, response="Answer")
    few = [queries(url) for url in urls]
    for number in range(9):
        organisation = make_organisation(world.partnership)
        more = _raise(world, manager, organisation=organisation, subject=f"Challenge {number}")
        challenge_respond(actor=manager, challenge=more, response="Answer")
        challenge_close(actor=manager, challenge=more)
    assert [queries(url) for url in urls] == few
