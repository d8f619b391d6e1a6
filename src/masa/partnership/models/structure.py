"""The partnership's structure: who sits on each group, the independent scrutiny it commissions,
and the reviews of its list of relevant agencies (seed 001 §5.9–5.21, seed 002 "Governance").

The groups themselves are `Group` (models/area.py); the relevant agencies register is the
partnership's `accounts.Engagement` rows with organisations of kind relevant agency.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from masa.core.permissions import Permission, reach


class GroupMemberQuerySet(models.QuerySet["GroupMember"]):
    """The members of the groups a person may see (all members of a group they may see)."""

    def _within(self, user: Any, permission: Permission) -> GroupMemberQuerySet:
        from masa.partnership.models.area import Group

        groups = Group.objects.all()._within(user, permission)
        return self.filter(group__in=groups.values("pk"))

    def visible_to(self, user: Any) -> GroupMemberQuerySet:
        return self._within(user, Permission.VIEW_GROUPS)

    def changeable_by(self, user: Any) -> GroupMemberQuerySet:
        return self._within(user, Permission.MANAGE_GROUPS)


class GroupMember(models.Model):
    """An organisation's seat on a group, with the person who fills it; a deputy stands in."""

    group = models.ForeignKey("partnership.Group", on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="group_seats"
    )
    person = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_seats",
    )
    is_deputy = models.BooleanField(default=False)
    role_note = models.CharField(
        "role on the group",
        max_length=120,
        blank=True,
        help_text="For example, education representative, or attends for the scrutineer.",
    )

    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "is_deputy", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation", "is_deputy"],
                name="one_member_and_one_deputy_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(is_deputy=False) | Q(person__isnull=False),
                name="a_deputy_is_a_named_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.group}"


class PartnershipScopedQuerySet(models.QuerySet[Any]):
    """Records of the whole partnership: only roles granted at partnership scope see them."""

    view_permission: Permission
    change_permission: Permission

    def _within(self, user: Any, permission: Permission) -> Any:
        return self.filter(partnership__in=reach(user, permission).partnership_ids)

    def visible_to(self, user: Any) -> Any:
        return self._within(user, self.view_permission)

    def changeable_by(self, user: Any) -> Any:
        return self._within(user, self.change_permission)


class ScrutinyRoleQuerySet(PartnershipScopedQuerySet):
    view_permission = Permission.VIEW_GROUPS
    change_permission = Permission.MANAGE_GROUPS


class ScrutinyRole(models.Model):
    """An independent scrutiny role the partners commission: who holds it, for how many days
    a year, and the scrutiny activities planned (seed 001 §5.11–5.20; seed 002 "Governance")."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="scrutiny_roles"
    )
    name = models.CharField(max_length=160)
    scrutineer = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scrutiny_roles",
    )
    days_per_year = models.PositiveSmallIntegerField(null=True, blank=True)
    activities = models.TextField(blank=True, help_text="The planned activities, one a line.")
    commissioned_from = models.DateField(null=True, blank=True)

    objects = ScrutinyRoleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="unique_scrutiny_role_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def activity_list(self) -> list[str]:
        return [line.strip() for line in self.activities.splitlines() if line.strip()]


class RegisterReviewQuerySet(PartnershipScopedQuerySet):
    view_permission = Permission.VIEW_AGENCY_REGISTER
    change_permission = Permission.MANAGE_AGENCY_REGISTER


class RegisterReview(models.Model):
    """A review of the list of relevant agencies as a whole (seed 001 §5.21: "The Safeguarding
    Partners will regularly review the list of relevant agencies")."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="register_reviews"
    )
    reviewed_on = models.DateField()
    next_review_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="register_reviews",
    )
    agencies_listed = models.PositiveIntegerField(
        help_text="How many relevant agencies were on the register when it was reviewed."
    )

    objects = RegisterReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        get_latest_by = ["reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"Review of the relevant agencies register, {self.reviewed_on:%-d %B %Y}"
