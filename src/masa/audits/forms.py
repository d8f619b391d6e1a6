"""Forms for frameworks, cycles, return answers and validation."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.accounts.models import OrganisationKind, SettingType
from masa.audits.models import (
    GRADES,
    ChallengeActionStatus,
    ChallengeOutcome,
    ChallengerKind,
    FollowUpStatus,
    Lineage,
    Question,
    QuestionKind,
    Scale,
    grade_label,
)
from masa.core.forms import GovukDateField, GovukForm

SHIPPED = [
    ("", "Start from nothing"),
    (Lineage.SECTION_11, "Copy MASA's Section 11 framework (eleven standards)"),
    (Lineage.SECTION_175_157, "Copy MASA's Section 175/157 framework (education settings)"),
]


class FrameworkForm(GovukForm):
    start_from = forms.ChoiceField(
        label="Start from", choices=SHIPPED, required=False, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label="Title (when starting from nothing)", required=False, max_length=200
    )
    lineage = forms.ChoiceField(label="Kind of audit", choices=Lineage.choices, required=False)
    scale = forms.ChoiceField(label="Grading scale", choices=Scale.choices, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("start_from"):
            if not (data.get("title") or "").strip():
                self.add_error("title", "Enter the title of the framework")
            if not data.get("scale"):
                self.add_error("scale", "Select a grading scale")
        return data


class StandardForm(GovukForm):
    title = forms.CharField(
        label="Standard", max_length=300, error_messages={"required": "Enter the standard"}
    )
    guidance = forms.CharField(label="Guidance", required=False, widget=forms.Textarea)


class SubStandardForm(GovukForm):
    statement = forms.CharField(
        label="Sub-standard", max_length=400, error_messages={"required": "Enter the sub-standard"}
    )
    guidance = forms.CharField(label="Guidance", required=False, widget=forms.Textarea)
    evidence_expected = forms.CharField(
        label="Evidence expected", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class QuestionForm(GovukForm):
    text = forms.CharField(
        label="Question", max_length=400, error_messages={"required": "Enter the question"}
    )
    kind = forms.ChoiceField(
        label="How it is answered",
        choices=QuestionKind.choices,
        error_messages={"required": "Select how the question is answered"},
    )
    guidance = forms.CharField(label="Guidance", required=False, widget=forms.Textarea)


class CycleForm(GovukForm):
    version = forms.ChoiceField(
        label="Framework version", error_messages={"required": "Select the framework version"}
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Section 11 2016/17",
        error_messages={"required": "Enter the title of the cycle"},
    )
    opens_on = GovukDateField(what="the day it opens")
    deadline = GovukDateField(what="the deadline")
    kinds = forms.MultipleChoiceField(
        label="Kinds of organisation to invite",
        choices=[c for c in OrganisationKind.choices if c[0] != OrganisationKind.EDUCATION],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    setting_types = forms.MultipleChoiceField(
        label="Education settings to invite",
        choices=SettingType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, versions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versions = {str(v.pk): v for v in versions}
        self.fields["version"].choices = [("", "Choose a version")] + [  # type: ignore[attr-defined]
            (str(v.pk), f"{v.framework.title}, version {v.number}") for v in versions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("kinds") and not data.get("setting_types"):
            self.add_error("kinds", "Choose the organisations or settings to invite")
        opens, deadline = data.get("opens_on"), data.get("deadline")
        if opens and deadline and deadline < opens:
            self.add_error("deadline", "The deadline must be on or after the day it opens")
        return data


def _grade_choices(scale: str) -> list[tuple[str, str]]:
    return [("", "Not graded yet"), *GRADES[scale]]


class StandardAnswersForm(GovukForm):
    """One page per standard: each question's grade (or yes/no), narrative and, below Good,
    the action, its owner and due date."""

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        scale: str,
        answers: dict[int, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            answer = answers.get(q.pk)
            prefix = f"q{q.pk}"
            if q.kind == QuestionKind.YES_NO:
                self.fields[f"{prefix}-yes_no"] = forms.ChoiceField(
                    label=q.text,
                    choices=[("yes", "Yes"), ("no", "No")],
                    required=False,
                    widget=forms.RadioSelect,
                    initial=(
                        None
                        if answer is None or answer.yes_no is None
                        else ("yes" if answer.yes_no else "no")
                    ),
                )
            else:
                self.fields[f"{prefix}-grade"] = forms.ChoiceField(
                    label=q.text,
                    choices=_grade_choices(scale),
                    required=False,
                    initial=answer.grade if answer else "",
                    help_text=q.substandard.guidance,
                )
            self.fields[f"{prefix}-narrative"] = forms.CharField(
                label="What happens in practice, and your evidence",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=answer.narrative if answer else "",
            )
            if q.kind == QuestionKind.GRADED:
                self.fields[f"{prefix}-action_what"] = forms.CharField(
                    label="Action (needed for a grade below Good)",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=answer.action_what if answer else "",
                )
                self.fields[f"{prefix}-action_owner"] = forms.CharField(
                    label="Who owns the action",
                    required=False,
                    max_length=200,
                    initial=answer.action_owner if answer else "",
                )
                self.fields[f"{prefix}-action_due_on"] = GovukDateField(
                    what="the action's due date",
                    required=False,
                    initial=answer.action_due_on if answer else None,
                )

    def answers(self) -> dict[int, dict[str, Any]]:
        data = self.cleaned_data
        result: dict[int, dict[str, Any]] = {}
        for q in self.questions:
            prefix = f"q{q.pk}"
            yes_no = data.get(f"{prefix}-yes_no")
            result[q.pk] = {
                "grade": data.get(f"{prefix}-grade", ""),
                "yes_no": None if not yes_no else yes_no == "yes",
                "narrative": data.get(f"{prefix}-narrative", ""),
                "action_what": data.get(f"{prefix}-action_what", ""),
                "action_owner": data.get(f"{prefix}-action_owner", ""),
                "action_due_on": data.get(f"{prefix}-action_due_on"),
            }
        return result

    def fields_of(self, question: Question) -> list[forms.BoundField]:
        prefix = f"q{question.pk}-"
        return [self[name] for name in self.fields if name.startswith(prefix)]


class SpecialReturnForm(GovukForm):
    kind = forms.ChoiceField(
        label="Instead of a self-assessment",
        choices=[("nil", "A nil return"), ("national", "A national return")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a nil return or a national return"},
    )
    reason = forms.CharField(
        label="Why it is nil, or what the national return covers",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason or what the national return covers"},
    )


class EvidenceForm(GovukForm):
    question = forms.IntegerField(widget=forms.HiddenInput)
    description = forms.CharField(
        label="Describe the evidence",
        max_length=300,
        error_messages={"required": "Describe the evidence"},
    )
    link = forms.URLField(label="Link (optional)", required=False)
    file = forms.FileField(label="Or attach a file (optional)", required=False)


class ValidationForm(GovukForm):
    desk_review = forms.CharField(
        label="Desk-top review",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the desk-top review"},
    )
    moderated_overall_grade = forms.ChoiceField(label="Moderated overall grade", required=False)

    def __init__(self, *args: Any, scale: str, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["moderated_overall_grade"].choices = _grade_choices(scale)  # type: ignore[attr-defined]
        self.questions = [q for q in questions if q.kind == QuestionKind.GRADED]
        for q in self.questions:
            self.fields[f"m{q.pk}"] = forms.ChoiceField(
                label=f"Moderated grade for {q.key}", choices=_grade_choices(scale), required=False
            )


class FollowUpForm(GovukForm):
    status = forms.ChoiceField(label="Follow-up", choices=FollowUpStatus.choices)


# -- Peer challenge workshops ----------------------------------------------------------------


class WorkshopForm(GovukForm):
    held_on = GovukDateField(what="the date of the workshop", label="Date of the workshop")
    facilitator = forms.CharField(
        label="Facilitator",
        max_length=200,
        error_messages={"required": "Enter who facilitated the workshop"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the workshop covered and agreed. Nothing that identifies a child.",
    )


def _choice(value: Any) -> str:
    return "" if value is None else str(value)


class PeerChallengeForm(GovukForm):
    audit_return = forms.ChoiceField(
        label="Return challenged",
        error_messages={"required": "Choose the return that was challenged"},
    )
    challenger_kind = forms.ChoiceField(
        label="Challenged by",
        choices=ChallengerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who challenged the return"},
    )
    challenger_organisation = forms.ChoiceField(
        label="Challenging organisation (when another organisation challenged)", required=False
    )
    evidence_seen = forms.CharField(
        label="Evidence seen", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ChallengeOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the challenge"},
    )
    moderated_grade = forms.ChoiceField(
        label="Grade agreed at the challenge (when the grade changed)", required=False
    )

    def __init__(
        self,
        *args: Any,
        returns: list[Any],
        organisations: list[Any],
        scale: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.returns = {str(r.pk): r for r in returns}
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["audit_return"].choices = [("", "Choose a return")] + [  # type: ignore[attr-defined]
            (str(r.pk), f"{r.organisation.name} (self grade {grade_label(scale, r.overall_grade)})")
            for r in returns
        ]
        self.fields["challenger_organisation"].choices = [("", "Not an organisation")] + [  # type: ignore[attr-defined]
            (str(o.pk), o.name) for o in organisations
        ]
        self.fields["moderated_grade"].choices = [("", "No change")] + GRADES[scale]  # type: ignore[attr-defined]

    @staticmethod
    def initial_from(challenge: Any) -> dict[str, str]:
        return {
            "audit_return": _choice(challenge.audit_return_id),
            "challenger_kind": challenge.challenger_kind,
            "challenger_organisation": _choice(challenge.challenger_organisation_id),
            "evidence_seen": challenge.evidence_seen,
            "outcome": challenge.outcome,
            "moderated_grade": challenge.moderated_grade,
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "audit_return": self.returns.get(data["audit_return"]),
            "challenger_kind": data["challenger_kind"],
            "challenger_organisation": self.organisations.get(
                data.get("challenger_organisation") or ""
            ),
            "evidence_seen": data.get("evidence_seen") or "",
            "outcome": data["outcome"],
            "moderated_grade": data.get("moderated_grade") or "",
        }


class PeerChallengeActionForm(GovukForm):
    what = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the action"},
    )
    organisation = forms.ChoiceField(
        label="Organisation that owns it",
        error_messages={"required": "Choose the organisation that owns the action"},
    )
    owner = forms.CharField(
        label="Owner (role or name)",
        max_length=200,
        error_messages={"required": "Enter who owns the action"},
    )
    due_on = GovukDateField(what="the due date", label="Due date")
    status = forms.ChoiceField(
        label="Status",
        choices=ChallengeActionStatus.choices,
        initial=ChallengeActionStatus.OPEN,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the action"},
    )
    closing_evidence = forms.CharField(
        label="Evidence that it is done (needed to close it)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [("", "Choose an organisation")] + [  # type: ignore[attr-defined]
            (str(o.pk), o.name) for o in organisations
        ]

    @staticmethod
    def initial_from(action: Any) -> dict[str, Any]:
        return {
            "what": action.what,
            "organisation": _choice(action.organisation_id),
            "owner": action.owner,
            "due_on": action.due_on,
            "status": action.status,
            "closing_evidence": action.closing_evidence,
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "what": data["what"],
            "organisation": self.organisations.get(data["organisation"]),
            "owner": data["owner"],
            "due_on": data["due_on"],
            "status": data["status"],
            "closing_evidence": data.get("closing_evidence") or "",
        }
