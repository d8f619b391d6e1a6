"""Forms for cases: the case for consideration, the notification, the rapid review and the
requests to agencies. There is no field for the child's name anywhere."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovukDateField, GovukForm
from masa.learning.models import AgeBand, Criterion, PanelResponse, Recommendation

NO_NAMES = "Do not name the child or family members; describe them by their role."


def _text(label: str, *, required: bool = False, message: str = "", hint: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": message or f"Enter {label.lower()}",
            "max_length": "Keep this to 10,000 characters or fewer",
        },
    )


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class OrganisationCheckboxes(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class CaseRaiseForm(GovukForm):
    raised_by_organisation = OrganisationChoice(
        label="Which organisation is raising the case?",
        queryset=None,
        empty_label="Select the organisation",
        error_messages={
            "required": "Select the organisation raising the case",
            "invalid_choice": "Select an organisation you may raise a case for",
        },
    )
    what_happened = _text(
        "What happened", required=True, message="Say what happened", hint=NO_NAMES
    )
    age_band = forms.ChoiceField(
        label="How old is the child?",
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the child's age",
            "invalid_choice": "Select the child's age",
        },
    )
    circumstances = _text("The child's circumstances", hint=NO_NAMES)
    agencies_involved = OrganisationCheckboxes(
        label="Agencies involved with the child or family",
        queryset=None,
        required=False,
        error_messages={"invalid_choice": "Select agencies that work with the partnership"},
    )
    why_criteria = _text(
        "Why it may meet the criteria for a review",
        hint="Which of the criteria below it may meet, and why.",
    )

    def __init__(self, *args: Any, organisations: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["raised_by_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["agencies_involved"].queryset = agencies  # type: ignore[attr-defined]


class NotificationForm(GovukForm):
    pseudonym = forms.CharField(
        label="Pseudonym",
        required=False,
        max_length=80,
        help_text="How reports will refer to the child, for example Child L. Never a real name.",
        error_messages={"max_length": "Keep the pseudonym to 80 characters or fewer"},
    )
    became_aware_on = GovukDateField(
        label="Date the local authority became aware",
        what="the date the local authority became aware",
        required=False,
        help_text="The 5 working day clock for the notification starts on this day.",
    )
    notified_on = GovukDateField(
        label="Date the national Panel was notified",
        what="the date the Panel was notified",
        required=False,
        help_text="The rapid review is due 15 working days after this day.",
    )


def _date(label: str, what: str) -> GovukDateField:
    return GovukDateField(label=label, what=what, required=False)


class RapidReviewForm(GovukForm):
    rapid_review_meeting_on = _date("Date of the rapid review meeting", "the date of the meeting")
    decided_on = _date("Date of the decision", "the date of the decision")
    criteria = forms.MultipleChoiceField(
        label="Which criteria does the case meet?",
        choices=Criterion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply (seed 002).",
        error_messages={"invalid_choice": "Select criteria from the list"},
    )
    recommendation = forms.ChoiceField(
        label="The partners' recommendation",
        choices=[("", "Not decided yet"), *Recommendation.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the partners' recommendation"},
    )
    partners_agree = forms.TypedChoiceField(
        label="Do the safeguarding partners agree?",
        choices=[("", "Not recorded"), ("yes", "Yes"), ("no", "No, they disagree")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    scrutineer_view = _text(
        "The independent scrutineer's view",
        hint="Only where the partners disagree whether the criteria are met (seed 002).",
    )
    rapid_review_sent_on = _date(
        "Date the rapid review was sent to the Panel", "the date the rapid review was sent"
    )
    panel_response = forms.ChoiceField(
        label="The Panel's response",
        choices=[("", "No response yet"), *PanelResponse.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select whether the Panel agrees or disagrees"},
    )
    panel_response_on = _date("Date of the Panel's response", "the date of the Panel's response")


class InfoRequestForm(GovukForm):
    organisation = OrganisationChoice(
        label="Agency asked",
        queryset=None,
        empty_label="Select the agency",
        error_messages={
            "required": "Select the agency asked for information",
            "invalid_choice": "Select an organisation that works with the partnership",
        },
    )
    requested_on = GovukDateField(label="Date asked", what="the date the agency was asked")
    due_on = GovukDateField(label="Reply due by", what="the date the reply is due")

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ReplyForm(GovukForm):
    replied_on = GovukDateField(label="Date of the reply", what="the date of the reply")
