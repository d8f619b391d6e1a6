"""Meetings of the partnership's groups: who was expected, who came, what was decided.

Attendance is counted by organisation, as the annual report does (seed 003 Table 1): an
organisation attended a meeting when someone came for it, and a deputy counts for the
organisation they stood in for. Papers are not held here yet: uploads wait for the upload
checks of a later issue.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from masa.core.permissions import Permission, ScopedQuerySet, reach


def _user_pk(user: Any) -> int | None:
    return user.pk if getattr(user, "is_authenticated", False) else None


class MeetingQuerySet(QuerySet["Meeting"]):
    def visible_to(self, user: object) -> MeetingQuerySet:
        """All meetings of the partnership for read-across roles; for an agency lead, the
        meetings their organisation was expected at."""
        where = reach(user, Permission.VIEW_MEETINGS)
        return self.filter(
            where.q(
                partnership_path="group__partnership",
                organisation_path="invitations__organisation",
            )
        ).distinct()

    def changeable_by(self, user: object) -> MeetingQuerySet:
        where = reach(user, Permission.MANAGE_MEETINGS)
        return self.filter(
            where.q(
                partnership_path="group__partnership",
                organisation_path="invitations__organisation",
            )
        ).distinct()


class Meeting(models.Model):
    group = models.ForeignKey(
        "partnership.Group", on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    minutes = models.TextField(blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title}, {self.held_on:%-d %B %Y}"


class InvitationQuerySet(ScopedQuerySet["Invitation"]):
    view_permission = Permission.VIEW_MEETINGS
    partnership_path = "meeting__group__partnership"
    organisation_path = "organisation"


class Invitation(models.Model):
    """An organisation expected at a meeting: the denominator of its attendance rate."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="meeting_invitations"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="one_invitation_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} expected at {self.meeting}"


class AttendanceQuerySet(ScopedQuerySet["Attendance"]):
    view_permission = Permission.VIEW_MEETINGS
    partnership_path = "meeting__group__partnership"
    organisation_path = "organisation"


class Attendance(models.Model):
    """Whether an expected organisation was at a meeting; a deputy counts for it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="meeting_attendances"
    )
    attended = models.BooleanField()
    person = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_attendances",
    )
    as_deputy = models.BooleanField(default=False)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="one_attendance_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(attended=True) | Q(as_deputy=False),
                name="a_deputy_only_when_attended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} at {self.meeting}: {'yes' if self.attended else 'no'}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    decision = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="one_agenda_item_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class ActionQuerySet(QuerySet["Action"]):
    def visible_to(self, user: object) -> ActionQuerySet:
        """Every action for read-across roles; the owning organisation's for its lead; and
        always the person's own."""
        where = reach(user, Permission.VIEW_MEETINGS)
        condition = where.q(
            partnership_path="meeting__group__partnership",
            organisation_path="owning_organisation",
        )
        owner = _user_pk(user)
        if owner is not None:
            condition |= Q(owner_id=owner)
        return self.filter(condition)

    def changeable_by(self, user: object) -> ActionQuerySet:
        """The owner may mark their action done; so may the business unit."""
        where = reach(user, Permission.MANAGE_MEETINGS)
        condition = where.q(
            partnership_path="meeting__group__partnership",
            organisation_path="owning_organisation",
        )
        owner = _user_pk(user)
        if owner is not None:
            condition |= Q(owner_id=owner)
        return self.filter(condition)

    def overdue(self, today: datetime.date) -> ActionQuerySet:
        return self.filter(status=ActionStatus.OPEN, due_on__lt=today)


class Action(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_actions",
    )
    owning_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="meeting_actions"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default="open")
    completed_on = models.DateField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="done") & Q(completed_on__isnull=False))
                | (Q(status="open") & Q(completed_on__isnull=True)),
                name="completed_on_exactly_when_done",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < today
