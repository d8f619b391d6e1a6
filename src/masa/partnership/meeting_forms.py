"""The business unit's forms for meetings: a new meeting, its minutes, agenda and actions.

Dates are asked for the GOV.UK way, as day, month and year boxes (`GovukDateField`); what a
person typed is shown back to them unchanged when it needs correcting.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from masa.accounts.models import Organisation, Person
from masa.core.forms import GovukForm
from masa.partnership.models import ActionStatus, AgendaItem, Group, Meeting

DATE_EXAMPLE = "like 19 7 2016"


class DateInputWidget(forms.Widget):
    """Day, month and year boxes (GOV.UK date input). The day box carries the field's own id,
    so labels and the error summary link to it."""

    template_name = "partnership/widgets/date_input.html"
    parts = ("day", "month", "year")

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [str(data.get(f"{name}-{part}", "")) for part in self.parts]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in self.parts)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if isinstance(value, datetime.date):
            values = [str(value.day), str(value.month), str(value.year)]
        elif isinstance(value, list | tuple):
            values = [str(v) for v in value]
        else:
            values = ["", "", ""]
        attrs = attrs or {}
        base_id = attrs.get("id", f"id_{name}")
        error = "--error" in attrs.get("class", "")
        context["widget"]["boxes"] = [
            {
                "name": f"{name}-{part}",
                "id": base_id if part == "day" else f"{base_id}-{part}",
                "label": part.capitalize(),
                "value": text,
                "width": 4 if part == "year" else 2,
            }
            for part, text in zip(self.parts, values, strict=True)
        ]
        context["widget"]["error"] = error
        return context


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with GOV.UK's messages naming what is wrong."""

    widget = DateInputWidget

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        self.what = what  # "the date of the meeting", used in the messages
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        parts = [str(part).strip() for part in (value or ["", "", ""])]
        if not any(parts):
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise forms.ValidationError(
                f"{self.what.capitalize()} must include a {' and '.join(missing)}"
            )
        if not all(part.isascii() and part.isdigit() for part in parts) or len(parts[2]) != 4:
            raise forms.ValidationError(
                f"{self.what.capitalize()} must be a real date, {DATE_EXAMPLE}"
            )
        try:
            return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise forms.ValidationError(
                f"{self.what.capitalize()} must be a real date, {DATE_EXAMPLE}"
            ) from None

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise forms.ValidationError(f"Enter {self.what}")


class OrganisationCheckboxes(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class GroupChoiceForm(GovukForm):
    """The first question when adding a meeting: which group meets (asked with GET)."""

    group = forms.ModelChoiceField(
        label="Which group is meeting?",
        queryset=Group.objects.none(),
        empty_label="Select the group",
        error_messages={
            "required": "Select the group that meets",
            "invalid_choice": "Select one of the partnership's groups",
        },
    )

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["group"].label_from_instance = lambda group: (  # type: ignore[attr-defined]
            group.name
        )


class MeetingForm(GovukForm):
    """A meeting of one group (chosen before): its date, title and who is expected."""

    held_on = GovukDateField(
        label="Date of the meeting",
        what="the date of the meeting",
        help_text=f"For example, 19 7 2016 ({DATE_EXAMPLE})",
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the title of the meeting",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    expected = OrganisationCheckboxes(
        label="Organisations expected",
        queryset=Organisation.objects.none(),
        help_text="Their attendance is counted. The organisations that sit on the group are "
        "listed first, already ticked.",
        error_messages={
            "required": "Select the organisations expected at the meeting",
            "invalid_choice": "Select organisations of the partnership only",
        },
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expected"].queryset = organisations  # type: ignore[attr-defined]

    def clean_title(self) -> str:
        title = self.cleaned_data.get("title", "").strip()
        if not title:
            raise forms.ValidationError("Enter the title of the meeting")
        return title


class MeetingChangeForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the title of the meeting",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    held_on = GovukDateField(
        label="Date of the meeting",
        what="the date of the meeting",
        help_text=f"For example, 19 7 2016 ({DATE_EXAMPLE})",
    )
    minutes = forms.CharField(
        label="Minutes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="What was discussed. Write no names or details of children or families.",
    )


class AgendaItemForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the title of the agenda item",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    decision = forms.CharField(
        label="Decision",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the meeting decided, if anything.",
    )


class ActionForm(GovukForm):
    description = forms.CharField(
        label="What is to be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what is to be done"},
    )
    owning_organisation = forms.ModelChoiceField(
        label="Organisation responsible",
        queryset=Organisation.objects.none(),
        empty_label="Select the organisation",
        error_messages={
            "required": "Select the organisation responsible for the action",
            "invalid_choice": "Select one of the partnership's organisations",
        },
    )
    owner = forms.ModelChoiceField(
        label="Person responsible (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Nobody named",
        help_text="They see the action on their home page when it is overdue.",
        error_messages={"invalid_choice": "Select someone with a role in the partnership"},
    )
    due_on = GovukDateField(
        label="Due date", what="the due date", help_text=f"For example, 1 9 2016 ({DATE_EXAMPLE})"
    )
    agenda_item = forms.ModelChoiceField(
        label="Agenda item (optional)",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="Not linked to an agenda item",
        error_messages={"invalid_choice": "Select an agenda item of this meeting"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Marking it done records today as the day it was done.",
    )

    def __init__(
        self,
        *args: Any,
        meeting: Meeting,
        organisations: Any,
        people: Any,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["owning_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()  # type: ignore[attr-defined]
        if not editing:
            del self.fields["status"]

    def clean_description(self) -> str:
        text = self.cleaned_data.get("description", "").strip()
        if not text:
            raise forms.ValidationError("Enter what is to be done")
        return text

    def clean_due_on(self) -> datetime.date | None:
        due = self.cleaned_data.get("due_on")
        if due is not None and due < self.meeting.held_on:
            raise forms.ValidationError(
                f"The due date must be on or after the meeting, {self.meeting.held_on:%-d %B %Y}"
            )
        return due
