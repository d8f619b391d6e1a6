"""Forms for the risk register and the challenge log (GOV.UK date inputs and radios)."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.accounts.models import Organisation, Person
from masa.core.forms import GovukDateField, GovukForm
from masa.risks.models import Impact, Likelihood, RiskStatus


def _radios(label: str, choices: Any, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


def _text(label: str, *, required: bool = False, message: str = "", rows: int = 4) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message} if message else None,
    )


class RiskForm(GovukForm):
    """Add a risk (with its first scores) or change what the register says about it."""

    title = forms.CharField(
        label="Risk",
        max_length=300,
        help_text="What might happen, in one sentence.",
        error_messages={
            "required": "Enter the risk",
            "max_length": "Keep the risk to 300 characters or fewer",
        },
    )
    description = _text("Description")
    cause = _text("Cause", rows=3)
    consequence = _text("Consequence", rows=3)
    mitigation = _text("Mitigation and controls")
    owning_organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label="Owning organisation",
        queryset=Organisation.objects.none(),
        error_messages={
            "required": "Select the organisation that owns the risk",
            "invalid_choice": "Select an organisation that works with the partnership",
        },
    )
    owner: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label="Owner",
        queryset=Person.objects.none(),
        required=False,
        empty_label="No named owner",
        error_messages={"invalid_choice": "Select a person with a role in the partnership"},
    )
    review_on = GovukDateField(what="the review date", label="Review date")

    def __init__(
        self, *args: Any, organisations: Any, people: Any, adding: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owning_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        if adding:
            self.fields["likelihood"] = _radios(
                "Likelihood", Likelihood.choices, "Select the likelihood"
            )
            self.fields["impact"] = _radios("Impact", Impact.choices, "Select the impact")
            self.fields["note"] = _text("Note on the assessment", rows=3)
        else:
            self.fields["status"] = forms.ChoiceField(
                label="Status",
                choices=RiskStatus.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Select whether the risk is open or closed"},
            )


class AssessForm(GovukForm):
    likelihood = _radios("Likelihood", Likelihood.choices, "Select the likelihood")
    impact = _radios("Impact", Impact.choices, "Select the impact")
    assessed_on = GovukDateField(what="the date of the assessment", label="Date of assessment")
    note = _text("What has changed, and why")


class ChallengeRaiseForm(GovukForm):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label="Raised with",
        queryset=Organisation.objects.none(),
        error_messages={
            "required": "Select the organisation the challenge is raised with",
            "invalid_choice": "Select an organisation that works with the partnership",
        },
    )
    subject = forms.CharField(
        label="What the challenge is about",
        max_length=300,
        error_messages={
            "required": "Enter what the challenge is about",
            "max_length": "Keep what the challenge is about to 300 characters or fewer",
        },
    )
    detail = _text("Detail", rows=5)
    raised_on = GovukDateField(what="the date the challenge was raised", label="Date raised")

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class RespondForm(GovukForm):
    response = _text("Response", required=True, message="Enter the response", rows=6)
    responded_on = GovukDateField(what="the date of the response", label="Date of the response")


class AssuranceForm(GovukForm):
    assurance_received = forms.TypedChoiceField(
        label="Has the partnership received the assurance it asked for?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if the assurance was received",
            "invalid_choice": "Select yes if the assurance was received",
        },
    )
    assurance = _text(
        "What assurance was, or was not, received",
        required=True,
        message="Say what assurance was, or was not, received",
    )
    assured_on = GovukDateField(what="the date of the assurance", label="Date")
