"""/api/v1/risks/, /api/v1/challenges/ and /api/v1/challenge-responses/.

Scoped exactly like the pages, and every write goes through the same service as the page,
so it is checked and audited the same way.

- risks: GET the register (with each risk's assessments, oldest first); POST adds a risk with
  its first assessment; PATCH changes what the register says and, when `likelihood` or
  `impact` is given, appends a new assessment (earlier ones are never changed).
- challenges: GET the log (with every step); POST raises one; PATCH records assurance
  (`assurance_received` with `assurance`) or closes and reopens (`status`).
- challenge-responses: GET the responses recorded; POST records one for a challenge you may
  answer for (your organisation's, as its agency lead; any, as the business manager).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from masa.accounts.models import Organisation, Person
from masa.core.api_records import RecordViewSet
from masa.core.permissions import Permission
from masa.risks import selectors, services
from masa.risks.models import (
    Challenge,
    ChallengeEvent,
    ChallengeEventKind,
    ChallengeStatus,
    Impact,
    Likelihood,
    Risk,
    RiskAssessment,
    RiskStatus,
)


class _InPartnershipsField(serializers.PrimaryKeyRelatedField):
    """An id chosen among the records of the partnerships where the person may write."""

    permission: ClassVar[Permission]

    def _partnerships(self) -> list[Any]:
        return selectors.partnerships_for(self.context["request"].user, self.permission)


class RiskOrganisationField(_InPartnershipsField):
    permission = Permission.MANAGE_RISKS

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.organisations_in(self._partnerships())


class RiskOwnerField(_InPartnershipsField):
    permission = Permission.MANAGE_RISKS

    def get_queryset(self) -> QuerySet[Person]:
        return selectors.people_in(self._partnerships())


class ChallengeOrganisationField(_InPartnershipsField):
    permission = Permission.RAISE_CHALLENGES

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.organisations_in(self._partnerships())


class RespondableChallengeField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> QuerySet[Challenge]:
        user = self.context["request"].user
        return Challenge.objects.visible_to(user).respondable_by(user)


# Described in words, not as an enum component: other areas' "status" fields have other
# choices, and two enums of one name make drf-spectacular warn.
@extend_schema_field({"type": "string", "description": "One of: open, closed."})
class OpenOrClosedField(serializers.ChoiceField):
    """A risk's or a challenge's status."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=RiskStatus.choices, **kwargs)


class RiskAssessmentSerializer(serializers.ModelSerializer):
    score = serializers.IntegerField(read_only=True)
    rating = serializers.CharField(read_only=True)
    band = serializers.CharField(read_only=True)

    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "assessed_on",
            "likelihood",
            "impact",
            "rating",
            "score",
            "band",
            "note",
            "assessed_by",
        ]
        read_only_fields = fields


class RiskSerializer(serializers.ModelSerializer):
    owning_organisation = RiskOrganisationField()
    owner = RiskOwnerField(required=False, allow_null=True)
    likelihood = serializers.ChoiceField(choices=Likelihood.choices, required=False)
    impact = serializers.ChoiceField(choices=Impact.choices, required=False)
    assessed_on = serializers.DateField(required=False)
    assessment_note = serializers.CharField(
        write_only=True, required=False, allow_blank=True, default=""
    )
    status = OpenOrClosedField(required=False)
    score = serializers.IntegerField(read_only=True)
    rating = serializers.CharField(read_only=True)
    band = serializers.CharField(read_only=True)
    trend = serializers.CharField(read_only=True)
    assessments = RiskAssessmentSerializer(many=True, read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "partnership",
            "title",
            "description",
            "cause",
            "consequence",
            "mitigation",
            "owner",
            "owning_organisation",
            "review_on",
            "status",
            "closed_on",
            "likelihood",
            "impact",
            "assessed_on",
            "assessment_note",
            "rating",
            "score",
            "band",
            "previous_score",
            "trend",
            "assessments",
        ]
        read_only_fields = ["id", "partnership", "closed_on", "previous_score"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            missing = {
                name: "This field is required."
                for name in ("likelihood", "impact")
                if name not in attrs
            }
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class RiskViewSet(RecordViewSet):
    """The risk register: risks and their assessments."""

    model = Risk
    serializer_class = RiskSerializer
    masa_permission = Permission.VIEW_RISKS
    masa_change_permission = Permission.MANAGE_RISKS

    def get_queryset(self) -> QuerySet[Any]:
        return (
            Risk.objects.visible_to(self.request.user)
            .select_related("owner", "owning_organisation")
            .prefetch_related("assessments")
            .order_by("pk")
        )

    def create_record(self, data: dict[str, Any]) -> Model:
        partnerships = selectors.partnerships_for(self.request.user, Permission.MANAGE_RISKS)
        organisation = data["owning_organisation"]
        if data.get("status", RiskStatus.OPEN) != RiskStatus.OPEN:
            raise ValidationError({"status": "A new risk is open; close it afterwards"})
        return services.risk_create(
            actor=self.request.user,
            partnership=selectors.partnership_of(organisation, partnerships),
            title=data["title"],
            description=data.get("description", ""),
            cause=data.get("cause", ""),
            consequence=data.get("consequence", ""),
            mitigation=data.get("mitigation", ""),
            owner=data.get("owner"),
            owning_organisation=organisation,
            review_on=data["review_on"],
            likelihood=int(data["likelihood"]),
            impact=int(data["impact"]),
            assessed_on=data.get("assessed_on"),
            note=data.get("assessment_note", ""),
        )

    def update_record(self, record: Any, data: dict[str, Any]) -> Model:
        scoring = {name: data.pop(name) for name in ("likelihood", "impact") if name in data}
        assessed_on = data.pop("assessed_on", None)
        note = data.pop("assessment_note", "")
        with transaction.atomic():
            if data:
                record = services.risk_change(actor=self.request.user, risk=record, changes=data)
            if scoring:
                services.risk_assess(
                    actor=self.request.user,
                    risk=record,
                    likelihood=int(scoring.get("likelihood", record.likelihood)),
                    impact=int(scoring.get("impact", record.impact)),
                    assessed_on=assessed_on,
                    note=note,
                )
            elif assessed_on is not None or note:
                raise ValidationError(
                    {"likelihood": "Give the likelihood or the impact to re-assess the risk"}
                )
        return self.get_queryset().get(pk=record.pk)


class ChallengeEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChallengeEvent
        fields = ["id", "kind", "occurred_on", "text", "assurance_received", "by"]
        read_only_fields = fields


class ChallengeSerializer(serializers.ModelSerializer):
    organisation = ChallengeOrganisationField()
    raised_on = serializers.DateField(required=False)
    status = OpenOrClosedField(required=False)
    assurance_received = serializers.BooleanField(required=False, allow_null=True)
    assured_on = serializers.DateField(required=False, write_only=True)
    late = serializers.SerializerMethodField()
    events = ChallengeEventSerializer(many=True, read_only=True)

    class Meta:
        model = Challenge
        fields = [
            "id",
            "partnership",
            "organisation",
            "subject",
            "detail",
            "raised_by",
            "raised_on",
            "response_due_on",
            "response",
            "responded_on",
            "late",
            "assurance_received",
            "assurance",
            "assurance_on",
            "assured_on",
            "status",
            "closed_on",
            "events",
        ]
        read_only_fields = [
            "id",
            "partnership",
            "raised_by",
            "response_due_on",
            "response",
            "responded_on",
            "assurance_on",
            "closed_on",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_late(self, challenge: Challenge) -> bool:
        return challenge.is_late(timezone.localdate())


class ChallengeViewSet(RecordViewSet):
    """The challenge log: challenges raised with agencies, and every step of each."""

    model = Challenge
    serializer_class = ChallengeSerializer
    masa_permission = Permission.VIEW_CHALLENGES
    masa_change_permission = Permission.RAISE_CHALLENGES

    def get_queryset(self) -> QuerySet[Any]:
        return (
            Challenge.objects.visible_to(self.request.user)
            .select_related("organisation")
            .prefetch_related("events")
            .order_by("-raised_on", "-pk")
        )

    def create_record(self, data: dict[str, Any]) -> Model:
        partnerships = selectors.partnerships_for(self.request.user, Permission.RAISE_CHALLENGES)
        unexpected = {"status", "assurance_received", "assurance", "assured_on"} & set(data)
        if unexpected:
            raise ValidationError(
                {name: "Raise the challenge first, then change this" for name in unexpected}
            )
        challenge = services.challenge_raise(
            actor=self.request.user,
            partnership=selectors.partnership_of(data["organisation"], partnerships),
            organisation=data["organisation"],
            subject=data["subject"],
            detail=data.get("detail", ""),
            raised_on=data.get("raised_on"),
        )
        return self.get_queryset().get(pk=challenge.pk)

    def update_record(self, record: Any, data: dict[str, Any]) -> Model:
        fixed = {"organisation", "subject", "detail", "raised_on"} & set(data)
        if fixed:
            raise ValidationError(
                {name: "This cannot be changed once the challenge is raised" for name in fixed}
            )
        with transaction.atomic():
            if "assurance_received" in data or "assurance" in data:
                if data.get("assurance_received") is None:
                    raise ValidationError(
                        {
                            "assurance_received": "Say whether the assurance was received: true or false"
                        }
                    )
                services.challenge_record_assurance(
                    actor=self.request.user,
                    challenge=record,
                    assurance_received=data["assurance_received"],
                    assurance=data.get("assurance", ""),
                    assured_on=data.get("assured_on"),
                )
            status = data.get("status")
            if status == ChallengeStatus.CLOSED and record.status != ChallengeStatus.CLOSED:
                services.challenge_close(actor=self.request.user, challenge=record)
            elif status == ChallengeStatus.OPEN and record.status != ChallengeStatus.OPEN:
                services.challenge_reopen(actor=self.request.user, challenge=record)
        return self.get_queryset().get(pk=record.pk)


class ChallengeResponseSerializer(serializers.ModelSerializer):
    challenge = RespondableChallengeField()
    response = serializers.CharField(source="text")
    responded_on = serializers.DateField(source="occurred_on", required=False)

    class Meta:
        model = ChallengeEvent
        fields = ["id", "challenge", "response", "responded_on", "by"]
        read_only_fields = ["id", "by"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.context.get("request") is not None and self.context["request"].method == "GET":
            # Reading: any challenge you may see, not only those you may answer for.
            fields["challenge"] = serializers.PrimaryKeyRelatedField(read_only=True)
        return fields


class ChallengeResponseViewSet(RecordViewSet):
    """Responses recorded to challenges (POST records one)."""

    model = ChallengeEvent
    serializer_class = ChallengeResponseSerializer
    masa_permission = Permission.VIEW_CHALLENGES
    masa_change_permission = Permission.RESPOND_TO_CHALLENGES
    http_method_names: ClassVar[list[str]] = ["get", "post", "head", "options"]  # type: ignore[misc]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            ChallengeEvent.objects.visible_to(self.request.user)
            .filter(kind=ChallengeEventKind.RESPONDED)
            .order_by("-occurred_on", "-pk")
        )

    def create_record(self, data: dict[str, Any]) -> Model:
        return services.challenge_respond(
            actor=self.request.user,
            challenge=data["challenge"],
            response=data["text"],
            responded_on=data.get("occurred_on"),
        )
