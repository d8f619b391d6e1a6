"""The partnership itself: its area, and the groups through which it works."""

from __future__ import annotations

from django.db import models


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


class Group(models.Model):
    """A group through which the partnership works: its executive, subgroups and panels."""

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

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_group_name")
        ]

    def __str__(self) -> str:
        return self.name
