"""/api/v1/reviews/ and /api/v1/themes/.

- /api/v1/reviews/: practice reviews and other learning reviews the person may see, with the
  six-month clock (`review_started_on`, `publication_expected` as it stands today with any open
  pause, `published_on`), pauses, milestones, findings and recommendations. POST starts a
  review and PATCH changes its details, planned publication and advance notice
  (MANAGE_REVIEWS), through the same services as the pages; every read of a review is audited.
- /api/v1/themes/: the maintained list of themes with, for each, the counts of findings,
  reviews, the earliest year and open actions within what the person may see.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from masa.core import audit
from masa.core.access import Access
from masa.core.api_records import RecordViewSet, field_refusal
from masa.core.permissions import Permission
from masa.learning import reviews as svc
from masa.learning.models import (
    Finding,
    Review,
    ReviewKind,
    ReviewRecommendation,
    ReviewStatus,
    Theme,
)
from masa.partnership.models import Partnership

START_FIELDS = (
    "case",
    "partnership",
    "kind",
    "title",
    "review_started_on",
    "reviewer_name",
    "reviewer_organisation",
    "methodology",
    "terms_of_reference",
)


# Choices described in words, not as enum components: other areas' "kind" and "status" fields
# have other choices, and two enums of one name make drf-spectacular warn.
@extend_schema_field(
    {"type": "string", "description": "One of: " + ", ".join(ReviewKind.values) + "."}
)
class ReviewKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ReviewKind.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "description": "One of: " + ", ".join(ReviewStatus.values) + "."}
)
class ReviewStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ReviewStatus.choices, **kwargs)


class ReviewPauseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reason = serializers.CharField(read_only=True)
    started_on = serializers.DateField(read_only=True)
    ended_on = serializers.DateField(read_only=True, allow_null=True)


class ReviewMilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    what = serializers.CharField(read_only=True)
    due_on = serializers.DateField(read_only=True)
    done_on = serializers.DateField(read_only=True, allow_null=True)


class ReviewFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "kind", "text", "themes", "position"]
        read_only_fields = fields


class ReviewRecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewRecommendation
        fields = ["id", "text", "themes", "addressed_to", "addressed_to_partnership", "position"]
        read_only_fields = fields


class PracticeReviewSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", allow_null=True, required=False)
    partnership = serializers.IntegerField(source="partnership_id", required=False)
    kind = ReviewKindField()
    status = ReviewStatusField(required=False)
    review_started_on = serializers.DateField(source="started_on")
    publication_expected = serializers.SerializerMethodField()
    paused_days = serializers.SerializerMethodField()
    paused_now = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()
    pauses = ReviewPauseSerializer(many=True, read_only=True)
    milestones = ReviewMilestoneSerializer(many=True, read_only=True)
    findings = ReviewFindingSerializer(many=True, read_only=True)
    recommendations = ReviewRecommendationSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "partnership",
            "case",
            "kind",
            "title",
            "reviewer_name",
            "reviewer_organisation",
            "methodology",
            "terms_of_reference",
            "review_started_on",
            "publication_expected",
            "paused_days",
            "paused_now",
            "late",
            "publication_planned_on",
            "advance_notice_due_on",
            "advance_notice_sent_on",
            "status",
            "published_on",
            "pauses",
            "milestones",
            "findings",
            "recommendations",
        ]
        read_only_fields = ["id", "advance_notice_due_on", "published_on"]

    def _clock(self, review: Review) -> svc.ReviewClock:
        return svc.clock_of(review, timezone.localdate())

    @extend_schema_field(OpenApiTypes.DATE)
    def get_publication_expected(self, review: Review) -> Any:
        return self._clock(review).expected

    @extend_schema_field(OpenApiTypes.INT)
    def get_paused_days(self, review: Review) -> int:
        return self._clock(review).paused_days

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_paused_now(self, review: Review) -> bool:
        return self._clock(review).paused_now

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_late(self, review: Review) -> bool:
        return self._clock(review).state in ("late", "published late")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.method == "PATCH":
            for field in fields.values():
                field.required = False
        return fields


class ReviewViewSet(RecordViewSet):
    """Practice reviews and other learning reviews, with their six-month clock."""

    model = Review
    serializer_class = PracticeReviewSerializer
    masa_permission = Permission.VIEW_REVIEWS
    masa_change_permission = Permission.MANAGE_REVIEWS

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        return svc.reviews_for(user).prefetch_related(  # type: ignore[type-var]
            "pauses",
            "milestones",
            Prefetch(
                "findings", queryset=Finding.objects.visible_to(user).prefetch_related("themes")
            ),
            Prefetch(
                "recommendations",
                queryset=ReviewRecommendation.objects.visible_to(user).prefetch_related(
                    "themes", "addressed_to"
                ),
            ),
        )

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        for review in page or []:
            audit.record_read(actor=self.request.user, target=review)
        return page

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        review = self.get_object()
        audit.record_read(actor=request.user, target=review)
        return Response(self.get_serializer(review).data)

    def create_record(self, data: dict[str, Any]) -> Model:
        user = self.request.user
        unexpected = sorted(set(data) - {*START_FIELDS, "started_on", "case_id", "partnership_id"})
        if unexpected:
            raise field_refusal(
                {name: "Start the review first, then change this" for name in unexpected}
            )
        case = None
        if data.get("case_id") is not None:
            case = svc.cases_to_review(user).filter(pk=data["case_id"]).first()
            if case is None:
                raise field_refusal({"case": "Give the id of a case of your partnership"})
        partnership = None
        if data.get("partnership_id") is not None:
            partnership = Partnership.objects.filter(pk=data["partnership_id"]).first()
            if partnership is None:
                raise field_refusal({"partnership": "Give the id of your partnership"})
        review = svc.review_start(
            actor=user,
            partnership=partnership,
            case=case,
            kind=data["kind"],
            title=data.get("title", ""),
            started_on=data["started_on"],
            reviewer_name=data.get("reviewer_name", ""),
            reviewer_organisation=data.get("reviewer_organisation", ""),
            methodology=data.get("methodology", ""),
            terms_of_reference=data.get("terms_of_reference", ""),
        )
        return self.get_queryset().get(pk=review.pk)

    def update_record(self, record: Any, data: dict[str, Any]) -> Model:
        fixed = sorted(set(data) & {"case_id", "partnership_id"})
        if fixed:
            raise field_refusal(
                {name.removesuffix("_id"): "This is fixed when the review starts" for name in fixed}
            )
        svc.review_change(actor=self.request.user, review=record, changes=data)
        return self.get_queryset().get(pk=record.pk)


class LearningThemeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="theme.pk")
    name = serializers.CharField(source="theme.name")
    description = serializers.CharField(source="theme.description")
    active = serializers.BooleanField(source="theme.active")
    findings = serializers.IntegerField()
    reviews = serializers.IntegerField()
    since = serializers.IntegerField(allow_null=True)
    recommendations = serializers.IntegerField()
    open_actions = serializers.IntegerField()
    summary = serializers.CharField(source="sentence")


class ThemeViewSet(viewsets.ViewSet):
    """The themes, with how often each recurs in what you may see (read only)."""

    masa_access = Access.PERMISSION
    masa_permission = Permission.VIEW_REVIEWS
    lookup_value_regex = "[0-9]+"
    serializer_class = LearningThemeSerializer

    @extend_schema(responses=LearningThemeSerializer(many=True))
    def list(self, request: Request) -> Response:
        summaries = svc.theme_summaries(request.user)
        return Response(LearningThemeSerializer(summaries, many=True).data)

    @extend_schema(responses=LearningThemeSerializer)
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        themes = Theme.objects.filter(pk=int(pk or 0))
        summaries = svc.theme_summaries(request.user, themes)
        if not summaries:
            from django.http import Http404

            raise Http404
        return Response(LearningThemeSerializer(summaries[0]).data)
