"""/api/v1/meetings/ and /api/v1/meeting-actions/: read, add and change, scoped and audited like the
pages."""

from __future__ import annotations

import datetime

import pytest

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.partnership.meetings import (
    action_create,
    agenda_item_add,
    attendance_record,
    meeting_create,
)
from masa.partnership.models import Action, ActionStatus, Group, GroupKind, Meeting

JSON = "application/json"


@pytest.fixture
def board(world):
    manager = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    group = Group.objects.create(
        partnership=world.partnership, name="Executive", kind=GroupKind.EXECUTIVE
    )
    meeting = meeting_create(
        actor=manager,
        group=group,
        held_on=datetime.date(2016, 7, 19),
        title="Board",
        expected=[world.own, world.other],
    )
    agenda_item_add(actor=manager, meeting=meeting, title="Neglect strategy", decision="Adopted")
    attendance_record(actor=manager, meeting=meeting, organisation=world.own, attended=True)
    return manager, group, meeting


def test_meetings_are_listed_and_read_with_their_agenda_and_attendance(world, board):
    manager, group, meeting = board
    client = signed_in_client(manager)
    listing = client.get("/api/v1/meetings/").json()
    assert listing["results"] == [
        {
            "id": meeting.pk,
            "group": group.pk,
            "group_name": "Executive",
            "held_on": "2016-07-19",
            "title": "Board",
        }
    ]
    detail = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert detail["agenda_items"] == [
        {
            "id": meeting.agenda_items.get().pk,
            "order": 1,
            "title": "Neglect strategy",
            "decision": "Adopted",
        }
    ]
    attendance = {row["organisation_name"]: row for row in detail["attendance"]}
    assert attendance[world.own.name]["attended"] is True
    assert attendance[world.other.name] == {
        "organisation": world.other.pk,
        "organisation_name": world.other.name,
        "recorded": False,
        "attended": None,
        "as_deputy": False,
    }
    assert client.get("/api/v1/meetings/?year=2017/18").json()["results"] == []
    bad = client.get("/api/v1/meetings/?year=2017")
    assert bad.status_code == 400
    assert "write it like" in bad.json()["fields"]["year"][0]


def test_an_agency_lead_reads_only_their_own_organisations_attendance(world, board):
    _, _, meeting = board
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    detail = signed_in_client(lead).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert [row["organisation"] for row in detail["attendance"]] == [world.own.pk]


def test_a_meeting_is_added_and_its_minutes_changed_through_the_api(world, board):
    manager, group, _ = board
    client = signed_in_client(manager)
    created = client.post(
        "/api/v1/meetings/",
        {"group": group.pk, "held_on": "2016-10-18", "title": "Board", "expected": [world.own.pk]},
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    meeting = Meeting.objects.get(pk=created.json()["id"])
    assert list(meeting.invitations.values_list("organisation_id", flat=True)) == [world.own.pk]
    patched = client.patch(
        f"/api/v1/meetings/{meeting.pk}/",
        {"minutes": "Agreed the plan.", "group": 999},
        content_type=JSON,
    )
    assert patched.status_code == 200
    assert patched.json()["minutes"] == "Agreed the plan."
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.group) == ("Agreed the plan.", group)  # group is fixed
    assert list(
        AuditEvent.objects.filter(object_id=str(meeting.pk), action__startswith="meeting.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["meeting.created", "meeting.minutes_changed"]


def test_bad_meetings_are_refused_with_a_message_per_field(world, board):
    manager, group, _ = board
    client = signed_in_client(manager)
    elsewhere = Group.objects.create(
        partnership=world.elsewhere, name="Otherton", kind=GroupKind.EXECUTIVE
    )
    foreign = client.post(
        "/api/v1/meetings/",
        {"group": elsewhere.pk, "held_on": "2016-10-18", "title": "Board"},
        content_type=JSON,
    )
    assert foreign.status_code == 400
    assert "group" in foreign.json()["fields"]
    outsider = client.post(
        "/api/v1/meetings/",
        {
            "group": group.pk,
            "held_on": "2016-10-18",
            "title": "Board",
            "expected": [world.outside_partnership.pk],
        },
        content_type=JSON,
    )
    assert outsider.status_code == 400
    assert "not the id of an organisation" in outsider.json()["fields"]["expected"][0]
    no_date = client.post(
        "/api/v1/meetings/", {"group": group.pk, "title": "Board"}, content_type=JSON
    )
    assert no_date.status_code == 400 and "held_on" in no_date.json()["fields"]
    assert Meeting.objects.count() == 1


def test_only_the_business_unit_writes_meetings_and_others_partnerships_are_not_found(world, board):
    _, _, meeting = board
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    refused = signed_in_client(lead).patch(
        f"/api/v1/meetings/{meeting.pk}/", {"title": "Renamed"}, content_type=JSON
    )
    assert refused.status_code == 403
    assert "manage meetings" in refused.json()["error"]
    stranger = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    client = signed_in_client(stranger)
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
    assert (
        client.patch(f"/api/v1/meetings/{meeting.pk}/", {"title": "X"}, content_type=JSON)
    ).status_code == 404
    practitioner = make_member(Role.PRACTITIONER, world.own, partnership=world.partnership)
    assert signed_in_client(practitioner).get("/api/v1/meetings/").status_code == 403


def test_actions_are_scoped_added_and_their_status_changed_by_their_owner(world, board):
    manager, _, meeting = board
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    client = signed_in_client(manager)
    created = client.post(
        "/api/v1/meeting-actions/",
        {
            "meeting": meeting.pk,
            "description": "Circulate the strategy",
            "owning_organisation": world.own.pk,
            "owner": lead.pk,
            "due_on": "2016-09-01",
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["overdue"], body["owner_name"]) == ("open", True, lead.full_name)
    theirs = Action.objects.get(pk=body["id"])
    other = action_create(
        actor=manager,
        meeting=meeting,
        description="Another agency's",
        owning_organisation=world.other,
        due_on=datetime.date(2016, 9, 1),
    )
    lead_client = signed_in_client(lead)
    assert [a["id"] for a in lead_client.get("/api/v1/meeting-actions/").json()["results"]] == [
        theirs.pk
    ]
    assert lead_client.get(f"/api/v1/meeting-actions/{other.pk}/").status_code == 404
    reworded = lead_client.patch(
        f"/api/v1/meeting-actions/{theirs.pk}/", {"description": "Mine now"}, content_type=JSON
    )
    assert reworded.status_code == 403
    done = lead_client.patch(
        f"/api/v1/meeting-actions/{theirs.pk}/",
        {"status": "done", "completed_on": "2016-08-30"},
        content_type=JSON,
    )
    assert done.status_code == 200, done.json()
    theirs.refresh_from_db()
    assert (theirs.status, theirs.completed_on) == (ActionStatus.DONE, datetime.date(2016, 8, 30))
    assert AuditEvent.objects.filter(actor_id=lead.pk, action="action.completed").exists()
    assert (
        lead_client.post(
            "/api/v1/meeting-actions/",
            {
                "meeting": meeting.pk,
                "description": "X",
                "owning_organisation": world.own.pk,
                "due_on": "2016-09-01",
            },
            content_type=JSON,
        )
    ).status_code == 403
    assert [
        a["id"]
        for a in client.get(f"/api/v1/meeting-actions/?meeting={meeting.pk}&status=open").json()[
            "results"
        ]
    ] == [other.pk]


def test_the_business_unit_changes_an_action_and_bad_values_are_explained(world, board):
    manager, _, meeting = board
    action = action_create(
        actor=manager,
        meeting=meeting,
        description="Report back",
        owning_organisation=world.own,
        due_on=datetime.date(2016, 9, 1),
    )
    client = signed_in_client(manager)
    url = f"/api/v1/meeting-actions/{action.pk}/"
    bad = client.patch(
        url,
        {"owning_organisation": world.outside_partnership.pk, "due_on": "2016-01-01"},
        content_type=JSON,
    )
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"owning_organisation", "due_on"}
    early = client.patch(url, {"status": "done", "completed_on": "2016-07-01"}, content_type=JSON)
    assert early.status_code == 400
    assert "on or after the meeting" in early.json()["fields"]["status"][0]
    moved = client.patch(
        url, {"owning_organisation": world.other.pk, "due_on": "2016-10-01"}, content_type=JSON
    )
    assert moved.status_code == 200
    action.refresh_from_db()
    assert (action.owning_organisation, action.due_on, action.description) == (
        world.other,
        datetime.date(2016, 10, 1),
        "Report back",
    )
    changed = AuditEvent.objects.get(action="action.changed")
    assert changed.detail["fields"] == ["owning_organisation", "due_on"]
    stranger = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    assert (
        signed_in_client(stranger).patch(url, {"status": "done"}, content_type=JSON).status_code
        == 404
    )
