"""/api/v1/cases/: cases for consideration, their notification and their rapid review.

- GET lists and reads the cases the person may see (every case read is an audit event).
- POST raises a case for consideration (RAISE_CASES): a person whose reach is their own
  organisation raises only for it.
- PATCH records the pseudonym, the notification and the rapid review (MANAGE_CASES).

`review_started_on`, `publication_expected` and `published_on` come from the case's practice
review (its CSPR if it has one, else its earliest review) among the reviews the person may
see; null when there is none.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from masa.accounts.models import Organisation
from masa.core import audit
from masa.core.api_records import RecordViewSet
from masa.core.permissions import Permission
from masa.learning import selectors, services
from masa.learning.models import (
    AgeBand,
    Case,
    CaseInfoRequest,
    Criterion,
    PanelResponse,
    Recommendation,
    Review,
    ReviewKind,
)
from masa.learning.reviews import expected_on

NOT_YOURS = "Select an organisation you may raise a case for"
RAISE_FIELDS = (
    "raised_by_organisation",
    "what_happened",
    "age_band",
    "circumstances",
    "agencies_involved",
    "why_criteria",
)


class InfoRequestSerializer(serializers.ModelSerializer):
    late = serializers.SerializerMethodField()

    class Meta:
        model = CaseInfoRequest
        fields = ["id", "organisation", "requested_on", "due_on", "replied_on", "late"]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_late(self, request: CaseInfoRequest) -> bool:
        return request.is_late(timezone.localdate())


class RaisingOrganisationField(serializers.PrimaryKeyRelatedField):
    """An organisation the person may raise a case for."""

    default_error_messages = {
        **serializers.PrimaryKeyRelatedField.default_error_messages,
        "does_not_exist": NOT_YOURS,
    }

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.raising_organisations(self.context["request"].user)


class InvolvedAgencyField(serializers.PrimaryKeyRelatedField):
    """An organisation working with a partnership where the person may raise a case."""

    def get_queryset(self) -> QuerySet[Organisation]:
        user = self.context["request"].user
        partnerships = selectors.partnerships_of_reach(user, Permission.RAISE_CASES)
        return selectors.organisations_of({p.pk for p in partnerships})


class CaseSerializer(serializers.ModelSerializer):
    raised_by_organisation = RaisingOrganisationField()
    agencies_involved = InvolvedAgencyField(many=True, required=False)
    age_band = serializers.ChoiceField(choices=AgeBand.choices)
    criteria = serializers.MultipleChoiceField(choices=Criterion.choices, required=False)
    recommendation = serializers.ChoiceField(
        choices=Recommendation.choices, required=False, allow_blank=True
    )
    panel_response = serializers.ChoiceField(
        choices=PanelResponse.choices, required=False, allow_blank=True
    )
    partners_agree = serializers.BooleanField(required=False, allow_null=True)
    notification_due = serializers.DateField(source="notification_due_on", read_only=True)
    rapid_review_due = serializers.DateField(source="rapid_review_due_on", read_only=True)
    notification_late = serializers.SerializerMethodField()
    rapid_review_late = serializers.SerializerMethodField()
    decision = serializers.DateField(source="decided_on", read_only=True)
    review_started_on = serializers.SerializerMethodField()
    publication_expected = serializers.SerializerMethodField()
    published_on = serializers.SerializerMethodField()
    info_requests = InfoRequestSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "pseudonym",
            "partnership",
            "raised_by_organisation",
            "raised_on",
            "what_happened",
            "age_band",
            "circumstances",
            "agencies_involved",
            "why_criteria",
            "became_aware_on",
            "notification_due",
            "notified_on",
            "notification_late",
            "rapid_review_due",
            "rapid_review_meeting_on",
            "decided_on",
            "decision",
            "criteria",
            "recommendation",
            "partners_agree",
            "scrutineer_view",
            "rapid_review_sent_on",
            "rapid_review_late",
            "panel_response",
            "panel_response_on",
            "review_started_on",
            "publication_expected",
            "published_on",
            "info_requests",
        ]
        read_only_fields = ["id", "reference", "partnership", "raised_on"]
        extra_kwargs = {
            "what_happened": {"required": False},
        }

    def to_representation(self, instance: Case) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["criteria"] = instance.criteria
        return data

    @extend_schema_field(serializers.BooleanField())
    def get_notification_late(self, case: Case) -> bool:
        return case.notification_late(timezone.localdate())

    @extend_schema_field(serializers.BooleanField())
    def get_rapid_review_late(self, case: Case) -> bool:
        return case.rapid_review_late(timezone.localdate())

    def _review(self, case: Case) -> Review | None:
        """The case's CSPR if it has one, else its earliest review (prefetched, scoped)."""
        reviews = sorted(
            getattr(case, "visible_reviews", []),
            key=lambda r: (r.kind != ReviewKind.CSPR, r.started_on, r.pk),
        )
        return reviews[0] if reviews else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_review_started_on(self, case: Case) -> datetime.date | None:
        review = self._review(case)
        return review.started_on if review else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_publication_expected(self, case: Case) -> datetime.date | None:
        review = self._review(case)
        return expected_on(review, timezone.localdate()) if review else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_published_on(self, case: Case) -> datetime.date | None:
        review = self._review(case)
        return review.published_on if review else None

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.method == "PATCH":
            for name in RAISE_FIELDS:
                fields[name].required = False
        return fields


class CaseViewSet(RecordViewSet):
    """Cases for consideration, with their notification and rapid review clocks."""

    model = Case
    serializer_class = CaseSerializer
    masa_permission = Permission.VIEW_CASES
    masa_change_permission = Permission.MANAGE_CASES

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Raising needs RAISE_CASES; changing a raised case needs MANAGE_CASES.
        self.masa_change_permission = (  # type: ignore[misc]
            Permission.RAISE_CASES if request.method == "POST" else Permission.MANAGE_CASES
        )
        super().initial(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        return (
            Case.objects.visible_to(user)
            .prefetch_related(
                "agencies_involved",
                Prefetch("info_requests", queryset=CaseInfoRequest.objects.visible_to(user)),
                Prefetch(
                    "reviews",
                    queryset=Review.objects.visible_to(user).prefetch_related("pauses"),
                    to_attr="visible_reviews",
                ),
            )
            .order_by("-raised_on", "-pk")
        )

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        for case in page or []:
            audit.record_read(actor=self.request.user, target=case)
        return page

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        audit.record_read(actor=request.user, target=case)
        return Response(self.get_serializer(case).data)

    def create_record(self, data: dict[str, Any]) -> Model:
        from django.core.exceptions import ValidationError

        unexpected = sorted(set(data) - set(RAISE_FIELDS))
        if unexpected:
            raise ValidationError(
                {
                    name: "Raise the case first; the business unit records this"
                    for name in unexpected
                }
            )
        if not data.get("what_happened", "").strip():
            raise ValidationError({"what_happened": "Say what happened"})
        case = services.case_raise(
            actor=self.request.user,
            organisation=data["raised_by_organisation"],
            what_happened=data["what_happened"],
            age_band=data["age_band"],
            circumstances=data.get("circumstances", ""),
            agencies=data.get("agencies_involved", []),
            why_criteria=data.get("why_criteria", ""),
        )
        return self.get_queryset().get(pk=case.pk)

    def update_record(self, record: Any, data: dict[str, Any]) -> Model:
        if "criteria" in data:
            data["criteria"] = sorted(data["criteria"])
        services.case_change(actor=self.request.user, case=record, changes=data)
        return self.get_queryset().get(pk=record.pk)
