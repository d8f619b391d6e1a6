"""The business unit's meeting forms: a new meeting, its minutes, agenda items and actions."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masa.accounts.tests.factories import make_member, make_organisation, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.partnership.meetings import (
    action_create,
    agenda_item_add,
    group_member_organisation_ids,
    meeting_create,
)
from masa.partnership.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Group,
    GroupKind,
    GroupMember,
    Invitation,
    Meeting,
)


@pytest.fixture
def board(world):
    manager = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    group = Group.objects.create(
        partnership=world.partnership, name="Executive", kind=GroupKind.EXECUTIVE
    )
    return manager, group


def _date(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def _events(actor) -> list[str]:
    return list(AuditEvent.objects.filter(actor_id=actor.pk).values_list("action", flat=True))


def test_the_business_manager_adds_a_meeting_with_the_organisations_expected(world, board):
    manager, group = board
    client = signed_in_client(manager)
    assert 'href="/meetings/new/"' in client.get("/meetings/").content.decode()
    chooser = client.get("/meetings/new/")
    assert chooser.status_code == 200
    assert "Which group is meeting?" in chooser.content.decode()
    form = client.get(f"/meetings/new/?group={group.pk}")
    assert form.status_code == 200
    page = form.content.decode()
    assert 'type="checkbox"' in page and world.other.name in page
    assert world.outside_partnership.name not in page  # another partnership's organisation

    response = client.post(
        f"/meetings/new/?group={group.pk}",
        {
            **_date("held_on", "19", "7", "2016"),
            "title": "Board",
            "expected": [world.own.pk, world.other.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert (meeting.group, meeting.held_on, meeting.title) == (
        group,
        datetime.date(2016, 7, 19),
        "Board",
    )
    assert set(meeting.invitations.values_list("organisation_id", flat=True)) == {
        world.own.pk,
        world.other.pk,
    }
    assert _events(manager) == ["meeting.created"]
    shown = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Board, 19 July 2016" in shown and world.other.name in shown


def test_the_groups_members_come_first_and_ticked_and_schools_only_when_members(world, board):
    manager, group = board
    school = make_organisation(world.partnership, name="Aardvark Primary", kind="education")
    academy = make_organisation(world.partnership, name="Zebra Academy", kind="education")
    GroupMember.objects.create(group=group, organisation=world.other)
    GroupMember.objects.create(group=group, organisation=academy)
    client = signed_in_client(manager)
    form = client.get(f"/meetings/new/?group={group.pk}").content.decode()
    assert f'value="{world.other.pk}" checked' in form
    assert f'value="{academy.pk}" checked' in form
    assert f'value="{world.own.pk}" checked' not in form and world.own.name in form
    assert school.name not in form
    assert form.index(academy.name) < form.index(world.own.name)  # members first
    assert group_member_organisation_ids(group) == sorted([world.other.pk, academy.pk])


def test_a_bad_meeting_is_explained_and_keeps_what_was_typed(world, board):
    manager, group = board
    client = signed_in_client(manager)
    url = f"/meetings/new/?group={group.pk}"
    response = client.post(
        url, {**_date("held_on", "31", "2", "2017"), "title": "", "expected": [world.own.pk]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The date of the meeting must be a real date" in page
    assert "Enter the title of the meeting" in page
    assert 'href="#id_held_on"' in page and 'id="id_held_on"' in page
    assert 'value="31"' in page and 'value="2017"' in page  # nothing typed is lost
    assert f'value="{world.own.pk}" checked' in page
    missing = client.post(url, {**_date("held_on", "19", "", "2016"), "title": "Board"})
    assert "must include a month" in missing.content.decode()
    assert "Select the organisations expected at the meeting" in missing.content.decode()
    elsewhere = Group.objects.create(
        partnership=world.elsewhere, name="Otherton board", kind=GroupKind.EXECUTIVE
    )
    foreign = client.get(f"/meetings/new/?group={elsewhere.pk}")
    assert foreign.status_code == 400
    assert "Select one of the partnership" in foreign.content.decode()
    posted_elsewhere = client.post(
        f"/meetings/new/?group={elsewhere.pk}",
        {**_date("held_on", "19", "7", "2016"), "title": "Board", "expected": [world.own.pk]},
    )
    assert posted_elsewhere.status_code == 400
    assert not Meeting.objects.exists()


def test_changing_the_minutes_and_title_is_audited_and_scoped(world, board):
    manager, group = board
    meeting = meeting_create(
        actor=manager,
        group=group,
        held_on=datetime.date(2016, 7, 19),
        title="Board",
        expected=[world.own],
    )
    client = signed_in_client(manager)
    url = f"/meetings/{meeting.pk}/change/"
    form = client.get(url).content.decode()
    assert 'value="19"' in form and 'value="2016"' in form
    bad = client.post(url, {"title": "", **_date("held_on", "19", "7", "2016")})
    assert bad.status_code == 400
    client.post(
        url,
        {"title": "Board", **_date("held_on", "19", "7", "2016"), "minutes": "Agreed the plan."},
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Agreed the plan."
    client.post(
        url,
        {
            "title": "Board meeting",
            **_date("held_on", "20", "7", "2016"),
            "minutes": "Agreed the plan.",
        },
    )
    assert _events(manager) == ["meeting.created", "meeting.minutes_changed", "meeting.changed"]
    changed = AuditEvent.objects.get(action="meeting.changed")
    assert changed.detail["fields"] == ["title", "held_on"]
    assert "Agreed" not in str(AuditEvent.objects.get(action="meeting.minutes_changed").detail)

    other_manager = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    assert signed_in_client(other_manager).get(url).status_code == 404
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    assert signed_in_client(lead).get(url).status_code == 403
    assert "/change/" not in signed_in_client(lead).get(f"/meetings/{meeting.pk}/").content.decode()


def test_agenda_items_are_added_changed_and_reordered(world, board):
    manager, group = board
    meeting = meeting_create(
        actor=manager, group=group, held_on=datetime.date(2016, 7, 19), title="Board"
    )
    client = signed_in_client(manager)
    for title in ("Welcome", "Neglect strategy", "Any other business"):
        response = client.post(f"/meetings/{meeting.pk}/add-agenda-item/", {"title": title})
        assert response.status_code == 302
    empty = client.post(f"/meetings/{meeting.pk}/add-agenda-item/", {"title": " "})
    assert empty.status_code == 400
    assert "Enter the title of the agenda item" in empty.content.decode()
    neglect = AgendaItem.objects.get(title="Neglect strategy")
    client.post(
        f"/meetings/agenda-items/{neglect.pk}/change/",
        {"title": "Neglect strategy", "decision": "Adopted"},
    )
    assert client.get(f"/meetings/agenda-items/{neglect.pk}/move/").status_code == 405
    moved = client.post(f"/meetings/agenda-items/{neglect.pk}/move/", {"direction": "up"})
    assert moved["Location"] == f"/meetings/{meeting.pk}/#agenda"
    assert list(meeting.agenda_items.values_list("title", "order")) == [
        ("Neglect strategy", 1),
        ("Welcome", 2),
        ("Any other business", 3),
    ]
    client.post(f"/meetings/agenda-items/{neglect.pk}/move/", {"direction": "up"})  # at the top
    assert meeting.agenda_items.first() == neglect
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Decision: Adopted" in page and "Move down" in page
    assert _events(manager) == [
        "meeting.created",
        "agenda_item.added",
        "agenda_item.added",
        "agenda_item.added",
        "agenda_item.changed",
        "agenda_item.moved",
    ]
    other_manager = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    outsider = signed_in_client(other_manager)
    assert outsider.get(f"/meetings/agenda-items/{neglect.pk}/change/").status_code == 404
    assert (
        outsider.post(f"/meetings/agenda-items/{neglect.pk}/move/", {"direction": "down"})
    ).status_code == 404


def test_actions_are_added_changed_marked_done_and_shown_overdue(world, board):
    manager, group = board
    owner = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.other, partnership=world.partnership)
    meeting = meeting_create(
        actor=manager, group=group, held_on=datetime.date(2016, 7, 19), title="Board"
    )
    item = agenda_item_add(actor=manager, meeting=meeting, title="Neglect strategy")
    client = signed_in_client(manager)
    form = client.get(f"/meetings/{meeting.pk}/add-action/").content.decode()
    assert owner.full_name in form and world.other.name in form
    assert 'name="status"' not in form  # a new action is open
    early = client.post(
        f"/meetings/{meeting.pk}/add-action/",
        {
            "description": "Circulate the strategy",
            "owning_organisation": world.other.pk,
            **_date("due_on", "1", "7", "2016"),
        },
    )
    assert early.status_code == 400
    assert "on or after the meeting, 19 July 2016" in early.content.decode()
    added = client.post(
        f"/meetings/{meeting.pk}/add-action/",
        {
            "description": "Circulate the strategy",
            "owning_organisation": world.other.pk,
            "owner": owner.pk,
            **_date("due_on", "1", "9", "2016"),
            "agenda_item": item.pk,
        },
    )
    assert added.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.agenda_item, action.due_on) == (
        owner,
        item,
        datetime.date(2016, 9, 1),
    )
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Overdue" in page  # due on 1 September 2016, still open
    changed = client.post(
        f"/meetings/actions/{action.pk}/change/",
        {
            "description": "Circulate the strategy to every agency",
            "owning_organisation": world.other.pk,
            "owner": owner.pk,
            **_date("due_on", "1", "9", "2016"),
            "agenda_item": item.pk,
            "status": "done",
        },
    )
    assert changed.status_code == 302
    action.refresh_from_db()
    assert action.description == "Circulate the strategy to every agency"
    assert (action.status, action.completed_on) == (ActionStatus.DONE, timezone.localdate())
    assert _events(manager)[-3:] == ["action.created", "action.changed", "action.completed"]
    reopened = client.post(
        f"/meetings/actions/{action.pk}/change/",
        {
            "description": action.description,
            "owning_organisation": world.other.pk,
            **_date("due_on", "1", "9", "2016"),
            "status": "open",
        },
    )
    assert reopened.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.owner) == (ActionStatus.OPEN, None, None)
    # The owner marks it done on its own page, but changes nothing else.
    assert signed_in_client(owner).get(f"/meetings/actions/{action.pk}/change/").status_code == 403


def test_people_and_organisations_of_another_partnership_cannot_own_an_action(world, board):
    manager, group = board
    stranger = make_member(
        Role.PRACTITIONER, world.outside_partnership, partnership=world.elsewhere
    )
    meeting = meeting_create(
        actor=manager, group=group, held_on=datetime.date(2016, 7, 19), title="Board"
    )
    response = signed_in_client(manager).post(
        f"/meetings/{meeting.pk}/add-action/",
        {
            "description": "Anything",
            "owning_organisation": world.outside_partnership.pk,
            "owner": stranger.pk,
            **_date("due_on", "1", "9", "2016"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select one of the partnership" in page
    assert "Select someone with a role in the partnership" in page
    assert not Action.objects.exists()


def test_the_list_of_meetings_costs_the_same_queries_for_ten_times_the_meetings(world, board):
    manager, group = board
    client = signed_in_client(manager)

    def add(count: int) -> None:
        for day in range(count):
            organisation = make_organisation(world.partnership)
            meeting = meeting_create(
                actor=manager,
                group=group,
                held_on=datetime.date(2016, 5, 1)
                + datetime.timedelta(days=len(Meeting.objects.all()) + day),
                title="Board",
                expected=[world.own, organisation],
            )
            action_create(
                actor=manager,
                meeting=meeting,
                description="Report back",
                owning_organisation=organisation,
                due_on=datetime.date(2017, 1, 1),
            )

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [
        "/meetings/",
        "/api/v1/meetings/",
        "/api/v1/meeting-actions/",
        f"/meetings/new/?group={group.pk}",
    ]
    add(1)
    once = {url: queries(url) for url in urls}
    add(9)
    assert {url: queries(url) for url in urls} == once
    assert Invitation.objects.count() == 20


def test_a_meeting_page_costs_the_same_queries_for_ten_times_the_agenda_and_actions(world, board):
    manager, group = board
    meeting = meeting_create(
        actor=manager,
        group=group,
        held_on=datetime.date(2016, 7, 19),
        title="Board",
        expected=[world.own, world.other],
    )
    client = signed_in_client(manager)

    def add(count: int) -> None:
        for number in range(count):
            item = agenda_item_add(actor=manager, meeting=meeting, title=f"Item {number}")
            action_create(
                actor=manager,
                meeting=meeting,
                agenda_item=item,
                description="Report back",
                owner=manager,
                owning_organisation=world.other,
                due_on=datetime.date(2016, 9, 1),
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
        return len(captured)

    add(1)
    once = queries()
    add(9)
    assert queries() == once
