"""The business unit's forms for meetings: a new meeting, its minutes, agenda and actions.

Dates are asked for the GOV.UK way, as day, month and year boxes
(`masa.core.forms.GovukDateField`); what a person typed is shown back to them unchanged when it needs correcting.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from masa.accounts.models import Organisation, Person
from masa.core.forms import GovukDateField, GovukForm
from masa.partnership.models import ActionStatus, AgendaItem, Group, Meeting


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
        help_text="For example, 19 7 2016",
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
        help_text="For example, 19 7 2016",
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
        label="Due date", what="the due date", help_text="For example, 1 9 2016"
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


class ActionDoneForm(GovukForm):
    """The date an action was done: not in the future, not before the meeting that set it."""

    completed_on = GovukDateField(label="When was it done?", what="the date the action was done")

    def __init__(self, *args: Any, meeting_date: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting_date = meeting_date
        if not self.is_bound:
            self.initial["completed_on"] = timezone.localdate()

    def clean_completed_on(self) -> datetime.date:
        done: datetime.date = self.cleaned_data["completed_on"]
        if done > timezone.localdate():
            raise forms.ValidationError("The date the action was done must be today or in the past")
        if done < self.meeting_date:
            raise forms.ValidationError(
                "The date the action was done must be on or after the meeting that set it, "
                f"{self.meeting_date:%-d %B %Y}"
            )
        return done
