"""Forms for case audits, their actions, assurance reports and inspections (GOV.UK inputs).

Lists of points (strengths, lessons, impact, areas for improvement) are typed one per line.
"""

from __future__ import annotations

from typing import Any

from django import forms

from masa.accounts.models import Organisation, Person
from masa.assurance.models import (
    ILACS_AREAS,
    FollowUpStatus,
    InspectionBody,
    Judgement,
)
from masa.assurance.services import MAX_CASES
from masa.core.forms import GovukDateField, GovukForm
from masa.partnership.models import Group, LocalAuthority, Meeting

AREA_ROWS = 6
ONE_PER_LINE = "One on each line."


def _text(label: str, *, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def _lines(value: Any) -> str:
    return "\n".join(value or [])


class CaseAuditForm(GovukForm):
    theme = forms.CharField(
        label="Theme",
        max_length=200,
        help_text="For example, Unborn babies, or Children of parents in prison.",
        error_messages={
            "required": "Enter the theme of the audit, like Unborn babies",
            "max_length": "Keep the theme to 200 characters or fewer",
        },
    )
    audited_on = GovukDateField(what="the date of the audit", label="Date of the audit")
    cases_audited = forms.IntegerField(
        label="Number of cases audited",
        min_value=1,
        max_value=MAX_CASES,
        help_text="A count only. Never enter a child's name or case number anywhere here.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many cases were audited",
            "invalid": "Enter the number of cases as a whole number, like 8",
            "min_value": f"Enter how many cases were audited, from 1 to {MAX_CASES}",
            "max_value": f"Enter how many cases were audited, from 1 to {MAX_CASES}",
        },
    )
    scope = _text(
        "What the audit looked at (optional)",
        help_text="The practice examined. Refer to cases as Case 1, Case 2 if at all.",
        rows=3,
    )
    participants = forms.ModelMultipleChoiceField(
        label="Participating agencies",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Select all that took part.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select organisations that work with the partnership"},
    )
    strengths = _text("Strengths", help_text=ONE_PER_LINE)
    key_lessons = _text("Key lessons", help_text=ONE_PER_LINE)
    impact = _text("Impact", help_text=ONE_PER_LINE)
    monitored_by = forms.ModelChoiceField(
        label="Action plan monitored by",
        queryset=Group.objects.none(),
        required=False,
        empty_label="Not set",
        error_messages={"invalid_choice": "Select one of the partnership's groups"},
    )

    def __init__(self, *args: Any, organisations: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["monitored_by"].queryset = groups  # type: ignore[attr-defined]


class ActionForm(GovukForm):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the action"},
    )
    owning_organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label="Owning organisation",
        queryset=Organisation.objects.none(),
        error_messages={
            "required": "Select the organisation that owns the action",
            "invalid_choice": "Select an organisation that works with the partnership",
        },
    )
    owner: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label="Owner (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="No named owner",
        error_messages={"invalid_choice": "Select a person with a role in the partnership"},
    )
    due_on = GovukDateField(what="the due date", label="Due date")

    def __init__(self, *args: Any, organisations: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owning_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class CloseActionForm(GovukForm):
    completed_on = GovukDateField(what="the date the action was done", label="Date done")
    evidence = forms.CharField(
        label="Evidence that it was done",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What changed, and where the proof is (a procedure, a bulletin, minutes).",
        error_messages={"required": "Enter the evidence that the action was done"},
    )


class AssuranceReportForm(GovukForm):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        error_messages={
            "required": "Select the organisation the report is from",
            "invalid_choice": "Select an organisation that works with the partnership",
        },
    )
    received_on = GovukDateField(what="the date the report was received", label="Date received")
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={
            "required": "Enter the subject of the report",
            "max_length": "Keep the subject to 200 characters or fewer",
        },
    )
    summary = _text("Summary")
    follow_up = _text("Follow-up required", rows=3)
    follow_up_status = forms.ChoiceField(
        label="Follow-up",
        choices=FollowUpStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether follow-up is needed and how it stands"},
    )
    presented_to = forms.CharField(
        label="Presented to (optional)",
        max_length=200,
        required=False,
        help_text="For example, Business Planning Group, February 2017.",
    )
    group = forms.ModelChoiceField(
        label="Group that received it (optional)",
        queryset=Group.objects.none(),
        required=False,
        empty_label="Not set",
        error_messages={"invalid_choice": "Select one of the partnership's groups"},
    )
    meeting = forms.ModelChoiceField(
        label="Meeting it went to (optional)",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not set",
        error_messages={"invalid_choice": "Select one of the partnership's meetings"},
    )

    def __init__(
        self, *args: Any, organisations: Any, groups: Any, meetings: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


JUDGEMENT_CHOICES = [("", "Not judged"), *Judgement.choices]


class InspectionForm(GovukForm):
    body = forms.ChoiceField(
        label="Inspectorate",
        choices=[("", "Select the inspectorate"), *InspectionBody.choices],
        error_messages={"required": "Select the inspectorate"},
    )
    inspection_type = forms.CharField(
        label="Type of inspection",
        max_length=200,
        help_text="For example, ILACS Standard Inspection, or PEEL.",
        error_messages={
            "required": "Enter the type of inspection, like ILACS Standard Inspection",
            "max_length": "Keep the type to 200 characters or fewer",
        },
    )
    organisation = forms.ModelChoiceField(
        label="Organisation inspected (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="The local authority area",
        error_messages={"invalid_choice": "Select an organisation that works with the partnership"},
    )
    local_authority = forms.ModelChoiceField(
        label="Local authority (optional)",
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="Not set",
        error_messages={"invalid_choice": "Select a local authority in the partnership's area"},
    )
    inspected_on = GovukDateField(
        what="the inspection date", label="Inspection date", required=False
    )
    published_on = GovukDateField(
        what="the publication date", label="Publication date", required=False
    )
    overall = forms.ChoiceField(
        label="Overall judgement", choices=JUDGEMENT_CHOICES, required=False
    )
    summary = _text("Summary (optional)")
    areas_for_improvement = _text("Areas for improvement", help_text=ONE_PER_LINE)

    def __init__(self, *args: Any, organisations: Any, authorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["local_authority"].queryset = authorities  # type: ignore[attr-defined]
        for index in range(1, AREA_ROWS + 1):
            self.fields[f"area_{index}"] = forms.CharField(
                label=f"Area {index}", max_length=200, required=False
            )
            self.fields[f"judgement_{index}"] = forms.ChoiceField(
                label=f"Judgement for area {index}", choices=JUDGEMENT_CHOICES, required=False
            )

    def area_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"area_{i}"], self[f"judgement_{i}"]) for i in range(1, AREA_ROWS + 1)]

    def areas(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data.get(f"area_{i}", ""), data.get(f"judgement_{i}", ""))
            for i in range(1, AREA_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for index in range(1, AREA_ROWS + 1):
            area = (data.get(f"area_{index}") or "").strip()
            if area and not data.get(f"judgement_{index}"):
                self.add_error(f"judgement_{index}", f"Select the judgement for {area}")
            if data.get(f"judgement_{index}") and not area:
                self.add_error(f"area_{index}", f"Enter the area judged in row {index}")
        if (
            not data.get("inspected_on")
            and not data.get("published_on")
            and not {"inspected_on", "published_on"} & set(self.errors)
        ):
            self.add_error("inspected_on", "Enter the inspection date or the publication date")
        return data


def ilacs_initial() -> dict[str, str]:
    """A new inspection's area rows start with the four ILACS areas."""
    return {f"area_{i}": area for i, area in enumerate(ILACS_AREAS, start=1)}


def case_audit_initial(case_audit: Any) -> dict[str, Any]:
    return {
        "theme": case_audit.theme,
        "audited_on": case_audit.audited_on,
        "cases_audited": case_audit.cases_audited,
        "scope": case_audit.scope,
        "participants": list(case_audit.participants.values_list("organisation_id", flat=True)),
        "strengths": _lines(case_audit.strengths),
        "key_lessons": _lines(case_audit.key_lessons),
        "impact": _lines(case_audit.impact),
        "monitored_by": case_audit.monitored_by_id,
    }


def inspection_initial(inspection: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "body": inspection.body,
        "inspection_type": inspection.inspection_type,
        "organisation": inspection.organisation_id,
        "local_authority": inspection.local_authority_id,
        "inspected_on": inspection.inspected_on,
        "published_on": inspection.published_on,
        "overall": inspection.overall,
        "summary": inspection.summary,
        "areas_for_improvement": _lines(inspection.areas_for_improvement),
    }
    for index, judged in enumerate(inspection.areas.all(), start=1):
        initial[f"area_{index}"] = judged.area
        initial[f"judgement_{index}"] = judged.judgement
    return initial
