"""The meetings API.

- /api/v1/attendance?year=2016/17: each organisation's expected and attended meetings, and
  %. Scoped like the attendance page: read-across roles get every organisation in their
  partnerships, an agency lead their own organisation only.
- /api/v1/meetings/: meetings with their agenda and attendance (detail); POST a new meeting,
  PATCH its title, date or minutes (the business unit).
- /api/v1/meeting-actions/: the actions meetings set. An agency lead sees their own
  organisation's; the owner of an action or the business unit PATCH its status; the business
  unit adds actions and changes what they say.

Writes go through the same services as the pages, so they are audited the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from masa.core.access import Access
from masa.core.api_records import RecordViewSet, field_refusal, query_id
from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission, reach
from masa.partnership import meetings as selectors
from masa.partnership.meetings import (
    MeetingError,
    action_change,
    action_create,
    action_set_status,
    meeting_change,
    meeting_create,
)
from masa.partnership.models import Action, ActionStatus, Meeting


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class AttendanceView(APIView):
    """Attendance by organisation for one reporting year (April to March)."""

    masa_access = Access.PERMISSION
    masa_permission = Permission.VIEW_MEETINGS

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                str,
                description="A reporting year written like 2016/17; without it, the latest "
                "year with a meeting you can see",
            )
        ],
        responses={200: dict, 400: dict},
    )
    def get(self, request: Request) -> Response:
        label = request.query_params.get("year", "").strip()
        if not label:  # no year asked for: the latest year with a meeting this person can see
            year = selectors.latest_year(request.user)
        else:
            try:
                year = ReportingYear.parse(label)
            except ValueError as problem:
                return Response({"error": str(problem)}, status=status.HTTP_400_BAD_REQUEST)
        report = selectors.attendance_report(request.user, year)
        return Response(
            {
                "year": year.label,
                "meetings": [meeting.held_on.isoformat() for meeting in report.meetings],
                "organisations": [
                    {
                        "organisation": row.organisation,
                        "organisation_id": row.organisation_id,
                        "expected": row.expected,
                        "attended": row.attended,
                        "percent": _number(row.percent),
                        "percent_exact": _number(row.percent_exact),
                    }
                    for row in report.rows
                ],
                "expected": report.expected,
                "attended": report.attended,
                "overall_percent": _number(report.overall_percent),
                "overall_percent_exact": _number(report.overall_percent_exact),
            }
        )


@contextmanager
def _refused_as(field: str) -> Iterator[None]:
    """A service's refusal (MeetingError) answers 400, naming the field to correct."""
    try:
        yield
    except MeetingError as problem:
        raise field_refusal({field: str(problem)}) from problem


def _id_filter(queryset: QuerySet[Any], params: Any, name: str) -> QuerySet[Any]:
    value = query_id(params, name)
    return queryset if value is None else queryset.filter(**{f"{name}_id": value})


# -- Meetings --------------------------------------------------------------------------------


class AgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    decision = serializers.CharField()


class MeetingAttendanceSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    organisation_name = serializers.CharField()
    recorded = serializers.BooleanField(help_text="False until attendance is recorded")
    attended = serializers.BooleanField(allow_null=True)
    as_deputy = serializers.BooleanField()


class MeetingListSerializer(serializers.ModelSerializer):
    group = serializers.IntegerField(source="group_id", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "group", "group_name", "held_on", "title"]


class MeetingSerializer(serializers.ModelSerializer):
    group = serializers.IntegerField(
        source="group_id", help_text="Set when the meeting is added; fixed after."
    )
    group_name = serializers.CharField(source="group.name", read_only=True)
    expected = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        write_only=True,
        help_text="Ids of the organisations expected (when adding a meeting); without it, "
        "the organisations that sit on the group.",
    )
    agenda_items = serializers.SerializerMethodField()
    attendance = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "group",
            "group_name",
            "held_on",
            "title",
            "minutes",
            "expected",
            "agenda_items",
            "attendance",
        ]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda_items(self, meeting: Meeting) -> list[dict[str, Any]]:
        return [
            {"id": i.pk, "order": i.order, "title": i.title, "decision": i.decision}
            for i in meeting.agenda_items.all()
        ]

    @extend_schema_field(MeetingAttendanceSerializer(many=True))
    def get_attendance(self, meeting: Meeting) -> list[dict[str, Any]]:
        user = self.context["request"].user
        return [
            {
                "organisation": invitation.organisation_id,
                "organisation_name": invitation.organisation.name,
                "recorded": recorded is not None,
                "attended": recorded.attended if recorded is not None else None,
                "as_deputy": bool(recorded and recorded.as_deputy),
            }
            for invitation, recorded in selectors.meeting_attendance(user, meeting)
        ]


class MeetingViewSet(RecordViewSet):
    """Meetings of the partnership's groups you may see, latest first; one meeting with its
    agenda and the attendance of the organisations you may see."""

    model = Meeting
    serializer_class = MeetingSerializer
    masa_permission = Permission.VIEW_MEETINGS
    masa_change_permission = Permission.MANAGE_MEETINGS

    def get_serializer_class(self) -> Any:
        return MeetingListSerializer if self.action == "list" else MeetingSerializer

    def get_queryset(self) -> QuerySet[Any]:
        queryset = selectors.meetings_for(self.request.user).order_by("-held_on", "-pk")
        queryset = _id_filter(queryset, self.request.query_params, "group")
        year = self.request.query_params.get("year")
        if year:
            try:
                chosen = ReportingYear.parse(year)
            except ValueError as problem:
                raise field_refusal({"year": str(problem)}) from None
            queryset = queryset.filter(held_on__range=(chosen.first_day, chosen.last_day))
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("year", str, required=False, description="Like 2016/17"),
            OpenApiParameter("group", int, required=False, description="A group's id"),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    def create_record(self, data: dict[str, Any]) -> Meeting:
        user = self.request.user
        group = selectors.groups_for_meetings(user).filter(pk=data["group_id"]).first()
        if group is None:
            raise field_refusal(
                {"group": "Give the id of a group of a partnership whose meetings you manage"}
            )
        organisations = selectors.organisations_of_partnerships([group.partnership_id])
        wanted = data.get("expected")
        if wanted is None:
            wanted = selectors.group_member_organisation_ids(group)
        expected = list(organisations.filter(pk__in=wanted))
        missing = sorted(set(wanted) - {o.pk for o in expected})
        if missing:
            raise field_refusal(
                {"expected": f"{missing[0]} is not the id of an organisation of the partnership"}
            )
        with _refused_as("title"):
            meeting = meeting_create(
                actor=user,
                group=group,
                held_on=data["held_on"],
                title=data["title"].strip(),
                expected=expected,
                minutes=data.get("minutes", ""),
            )
        return meeting

    def update_record(self, record: Meeting, data: dict[str, Any]) -> Meeting:
        with _refused_as("title"):
            meeting_change(
                actor=self.request.user,
                meeting=record,
                title=data["title"].strip() if "title" in data else None,
                held_on=data.get("held_on"),
                minutes=data.get("minutes"),
            )
        return record


# -- Actions set at meetings -----------------------------------------------------------------


# The schema gives the statuses in words, not as an enum component: other areas' "status"
# fields have other choices, and two enums of one name make drf-spectacular warn.
@extend_schema_field(
    {"type": "string", "description": "One of: " + ", ".join(ActionStatus.values) + "."}
)
class ActionStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ActionStatus.choices, **kwargs)


class MeetingActionSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(
        source="meeting_id", help_text="Set when the action is added; fixed after."
    )
    agenda_item = serializers.IntegerField(source="agenda_item_id", allow_null=True, required=False)
    owner = serializers.IntegerField(source="owner_id", allow_null=True, required=False)
    owner_name = serializers.CharField(source="owner.full_name", read_only=True, default=None)
    owning_organisation = serializers.IntegerField(source="owning_organisation_id")
    owning_organisation_name = serializers.CharField(
        source="owning_organisation.name", read_only=True
    )
    status = ActionStatusField(required=False)
    completed_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="With status 'done': the day it was done (today if left out).",
    )
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "meeting",
            "agenda_item",
            "description",
            "owner",
            "owner_name",
            "owning_organisation",
            "owning_organisation_name",
            "due_on",
            "status",
            "completed_on",
            "overdue",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, action: Action) -> bool:
        return action.is_overdue(timezone.localdate())


class MeetingActionViewSet(RecordViewSet):
    """Actions set at meetings: every action for the business unit, executive and scrutineer;
    an agency lead's own organisation's; always your own. The owner may PATCH the status of
    their action; the business unit adds actions and changes everything else."""

    model = Action
    serializer_class = MeetingActionSerializer
    masa_permission = Permission.VIEW_MEETINGS
    # Whether this person may change this action (its owner, or the business unit) is
    # decided record by record (Action.objects.changeable_by); adding needs MANAGE_MEETINGS.
    masa_change_permission = Permission.VIEW_MEETINGS

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = (
            Action.objects.visible_to(self.request.user)
            .select_related("owner", "owning_organisation", "meeting")
            .order_by("due_on", "pk")
        )
        queryset = _id_filter(queryset, self.request.query_params, "meeting")
        state = self.request.query_params.get("status")
        if state is not None:
            if state not in ActionStatus.values:
                raise field_refusal({"status": "Give the status as open or done"})
            queryset = queryset.filter(status=state)
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("meeting", int, required=False, description="A meeting's id"),
            OpenApiParameter("status", str, required=False, enum=ActionStatus.values),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    def _resolve(self, meeting: Meeting, data: dict[str, Any]) -> dict[str, Any]:
        """The organisation, owner and agenda item the client named, from the meeting's
        partnership only."""
        partnership = meeting.group.partnership_id
        resolved: dict[str, Any] = {}
        errors: dict[str, str] = {}
        if "owning_organisation_id" in data:
            resolved["owning_organisation"] = (
                selectors.organisations_of_partnerships([partnership])
                .filter(pk=data["owning_organisation_id"])
                .first()
            )
            if resolved["owning_organisation"] is None:
                errors["owning_organisation"] = "Give the id of an organisation of the partnership"
        if data.get("owner_id") is not None:
            resolved["owner"] = (
                selectors.people_of_partnership(partnership).filter(pk=data["owner_id"]).first()
            )
            if resolved["owner"] is None:
                errors["owner"] = "Give the id of someone with a role in the partnership"
        elif "owner_id" in data:
            resolved["owner"] = None
        if data.get("agenda_item_id") is not None:
            resolved["agenda_item"] = meeting.agenda_items.filter(pk=data["agenda_item_id"]).first()
            if resolved["agenda_item"] is None:
                errors["agenda_item"] = "Give the id of an agenda item of this meeting"
        elif "agenda_item_id" in data:
            resolved["agenda_item"] = None
        if "description" in data:
            resolved["description"] = data["description"].strip()
            if not resolved["description"]:
                errors["description"] = "Say what is to be done"
        if "due_on" in data:
            resolved["due_on"] = data["due_on"]
            if data["due_on"] < meeting.held_on:
                errors["due_on"] = "The due date must be on or after the meeting"
        if errors:
            raise field_refusal(errors)
        return resolved

    def create_record(self, data: dict[str, Any]) -> Action:
        user = self.request.user
        meeting = selectors.meeting_changeable_by(user, data["meeting_id"])
        if meeting is None:
            if reach(user, Permission.MANAGE_MEETINGS).is_empty:
                raise exceptions.PermissionDenied(
                    "Your roles do not include the permission to manage meetings."
                )
            raise field_refusal({"meeting": "Give the id of a meeting you manage"})
        fields = self._resolve(meeting, data)
        with transaction.atomic(), _refused_as("status"):
            action = action_create(actor=user, meeting=meeting, **fields)
            if data.get("status") == ActionStatus.DONE:
                action_set_status(
                    actor=user,
                    action=action,
                    status=ActionStatus.DONE,
                    completed_on=data.get("completed_on"),
                )
        return action

    def update_record(self, record: Action, data: dict[str, Any]) -> Action:
        user = self.request.user
        manages = selectors.meeting_changeable_by(user, record.meeting_id) is not None
        others = set(data) - {"status", "completed_on"}
        if others and not manages:
            raise exceptions.PermissionDenied(
                "You may change the status of your own action; the business unit changes the rest."
            )
        meeting = record.meeting
        fields = self._resolve(meeting, {k: v for k, v in data.items() if k != "meeting_id"})
        with transaction.atomic(), _refused_as("status"):
            if fields:
                current: dict[str, Any] = {
                    "description": record.description,
                    "owning_organisation": record.owning_organisation,
                    "owner": record.owner,
                    "due_on": record.due_on,
                    "agenda_item": record.agenda_item,
                }
                action_change(actor=user, action=record, **{**current, **fields})
            if "status" in data:
                completed_on: datetime.date | None = data.get("completed_on")
                action_set_status(
                    actor=user, action=record, status=data["status"], completed_on=completed_on
                )
        return record
