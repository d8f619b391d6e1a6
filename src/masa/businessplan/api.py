"""/api/v1/priorities/, /api/v1/plan-actions/ and /api/v1/progress-updates/.

Scoped like the pages: the business unit, executive, scrutineer and subgroup chairs read the
whole plan; an agency lead reads the actions their organisation owns (and the priorities they
serve). Writes go through the same services as the forms, so they are audited the same way:
POST a priority or an action to add it, PATCH to change it (the business unit), POST a
progress update to report progress (the history is append-only: no PATCH).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers

from masa.businessplan import selectors
from masa.businessplan.models import (
    ActionStatus,
    PlanAction,
    Priority,
    ProgressUpdate,
    Rag,
)
from masa.businessplan.services import (
    plan_action_change,
    plan_action_create,
    priority_change,
    priority_create,
    progress_report,
)
from masa.core.api_records import RecordViewSet, query_id
from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission


@extend_schema_field(OpenApiTypes.STR)
class YearField(serializers.Field):
    """A plan year written like 2017/18."""

    def to_representation(self, value: int) -> str:
        return ReportingYear(value).label

    def to_internal_value(self, data: Any) -> int:
        try:
            return ReportingYear.parse(str(data)).start_year
        except ValueError as problem:
            raise serializers.ValidationError(str(problem)) from None


# The schema lists the statuses in words, not as an enum component: another area's "status"
# has other choices, and two enums of one name make drf-spectacular warn (ENUM_NAME_OVERRIDES
# in the settings would let this become an enum again).
@extend_schema_field(
    {"type": "string", "description": "One of: " + ", ".join(ActionStatus.values) + "."}
)
class ActionStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ActionStatus.choices, **kwargs)


@extend_schema_field({"type": "string", "enum": list(Rag.values)})
class RagField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Rag.choices, **kwargs)


def _id_param(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(name, int, required=False, description=f"Only those of this {what}")


def _filter_by_id(queryset: QuerySet[Any], params: Any, name: str, field: str) -> QuerySet[Any]:
    value = query_id(params, name)
    return queryset if value is None else queryset.filter(**{field: value})


# -- Priorities ------------------------------------------------------------------------------


class RagSummarySerializer(serializers.Serializer):
    red = serializers.IntegerField()
    amber = serializers.IntegerField()
    green = serializers.IntegerField()
    not_reported = serializers.IntegerField()
    total = serializers.IntegerField()


class PrioritySerializer(serializers.ModelSerializer):
    partnership = serializers.IntegerField(
        source="partnership_id", help_text="Set when the priority is added; fixed after."
    )
    year = YearField(source="start_year", help_text="Like 2017/18; fixed after it is added.")
    rag_summary = serializers.SerializerMethodField()

    class Meta:
        model = Priority
        fields = [
            "id",
            "partnership",
            "year",
            "number",
            "title",
            "outcome",
            "approach",
            "rag_summary",
        ]

    @extend_schema_field(RagSummarySerializer)
    def get_rag_summary(self, priority: Priority) -> dict[str, int]:
        counts = {
            name: getattr(priority, f"n_{name}", 0)
            for name in ("red", "amber", "green", "not_reported")
        }
        return {**counts, "total": sum(counts.values())}


class PriorityViewSet(RecordViewSet):
    """The business plan's priorities, with how many of their actions stand at each RAG
    (counting only the actions you may see)."""

    model = Priority
    serializer_class = PrioritySerializer
    masa_permission = Permission.VIEW_BUSINESS_PLAN
    masa_change_permission = Permission.MANAGE_BUSINESS_PLAN

    def get_queryset(self) -> QuerySet[Any]:
        seen = Q(actions__in=PlanAction.objects.visible_to(self.request.user).values("pk"))
        counts = {
            f"n_{rag}": Count("actions", filter=seen & Q(actions__rag=rag))
            for rag in (*Rag.values, "")
        }
        counts["n_not_reported"] = counts.pop("n_")
        queryset = (
            Priority.objects.visible_to(self.request.user)
            .annotate(**counts)
            .order_by("-start_year", "partnership_id", "number")
        )
        year = self.request.query_params.get("year")
        if year:
            try:
                queryset = queryset.filter(start_year=ReportingYear.parse(year).start_year)
            except ValueError as problem:
                raise serializers.ValidationError({"year": str(problem)}) from None
        return queryset

    @extend_schema(
        parameters=[OpenApiParameter("year", str, required=False, description="Like 2017/18")]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    def create_record(self, data: dict[str, Any]) -> Priority:
        partnership = (
            selectors.manageable_partnerships(self.request.user)
            .filter(pk=data["partnership_id"])
            .first()
        )
        if partnership is None:
            raise ValidationError(
                {"partnership": "Give the id of a partnership whose business plan you manage"}
            )
        return priority_create(
            actor=self.request.user,
            partnership=partnership,
            year=ReportingYear(data["start_year"]),
            number=data["number"],
            title=data["title"],
            outcome=data["outcome"],
            approach=data.get("approach", ""),
        )

    def update_record(self, record: Priority, data: dict[str, Any]) -> Priority:
        changes = {k: v for k, v in data.items() if k in ("number", "title", "outcome", "approach")}
        priority_change(actor=self.request.user, priority=record, **changes)
        return self.get_queryset().get(pk=record.pk)


# -- Plan actions ----------------------------------------------------------------------------


class PlanActionSerializer(serializers.ModelSerializer):
    priority = serializers.IntegerField(
        source="priority_id", help_text="Set when the action is added; fixed after."
    )
    owner = serializers.IntegerField(source="owner_id", allow_null=True, required=False)
    owning_organisation = serializers.IntegerField(source="owning_organisation_id")
    responsible_group = serializers.IntegerField(
        source="responsible_group_id", allow_null=True, required=False
    )
    status = ActionStatusField(required=False)
    rag = serializers.CharField(
        read_only=True, help_text="The RAG of the latest progress update; empty until then."
    )
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "priority",
            "description",
            "owner",
            "owning_organisation",
            "responsible_group",
            "milestone_on",
            "measure_of_success",
            "status",
            "rag",
            "overdue",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, action: PlanAction) -> bool:
        return action.is_overdue(timezone.localdate())


def _resolve_people_and_places(data: dict[str, Any]) -> dict[str, Any]:
    """Turn the ids an API client sent into records; the service checks they belong."""
    resolved: dict[str, Any] = {}
    errors: dict[str, str] = {}
    lookups = {
        "owning_organisation_id": ("owning_organisation", selectors.organisation_by_id),
        "owner_id": ("owner", selectors.person_by_id),
        "responsible_group_id": ("responsible_group", selectors.group_by_id),
    }
    for key, (name, find) in lookups.items():
        if key not in data:
            continue
        if data[key] is None:
            resolved[name] = None
            continue
        found = find(data[key])
        if found is None:
            errors[name] = f"There is no {name.replace('_', ' ')} with id {data[key]}"
        resolved[name] = found
    if errors:
        raise ValidationError(errors)
    for name in ("description", "milestone_on", "measure_of_success", "status"):
        if name in data:
            resolved[name] = data[name]
    return resolved


class PlanActionViewSet(RecordViewSet):
    """The actions that deliver the priorities: owner, owning organisation, responsible
    subgroup, milestone, measure of success, status and current RAG."""

    model = PlanAction
    serializer_class = PlanActionSerializer
    masa_permission = Permission.VIEW_BUSINESS_PLAN
    masa_change_permission = Permission.MANAGE_BUSINESS_PLAN

    def get_queryset(self) -> QuerySet[Any]:
        queryset = PlanAction.objects.visible_to(self.request.user).order_by(
            "priority_id", "milestone_on", "pk"
        )
        return _filter_by_id(queryset, self.request.query_params, "priority", "priority_id")

    @extend_schema(parameters=[_id_param("priority", "priority")])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    def create_record(self, data: dict[str, Any]) -> PlanAction:
        priority = (
            Priority.objects.changeable_by(self.request.user).filter(pk=data["priority_id"]).first()
        )
        if priority is None:
            raise ValidationError({"priority": "Give the id of a priority whose plan you manage"})
        return plan_action_create(
            actor=self.request.user, priority=priority, **_resolve_people_and_places(data)
        )

    def update_record(self, record: PlanAction, data: dict[str, Any]) -> PlanAction:
        return plan_action_change(
            actor=self.request.user, action=record, **_resolve_people_and_places(data)
        )


# -- Progress updates ------------------------------------------------------------------------


class ProgressUpdateSerializer(serializers.ModelSerializer):
    action = serializers.IntegerField(source="action_id")
    rag = RagField()
    status = ActionStatusField(
        required=False,
        help_text="The action's status after this update; unchanged if left out.",
    )
    reported_by = serializers.IntegerField(source="reported_by_id", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "action",
            "reported_on",
            "rag",
            "status",
            "narrative",
            "evidence",
            "reported_by",
        ]


class ProgressUpdateViewSet(RecordViewSet):
    """Progress reported on plan actions, newest first. POST adds one (reporting progress);
    the history is never changed."""

    model = ProgressUpdate
    serializer_class = ProgressUpdateSerializer
    masa_permission = Permission.VIEW_BUSINESS_PLAN
    masa_change_permission = Permission.REPORT_PROGRESS
    http_method_names = ["get", "post", "head", "options"]  # type: ignore[misc]

    def get_queryset(self) -> QuerySet[Any]:
        queryset = ProgressUpdate.objects.visible_to(self.request.user).order_by(
            "-reported_on", "-pk"
        )
        return _filter_by_id(queryset, self.request.query_params, "action", "action_id")

    @extend_schema(parameters=[_id_param("action", "plan action")])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    def create_record(self, data: dict[str, Any]) -> ProgressUpdate:
        action = selectors.action_reportable_by(self.request.user, data["action_id"])
        if action is None:
            if selectors.action_for(self.request.user, data["action_id"]) is not None:
                raise exceptions.PermissionDenied(
                    "You may see this action but not report progress on it."
                )
            raise exceptions.NotFound("There is no such plan action, or you may not see it.")
        return progress_report(
            actor=self.request.user,
            action=action,
            reported_on=data["reported_on"],
            rag=data["rag"],
            narrative=data["narrative"],
            evidence=data.get("evidence", ""),
            status=data.get("status"),
        )
