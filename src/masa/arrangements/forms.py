"""The business manager's forms: one section's text, the document's details, a milestone."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from masa.core.forms import GovukForm


class SectionForm(GovukForm):
    body = forms.CharField(
        label="Text of the section",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Plain text. Leave an empty line between paragraphs. Start each item of a "
        "list with a dash and a space, like: - Somerset Youth Forum",
    )


class DetailsForm(GovukForm):
    title = forms.CharField(
        label="Title of the arrangements",
        max_length=200,
        error_messages={
            "required": "Enter the title of the arrangements",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    resourcing_year = forms.CharField(
        label="Budget year the resourcing section shows",
        required=False,
        help_text="Write it like 2024/25. Leave it empty to show no budget.",
    )

    def clean_resourcing_year(self) -> int | None:
        from masa.core.calendar import ReportingYear

        text = self.cleaned_data.get("resourcing_year", "").strip()
        if not text:
            return None
        try:
            return ReportingYear.parse(text).start_year
        except ValueError as problem:
            raise forms.ValidationError(str(problem)) from None


DATE_EXAMPLE = "like 26 6 2019"


class MilestoneForm(forms.Form):
    """A GOV.UK date input: day, month and year."""

    day = forms.IntegerField(required=False, min_value=1, max_value=31)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)
    non_field_errors_target = "done_on-day"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        message = f"The date it was done must be a real date, {DATE_EXAMPLE}"
        for name in ("day", "month", "year"):
            self.fields[name].error_messages = {
                "invalid": message,
                "min_value": message,
                "max_value": message,
            }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        parts = [data.get("day"), data.get("month"), data.get("year")]
        if all(part is None for part in parts):
            raise forms.ValidationError("Enter the date it was done")
        if any(part is None for part in parts):
            raise forms.ValidationError("The date it was done must include a day, month and year")
        try:
            done = datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))  # type: ignore[arg-type]
        except ValueError:
            raise forms.ValidationError(
                f"The date it was done must be a real date, {DATE_EXAMPLE}"
            ) from None
        if done > timezone.localdate():
            raise forms.ValidationError("The date it was done must be today or in the past")
        data["done_on"] = done
        return data
