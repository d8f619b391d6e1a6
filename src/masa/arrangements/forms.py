"""The business manager's forms: one section's text, the document's details, a milestone."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from masa.core.forms import GovukDateField, GovukForm


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


class MilestoneForm(GovukForm):
    """When a statutory milestone was done: a GOV.UK date input, today or in the past."""

    done_on = GovukDateField(
        label="When was it done?", what="the date it was done", help_text="For example, 26 6 2019"
    )

    def clean_done_on(self) -> datetime.date | None:
        done = self.cleaned_data.get("done_on")
        if done is not None and done > timezone.localdate():
            raise forms.ValidationError("The date it was done must be today or in the past")
        return done
