"""The business manager's forms: a new year's budget, a contribution, an expenditure line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from masa.accounts.models import Organisation
from masa.core.calendar import ReportingYear
from masa.core.forms import GovukForm
from masa.partnership.budget import (
    FIRST_YEAR,
    LAST_YEAR,
    MONEY_EXAMPLE,
    parse_money,
    parse_percent,
)
from masa.partnership.models import Budget, Contribution, ContributionSource, Partnership


class ContributionForm(GovukForm):
    source = forms.ChoiceField(
        label="Where the money comes from",
        choices=ContributionSource.choices,
        error_messages={"required": "Select where the money comes from"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not an organisation",
        error_messages={"invalid_choice": "Select an organisation engaged with the partnership"},
    )
    description = forms.CharField(
        label="Description (for income that is not from an organisation)",
        required=False,
        max_length=200,
    )
    amount = forms.CharField(
        label="Amount in pounds",
        required=False,
        help_text=f"Write it {MONEY_EXAMPLE}. Leave it empty if the budget was agreed as shares.",
    )
    share = forms.CharField(
        label="Share of the budget, in per cent",
        required=False,
        help_text="Only for a budget agreed as percentages, like 33.",
    )
    in_kind = forms.CharField(
        label="Given in kind",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, free training venues, and what they saved.",
    )

    def __init__(
        self,
        *args: Any,
        budget: Budget,
        organisations: list[Organisation],
        contribution: Contribution | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.contribution = contribution
        field = self.fields["organisation"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])

    def clean_amount(self) -> int | None:
        text = self.cleaned_data.get("amount", "")
        if not text.strip():
            return None
        try:
            return parse_money(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_share(self) -> Decimal | None:
        text = self.cleaned_data.get("share", "")
        if not text.strip():
            return None
        try:
            return parse_percent(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source")
        organisation = data.get("organisation")
        if (
            source == ContributionSource.ORGANISATION
            and organisation is None
            and "organisation" not in self.errors
        ):
            self.add_error("organisation", "Select the organisation that contributes")
        if source and source != ContributionSource.ORGANISATION and organisation is not None:
            self.add_error(
                "organisation",
                "Income from training or other income has no organisation: select 'Not an organisation'",
            )
        others = self.budget.contributions.filter(organisation=organisation)
        if self.contribution is not None:
            others = others.exclude(pk=self.contribution.pk)
        if organisation is not None and others.exists():
            self.add_error(
                "organisation",
                f"{organisation.name} already has a contribution in {self.budget.label}: "
                "change that one instead",
            )
        if (
            data.get("amount") is None
            and data.get("share") is None
            and not data.get("in_kind", "").strip()
            and not {"amount", "share"} & set(self.errors)
        ):
            self.add_error("amount", f"Enter the amount in pounds, {MONEY_EXAMPLE}")
        return data


class BudgetForm(GovukForm):
    """A new year's budget; its contributions and expenditure are added on its page."""

    year = forms.CharField(
        label="Year",
        help_text="The reporting year, April to March, written like 2017/18",
        error_messages={"required": "Enter the year, like 2017/18"},
    )
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Select a partnership whose budget you manage"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, what was agreed about the contributions.",
    )
    is_partial = forms.BooleanField(
        label="Only some contributions are known",
        required=False,
        help_text="No total or shares are then worked out.",
    )

    def __init__(self, *args: Any, partnerships: list[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partnership"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = Partnership.objects.filter(pk__in=[p.pk for p in partnerships])
        if len(partnerships) == 1:
            field.initial = partnerships[0].pk
            field.widget = forms.HiddenInput()

    def clean_year(self) -> int:
        text = self.cleaned_data.get("year", "")
        try:
            year = ReportingYear.parse(text.strip())
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if not FIRST_YEAR <= year.start_year <= LAST_YEAR:
            raise forms.ValidationError(
                f"The year must be between {ReportingYear(FIRST_YEAR).label} and "
                f"{ReportingYear(LAST_YEAR).label}"
            )
        return year.start_year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, partnership = data.get("year"), data.get("partnership")
        if (
            year is not None
            and partnership is not None
            and Budget.objects.filter(partnership=partnership, year=year).exists()
        ):
            self.add_error(
                "year",
                f"There is already a budget for {ReportingYear(year).label}: change that one instead",
            )
        return data


class ExpenditureForm(GovukForm):
    heading = forms.CharField(
        label="What the money is spent on",
        max_length=200,
        help_text="For example, Business unit staff, or Independent chair",
        error_messages={
            "required": "Enter what the money is spent on",
            "max_length": "Write what the money is spent on in 200 characters or fewer",
        },
    )
    amount = forms.CharField(
        label="Amount in pounds",
        help_text=f"Write it {MONEY_EXAMPLE}",
        error_messages={"required": f"Enter the amount in pounds, {MONEY_EXAMPLE}"},
    )

    def clean_heading(self) -> str:
        text = self.cleaned_data.get("heading", "").strip()
        if not text:
            raise forms.ValidationError("Enter what the money is spent on")
        return text

    def clean_amount(self) -> int:
        try:
            return parse_money(self.cleaned_data.get("amount", ""))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
