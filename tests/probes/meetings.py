"""Probes for meetings, attendance and actions."""

from __future__ import annotations

from typing import Any

from tests.probes.common import Seen, organisation_for, partnership_for

from masa.core.permissions import Permission


def _probe_meeting(world, relation):
    """A meeting in the relation's partnership at which only the relation's organisation was
    expected."""
    import datetime

    from masa.partnership.models import Group, Invitation, Meeting

    organisation = organisation_for(world, relation)
    partnership = partnership_for(world, relation)
    group = Group.objects.create(partnership=partnership, name="Probe board", kind="executive")
    meeting = Meeting.objects.create(
        group=group, held_on=datetime.date(2016, 7, 19), title="Probe meeting of the board"
    )
    Invitation.objects.create(meeting=meeting, organisation=organisation)
    return meeting, organisation


def _probe_action(meeting, organisation):
    import datetime

    from masa.partnership.models import Action

    return Action.objects.create(
        meeting=meeting,
        description="Probe action",
        owning_organisation=organisation,
        due_on=datetime.date(2016, 9, 1),
    )


def _ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]] if response.status_code == 200 else []


def probe_view_meetings(client, world, relation) -> Seen:
    meeting, organisation = _probe_meeting(world, relation)
    action = _probe_action(meeting, organisation)
    page = client.get(f"/meetings/{meeting.pk}/")
    listing = client.get("/meetings/")
    report = client.get("/meetings/attendance/?year=2016/17")
    api = client.get("/api/v1/attendance?year=2016/17")
    api_list = client.get("/api/v1/meetings/")
    api_detail = client.get(f"/api/v1/meetings/{meeting.pk}/")
    actions_list = client.get("/api/v1/meeting-actions/")
    action_detail = client.get(f"/api/v1/meeting-actions/{action.pk}/")
    row = f'<th scope="row" class="govuk-table__header">{organisation.name}</th>'
    return Seen(
        shown=[
            page.status_code == 200,
            listing.status_code == 200 and b"Probe meeting of the board" in listing.content,
            report.status_code == 200 and row in report.content.decode(),
            api.status_code == 200
            and organisation.pk in [o["organisation_id"] for o in api.json()["organisations"]],
            meeting.pk in _ids(api_list),
            api_detail.status_code == 200
            and organisation.pk in [a["organisation"] for a in api_detail.json()["attendance"]],
            action.pk in _ids(actions_list),
            action_detail.status_code == 200,
        ],
        statuses=[
            page.status_code,
            listing.status_code,
            report.status_code,
            api.status_code,
            api_list.status_code,
            api_detail.status_code,
            actions_list.status_code,
            action_detail.status_code,
        ],
    )


def probe_manage_meetings(client, world, relation) -> Seen:
    from masa.partnership.models import Attendance

    meeting, organisation = _probe_meeting(world, relation)
    form = client.get(f"/meetings/{meeting.pk}/attendance/")
    posted = client.post(
        f"/meetings/{meeting.pk}/attendance/", {f"org_{organisation.pk}": "attended"}
    )
    minutes = client.post(
        f"/meetings/{meeting.pk}/change/",
        {
            "title": meeting.title,
            "held_on-day": "19",
            "held_on-month": "7",
            "held_on-year": "2016",
            "minutes": "Probe minutes",
        },
    )
    agenda = client.post(f"/meetings/{meeting.pk}/add-agenda-item/", {"title": "Probe item"})
    patched = client.patch(
        f"/api/v1/meetings/{meeting.pk}/",
        {"title": "Probe meeting, renamed"},
        content_type="application/json",
    )
    meeting.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302
            and Attendance.objects.filter(meeting=meeting, attended=True).exists(),
            minutes.status_code == 302 and meeting.minutes == "Probe minutes",
            agenda.status_code == 302 and meeting.agenda_items.filter(title="Probe item").exists(),
            patched.status_code == 200 and meeting.title == "Probe meeting, renamed",
        ],
        statuses=[
            form.status_code,
            posted.status_code,
            minutes.status_code,
            agenda.status_code,
            patched.status_code,
        ],
    )


PROBES = {
    Permission.VIEW_MEETINGS: probe_view_meetings,
    Permission.MANAGE_MEETINGS: probe_manage_meetings,
}

PK_SOURCES = {
    "partnership:meeting": "meeting",
    "partnership:meeting-attendance-edit": "meeting",
    "partnership:meeting-action-done": "action",
    "partnership:meeting-edit": "meeting",
    "partnership:agenda-item-add": "meeting",
    "partnership:agenda-item-edit": "agenda_item",
    "partnership:agenda-item-move": "agenda_item",
    "partnership:meeting-action-add": "meeting",
    "partnership:meeting-action-edit": "action",
    "meeting-detail": "meeting",
    "meeting-action-detail": "action",
}

POST_ONLY = {"partnership:agenda-item-move"}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    """A meeting with the own organisation expected, an agenda item, and an action its
    practitioner owns."""
    import datetime

    from masa.partnership.models import Action, AgendaItem, Group, Invitation, Meeting

    group = Group.objects.create(
        partnership=world.partnership, name="Crawl board", kind="executive"
    )
    meeting = Meeting.objects.create(group=group, held_on=datetime.date(2016, 7, 19), title="Crawl")
    Invitation.objects.create(meeting=meeting, organisation=world.own)
    action = Action.objects.create(
        meeting=meeting,
        description="Crawl action",
        owner=cast.practitioner,
        owning_organisation=world.own,
        due_on=datetime.date(2016, 9, 1),
    )
    item = AgendaItem.objects.create(meeting=meeting, order=1, title="Crawl agenda item")
    return {"meeting": meeting.pk, "action": action.pk, "agenda_item": item.pk}
