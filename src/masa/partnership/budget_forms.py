"""The business manager's form for a contribution to a year's budget."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from masa.accounts.models import Organisation
from masa.core.forms import GovukForm
from masa.partnership.budget import MONEY_EXAMPLE, parse_money, parse_percent
from masa.partnership.models import Budget, Contribution, ContributionSource


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
