"""Forms for practice reviews: starting one, its details, pauses, milestones, findings,
recommendations and publication. Nothing asks for a child's name."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovukDateField, GovukForm
from masa.documents.forms import ACCEPT
from masa.learning.forms import NO_NAMES, OrganisationCheckboxes, _text
from masa.learning.models import (
    FindingKind,
    PauseReason,
    PublicationKind,
    ReviewKind,
    ReviewStatus,
)


class CaseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference}: {obj.pseudonym}" if obj.pseudonym else obj.reference


class ThemeCheckboxes(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


def _line(label: str, *, required: bool = False, message: str = "", hint: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=200,
        help_text=hint,
        error_messages={
            "required": message or f"Enter {label.lower()}",
            "max_length": "Keep this to 200 characters or fewer",
        },
    )


class ReviewDetailsForm(GovukForm):
    kind = forms.ChoiceField(
        label="What kind of review is it?",
        choices=ReviewKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of review",
            "invalid_choice": "Select the kind of review",
        },
    )
    title = _line(
        "Title",
        required=True,
        message="Enter the title, using pseudonyms only, like Child L and Child J",
        hint="Pseudonyms only, for example ‘Child L and Child J’. Never a real name.",
    )
    started_on = GovukDateField(
        label="Date the review was initiated",
        what="the date the review was initiated",
        help_text="The six-month clock for publication starts on this day.",
    )
    reviewer_name = _line("Reviewer", hint="The independent reviewer or lead reviewer.")
    reviewer_organisation = _line("Reviewer's organisation")
    methodology = _text("Methodology", hint="For example a systems approach, a learning event.")
    terms_of_reference = _text("Terms of reference", hint=NO_NAMES)


class ReviewStartForm(ReviewDetailsForm):
    case = CaseChoice(
        label="Case this review follows",
        queryset=None,
        required=False,
        empty_label="None: a thematic or other review without a case",
        error_messages={"invalid_choice": "Select a case of your partnership"},
    )
    field_order = ["case", "kind", "title", "started_on"]

    def __init__(self, *args: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]


class ReviewChangeForm(ReviewDetailsForm):
    status = forms.ChoiceField(
        label="Status",
        choices=[c for c in ReviewStatus.choices if c[0] != ReviewStatus.PUBLISHED],
        widget=forms.RadioSelect,
        help_text="A review becomes published when a second person approves its publication.",
        error_messages={
            "required": "Select the status of the review",
            "invalid_choice": "Select the status of the review",
        },
    )
    publication_planned_on = GovukDateField(
        label="Planned date of publication",
        what="the planned date of publication",
        required=False,
        help_text="The report must reach the Panel and DfE at least 7 working days before.",
    )
    advance_notice_sent_on = GovukDateField(
        label="Date the report was sent to the Panel and DfE",
        what="the date the report was sent to the Panel and DfE",
        required=False,
    )

    def __init__(self, *args: Any, published: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if published:
            field = self.fields["status"]
            field.choices = ReviewStatus.choices  # type: ignore[attr-defined]


class PauseForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why is the review paused?",
        choices=PauseReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select why the review is paused",
            "invalid_choice": "Select why the review is paused",
        },
    )
    note = _text("Note", hint="Optional. " + NO_NAMES)
    started_on = GovukDateField(label="Date the pause started", what="the date the pause started")
    ended_on = GovukDateField(
        label="Date the pause ended",
        what="the date the pause ended",
        required=False,
        help_text="Leave empty while the pause goes on.",
    )


class MilestoneForm(GovukForm):
    what = _line("Milestone", required=True, message="Say what the milestone is")
    due_on = GovukDateField(label="Due by", what="the date the milestone is due")
    done_on = GovukDateField(label="Done on", what="the date it was done", required=False)
    quality_note = _text("What the partners thought of the quality at this point", hint="Optional.")


class FindingForm(GovukForm):
    kind = forms.ChoiceField(
        label="Is this a finding or good practice?",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether this is a finding or good practice",
            "invalid_choice": "Select whether this is a finding or good practice",
        },
    )
    text = _text("The finding", required=True, message="Enter the finding", hint=NO_NAMES)
    themes = ThemeCheckboxes(
        label="Themes",
        queryset=None,
        required=False,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select themes from the list"},
    )

    def __init__(self, *args: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]


class RecommendationForm(GovukForm):
    text = _text(
        "The recommendation", required=True, message="Enter the recommendation", hint=NO_NAMES
    )
    themes = ThemeCheckboxes(
        label="Themes",
        queryset=None,
        required=False,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select themes from the list"},
    )
    addressed_to_partnership = forms.BooleanField(
        label="The safeguarding partnership as a whole", required=False
    )
    addressed_to = OrganisationCheckboxes(
        label="Organisations it is addressed to",
        queryset=None,
        required=False,
        error_messages={"invalid_choice": "Select organisations that work with the partnership"},
    )

    def __init__(self, *args: Any, themes: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]
        self.fields["addressed_to"].queryset = organisations  # type: ignore[attr-defined]


class PublicationPrepareForm(GovukForm):
    what = forms.ChoiceField(
        label="What are you publishing?",
        choices=PublicationKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether this is the summary or the full report",
            "invalid_choice": "Select whether this is the summary or the full report",
        },
    )
    summary = _text(
        "Public summary",
        required=True,
        message="Enter the public summary",
        hint="Shown on the public page. Pseudonyms only: no names, places or dates of birth.",
    )
    file = forms.FileField(
        label="Upload the file",
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
        },
    )

    def __init__(self, *args: Any, max_megabytes: int = 20, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "A PDF, Word, Excel or PowerPoint file, a PNG or JPEG image, or plain text. "
            f"Smaller than {max_megabytes} MB."
        )


class PublicationApproveForm(GovukForm):
    published_on = GovukDateField(label="Date of publication", what="the date of publication")
