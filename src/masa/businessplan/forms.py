"""Forms for the business plan. They check what a person typed; the services check the rest
and their refusals are shown next to the field they name (see `masa.core.forms.show_refusal`)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from masa.businessplan.models import ActionStatus, Quarter, Rag
from masa.core.calendar import ReportingYear
from masa.core.forms import GovukDateField, GovukForm


class YearField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "Write it like 2017/18 (April 2017 to March 2018).")
        kwargs.setdefault("error_messages", {"required": "Enter the plan year, like 2017/18"})
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return ReportingYear.parse(text)
        except ValueError as problem:
            raise ValidationError(str(problem)) from None

    def prepare_value(self, value: Any) -> Any:
        return value.label if isinstance(value, ReportingYear) else value


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PriorityForm(GovukForm):
    partnership: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Partnership",
        queryset=None,
        error_messages={"required": "Select the partnership whose plan this is"},
    )
    year = YearField(label="Plan year")
    number = forms.IntegerField(
        label="Priority number",
        min_value=1,
        max_value=99,
        help_text="Its place in the plan: 1 comes first.",
        error_messages={
            "required": "Enter the priority's number, like 1",
            "invalid": "Enter the priority's number as a whole number, like 1",
            "min_value": "The priority's number must be 1 or more",
            "max_value": "The priority's number must be 99 or less",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    title = forms.CharField(
        label="Title",
        max_length=160,
        help_text="For example, Early Help.",
        error_messages={"required": "Enter the priority's title, like Early Help"},
    )
    outcome = forms.CharField(
        label="Outcome: what we want to achieve",
        widget=_textarea(3),
        error_messages={"required": "Enter the outcome: what the partnership wants to achieve"},
    )
    approach = forms.CharField(
        label="How we will achieve it",
        required=False,
        widget=_textarea(6),
        help_text="One point a line.",
    )

    def __init__(self, *args: Any, partnerships: Any = None, creating: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if creating and partnerships is not None and partnerships.count() > 1:
            self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        else:
            del self.fields["partnership"]
        if not creating:
            del self.fields["year"]


class PlanActionForm(GovukForm):
    description = forms.CharField(
        label="What is to be done",
        widget=_textarea(3),
        error_messages={"required": "Enter what the action is"},
    )
    owning_organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Organisation that owns it",
        queryset=None,
        error_messages={
            "required": "Select the organisation that owns the action",
            "invalid_choice": "Select an organisation that works with the partnership",
        },
    )
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Owner (optional)",
        queryset=None,
        required=False,
        empty_label="No named owner",
        error_messages={"invalid_choice": "Select an owner who holds a role in the partnership"},
    )
    responsible_group: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Responsible subgroup (optional)",
        queryset=None,
        required=False,
        empty_label="No subgroup",
        error_messages={"invalid_choice": "Select one of the partnership's subgroups"},
    )
    milestone_on = GovukDateField(
        label="Milestone date", what="the milestone date", help_text="For example, 31 3 2018"
    )
    measure_of_success = forms.CharField(
        label="Measure of success", required=False, widget=_textarea(3)
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        error_messages={"required": "Select the action's status"},
    )

    def __init__(
        self, *args: Any, organisations: Any, people: Any, groups: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owning_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["responsible_group"].queryset = groups  # type: ignore[attr-defined]


RAG_CHOICES = [("", "Select a rating"), *Rag.choices]


class ProgressForm(GovukForm):
    reported_on = GovukDateField(
        label="Date of the update",
        what="the date of the update",
        help_text="For example, 31 3 2018",
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=RAG_CHOICES,
        help_text="Green: on track. Amber: at risk of slipping. Red: off track or blocked.",
        error_messages={"required": "Select a RAG rating: red, amber or green"},
    )
    status = forms.ChoiceField(
        label="Status of the action now",
        choices=ActionStatus.choices,
        error_messages={"required": "Select the action's status"},
    )
    narrative = forms.CharField(
        label="What progress has been made",
        widget=_textarea(5),
        error_messages={"required": "Enter what progress has been made"},
    )
    evidence = forms.CharField(
        label="Evidence (optional)",
        required=False,
        widget=_textarea(3),
        help_text="What shows it: an audit, data, a report to a meeting.",
    )

    def clean_reported_on(self) -> datetime.date | None:
        from django.utils import timezone

        day = self.cleaned_data.get("reported_on")
        if day is not None and day > timezone.localdate():
            raise ValidationError("The date of the update must be today or in the past")
        return day


class HighlightReportForm(GovukForm):
    group: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Subgroup",
        queryset=None,
        error_messages={
            "required": "Select the subgroup the report is from",
            "invalid_choice": "Select one of the partnership's subgroups",
        },
    )
    year = YearField(label="Year")
    quarter = forms.TypedChoiceField(
        label="Quarter",
        choices=[("", "Select a quarter"), *Quarter.choices],
        coerce=int,
        error_messages={"required": "Select the quarter the report covers"},
    )
    summary = forms.CharField(
        label="Summary of progress",
        widget=_textarea(6),
        error_messages={"required": "Enter a summary of the subgroup's progress"},
    )
    risks = forms.CharField(
        label="Risks and escalations (optional)", required=False, widget=_textarea(4)
    )
    decisions_needed = forms.CharField(
        label="Decisions needed from the Business Planning Group (optional)",
        required=False,
        widget=_textarea(4),
    )

    def __init__(self, *args: Any, groups: Any, changing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        if changing:
            del self.fields["group"]


class ImpactForm(GovukForm):
    what_we_did = forms.CharField(label="What we did", required=False, widget=_textarea(6))
    how_well = forms.CharField(label="How well we did it", required=False, widget=_textarea(4))
    difference_made = forms.CharField(
        label="What difference it made", required=False, widget=_textarea(4)
    )
    evidence_links = forms.CharField(
        label="Evidence (optional)",
        required=False,
        widget=_textarea(4),
        help_text="One a line: a MASA page (like /meetings/4/) or a web address, then what it "
        "shows.",
    )
