"""/api/v1/actions/ and /api/v1/disseminations/ (issue 5 steps 6 and 7).

- /api/v1/actions/: the review actions the person may see (`?status=`, `?overdue=true`,
  `?organisation=`, `?review=`). PATCH updates status and evidence (the owner, the owning
  organisation's lead, the business unit) and, for the business unit, the description,
  owning organisation, owner and due date; POST adds an action to a recommendation (the
  business unit). Marking an action done or closed needs evidence of completion.
- /api/v1/disseminations/: how reviews' learning was spread; the business unit POSTs new ones.

Every write goes through `masa.learning.actions`, so it is checked and audited as on the pages.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers

from masa.core.api_records import RecordViewSet, field_refusal, query_id
from masa.core.permissions import Permission, reach
from masa.learning import actions as svc
from masa.learning.models import (
    ActionStatus,
    Dissemination,
    DisseminationKind,
    Review,
    ReviewAction,
)


# Choices described in words, not as enum components: other areas' "status" and "kind"
# fields have other choices, and two enums of one name make drf-spectacular warn.
@extend_schema_field(
    {"type": "string", "description": "One of: " + ", ".join(ActionStatus.values) + "."}
)
class ReviewActionStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ActionStatus.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "description": "One of: " + ", ".join(DisseminationKind.values) + "."}
)
class DisseminationKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=DisseminationKind.choices, **kwargs)


class ReviewActionSerializer(serializers.ModelSerializer):
    recommendation = serializers.IntegerField(
        source="recommendation_id", help_text="Set when the action is added; fixed after."
    )
    review = serializers.IntegerField(source="recommendation.review_id", read_only=True)
    review_title = serializers.CharField(source="recommendation.review.title", read_only=True)
    owning_organisation = serializers.IntegerField(source="owning_organisation_id")
    owning_organisation_name = serializers.CharField(
        source="owning_organisation.name", read_only=True
    )
    owner = serializers.IntegerField(source="owner_id", allow_null=True, required=False)
    owner_name = serializers.CharField(source="owner.full_name", read_only=True, default=None)
    status = ReviewActionStatusField(required=False)
    closed_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="With status 'done' or 'closed': the day it was completed (today if left out).",
    )
    evidence_of_completion = serializers.CharField(
        required=False, allow_blank=True, help_text="Needed before done or closed."
    )
    evidence_of_impact = serializers.CharField(required=False, allow_blank=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ReviewAction
        fields = [
            "id",
            "recommendation",
            "review",
            "review_title",
            "description",
            "owning_organisation",
            "owning_organisation_name",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "closed_on",
            "evidence_of_completion",
            "evidence_of_impact",
            "overdue",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, action: ReviewAction) -> bool:
        return action.is_late(timezone.localdate())

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.method == "PATCH":
            for field in fields.values():
                field.required = False
        return fields


class ReviewActionViewSet(RecordViewSet):
    """Actions of reviews' action plans: every action of the partnership for the business
    unit, delegated partners, scrutineer and chair; the owning organisation's for its lead;
    always your own. The owner and the owning organisation's lead may PATCH status and
    evidence; the business unit adds actions and changes everything else."""

    model = ReviewAction
    serializer_class = ReviewActionSerializer
    masa_permission = Permission.VIEW_REVIEWS
    # Whether this person may change this action is decided record by record
    # (ReviewAction.objects.changeable_by); adding needs MANAGE_REVIEWS.
    masa_change_permission = Permission.VIEW_REVIEWS

    def get_queryset(self) -> QuerySet[Any]:
        params = self.request.query_params
        state = params.get("status")
        if state is not None and state not in ActionStatus.values:
            raise field_refusal(
                {"status": "Give the status as one of: " + ", ".join(ActionStatus.values)}
            )
        overdue = params.get("overdue")
        if overdue is not None and overdue not in ("true", "false"):
            raise field_refusal({"overdue": "Give overdue as true or false"})
        filters = svc.ActionFilters(
            status=state or "",
            organisation=query_id(params, "organisation"),
            overdue=overdue == "true",
        )
        rows = svc.actions_for(self.request.user, filters)
        review = query_id(params, "review")
        if review is not None:
            rows = rows.filter(recommendation__review_id=review)
        return rows

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, enum=ActionStatus.values),
            OpenApiParameter(
                "overdue",
                str,
                required=False,
                enum=["true", "false"],
                description="true: only actions past their due date and not done or closed",
            ),
            OpenApiParameter("organisation", int, required=False, description="Owning org id"),
            OpenApiParameter("review", int, required=False, description="A review's id"),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    def _resolve(self, partnership_id: int, data: dict[str, Any]) -> dict[str, Any]:
        """The organisation and owner the client named, from the review's partnership only."""
        resolved: dict[str, Any] = {}
        errors: dict[str, str] = {}
        if "owning_organisation_id" in data:
            resolved["owning_organisation"] = (
                svc.organisations_for(partnership_id)
                .filter(pk=data["owning_organisation_id"])
                .first()
            )
            if resolved["owning_organisation"] is None:
                errors["owning_organisation"] = "Give the id of an organisation of the partnership"
        if data.get("owner_id") is not None:
            resolved["owner"] = svc.owners_of(partnership_id).filter(pk=data["owner_id"]).first()
            if resolved["owner"] is None:
                errors["owner"] = "Give the id of someone with a role in the partnership"
        elif "owner_id" in data:
            resolved["owner"] = None
        if errors:
            raise field_refusal(errors)
        for name in ("description", "due_on", *svc.PROGRESS_FIELDS):
            if name in data:
                resolved[name] = data[name]
        return resolved

    def create_record(self, data: dict[str, Any]) -> ReviewAction:
        user = self.request.user
        if reach(user, Permission.MANAGE_REVIEWS).is_empty:
            raise exceptions.PermissionDenied(
                "Your roles do not include the permission to manage reviews."
            )
        recommendation = svc.recommendation_for_actions(user, data["recommendation_id"])
        if recommendation is None:
            raise field_refusal(
                {"recommendation": "Give the id of a recommendation of a review you manage"}
            )
        fields = self._resolve(recommendation.review.partnership_id, data)
        progress = {n: fields.pop(n) for n in svc.PROGRESS_FIELDS if n in fields}
        with transaction.atomic():
            action = svc.action_add(
                actor=user,
                recommendation=recommendation,
                description=fields.get("description", ""),
                owning_organisation=fields.get("owning_organisation"),
                due_on=fields.get("due_on"),
                owner=fields.get("owner"),
            )
            if progress:
                svc.action_update(actor=user, action=action, changes=progress)
        return action

    def update_record(self, record: ReviewAction, data: dict[str, Any]) -> ReviewAction:
        if "recommendation_id" in data and data["recommendation_id"] != record.recommendation_id:
            raise field_refusal({"recommendation": "An action's recommendation cannot change"})
        data.pop("recommendation_id", None)
        fields = self._resolve(record.recommendation.review.partnership_id, data)
        return svc.action_update(actor=self.request.user, action=record, changes=fields)


class DisseminationSerializer(serializers.ModelSerializer):
    review = serializers.IntegerField(source="review_id")
    review_title = serializers.CharField(source="review.title", read_only=True)
    kind = DisseminationKindField()
    attendance = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, help_text="Needed for a practitioner session."
    )

    class Meta:
        model = Dissemination
        fields = [
            "id",
            "review",
            "review_title",
            "kind",
            "held_on",
            "audience",
            "attendance",
            "notes",
        ]


class DisseminationViewSet(RecordViewSet):
    """How reviews' learning was spread: bulletins, briefings, practitioner sessions (with
    attendance) and presentations to agencies. Read with the review; the business unit adds."""

    model = Dissemination
    serializer_class = DisseminationSerializer
    masa_permission = Permission.VIEW_REVIEWS
    masa_change_permission = Permission.MANAGE_REVIEWS
    http_method_names = ["get", "post", "head", "options"]  # type: ignore[misc]

    def get_queryset(self) -> QuerySet[Any]:
        rows = svc.disseminations_for(self.request.user).order_by("held_on", "pk")
        review = query_id(self.request.query_params, "review")
        return rows if review is None else rows.filter(review_id=review)

    @extend_schema(
        parameters=[OpenApiParameter("review", int, required=False, description="A review's id")]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    def create_record(self, data: dict[str, Any]) -> Dissemination:
        user = self.request.user
        if reach(user, Permission.MANAGE_REVIEWS).is_empty:
            raise exceptions.PermissionDenied(
                "Your roles do not include the permission to manage reviews."
            )
        review: Review | None = svc.review_for_dissemination(user, data["review_id"])
        if review is None:
            raise field_refusal({"review": "Give the id of a review you manage"})
        return svc.dissemination_add(
            actor=user,
            review=review,
            kind=data["kind"],
            held_on=data.get("held_on"),
            audience=data.get("audience", ""),
            attendance=data.get("attendance"),
            notes=data.get("notes", ""),
        )
