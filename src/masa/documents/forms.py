"""The form for adding a paper to an agenda item (GOV.UK file upload pattern)."""

from __future__ import annotations

from django import forms

from masa.core.forms import GovukForm

ACCEPT = ".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.txt,.csv"


class PaperForm(GovukForm):
    title = forms.CharField(
        label="Title of the paper",
        max_length=200,
        error_messages={
            "required": "Enter the title of the paper",
            "max_length": "The title of the paper must be 200 characters or fewer",
        },
    )
    file = forms.FileField(
        label="Upload a file",
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
        },
    )

    def __init__(self, *args: object, max_megabytes: int = 20, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].help_text = (
            "A PDF, Word, Excel or PowerPoint file, a PNG or JPEG image, or plain text. "
            f"Smaller than {max_megabytes} MB."
        )

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Enter the title of the paper")
        return title
