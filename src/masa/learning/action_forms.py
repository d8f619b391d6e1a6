"""Forms for review action plans and dissemination (issue 5 steps 6 and 7). Nothing asks for a
child's name; the hints say so where free text is asked for."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovukDateField, GovukForm
from masa.learning.forms import NO_NAMES, _text
from masa.learning.models import ActionStatus, DisseminationKind


class _NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "full_name", None) or getattr(obj, "name", obj))


class ActionProgressForm(GovukForm):
    """What the owning organisation's lead or the owner updates: status and evidence."""

    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        help_text="Done or closed needs evidence that the action is complete.",
        error_messages={
            "required": "Select the status of the action",
            "invalid_choice": "Select the status of the action",
        },
    )
    closed_on = GovukDateField(
        label="Date it was completed",
        what="the date it was completed",
        required=False,
        help_text="When done or closed. Leave blank for today. For example, 27 3 2017",
    )
    evidence_of_completion = _text(
        "Evidence of completion",
        hint="What shows the action was done, for example a revised policy and where it is "
        f"published. {NO_NAMES}",
    )
    evidence_of_impact = _text(
        "Evidence of impact",
        hint="What changed for children and families or in practice, for example audit "
        f"findings. {NO_NAMES}",
    )


class ActionPlanForm(GovukForm):
    """What the business unit sets: what is to be done, by whom and by when."""

    description = _text(
        "What is to be done", required=True, message="Enter what is to be done", hint=NO_NAMES
    )
    owning_organisation = _NamedChoice(
        label="Organisation that owns the action",
        queryset=None,
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the organisation that owns the action",
            "invalid_choice": "Select an organisation of the partnership",
        },
    )
    owner = _NamedChoice(
        label="Owner (optional)",
        queryset=None,
        required=False,
        empty_label="No one named yet",
        help_text="Someone with a role in the owning organisation.",
        error_messages={"invalid_choice": "Select someone with a role in the partnership"},
    )
    due_on = GovukDateField(label="Due date", what="the due date")

    def __init__(self, *args: Any, organisations: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owning_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class ActionEditForm(ActionPlanForm, ActionProgressForm):
    """The business unit's edit: the plan and the progress together."""

    field_order = (
        "description",
        "owning_organisation",
        "owner",
        "due_on",
        "status",
        "closed_on",
        "evidence_of_completion",
        "evidence_of_impact",
    )


class ActionFilterForm(forms.Form):
    """The list's filters, read from the query string (never an error page: bad values are
    ignored and the list shows everything)."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *ActionStatus.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    organisation = forms.TypedChoiceField(
        label="Organisation",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    overdue = forms.BooleanField(
        label="Only overdue actions",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", "Any organisation"),
            *[(o.pk, o.name) for o in organisations],
        ]


class DisseminationForm(GovukForm):
    kind = forms.ChoiceField(
        label="How was the learning disseminated?",
        choices=DisseminationKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the learning was disseminated",
            "invalid_choice": "Select how the learning was disseminated",
        },
    )
    held_on = GovukDateField(label="Date held or sent", what="the date it was held or sent")
    audience = forms.CharField(
        label="Audience (optional)",
        required=False,
        max_length=10000,
        help_text="For example, multi-agency practitioners, or the designated safeguarding leads "
        "of schools.",
        error_messages={"max_length": "Keep this to 10,000 characters or fewer"},
    )
    attendance = forms.IntegerField(
        label="Number who attended",
        required=False,
        min_value=0,
        max_value=100000,
        help_text="Needed for a practitioner session. For example, 25",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": "Enter the number who attended as a whole number, like 25",
            "min_value": "Enter the number who attended as a whole number, like 25",
            "max_value": "Enter the number who attended as a whole number, like 25",
        },
    )
    notes = _text("Notes (optional)", hint=NO_NAMES)
