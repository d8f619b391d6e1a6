"""/api/v1/audits/case-audits/, /api/v1/audits/case-audit-actions/, /api/v1/assurance-reports/
and /api/v1/inspections/.

Scoped exactly like the pages (an agency lead reads the audits their organisation took part
in, the actions it owns, and its own reports and inspections); POST and PATCH go through the
same services as the pages, so they are checked and audited the same way.

- case-audits: theme, date, number of cases (a count only), participating organisations,
  strengths, key lessons and impact as lists of points.
- case-audit-actions: PATCH `status` to "done" with `completed_on` and `evidence` to close
  one (evidence is required), or to "open" to reopen it; `overdue` says whether it is late.
- inspections: `areas` is a list of {"area", "judgement"}; imported Ofsted rows carry
  `source_file` and `source_row`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from masa.accounts.models import Organisation, Person
from masa.assurance import selectors, services
from masa.assurance.models import (
    ActionStatus,
    AssuranceReport,
    CaseAudit,
    CaseAuditAction,
    FollowUpStatus,
    Inspection,
    InspectionBody,
    Judgement,
)
from masa.core.api_records import RecordViewSet, field_refusal
from masa.core.permissions import Permission
from masa.partnership.models import Group, LocalAuthority, Meeting, Partnership


class _ManagedField(serializers.PrimaryKeyRelatedField):
    """An id chosen among the records of the partnerships where the person manages
    assurance."""

    def _partnerships(self) -> list[Partnership]:
        return selectors.partnerships_for(self.context["request"].user)


class OrganisationField(_ManagedField):
    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.organisations_in(self._partnerships())


class PersonField(_ManagedField):
    def get_queryset(self) -> QuerySet[Person]:
        return selectors.people_in(self._partnerships())


class GroupField(_ManagedField):
    def get_queryset(self) -> QuerySet[Group]:
        return selectors.groups_in(self._partnerships())


class MeetingField(_ManagedField):
    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meetings_in(self._partnerships())


class LocalAuthorityField(_ManagedField):
    def get_queryset(self) -> QuerySet[LocalAuthority]:
        return selectors.local_authorities_in(self._partnerships())


class ChangeableCaseAuditField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> QuerySet[CaseAudit]:
        return CaseAudit.objects.changeable_by(self.context["request"].user)


class _DescribedChoice(serializers.ChoiceField):
    """A choice field described in words, not as a named enum component: other areas' fields
    of the same name have other choices, and two enums of one name make drf-spectacular
    warn."""

    options: Any = ()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(self.options, **kwargs)


def _words(choices: Any, what: str) -> dict[str, str]:
    values = ", ".join(str(value) or '""' for value, _ in choices)
    return {"type": "string", "description": f"{what}. One of: {values}."}


_JUDGEMENT_OR_NONE = [("", "Not judged"), *Judgement.choices]


@extend_schema_field(_words(ActionStatus.choices, "Open or done"))
class ActionStatusField(_DescribedChoice):
    options = ActionStatus.choices


@extend_schema_field(_words(FollowUpStatus.choices, "How the follow-up stands"))
class FollowUpStatusField(_DescribedChoice):
    options = FollowUpStatus.choices


@extend_schema_field(_words(InspectionBody.choices, "The inspectorate"))
class BodyField(_DescribedChoice):
    options = InspectionBody.choices


@extend_schema_field(_words(_JUDGEMENT_OR_NONE, "The judgement (empty: not judged)"))
class JudgementField(_DescribedChoice):
    options = _JUDGEMENT_OR_NONE


@extend_schema_field(_words(Judgement.choices, "The area's judgement"))
class AreaJudgementChoice(_DescribedChoice):
    options = Judgement.choices


def _points(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=2000),
        required=False,
        help_text=help_text,
    )


def _only_partnership(user: Any, given: int | None) -> Partnership:
    partnerships = selectors.partnerships_for(user)
    if given is not None:
        for partnership in partnerships:
            if partnership.pk == given:
                return partnership
        raise field_refusal({"partnership": "Give a partnership whose assurance you manage"})
    if len(partnerships) != 1:
        raise field_refusal(
            {"partnership": "You manage assurance for several partnerships: give its id"}
        )
    return partnerships[0]


# -- Case audits -----------------------------------------------------------------------------


class CaseAuditSerializer(serializers.ModelSerializer):
    partnership = serializers.IntegerField(
        source="partnership_id",
        required=False,
        help_text="Set when the audit is added (needed only if you manage several "
        "partnerships); fixed after.",
    )
    participating_organisations = serializers.SerializerMethodField()
    participants = OrganisationField(
        many=True,
        write_only=True,
        required=False,
        help_text="The ids of the participating organisations (replaces the list).",
    )
    monitored_by = GroupField(required=False, allow_null=True)
    strengths = _points("One point a string.")
    key_lessons = _points("One point a string.")
    impact = _points("One point a string.")

    class Meta:
        model = CaseAudit
        fields = [
            "id",
            "partnership",
            "theme",
            "scope",
            "audited_on",
            "cases_audited",
            "participating_organisations",
            "participants",
            "strengths",
            "key_lessons",
            "impact",
            "monitored_by",
        ]

    def get_participating_organisations(self, audit: CaseAudit) -> list[int]:
        return [p.organisation_id for p in audit.participants.all()]


class CaseAuditViewSet(RecordViewSet):
    """Multi-agency case audits (counts of cases only; never a child's details)."""

    model = CaseAudit
    serializer_class = CaseAuditSerializer
    masa_permission = Permission.VIEW_ASSURANCE
    masa_change_permission = Permission.MANAGE_ASSURANCE

    def get_queryset(self) -> QuerySet[Any]:
        return (
            CaseAudit.objects.visible_to(self.request.user)
            .prefetch_related(selectors.participants_in_order())
            .order_by("pk")
        )

    def create_record(self, data: dict[str, Any]) -> Model:
        partnership = _only_partnership(self.request.user, data.pop("partnership_id", None))
        return services.case_audit_create(
            actor=self.request.user,
            partnership=partnership,
            theme=data.get("theme", ""),
            audited_on=data.get("audited_on"),
            cases_audited=data.get("cases_audited"),
            participants=data.get("participants", []),
            scope=data.get("scope", ""),
            strengths=data.get("strengths", []),
            key_lessons=data.get("key_lessons", []),
            impact=data.get("impact", []),
            monitored_by=data.get("monitored_by"),
        )

    def update_record(self, record: Any, data: dict[str, Any]) -> Model:
        if "partnership_id" in data:
            raise field_refusal({"partnership": "The partnership is fixed once the audit is added"})
        participants = data.pop("participants", None)
        services.case_audit_change(
            actor=self.request.user, case_audit=record, participants=participants, **data
        )
        return self.get_queryset().get(pk=record.pk)


class CaseAuditActionSerializer(serializers.ModelSerializer):
    case_audit = ChangeableCaseAuditField(help_text="Set when the action is added; fixed after.")
    owning_organisation = OrganisationField()
    owner = PersonField(required=False, allow_null=True)
    status = ActionStatusField(required=False)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = CaseAuditAction
        fields = [
            "id",
            "case_audit",
            "description",
            "owning_organisation",
            "owner",
            "due_on",
            "status",
            "completed_on",
            "evidence",
            "overdue",
        ]

    def get_overdue(self, action: CaseAuditAction) -> bool:
        return action.is_overdue(timezone.localdate())


class CaseAuditActionViewSet(RecordViewSet):
    """The actions of the case audits' plans: open, overdue and done."""

    model = CaseAuditAction
    serializer_class = CaseAuditActionSerializer
    masa_permission = Permission.VIEW_ASSURANCE
    masa_change_permission = Permission.MANAGE_ASSURANCE

    def get_queryset(self) -> QuerySet[Any]:
        return CaseAuditAction.objects.visible_to(self.request.user).order_by("due_on", "pk")

    def create_record(self, data: dict[str, Any]) -> Model:
        if data.get("status", ActionStatus.OPEN) != ActionStatus.OPEN:
            raise ValidationError({"status": "A new action is open; close it afterwards"})
        return services.case_audit_action_add(
            actor=self.request.user,
            case_audit=data["case_audit"],
            description=data.get("description", ""),
            owning_organisation=data.get("owning_organisation"),
            owner=data.get("owner"),
            due_on=data.get("due_on"),
        )

    def update_record(self, record: Any, data: dict[str, Any]) -> Model:
        if "case_audit" in data and data["case_audit"].pk != record.case_audit_id:
            raise field_refusal({"case_audit": "An action stays with its audit"})
        status = data.pop("status", None)
        completed_on = data.pop("completed_on", None)
        evidence = data.pop("evidence", None)
        changes = {
            name: data[name]
            for name in ("description", "owning_organisation", "due_on")
            if name in data
        }
        with transaction.atomic():
            if changes or "owner" in data:
                services.case_audit_action_change(
                    actor=self.request.user,
                    action=record,
                    owner=data.get("owner", services.KEEP),
                    **changes,
                )
            if status == ActionStatus.DONE and record.status != ActionStatus.DONE:
                services.case_audit_action_close(
                    actor=self.request.user,
                    action=record,
                    completed_on=completed_on,
                    evidence=evidence or "",
                )
            elif status == ActionStatus.OPEN and record.status == ActionStatus.DONE:
                services.case_audit_action_reopen(actor=self.request.user, action=record)
            elif completed_on is not None or evidence is not None:
                raise ValidationError(
                    {"status": "Set the status to done to close the action with its evidence"}
                )
        return self.get_queryset().get(pk=record.pk)


# -- Assurance reports -----------------------------------------------------------------------


class AssuranceReportSerializer(serializers.ModelSerializer):
    organisation = OrganisationField()
    follow_up_status = FollowUpStatusField(required=False)
    group = GroupField(required=False, allow_null=True)
    meeting = MeetingField(required=False, allow_null=True)

    class Meta:
        model = AssuranceReport
        fields = [
            "id",
            "partnership",
            "organisation",
            "received_on",
            "subject",
            "summary",
            "follow_up",
            "follow_up_status",
            "presented_to",
            "group",
            "meeting",
        ]
        read_only_fields = ["id", "partnership"]


class AssuranceReportViewSet(RecordViewSet):
    """Single-agency assurance reports and the follow-up each needs."""

    model = AssuranceReport
    serializer_class = AssuranceReportSerializer
    masa_permission = Permission.VIEW_ASSURANCE
    masa_change_permission = Permission.MANAGE_ASSURANCE

    def get_queryset(self) -> QuerySet[Any]:
        return AssuranceReport.objects.visible_to(self.request.user).order_by("pk")

    def create_record(self, data: dict[str, Any]) -> Model:
        partnerships = selectors.partnerships_for(self.request.user)
        return services.assurance_report_create(
            actor=self.request.user,
            partnership=selectors.partnership_of(data["organisation"], partnerships),
            organisation=data["organisation"],
            received_on=data.get("received_on"),
            subject=data.get("subject", ""),
            summary=data.get("summary", ""),
            follow_up=data.get("follow_up", ""),
            follow_up_status=data.get("follow_up_status", FollowUpStatus.NONE),
            presented_to=data.get("presented_to", ""),
            group=data.get("group"),
            meeting=data.get("meeting"),
        )

    def update_record(self, record: Any, data: dict[str, Any]) -> Model:
        return services.assurance_report_change(actor=self.request.user, report=record, **data)


# -- Inspections -----------------------------------------------------------------------------


class AreaJudgementSerializer(serializers.Serializer):
    area = serializers.CharField(max_length=200)
    judgement = AreaJudgementChoice()


class InspectionSerializer(serializers.ModelSerializer):
    body = BodyField()
    organisation = OrganisationField(required=False, allow_null=True)
    local_authority = LocalAuthorityField(required=False, allow_null=True)
    overall = JudgementField(required=False, allow_blank=True)
    areas = AreaJudgementSerializer(many=True, required=False)
    areas_for_improvement = _points("One area for improvement a string.")

    class Meta:
        model = Inspection
        fields = [
            "id",
            "partnership",
            "body",
            "inspection_type",
            "organisation",
            "local_authority",
            "inspected_on",
            "published_on",
            "overall",
            "areas",
            "areas_for_improvement",
            "summary",
            "source_file",
            "source_row",
        ]
        read_only_fields = ["id", "partnership", "source_file", "source_row"]


class InspectionViewSet(RecordViewSet):
    """Inspection judgements: overall and by area, with the areas for improvement."""

    model = Inspection
    serializer_class = InspectionSerializer
    masa_permission = Permission.VIEW_ASSURANCE
    masa_change_permission = Permission.MANAGE_ASSURANCE

    def get_queryset(self) -> QuerySet[Any]:
        return (
            Inspection.objects.visible_to(self.request.user)
            .prefetch_related(selectors.areas_in_order())
            .order_by("pk")
        )

    @staticmethod
    def _areas(data: dict[str, Any]) -> list[tuple[str, str]] | None:
        if "areas" not in data:
            return None
        return [(row["area"], row["judgement"]) for row in data.pop("areas")]

    def create_record(self, data: dict[str, Any]) -> Model:
        organisation = data.get("organisation")
        partnerships = selectors.partnerships_for(self.request.user)
        partnership = (
            selectors.partnership_of(organisation, partnerships)
            if organisation is not None
            else _only_partnership(self.request.user, None)
        )
        areas = self._areas(data) or []
        return services.inspection_create(
            actor=self.request.user, partnership=partnership, areas=areas, **data
        )

    def update_record(self, record: Any, data: dict[str, Any]) -> Model:
        areas = self._areas(data)
        services.inspection_change(actor=self.request.user, inspection=record, areas=areas, **data)
        return self.get_queryset().get(pk=record.pk)
