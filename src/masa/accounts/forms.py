from __future__ import annotations

from django import forms

from masa.accounts.models import Organisation, OrganisationKind
from masa.core.forms import GovukBoundField, GovukForm


class SignInForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=1024,
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecondFactorForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        max_length=20,
        help_text="The 6-digit code changes every 30 seconds. A recovery code looks like 1a2b3-4c5d6.",
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class EnrolmentForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        help_text="Enter the 6-digit code your app shows for this service.",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class ApiTokenForm(GovukForm):
    name = forms.CharField(
        label="What the token is for",
        max_length=100,
        help_text="For example, 'Quarterly data upload from our case system'.",
        error_messages={"required": "Enter what the token is for"},
    )


class OrganisationFilterForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of organisation",
        required=False,
        choices=[("", "All kinds"), *OrganisationKind.choices],
    )
    q = forms.CharField(label="Name contains", required=False, max_length=100)


class PeopleFilterForm(GovukForm):
    q = forms.CharField(label="Name or job title contains", required=False, max_length=100)


class OrganisationForm(forms.ModelForm):
    """The directory details an organisation keeps up to date. Its kind is fixed: changing a
    school into a police force is a data correction for the business unit, not a form field."""

    bound_field_class = GovukBoundField
    template_name = "core/includes/form_fields.html"

    class Meta:
        model = Organisation
        fields = ["name", "agency_category", "setting_type", "dfe_urn", "has_section_11_duty"]
        error_messages = {"name": {"required": "Enter the organisation's name"}}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        kind = self.instance.kind
        if kind != OrganisationKind.RELEVANT_AGENCY:
            del self.fields["agency_category"]
        else:
            self.fields["agency_category"].required = True
            self.fields["agency_category"].error_messages["required"] = (
                "Select the agency's category"
            )
        if kind != OrganisationKind.EDUCATION:
            del self.fields["setting_type"]
            del self.fields["dfe_urn"]
        else:
            self.fields["setting_type"].required = True
            self.fields["setting_type"].error_messages["required"] = "Select the type of setting"
            self.fields["dfe_urn"].help_text = "6 or 7 digits, from Get Information about Schools"

    def clean_dfe_urn(self) -> str:
        urn = self.cleaned_data["dfe_urn"].strip()
        if urn and not (urn.isdigit() and 6 <= len(urn) <= 7):
            raise forms.ValidationError(
                "Enter the unique reference number as 6 or 7 digits, like 123456"
            )
        return urn
