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
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from masa.accounts.models import Organisation, OrganisationKind, Person
from masa.core import audit
from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission, reach
from masa.partnership.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Group,
    GroupMember,
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


def meeting_change(
    *,
    actor: Any,
    meeting: Meeting,
    title: str | None = None,
    held_on: datetime.date | None = None,
    minutes: str | None = None,
) -> Meeting:
    """Change a meeting's title or date ("meeting.changed") and its minutes
    ("meeting.minutes_changed"); what is left as None stays as it is."""
    if title is not None and not title.strip():
        raise MeetingError("Enter the title of the meeting")
    with transaction.atomic():
        changed = []
        if title is not None and title != meeting.title:
            meeting.title = title
            changed.append("title")
        if held_on is not None and held_on != meeting.held_on:
            meeting.held_on = held_on
            changed.append("held_on")
        minutes_changed = minutes is not None and minutes != meeting.minutes
        if minutes_changed:
            meeting.minutes = minutes or ""
        if not changed and not minutes_changed:
            return meeting
        meeting.save(update_fields=[*changed, *(["minutes"] if minutes_changed else [])])
        if changed:
            audit.record(
                actor=actor,
                action="meeting.changed",
                target=meeting,
                detail={"fields": changed, "held_on": meeting.held_on.isoformat()},
            )
        if minutes_changed:
            audit.record(
                actor=actor,
                action="meeting.minutes_changed",
                target=meeting,
                detail={"meeting": meeting.pk, "had_minutes": bool(meeting.minutes)},
            )
    return meeting


def agenda_item_add(
    *, actor: Any, meeting: Meeting, title: str, decision: str = "", order: int | None = None
) -> AgendaItem:
    if not title.strip():
        raise MeetingError("Enter the title of the agenda item")
    with transaction.atomic():
        if order is None:
            last = meeting.agenda_items.aggregate(last=Max("order"))["last"]
            order = (last or 0) + 1
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


def agenda_item_change(
    *, actor: Any, item: AgendaItem, title: str, decision: str = ""
) -> AgendaItem:
    if not title.strip():
        raise MeetingError("Enter the title of the agenda item")
    changed = [
        name
        for name, value in (("title", title), ("decision", decision))
        if getattr(item, name) != value
    ]
    if not changed:
        return item
    with transaction.atomic():
        item.title = title
        item.decision = decision
        item.save(update_fields=changed)
        audit.record(
            actor=actor,
            action="agenda_item.changed",
            target=item,
            detail={"meeting": item.meeting_id, "fields": changed},
        )
    return item


def agenda_item_move(*, actor: Any, item: AgendaItem, up: bool) -> AgendaItem:
    """Swap an agenda item with the one before it (`up`) or after it; at either end, nothing
    changes."""
    with transaction.atomic():
        siblings = AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id)
        neighbour = (
            siblings.filter(order__lt=item.order).order_by("-order").first()
            if up
            else siblings.filter(order__gt=item.order).order_by("order").first()
        )
        if neighbour is None:
            return item
        before, after = item.order, neighbour.order
        # One place per item: park this one at 0 (orders start at 1) while the two swap.
        item.order = 0
        item.save(update_fields=["order"])
        neighbour.order = before
        neighbour.save(update_fields=["order"])
        item.order = after
        item.save(update_fields=["order"])
        audit.record(
            actor=actor,
            action="agenda_item.moved",
            target=item,
            detail={"meeting": item.meeting_id, "from": before, "to": after},
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


ACTION_FIELDS = ("description", "owner", "owning_organisation", "due_on", "agenda_item")


def action_change(
    *,
    actor: Any,
    action: Action,
    description: str,
    owning_organisation: Organisation,
    due_on: datetime.date,
    owner: Person | None = None,
    agenda_item: AgendaItem | None = None,
) -> Action:
    """Change what an action says, who owns it and when it is due ("action.changed")."""
    if not description.strip():
        raise MeetingError("Enter what is to be done")
    if agenda_item is not None and agenda_item.meeting_id != action.meeting_id:
        raise MeetingError("The agenda item belongs to another meeting")
    values = {
        "description": description,
        "owner": owner,
        "owning_organisation": owning_organisation,
        "due_on": due_on,
        "agenda_item": agenda_item,
    }
    changed = [name for name in ACTION_FIELDS if getattr(action, name) != values[name]]
    if not changed:
        return action
    with transaction.atomic():
        for name in changed:
            setattr(action, name, values[name])
        action.save(update_fields=changed)
        audit.record(
            actor=actor,
            action="action.changed",
            target=action,
            organisation=owning_organisation,
            detail={
                "meeting": action.meeting_id,
                "fields": changed,
                "owner": owner.pk if owner else None,
                "due_on": due_on.isoformat(),
            },
        )
    return action


def action_reopen(*, actor: Any, action: Action) -> Action:
    """An action marked done by mistake is open again ("action.reopened")."""
    if action.status == ActionStatus.OPEN:
        raise MeetingError("This action is already open")
    with transaction.atomic():
        completed_on = action.completed_on
        action.status = ActionStatus.OPEN
        action.completed_on = None
        action.save(update_fields=["status", "completed_on"])
        audit.record(
            actor=actor,
            action="action.reopened",
            target=action,
            organisation=action.owning_organisation_id,
            detail={"was_completed_on": completed_on.isoformat() if completed_on else None},
        )
    return action


def action_set_status(
    *, actor: Any, action: Action, status: str, completed_on: datetime.date | None = None
) -> Action:
    """Open or done, through action_complete or action_reopen; asking for the status the
    action already has changes nothing."""
    if status == action.status:
        return action
    if status == ActionStatus.DONE:
        if completed_on is not None and completed_on < action.meeting.held_on:
            raise MeetingError(
                "The date the action was done must be on or after the meeting that set it, "
                f"{action.meeting.held_on:%-d %B %Y}"
            )
        return action_complete(actor=actor, action=action, completed_on=completed_on)
    if status == ActionStatus.OPEN:
        return action_reopen(actor=actor, action=action)
    raise MeetingError("The status must be open or done")


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


def manageable_meetings(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.changeable_by(user).select_related("group__partnership")


def meeting_changeable_by(user: Any, pk: int) -> Meeting | None:
    return manageable_meetings(user).filter(pk=pk).first()


def agenda_item_changeable_by(user: Any, pk: int) -> AgendaItem | None:
    """An agenda item of a meeting `user` may manage."""
    partnerships = reach(user, Permission.MANAGE_MEETINGS).partnership_ids
    return (
        AgendaItem.objects.filter(pk=pk, meeting__group__partnership__in=partnerships)
        .select_related("meeting__group")
        .first()
    )


def groups_for_meetings(user: Any) -> QuerySet[Group]:
    """The groups `user` may arrange meetings for: every group of the partnerships where they
    manage meetings."""
    partnerships = reach(user, Permission.MANAGE_MEETINGS).partnership_ids
    return (
        Group.objects.filter(partnership__in=partnerships)
        .select_related("partnership")
        .order_by("partnership__name", "name")
    )


def organisations_of_partnerships(partnership_ids: Iterable[int]) -> QuerySet[Organisation]:
    """Who may be invited to a meeting or own an action: the partnership's organisations."""
    return (
        Organisation.objects.filter(partnerships__in=list(partnership_ids))
        .distinct()
        .order_by("name")
    )


def people_of_partnership(partnership_id: int) -> QuerySet[Person]:
    """Who may own an action: people with a role in force in the partnership."""
    today = timezone.localdate()
    return (
        Person.objects.filter(
            Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=today),
            memberships__partnership_id=partnership_id,
            memberships__started_on__lte=today,
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


def invitable_organisations(group: Group) -> QuerySet[Organisation]:
    """Who may be expected at a meeting of `group`: its members first, then the partnership's
    other organisations except its many education settings (a school or setting is expected
    when it sits on the group)."""
    members = GroupMember.objects.filter(group=group).values("organisation_id")
    return (
        Organisation.objects.filter(partnerships=group.partnership_id)
        .annotate(is_member=Exists(members.filter(organisation_id=OuterRef("pk"))))
        .filter(Q(is_member=True) | ~Q(kind=OrganisationKind.EDUCATION))
        .order_by("-is_member", "name")
    )


def group_member_organisation_ids(group: Group) -> list[int]:
    """The organisations that sit on `group`: the default invitees to its meetings."""
    return sorted(
        set(GroupMember.objects.filter(group=group).values_list("organisation_id", flat=True))
    )
