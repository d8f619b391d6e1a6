"""Meetings and attendance: Table 1 of the 2016/17 annual report, deputies, overdue actions,
the API, scoping and the audit trail."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masa.accounts.models import Organisation
from masa.accounts.tests.factories import make_member, make_organisation, signed_in_client
from masa.core.calendar import ReportingYear
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.partnership import demo
from masa.partnership.demo_meetings import BOARD_NAME
from masa.partnership.meetings import (
    MeetingError,
    action_complete,
    action_create,
    attendance_record,
    attendance_report,
    meeting_create,
)
from masa.partnership.models import Action, ActionStatus, Attendance, Group, GroupKind, Meeting

YEAR = ReportingYear(2016)

# Table 1 of seed 003: each body's % attendance in 2016/17, by the demo organisation.
TABLE_1_PERCENT = {
    "Avon and Somerset Constabulary": 100,
    "CAFCASS": 50,
    "NHS Somerset Integrated Care Board": 100,
    "Community members": 100,
    "Bristol, Gloucestershire, Somerset and Wiltshire Community Rehabilitation Company": 50,
    "Somerset Council": 100,
    "Somerset District Councils": 100,
    "Somerset County Council, Education": 75,
    "National Probation Service": 100,
    "NHS England": 25,
    "Somerset County Council, Public Health": 100,
    "Somerset Partnership NHS Foundation Trust": 100,
    "Taunton and Somerset NHS Foundation Trust": 50,
    "Yeovil District Hospital NHS Foundation Trust": 100,
    "Somerset Youth Offending Team": 75,
}


@pytest.fixture
def loaded(db):
    return demo.load_demo()


def _manager(loaded):
    organisation = Organisation.objects.get(name=demo.SOMERSET_COUNCIL)
    return make_member(Role.BUSINESS_MANAGER, organisation, partnership=loaded.partnership)


def test_the_demo_reproduces_table_1_of_the_2016_17_annual_report(loaded):
    report = attendance_report(_manager(loaded), YEAR)

    assert [m.held_on.month for m in report.meetings] == [4, 7, 10, 1]
    assert {m.group.name for m in report.meetings} == {BOARD_NAME}
    assert {row.organisation: int(row.percent) for row in report.rows} == TABLE_1_PERCENT
    assert all(row.expected == 4 for row in report.rows)
    cafcass = next(row for row in report.rows if row.organisation == "CAFCASS")
    assert cafcass.cells == [False, True, False, True]
    assert (report.attended, report.expected) == (49, 60)
    assert report.overall_percent == 82
    assert report.overall_percent_exact == Decimal("81.7")


def test_the_demo_meetings_load_once(loaded):
    counts = (Meeting.objects.count(), Attendance.objects.count())
    second = demo.load_demo()
    assert not second.changed_anything
    assert (Meeting.objects.count(), Attendance.objects.count()) == counts == (4, 60)


def test_the_report_takes_the_same_number_of_queries_however_many_meetings(world):
    manager = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    group = Group.objects.create(partnership=world.partnership, name="Board", kind="executive")

    def queries() -> int:
        fresh = type(manager).objects.get(pk=manager.pk)
        with CaptureQueriesContext(connection) as captured:
            attendance_report(fresh, YEAR)
        return len(captured)

    meeting_create(
        actor=manager,
        group=group,
        held_on=datetime.date(2016, 5, 1),
        title="A",
        expected=[world.own],
    )
    few = queries()
    for month in (6, 7, 8, 9):
        extra = make_organisation(world.partnership)
        meeting = meeting_create(
            actor=manager,
            group=group,
            held_on=datetime.date(2016, month, 1),
            title="B",
            expected=[world.own, world.other, extra],
        )
        attendance_record(actor=manager, meeting=meeting, organisation=extra, attended=True)
    assert queries() == few


@pytest.fixture
def board(world):
    manager = make_member(Role.BUSINESS_MANAGER, world.other, partnership=world.partnership)
    group = Group.objects.create(
        partnership=world.partnership, name="Board", kind=GroupKind.EXECUTIVE
    )
    meetings = [
        meeting_create(
            actor=manager,
            group=group,
            held_on=day,
            title="Board",
            expected=[world.own, world.other],
        )
        for day in (datetime.date(2016, 4, 19), datetime.date(2016, 7, 19))
    ]
    return manager, meetings


def test_a_deputy_counts_for_their_organisation(world, board):
    manager, (april, july) = board
    attendance_record(
        actor=manager, meeting=april, organisation=world.own, attended=True, as_deputy=True
    )
    attendance_record(actor=manager, meeting=july, organisation=world.own, attended=False)
    attendance_record(actor=manager, meeting=april, organisation=world.other, attended=True)

    rows = {row.organisation: row for row in attendance_report(manager, YEAR).rows}
    assert (rows[world.own.name].attended, rows[world.own.name].expected) == (1, 2)
    assert rows[world.own.name].percent == 50
    # Not recorded counts as not attended: expected twice, there once.
    assert rows[world.other.name].percent == 50


def test_only_expected_organisations_can_be_recorded_and_a_deputy_must_have_attended(world, board):
    manager, (april, _) = board
    with pytest.raises(MeetingError, match="was not expected"):
        attendance_record(
            actor=manager, meeting=april, organisation=world.outside_partnership, attended=True
        )
    with pytest.raises(MeetingError, match="deputy"):
        attendance_record(
            actor=manager, meeting=april, organisation=world.own, attended=False, as_deputy=True
        )
    assert not Attendance.objects.exists()


def test_every_change_is_an_audit_event(world, board):
    manager, (april, _) = board
    attendance_record(actor=manager, meeting=april, organisation=world.own, attended=True)
    action = action_create(
        actor=manager,
        meeting=april,
        description="Send the audit",
        owning_organisation=world.own,
        due_on=datetime.date(2016, 6, 1),
    )
    action_complete(actor=manager, action=action, completed_on=datetime.date(2016, 5, 30))
    events = AuditEvent.objects.filter(actor=manager)
    assert list(events.values_list("action", flat=True)) == [
        "meeting.created",
        "meeting.created",
        "attendance.recorded",
        "action.created",
        "action.completed",
    ]
    recorded = events.get(action="attendance.recorded")
    assert recorded.organisation_id == world.own.pk
    assert recorded.detail["attended"] is True
    with pytest.raises(MeetingError, match="already"):
        action_complete(actor=manager, action=action)


def test_overdue_actions_appear_on_their_owners_home_page_only(world, board):
    manager, (april, _) = board
    owner = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    colleague = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    today = timezone.localdate()
    overdue = action_create(
        actor=manager,
        meeting=april,
        description="Review the neglect toolkit",
        owner=owner,
        owning_organisation=world.own,
        due_on=today - datetime.timedelta(days=3),
    )
    action_create(
        actor=manager,
        meeting=april,
        description="Not yet due",
        owner=owner,
        owning_organisation=world.own,
        due_on=today + datetime.timedelta(days=3),
    )
    done = action_create(
        actor=manager,
        meeting=april,
        description="Already finished",
        owner=owner,
        owning_organisation=world.own,
        due_on=today - datetime.timedelta(days=9),
    )
    action_complete(actor=manager, action=done)

    page = signed_in_client(owner).get("/home/").content.decode()
    assert "Overdue action: Review the neglect toolkit" in page
    assert "3 days late" in page
    assert f"/meetings/actions/{overdue.pk}/done/" in page
    assert "Not yet due" not in page and "Already finished" not in page
    assert (
        "Review the neglect toolkit"
        not in signed_in_client(colleague).get("/home/").content.decode()
    )
    assert (
        "Review the neglect toolkit" not in signed_in_client(manager).get("/home/").content.decode()
    )


def test_the_owner_marks_an_action_done_and_bad_dates_are_explained(world, board):
    manager, (april, _) = board
    owner = make_member(Role.PRACTITIONER, world.own, partnership=world.partnership)
    action = action_create(
        actor=manager,
        meeting=april,
        description="Share the learning",
        owner=owner,
        owning_organisation=world.own,
        due_on=datetime.date(2016, 6, 1),
    )
    client = signed_in_client(owner)
    bad = client.post(
        f"/meetings/actions/{action.pk}/done/",
        {"completed_on-day": "31", "completed_on-month": "2", "completed_on-year": "2017"},
    )
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode()
    assert "must be a real date" in bad.content.decode()
    early = client.post(
        f"/meetings/actions/{action.pk}/done/",
        {"completed_on-day": "1", "completed_on-month": "1", "completed_on-year": "2016"},
    )
    assert "on or after the meeting" in early.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    ok = client.post(
        f"/meetings/actions/{action.pk}/done/",
        {"completed_on-day": "2", "completed_on-month": "6", "completed_on-year": "2016"},
    )
    assert ok.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (ActionStatus.DONE, datetime.date(2016, 6, 2))
    # Someone else's action is not theirs to close.
    other = make_member(Role.PRACTITIONER, world.own, partnership=world.partnership)
    assert signed_in_client(other).get(f"/meetings/actions/{action.pk}/done/").status_code == 404


def test_recording_attendance_saves_nothing_when_an_answer_is_missing(world, board):
    manager, (april, _) = board
    client = signed_in_client(manager)
    url = f"/meetings/{april.pk}/attendance/"
    missing = client.post(url, {f"org_{world.own.pk}": "deputy"})
    assert missing.status_code == 400
    assert f"Select whether {world.other.name} attended" in missing.content.decode()
    assert not Attendance.objects.exists()
    saved = client.post(url, {f"org_{world.own.pk}": "deputy", f"org_{world.other.pk}": "absent"})
    assert saved.status_code == 302
    own = Attendance.objects.get(organisation=world.own)
    assert own.attended and own.as_deputy
    assert not Attendance.objects.get(organisation=world.other).attended


def test_the_api_gives_table_1_and_explains_a_bad_year(loaded):
    client = signed_in_client(_manager(loaded))
    body = client.get("/api/v1/attendance?year=2016/17").json()
    assert body["year"] == "2016/17"
    assert body["meetings"] == ["2016-04-19", "2016-07-19", "2016-10-18", "2017-01-17"]
    figures = {o["organisation"]: o for o in body["organisations"]}
    assert figures["CAFCASS"] == {
        "organisation": "CAFCASS",
        "organisation_id": figures["CAFCASS"]["organisation_id"],
        "expected": 4,
        "attended": 2,
        "percent": 50,
        "percent_exact": 50,
    }
    assert {name: row["percent"] for name, row in figures.items()} == TABLE_1_PERCENT
    assert (body["attended"], body["expected"]) == (49, 60)
    assert body["overall_percent"] == 82
    assert body["overall_percent_exact"] == 81.7

    bad = client.get("/api/v1/attendance?year=2016")
    assert bad.status_code == 400
    assert bad.json() == {"error": "'2016' is not a reporting year; write it like 2016/17"}
    assert client.get("/api/v1/attendance?year=2016/18").status_code == 400
    # Without a year: the latest year with a meeting.
    assert client.get("/api/v1/attendance").json()["year"] == "2016/17"


def test_the_attendance_page_shows_table_1_with_its_chart(loaded):
    client = signed_in_client(_manager(loaded))
    page = client.get("/meetings/attendance/?year=2016/17").content.decode()
    assert "Overall attendance: <strong>82%</strong>" in page
    assert "49 of 60" in page
    assert "<svg" in page and "Attendance by organisation, 2016/17" in page
    bad = client.get("/meetings/attendance/?year=twenty")
    assert bad.status_code == 400
    assert "write it like 2016/17" in bad.content.decode()


def test_an_agency_lead_sees_their_own_organisations_attendance_only(loaded):
    cafcass = Organisation.objects.get(name="CAFCASS")
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, cafcass, partnership=loaded.partnership)
    client = signed_in_client(lead)
    body = client.get("/api/v1/attendance?year=2016/17").json()
    assert [(o["organisation"], o["percent"]) for o in body["organisations"]] == [("CAFCASS", 50)]
    meeting = Meeting.objects.first()
    assert meeting is not None
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "CAFCASS" in page and "NHS England" not in page
    assert client.get(f"/meetings/{meeting.pk}/attendance/").status_code == 403


def test_a_practitioner_cannot_see_meetings(loaded):
    organisation = Organisation.objects.get(name="CAFCASS")
    practitioner = make_member(Role.PRACTITIONER, organisation, partnership=loaded.partnership)
    client = signed_in_client(practitioner)
    assert client.get("/meetings/").status_code == 403
    assert client.get("/meetings/attendance/?year=2016/17").status_code == 403
    assert client.get("/api/v1/attendance?year=2016/17").status_code == 403
    assert "/meetings/" not in client.get("/home/").content.decode()


def test_actions_are_scoped_to_the_owning_organisation_for_an_agency_lead(world, board):
    manager, (april, _) = board
    for organisation in (world.own, world.other):
        action_create(
            actor=manager,
            meeting=april,
            description=f"Action for {organisation.name}",
            owning_organisation=organisation,
            due_on=datetime.date(2016, 6, 1),
        )
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    assert [a.owning_organisation for a in Action.objects.visible_to(lead)] == [world.own]
    page = signed_in_client(lead).get(f"/meetings/{april.pk}/").content.decode()
    assert f"Action for {world.own.name}" in page
    assert f"Action for {world.other.name}" not in page
