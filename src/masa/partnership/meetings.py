"""Meetings and attendance: the services that change them and the selectors that read them.

Services take the acting person as `actor=` and write their audit event in the same
transaction as the change. Selectors scope every read by the policy (`visible_to`) and
aggregate in the database, so the number of queries does not grow with the number of
meetings or organisations.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from masa.accounts.models import Organisation, Person
from masa.core import audit
from masa.core.calendar import ReportingYear
from masa.partnership.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Group,
    Invitation,
    Meeting,
)


class MeetingError(ValueError):
    """A change to a meeting that cannot be made, with the reason in words."""


# -- Services --------------------------------------------------------------------------------


def meeting_create(
    *,
    actor: Any,
    group: Group,
    held_on: datetime.date,
    title: str,
    expected: Iterable[Organisation] = (),
    minutes: str = "",
) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.create(group=group, held_on=held_on, title=title, minutes=minutes)
        organisations = list(expected)
        Invitation.objects.bulk_create(
            Invitation(meeting=meeting, organisation=organisation) for organisation in organisations
        )
        audit.record(
            actor=actor,
            action="meeting.created",
            target=meeting,
            detail={
                "group": group.pk,
                "held_on": held_on.isoformat(),
                "expected": sorted(o.pk for o in organisations),
            },
        )
    return meeting


def attendance_record(
    *,
    actor: Any,
    meeting: Meeting,
    organisation: Organisation,
    attended: bool,
    as_deputy: bool = False,
    person: Person | None = None,
) -> Attendance:
    """Record whether an expected organisation came; a deputy counts for their organisation."""
    if as_deputy and not attended:
        raise MeetingError("A deputy can only be recorded when the organisation attended")
    with transaction.atomic():
        if not meeting.invitations.filter(organisation=organisation).exists():
            raise MeetingError(f"{organisation.name} was not expected at this meeting")
        attendance, created = Attendance.objects.update_or_create(
            meeting=meeting,
            organisation=organisation,
            defaults={"attended": attended, "as_deputy": as_deputy, "person": person},
        )
        audit.record(
            actor=actor,
            action="attendance.recorded",
            target=attendance,
            organisation=organisation,
            detail={
                "meeting": meeting.pk,
                "attended": attended,
                "as_deputy": as_deputy,
                "created": created,
            },
        )
    return attendance


def agenda_item_add(
    *, actor: Any, meeting: Meeting, title: str, decision: str = "", order: int | None = None
) -> AgendaItem:
    with transaction.atomic():
        if order is None:
            order = (meeting.agenda_items.count() or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting, order=order, title=title, decision=decision
        )
        audit.record(
            actor=actor,
            action="agenda_item.added",
            target=item,
            detail={"meeting": meeting.pk, "order": order},
        )
    return item


def action_create(
    *,
    actor: Any,
    meeting: Meeting,
    description: str,
    owning_organisation: Organisation,
    due_on: datetime.date,
    owner: Person | None = None,
    agenda_item: AgendaItem | None = None,
) -> Action:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise MeetingError("The agenda item belongs to another meeting")
    with transaction.atomic():
        action = Action.objects.create(
            meeting=meeting,
            agenda_item=agenda_item,
            description=description,
            owner=owner,
            owning_organisation=owning_organisation,
            due_on=due_on,
        )
        audit.record(
            actor=actor,
            action="action.created",
            target=action,
            organisation=owning_organisation,
            detail={
                "meeting": meeting.pk,
                "owner": owner.pk if owner else None,
                "due_on": due_on.isoformat(),
            },
        )
    return action


def action_complete(
    *, actor: Any, action: Action, completed_on: datetime.date | None = None
) -> Action:
    completed_on = completed_on or timezone.localdate()
    if action.status == ActionStatus.DONE:
        raise MeetingError("This action has already been marked as done")
    if completed_on > timezone.localdate():
        raise MeetingError("The date the action was done must be today or in the past")
    with transaction.atomic():
        action.status = ActionStatus.DONE
        action.completed_on = completed_on
        action.save(update_fields=["status", "completed_on"])
        audit.record(
            actor=actor,
            action="action.completed",
            target=action,
            organisation=action.owning_organisation_id,
            detail={"completed_on": completed_on.isoformat(), "due_on": action.due_on.isoformat()},
        )
    return action


# -- Selectors -------------------------------------------------------------------------------


def percent(part: int, whole: int, places: int = 0) -> Decimal | None:
    """part/whole as a percentage, rounded half up the way the annual report prints it."""
    if not whole:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class OrganisationAttendance:
    organisation_id: int
    organisation: str
    cells: list[bool | None]  # one per meeting: attended, did not, or not expected
    expected: int
    attended: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.attended, self.expected)

    @property
    def percent_exact(self) -> Decimal | None:
        return percent(self.attended, self.expected, places=1)


@dataclass(frozen=True)
class AttendanceReport:
    year: ReportingYear
    meetings: list[Meeting]
    rows: list[OrganisationAttendance]

    @property
    def expected(self) -> int:
        return sum(row.expected for row in self.rows)

    @property
    def attended(self) -> int:
        return sum(row.attended for row in self.rows)

    @property
    def overall_percent(self) -> Decimal | None:
        return percent(self.attended, self.expected)

    @property
    def overall_percent_exact(self) -> Decimal | None:
        return percent(self.attended, self.expected, places=1)


def meetings_for(user: Any, *, year: ReportingYear | None = None, group: Group | None = None):
    meetings = Meeting.objects.visible_to(user).select_related("group")
    if year is not None:
        meetings = meetings.filter(held_on__range=(year.first_day, year.last_day))
    if group is not None:
        meetings = meetings.filter(group=group)
    return meetings.order_by("held_on", "pk")


def meeting_for(user: Any, pk: int) -> Meeting | None:
    return Meeting.objects.visible_to(user).select_related("group").filter(pk=pk).first()


def latest_year(user: Any) -> ReportingYear:
    """The reporting year of the latest meeting this person can see, else this year."""
    last = Meeting.objects.visible_to(user).order_by("-held_on").values_list("held_on", flat=True)
    day = last.first()
    return ReportingYear.containing(day or timezone.localdate())


def _attended_subquery() -> Exists:
    return Exists(
        Attendance.objects.filter(
            meeting=OuterRef("meeting"), organisation=OuterRef("organisation"), attended=True
        )
    )


def attendance_report(
    user: Any, year: ReportingYear, group: Group | None = None
) -> AttendanceReport:
    """Per organisation: the meetings it was expected at in `year`, those it attended, the %.

    Only the organisations this person may see: all of them for read-across roles, their own
    for an agency lead. Three queries whatever the number of meetings or organisations.
    """
    meetings = list(meetings_for(user, year=year, group=group))
    invitations = (
        Invitation.objects.visible_to(user)
        .filter(meeting__in=[m.pk for m in meetings])
        .annotate(was_there=_attended_subquery())
    )
    totals = (
        invitations.values("organisation_id", "organisation__name")
        .annotate(expected=Count("pk"), attended=Count("pk", filter=Q(was_there=True)))
        .order_by("organisation__name")
    )
    cells: dict[tuple[int, int], bool] = {
        (meeting_id, organisation_id): was_there
        for meeting_id, organisation_id, was_there in invitations.values_list(
            "meeting_id", "organisation_id", "was_there"
        )
    }
    rows = [
        OrganisationAttendance(
            organisation_id=row["organisation_id"],
            organisation=row["organisation__name"],
            cells=[cells.get((m.pk, row["organisation_id"])) for m in meetings],
            expected=row["expected"],
            attended=row["attended"],
        )
        for row in totals
    ]
    return AttendanceReport(year=year, meetings=meetings, rows=rows)


def meeting_attendance(user: Any, meeting: Meeting) -> list[tuple[Invitation, Attendance | None]]:
    """Each expected organisation this person may see, with what was recorded for it."""
    invitations = list(
        Invitation.objects.visible_to(user).filter(meeting=meeting).select_related("organisation")
    )
    recorded = {
        a.organisation_id: a
        for a in Attendance.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("person")
    }
    return [(invitation, recorded.get(invitation.organisation_id)) for invitation in invitations]


def actions_for(user: Any, meeting: Meeting) -> list[Action]:
    return list(
        Action.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("owner", "owning_organisation", "agenda_item")
    )


def overdue_actions_for(person: Any, today: datetime.date | None = None) -> list[Action]:
    """The person's own open actions whose due date has passed, oldest first (one query)."""
    if not getattr(person, "is_authenticated", False):
        return []
    return list(
        Action.objects.filter(owner=person)
        .overdue(today or timezone.localdate())
        .select_related("meeting__group")
        .order_by("due_on", "pk")
    )


def action_changeable_by(user: Any, pk: int) -> Action | None:
    return (
        Action.objects.changeable_by(user)
        .select_related("meeting__group", "owning_organisation", "owner")
        .filter(pk=pk)
        .first()
    )
