"""The assurance audits API, under /api/v1/audits/.

- frameworks/: the frameworks you may see, each version with its standards, sub-standards
  and questions (read only).
- cycles/: the cycles you may see, with return rates overall and by setting type or kind of
  organisation (for the business unit, executive and scrutineer); cycles/<id>/analysis: the
  grade distribution overall, by standard and sub-standard.
- returns/: the returns you may see. POST {"invitation": id} starts your organisation's
  return (answers carried forward); PATCH {"answers": [...], "overall_grade": ...} saves a
  draft; POST returns/<id>/submit/ submits with the same checks as the page.
- peer-challenges/: the peer challenges you may see (the business unit, executive and
  scrutineer all; an organisation those of its own return and those it made), with their
  follow-up actions. POST and PATCH (the business unit) go through the page's services.

Scoped like the pages; writes go through the same services, so they are audited.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from masa.audits import challenges, selectors, services
from masa.audits.models import (
    Answer,
    AuditReturn,
    Cycle,
    Framework,
    FrameworkVersion,
    PeerChallenge,
    PeerChallengeAction,
    PeerChallengeWorkshop,
    Question,
    Standard,
    SubStandard,
)
from masa.core.access import Access
from masa.core.api_records import RecordViewSet, _refusals_as_bad_requests, field_refusal
from masa.core.permissions import Permission, reach


class AuditQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "key", "order", "text", "kind", "guidance"]


class AuditSubStandardSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    questions = AuditQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = SubStandard
        fields = ["id", "code", "statement", "guidance", "evidence_expected", "questions"]


class AuditStandardSerializer(serializers.ModelSerializer):
    substandards = AuditSubStandardSerializer(many=True, read_only=True)

    class Meta:
        model = Standard
        fields = ["id", "number", "title", "guidance", "substandards"]


class AuditVersionSerializer(serializers.ModelSerializer):
    standards = AuditStandardSerializer(many=True, read_only=True)

    class Meta:
        model = FrameworkVersion
        fields = ["id", "number", "status", "published_on", "standards"]


class AuditFrameworkSerializer(serializers.ModelSerializer):
    versions = AuditVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Framework
        fields = [
            "id",
            "partnership",
            "title",
            "lineage",
            "scale",
            "organisation_kinds",
            "setting_types",
            "versions",
        ]


class FrameworkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Frameworks with every version's standards, sub-standards and questions."""

    masa_access = Access.PERMISSION
    masa_permission = Permission.VIEW_AUDITS
    serializer_class = AuditFrameworkSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Framework]:
        return Framework.objects.visible_to(self.request.user).prefetch_related(
            "versions__standards__substandards__questions",
            "versions__standards__substandards__standard",
        )


class AuditRateSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    invited = serializers.IntegerField()
    returned = serializers.IntegerField()
    rate = serializers.IntegerField(allow_null=True)


class AuditCycleSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="version.framework.title", read_only=True)
    lineage = serializers.CharField(source="version.framework.lineage", read_only=True)
    return_rates = serializers.SerializerMethodField()

    class Meta:
        model = Cycle
        fields = [
            "id",
            "partnership",
            "title",
            "framework",
            "lineage",
            "version",
            "opens_on",
            "deadline",
            "return_rates",
        ]

    @extend_schema(responses={200: dict})
    def get_return_rates(self, cycle: Cycle) -> dict[str, Any] | None:
        across = self.context.get("across", frozenset())
        if cycle.partnership_id not in across:
            return None
        overall, by_group = selectors.return_rates(cycle)
        return {
            "overall": AuditRateSerializer(overall).data,
            "by_group": AuditRateSerializer(by_group, many=True).data,
        }


class CycleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cycles with their return rates (for those who read across the partnership)."""

    masa_access = Access.PERMISSION
    masa_permission = Permission.VIEW_AUDITS
    serializer_class = AuditCycleSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Cycle]:
        return Cycle.objects.visible_to(self.request.user).select_related("version__framework")

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["across"] = reach(self.request.user, Permission.VIEW_AUDITS).partnership_ids
        return context

    @extend_schema(responses={200: dict, 404: dict})
    @action(detail=True, methods=["get"], url_path="analysis")
    def analysis(self, request: Request, pk: str | None = None) -> Response:
        """Grade distribution overall, by standard and sub-standard; yes/no questions."""
        cycle = self.get_object()
        if cycle.partnership_id not in reach(request.user, Permission.VIEW_AUDITS).partnership_ids:
            raise Http404
        result = selectors.analysis(cycle)
        grades = lambda counts: {c.grade: c.count for c in counts}  # noqa: E731
        return Response(
            {
                "cycle": cycle.pk,
                "scale": result.scale,
                "returns": result.returns,
                "overall": grades(result.overall),
                "nil_returns": result.nil_returns,
                "national_returns": result.national_returns,
                "organisations_with_worst_grade": result.with_worst,
                "standards": [
                    {
                        "number": s.number,
                        "title": s.title,
                        "grades": grades(s.counts),
                        "substandards": [
                            {
                                "code": sub.code,
                                "statement": sub.statement,
                                "grades": grades(sub.counts),
                                "answered": sub.answered,
                                "good_or_better": sub.good_or_better,
                                "good_or_better_percent": sub.good_percent,
                            }
                            for sub in s.substandards
                        ],
                    }
                    for s in result.standards
                ],
                "yes_no": [
                    {"key": r.key, "code": r.code, "text": r.text, "yes": r.yes, "no": r.no}
                    for r in result.yes_no
                ],
                "common_themes": [
                    {
                        "standard": s.number,
                        "title": s.title,
                        "returns_commented": s.commented,
                        "themes": [
                            {
                                "wording": t.wording,
                                "returns": t.returns,
                                "return_ids": [pk for pk, _ in t.links],
                            }
                            for t in s.themes
                        ],
                    }
                    for s in selectors.comment_themes(cycle, request.user)
                ],
            }
        )


class AuditAnswerSerializer(serializers.ModelSerializer):
    question = serializers.IntegerField(source="question_id")

    class Meta:
        model = Answer
        fields = [
            "question",
            "grade",
            "yes_no",
            "narrative",
            "carried_forward",
            "moderated_grade",
            "action_what",
            "action_owner",
            "action_due_on",
        ]
        read_only_fields = ["carried_forward", "moderated_grade"]
        extra_kwargs = {
            "grade": {"required": False},
            "narrative": {"required": False},
            "action_what": {"required": False},
            "action_owner": {"required": False},
        }


class AuditReturnSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    answers = AuditAnswerSerializer(many=True, required=False)
    invitation = serializers.IntegerField(write_only=True, required=False)
    cycles = serializers.SerializerMethodField()

    class Meta:
        model = AuditReturn
        fields = [
            "id",
            "invitation",
            "organisation",
            "organisation_name",
            "cycle",
            "cycles",
            "version",
            "kind",
            "nil_reason",
            "national_note",
            "overall_grade",
            "moderated_overall_grade",
            "status",
            "submitted_at",
            "answers",
        ]
        read_only_fields = [
            "organisation",
            "cycle",
            "version",
            "kind",
            "nil_reason",
            "national_note",
            "moderated_overall_grade",
            "status",
            "submitted_at",
        ]
        extra_kwargs = {"overall_grade": {"required": False}}

    def get_cycles(self, audit_return: AuditReturn) -> list[int]:
        """Every cycle the return counts in (its own, and those it is shared with)."""
        return sorted(i.cycle_id for i in audit_return.invitations.all())


class ReturnViewSet(RecordViewSet):
    """Self-assessment returns: start, save answers as a draft, submit."""

    model = AuditReturn
    serializer_class = AuditReturnSerializer
    masa_permission = Permission.VIEW_AUDITS
    masa_change_permission = Permission.COMPLETE_AUDIT_RETURNS

    def get_queryset(self) -> QuerySet[AuditReturn]:
        return (
            AuditReturn.objects.visible_to(self.request.user)
            .select_related("organisation")
            .prefetch_related("answers", "invitations")
        )

    def create_record(self, data: dict[str, Any]) -> AuditReturn:
        invitation_id = data.get("invitation")
        invitation = (
            selectors.invitations_to_complete(self.request.user)
            .filter(pk=invitation_id or 0)
            .select_related("cycle__version", "organisation")
            .first()
        )
        if invitation is None:
            raise field_refusal({"invitation": "Give the id of an invitation to your organisation"})
        audit_return = services.return_start(actor=self.request.user, invitation=invitation)
        if data.get("answers") or data.get("overall_grade"):
            self.update_record(audit_return, data)
        return self.get_queryset().get(pk=audit_return.pk)

    def update_record(self, record: AuditReturn, data: dict[str, Any]) -> AuditReturn:
        answers = {
            item["question_id"]: {k: v for k, v in item.items() if k != "question_id"}
            for item in data.get("answers", [])
        }
        if answers:
            # Answers not mentioned keep what they had: fill each from the saved answer.
            saved = {a.question_id: a for a in record.answers.all()}
            for question_id, values in answers.items():
                before = saved.get(question_id)
                for name in (
                    "grade",
                    "yes_no",
                    "narrative",
                    "action_what",
                    "action_owner",
                    "action_due_on",
                ):
                    if name not in values and before is not None:
                        values[name] = getattr(before, name)
            services.answers_save(actor=self.request.user, audit_return=record, answers=answers)
        if "overall_grade" in data:
            services.return_set_overall(
                actor=self.request.user, audit_return=record, grade=data["overall_grade"]
            )
        return self.get_queryset().get(pk=record.pk)

    @extend_schema(
        request=None, responses={200: AuditReturnSerializer, 400: dict, 403: dict, 404: dict}
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit the return, with the same checks as the page."""
        record = self.get_object()
        with _refusals_as_bad_requests():
            services.return_submit(actor=request.user, audit_return=record)
        return Response(AuditReturnSerializer(self.get_queryset().get(pk=record.pk)).data)


class PeerChallengeActionSerializer(serializers.ModelSerializer):
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PeerChallengeAction
        fields = [
            "id",
            "what",
            "organisation",
            "organisation_name",
            "owner",
            "due_on",
            "status",
            "closing_evidence",
            "closed_on",
            "overdue",
        ]
        read_only_fields = fields

    def get_overdue(self, action: PeerChallengeAction) -> bool:
        return action.is_overdue(timezone.localdate())


class PeerChallengeSerializer(serializers.ModelSerializer):
    workshop = serializers.IntegerField(source="workshop_id")
    held_on = serializers.DateField(source="workshop.held_on", read_only=True)
    cycle = serializers.IntegerField(source="workshop.cycle_id", read_only=True)
    audit_return = serializers.IntegerField(source="audit_return_id")
    organisation = serializers.IntegerField(source="audit_return.organisation_id", read_only=True)
    organisation_name = serializers.CharField(
        source="audit_return.organisation.name", read_only=True
    )
    challenger_organisation = serializers.IntegerField(
        source="challenger_organisation_id", required=False, allow_null=True
    )
    challenger_name = serializers.CharField(read_only=True)
    actions = PeerChallengeActionSerializer(many=True, read_only=True)

    class Meta:
        model = PeerChallenge
        fields = [
            "id",
            "workshop",
            "held_on",
            "cycle",
            "audit_return",
            "organisation",
            "organisation_name",
            "challenger_kind",
            "challenger_organisation",
            "challenger_name",
            "evidence_seen",
            "outcome",
            "moderated_grade",
            "actions",
        ]
        extra_kwargs = {
            "evidence_seen": {"required": False},
            "moderated_grade": {"required": False},
        }


class PeerChallengeViewSet(RecordViewSet):
    """Peer challenges: who challenged which return at a workshop, the evidence seen, the
    outcome and the follow-up actions. The business unit records them; an organisation sees
    the challenges of its own return and those it made."""

    model = PeerChallenge
    serializer_class = PeerChallengeSerializer
    masa_permission = Permission.VIEW_AUDITS
    masa_change_permission = Permission.MANAGE_AUDITS

    def get_queryset(self) -> QuerySet[PeerChallenge]:
        return (
            PeerChallenge.objects.visible_to(self.request.user)
            .select_related("workshop", "audit_return__organisation", "challenger_organisation")
            .prefetch_related(challenges.actions_prefetch())
            .order_by("workshop__held_on", "audit_return__organisation__name", "pk")
        )

    def _save(self, data: dict[str, Any], challenge: PeerChallenge | None) -> PeerChallenge:
        user = self.request.user
        workshop_id = data.get("workshop_id", getattr(challenge, "workshop_id", None))
        workshop = (
            PeerChallengeWorkshop.objects.changeable_by(user)
            .select_related("cycle__version__framework")
            .filter(pk=workshop_id or 0)
            .first()
        )
        if workshop is None:
            raise field_refusal({"workshop": "Give the id of a workshop you record challenges for"})
        cycle = workshop.cycle
        return_id = data.get("audit_return_id", getattr(challenge, "audit_return_id", None))
        organisation_id = data.get(
            "challenger_organisation_id", getattr(challenge, "challenger_organisation_id", None)
        )

        def current(name: str, default: str = "") -> Any:
            return data.get(name, getattr(challenge, name, default) if challenge else default)

        saved = challenges.challenge_save(
            actor=user,
            workshop=workshop,
            audit_return=challenges.challengeable_returns(cycle).filter(pk=return_id or 0).first(),
            challenger_kind=current("challenger_kind"),
            challenger_organisation=challenges.challenger_organisations(cycle)
            .filter(pk=organisation_id or 0)
            .first(),
            evidence_seen=current("evidence_seen"),
            outcome=current("outcome"),
            moderated_grade=current("moderated_grade"),
            challenge=challenge,
        )
        return self.get_queryset().get(pk=saved.pk)

    def create_record(self, data: dict[str, Any]) -> PeerChallenge:
        return self._save(data, None)

    def update_record(self, record: PeerChallenge, data: dict[str, Any]) -> PeerChallenge:
        return self._save(data, record)
