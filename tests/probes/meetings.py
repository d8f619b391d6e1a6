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


def probe_view_meetings(client, world, relation) -> Seen:
    meeting, organisation = _probe_meeting(world, relation)
    page = client.get(f"/meetings/{meeting.pk}/")
    listing = client.get("/meetings/")
    report = client.get("/meetings/attendance/?year=2016/17")
    api = client.get("/api/v1/attendance?year=2016/17")
    row = f'<th scope="row" class="govuk-table__header">{organisation.name}</th>'
    return Seen(
        shown=[
            page.status_code == 200,
            listing.status_code == 200 and b"Probe meeting of the board" in listing.content,
            report.status_code == 200 and row in report.content.decode(),
            api.status_code == 200
            and organisation.pk in [o["organisation_id"] for o in api.json()["organisations"]],
        ],
        statuses=[page.status_code, listing.status_code, report.status_code, api.status_code],
    )


def probe_manage_meetings(client, world, relation) -> Seen:
    from masa.partnership.models import Attendance

    meeting, organisation = _probe_meeting(world, relation)
    form = client.get(f"/meetings/{meeting.pk}/attendance/")
    posted = client.post(
        f"/meetings/{meeting.pk}/attendance/", {f"org_{organisation.pk}": "attended"}
    )
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302
            and Attendance.objects.filter(meeting=meeting, attended=True).exists(),
        ],
        statuses=[form.status_code, posted.status_code],
    )


PROBES = {
    Permission.VIEW_MEETINGS: probe_view_meetings,
    Permission.MANAGE_MEETINGS: probe_manage_meetings,
}

PK_SOURCES = {
    "partnership:meeting": "meeting",
    "partnership:meeting-attendance-edit": "meeting",
    "partnership:meeting-action-done": "action",
}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    """A meeting with the own organisation expected, and an action its practitioner owns."""
    import datetime

    from masa.partnership.models import Action, Group, Invitation, Meeting

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
    return {"meeting": meeting.pk, "action": action.pk}
