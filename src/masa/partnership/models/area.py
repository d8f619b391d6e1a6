"""The partnership itself: its area, and the groups through which it works."""

from __future__ import annotations

from typing import Any

from django.db import models

from masa.core.permissions import Permission, reach


class LocalAuthority(models.Model):
    """A local authority in a partnership's area, with its DfE (old_la_code) number.

    ONS codes change over time (Somerset: E10000027 to 2023, E06000066 from 2024), so they
    are held with the years they apply to in OnsCode.
    """

    name = models.CharField(max_length=120)
    dfe_code = models.CharField("DfE local authority number", max_length=3, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class OnsCode(models.Model):
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="ons_codes"
    )
    code = models.CharField(max_length=9)
    valid_from_year = models.PositiveSmallIntegerField(null=True, blank=True)
    valid_until_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["valid_from_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "code"], name="unique_ons_code_per_la"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Partnership(models.Model):
    """The local safeguarding arrangements of one area (Children Act 2004 ss.16E–16F)."""

    name = models.CharField(max_length=160)
    short_name = models.CharField(max_length=40)
    area = models.ManyToManyField(LocalAuthority, related_name="partnerships")
    summary = models.TextField(blank=True)
    arrangements_published_on = models.DateField(null=True, blank=True)
    secretary_of_state_notified_on = models.DateField(null=True, blank=True)
    arrangements_in_force_on = models.DateField(null=True, blank=True)
    contact_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupKind(models.TextChoices):
    EXECUTIVE = "executive", "Executive"
    LEADERSHIP = "leadership", "Leadership group"
    SUBGROUP = "subgroup", "Subgroup"
    JOINT_SUBGROUP = "joint_subgroup", "Joint subgroup with a neighbouring partnership"
    PANEL = "panel", "Panel"
    FORUM = "forum", "Forum or network"


class MeetingFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    EVERY_TWO_MONTHS = "every_two_months", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    TERMLY = "termly", "Each school term"
    TWICE_A_YEAR = "twice_a_year", "Twice a year"
    YEARLY = "yearly", "Once a year"
    AS_NEEDED = "as_needed", "As needed"


class GroupQuerySet(models.QuerySet["Group"]):
    """Every group of the partnership for read-across roles and subgroup chairs; for an agency
    lead, the groups their organisation is a member of."""

    def _within(self, user: Any, permission: Permission) -> GroupQuerySet:
        where = reach(user, permission)
        return self.filter(
            where.q(partnership_path="partnership", organisation_path="members__organisation")
        ).distinct()

    def visible_to(self, user: Any) -> GroupQuerySet:
        return self._within(user, Permission.VIEW_GROUPS)

    def changeable_by(self, user: Any) -> GroupQuerySet:
        return self._within(user, Permission.MANAGE_GROUPS)


class Group(models.Model):
    """A group through which the partnership works: its executive, subgroups and panels, with
    their terms of reference, chair, members (GroupMember) and how often they meet."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    purpose = models.TextField(blank=True)
    shared_with = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_groups",
        help_text="For a joint subgroup: the neighbouring partnership it is shared with.",
    )
    terms_of_reference = models.TextField(blank=True)
    terms_reviewed_on = models.DateField("terms of reference last reviewed", null=True, blank=True)
    terms_next_review_on = models.DateField(
        "next review of the terms of reference", null=True, blank=True
    )
    chair = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_groups",
    )
    meeting_frequency = models.CharField(
        max_length=20, choices=MeetingFrequency.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subgroups",
        help_text="The group this one reports to (subgroups report to the executive).",
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_group_name")
        ]

    def __str__(self) -> str:
        return self.name
