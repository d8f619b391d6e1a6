"""The partnership's published arrangements (Children Act 2004 s.16G; seed 002 is one).

The business manager edits a draft, one section at a time; an approver (a lead or delegated
safeguarding partner, or the chair) approves it, which freezes every section as rendered,
the records included, into a numbered `Version` that the public reads. Statutory milestones
(publish, notify the Secretary of State, implement) are data: each has its due date, where
that date comes from, and the date it was done.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import QuerySet

from masa.core.permissions import Permission, reach


def _in_reach(queryset: QuerySet[Any], user: object, permission: Permission, path: str) -> Any:
    """Records of the partnerships where `user` holds `permission`: these are partnership
    records with no organisation, so only PARTNERSHIP scope reaches them."""
    return queryset.filter(**{f"{path}__in": reach(user, permission).partnership_ids})


class SectionKey(models.TextChoices):
    """The sections, in the order the published document numbers them (seed 002)."""

    INTRODUCTION = "introduction", "Introduction"
    AREA = "area", "Geographic area"
    LEADERSHIP = "leadership", "Leadership arrangements"
    RELEVANT_AGENCIES = "relevant_agencies", "Relevant agencies"
    PARTICIPATION = "participation", "Participation arrangements"
    GOVERNANCE = "governance", "Governance and scrutiny arrangements"
    RESOURCING = "resourcing", "Resourcing"
    REVIEWS = "reviews", "Child safeguarding practice reviews"
    TRAINING = "training", "Multi-agency training"
    PROTOCOLS = "protocols", "Protocols and policies"


class ArrangementsQuerySet(QuerySet["Arrangements"]):
    def visible_to(self, user: object) -> ArrangementsQuerySet:
        return _in_reach(self, user, Permission.VIEW_ARRANGEMENT_DRAFTS, "partnership")

    def changeable_by(self, user: object) -> ArrangementsQuerySet:
        return _in_reach(self, user, Permission.EDIT_ARRANGEMENTS, "partnership")

    def approvable_by(self, user: object) -> ArrangementsQuerySet:
        return _in_reach(self, user, Permission.APPROVE_ARRANGEMENTS, "partnership")


class Arrangements(models.Model):
    """One partnership's arrangements: the draft being edited, and its versions."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="arrangements"
    )
    title = models.CharField(max_length=200, default="Multi-agency safeguarding arrangements")
    resourcing_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The budget year the resourcing section shows: 2024 is 2024/25.",
    )

    objects = ArrangementsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "arrangements"

    def __str__(self) -> str:
        return f"Arrangements of {self.partnership}"


class DraftSectionQuerySet(QuerySet["DraftSection"]):
    def visible_to(self, user: object) -> DraftSectionQuerySet:
        return _in_reach(
            self, user, Permission.VIEW_ARRANGEMENT_DRAFTS, "arrangements__partnership"
        )

    def changeable_by(self, user: object) -> DraftSectionQuerySet:
        return _in_reach(self, user, Permission.EDIT_ARRANGEMENTS, "arrangements__partnership")


class DraftSection(models.Model):
    """The narrative of one section of the draft: plain text, paragraphs separated by an empty
    line, lines starting with "- " as a bulleted list. Never HTML."""

    arrangements = models.ForeignKey(
        Arrangements, on_delete=models.CASCADE, related_name="sections"
    )
    key = models.CharField(max_length=30, choices=SectionKey.choices)
    body = models.TextField(blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = DraftSectionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["arrangements", "key"], name="one_draft_per_section")
        ]

    def __str__(self) -> str:
        return self.get_key_display()

    @property
    def number(self) -> int:
        return SectionKey.values.index(self.key) + 1


class Version(models.Model):
    """An approved, published version: a frozen rendering of every section.

    Versions are public (the arrangements must be published); reading them needs no scope."""

    arrangements = models.ForeignKey(
        Arrangements, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    approved_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    # As they were when they approved it: names and roles change, the version does not.
    approved_by_name = models.CharField(max_length=150)
    approved_by_role = models.CharField(max_length=250)
    approved_at = models.DateTimeField()
    published_on = models.DateField()
    snapshot = models.JSONField()

    class Meta:
        ordering = ["arrangements", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangements", "number"], name="one_version_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.number}, published {self.published_on:%-d %B %Y}"

    @property
    def title(self) -> str:
        return str(self.snapshot.get("title", ""))


class MilestoneQuerySet(QuerySet["Milestone"]):
    def visible_to(self, user: object) -> MilestoneQuerySet:
        return _in_reach(self, user, Permission.VIEW_ARRANGEMENT_DRAFTS, "partnership")

    def changeable_by(self, user: object) -> MilestoneQuerySet:
        return _in_reach(self, user, Permission.EDIT_ARRANGEMENTS, "partnership")


class Milestone(models.Model):
    """A statutory date for the arrangements: publish, notify, implement (seed 001 §2.3)."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="arrangement_milestones"
    )
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=300, help_text="Where the due date comes from.")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="unique_milestone")
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on < today

    def was_late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due_on
