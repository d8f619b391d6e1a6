from __future__ import annotations

from django import forms

from masa.accounts.models import OrganisationKind
from masa.core.forms import GovukForm


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
