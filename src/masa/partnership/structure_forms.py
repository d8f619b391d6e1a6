"""Forms for the partnership's groups, their members, the scrutiny roles and the relevant
agencies register. Dates are typed in GOV.UK day, month and year boxes (`GovukDateField`)."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.accounts.models import AgencyCategory, Organisation, Person
from masa.core.forms import GovukDateField, GovukForm
from masa.partnership.models import Group, GroupKind, MeetingFrequency, Partnership


def _people_field(label: str, empty: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Person.objects.none(),
        required=False,
        empty_label=empty,
        error_messages={"invalid_choice": "Select someone with a role in the partnership"},
    )


class GroupForm(GovukForm):
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": "Select a partnership whose groups you manage"},
    )
    name = forms.CharField(
        label="Name",
        max_length=160,
        error_messages={"required": "Enter the name of the group"},
    )
    kind = forms.ChoiceField(
        label="Kind of group",
        choices=GroupKind.choices,
        error_messages={"required": "Select what kind of group it is"},
    )
    purpose = forms.CharField(
        label="Purpose",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the group is for, in a sentence or two.",
    )
    terms_of_reference = forms.CharField(
        label="Terms of reference",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Remit, membership, quorum, who it reports to and how often it meets.",
    )
    terms_reviewed_on = GovukDateField(
        label="Terms of reference last reviewed",
        what="the date the terms of reference were last reviewed",
        required=False,
    )
    terms_next_review_on = GovukDateField(
        label="Next review of the terms of reference",
        what="the date of the next review of the terms of reference",
        required=False,
    )
    chair = _people_field("Chair", "No chair recorded")
    meeting_frequency = forms.ChoiceField(
        label="How often it meets",
        choices=[("", "Not recorded"), *MeetingFrequency.choices],
        required=False,
    )
    parent = forms.ModelChoiceField(
        label="Reports to",
        queryset=Group.objects.none(),
        required=False,
        empty_label="Reports to no other group",
        error_messages={"invalid_choice": "Select a group of the same partnership"},
    )
    shared_with = forms.ModelChoiceField(
        label="Shared with (joint subgroups only)",
        queryset=Partnership.objects.none(),
        required=False,
        empty_label="Not shared",
        help_text="The neighbouring partnership a joint subgroup is shared with.",
        error_messages={"invalid_choice": "Select a neighbouring partnership"},
    )

    def __init__(
        self,
        *args: Any,
        partnerships: list[Partnership],
        people: Any,
        groups: Any,
        neighbours: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choose("partnership", Partnership.objects.filter(pk__in=[p.pk for p in partnerships]))
        self.choose_partnership = len(partnerships) > 1
        if not self.choose_partnership:
            del self.fields["partnership"]
        self._choose("chair", people)
        self._choose("parent", groups)
        self._choose("shared_with", neighbours)

    def _choose(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = queryset


class MemberForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        error_messages={
            "required": "Select the organisation that sits on the group",
            "invalid_choice": "Select an organisation that works with the partnership",
        },
    )
    person = _people_field("Who represents it", "Nobody named yet")
    is_deputy = forms.BooleanField(
        label="This person is the organisation's deputy on the group",
        required=False,
    )
    role_note = forms.CharField(
        label="Role on the group (optional)",
        required=False,
        max_length=120,
        help_text="For example, education representative.",
    )

    def __init__(self, *args: Any, organisations: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("organisation", organisations), ("person", people)):
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = queryset


class ScrutinyRoleForm(GovukForm):
    name = forms.CharField(
        label="Name of the role",
        max_length=160,
        error_messages={"required": "Enter the name of the scrutiny role"},
    )
    scrutineer = _people_field("Independent scrutineer", "Not appointed yet")
    days_per_year = forms.IntegerField(
        label="Days commissioned a year",
        required=False,
        min_value=1,
        max_value=366,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the days a year as a whole number, like 15",
            "min_value": "Enter the days a year as a whole number from 1 to 366",
            "max_value": "Enter the days a year as a whole number from 1 to 366",
        },
    )
    activities = forms.CharField(
        label="Planned scrutiny activities",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One activity a line.",
    )
    commissioned_from = GovukDateField(
        label="Commissioned from", what="the date it was commissioned from", required=False
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scrutineer"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = people


class EngagementForm(GovukForm):
    how_engaged = forms.CharField(
        label="How the agency engages with the partnership",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    since = GovukDateField(
        label="Working with the partnership since",
        what="the date it has worked with the partnership since",
        required=False,
    )
    next_review_on = GovukDateField(
        label="Next review", what="the date of the next review", required=False
    )


class ReviewForm(GovukForm):
    reviewed_on = GovukDateField(label="Date of the review", what="the date of the review")
    next_review_on = GovukDateField(
        label="Next review",
        what="the date of the next review",
        required=False,
        help_text="For example, 27 3 2017. Leave it empty for a year after this review.",
    )


class RegisterFilterForm(forms.Form):
    category = forms.ChoiceField(
        label="Category", choices=[("", "All categories"), *AgencyCategory.choices], required=False
    )
    overdue = forms.BooleanField(label="Only agencies whose review is overdue", required=False)
