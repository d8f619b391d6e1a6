"""The business plan: priorities for a plan year, the actions that deliver them, progress
updates with a RAG rating, subgroup highlight reports and the yearly impact record.

Seed 003 §12 sets out a year's priorities as an outcome ("what we want to achieve") and what
the partnership will do for it; §10 looks back on each priority: what was done, how well,
and what difference it made. Subgroup chairs report on their work to the Business Planning
Group (seed 003 §6.1), which scrutinises progress against the plan.

Scope: priorities, impact records and highlight reports belong to the whole partnership;
a plan action is owned by an organisation, so an agency lead sees (and reports progress on)
the actions their organisation owns, and the priorities those actions serve.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission, reach


def _user_pk(user: Any) -> int | None:
    return user.pk if getattr(user, "is_authenticated", False) else None


def _partnerships(user: Any, permission: Permission) -> Q:
    """Rows of the partnerships where the person holds `permission` at partnership scope."""
    return Q(partnership__in=reach(user, permission).partnership_ids)


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


# -- Priorities ------------------------------------------------------------------------------


class PriorityQuerySet(QuerySet["Priority"]):
    def visible_to(self, user: Any) -> PriorityQuerySet:
        """Every priority of the partnership for those who read across it; for an agency lead,
        the priorities their organisation's actions serve (for context)."""
        where = reach(user, Permission.VIEW_BUSINESS_PLAN)
        condition = Q(partnership__in=where.partnership_ids)
        served = PlanAction.objects.visible_to(user).values("priority_id")
        if where.organisation_ids or _user_pk(user) is not None:
            condition |= Q(pk__in=served)
        return self.filter(condition)

    def changeable_by(self, user: Any) -> PriorityQuerySet:
        return self.filter(_partnerships(user, Permission.MANAGE_BUSINESS_PLAN))

    def in_year(self, year: ReportingYear) -> PriorityQuerySet:
        return self.filter(start_year=year.start_year)


class Priority(models.Model):
    """One of the partnership's priorities for a plan year, with the outcome it aims at."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="priorities"
    )
    start_year = models.PositiveSmallIntegerField(
        "plan year", help_text="The year the plan year starts in: 2017 for 2017/18."
    )
    number = models.PositiveSmallIntegerField(help_text="Its place in the plan: 1 comes first.")
    title = models.CharField(max_length=160)
    outcome = models.TextField("outcome", help_text="What we want to achieve.")
    approach = models.TextField(
        "how we will achieve it",
        blank=True,
        help_text="What the partnership will do, one point a line.",
    )

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "start_year", "number"], name="one_priority_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"Priority {self.number}: {self.title} ({self.year.label})"

    @property
    def year(self) -> ReportingYear:
        return ReportingYear(self.start_year)

    def _approach_lines(self) -> list[str]:
        return [line.strip() for line in self.approach.splitlines() if line.strip()]

    @property
    def approach_intro(self) -> str:
        """A first line ending in a colon introduces the points ("We will ... by:")."""
        lines = self._approach_lines()
        return lines[0] if lines and lines[0].endswith(":") else ""

    @property
    def approach_points(self) -> list[str]:
        lines = self._approach_lines()
        return lines[1:] if self.approach_intro else lines


# -- Plan actions ----------------------------------------------------------------------------


class PlanActionQuerySet(QuerySet["PlanAction"]):
    def _within(self, user: Any, permission: Permission, *, owners: bool) -> PlanActionQuerySet:
        condition = reach(user, permission).q(
            partnership_path="priority__partnership", organisation_path="owning_organisation"
        )
        owner = _user_pk(user)
        if owners and owner is not None:
            condition |= Q(owner_id=owner)
        return self.filter(condition)

    def visible_to(self, user: Any) -> PlanActionQuerySet:
        """Every action for those who read across the partnership; the owning organisation's
        for its agency lead; and always the person's own."""
        return self._within(user, Permission.VIEW_BUSINESS_PLAN, owners=True)

    def changeable_by(self, user: Any) -> PlanActionQuerySet:
        """Changing what an action is, who owns it and when it is due: the business unit."""
        return self._within(user, Permission.MANAGE_BUSINESS_PLAN, owners=False)

    def reportable_by(self, user: Any) -> PlanActionQuerySet:
        """Reporting progress: the business unit and subgroup chairs, the owning
        organisation's agency lead, and the action's owner."""
        return self._within(user, Permission.REPORT_PROGRESS, owners=True)

    def overdue(self, today: datetime.date) -> PlanActionQuerySet:
        return self.exclude(status=ActionStatus.COMPLETE).filter(milestone_on__lt=today)


class PlanAction(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_actions",
    )
    owning_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="plan_actions"
    )
    responsible_group = models.ForeignKey(
        "partnership.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_actions",
        verbose_name="responsible subgroup",
    )
    milestone_on = models.DateField("milestone")
    measure_of_success = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    # The RAG of the latest progress update (by its date), kept here by progress_report so
    # lists and summaries count it in the database; blank until progress is first reported.
    rag = models.CharField("current RAG", max_length=10, choices=Rag.choices, blank=True)

    objects = PlanActionQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "milestone_on", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status != ActionStatus.COMPLETE and self.milestone_on < today


# -- Progress updates ------------------------------------------------------------------------


class ProgressUpdateQuerySet(QuerySet["ProgressUpdate"]):
    def visible_to(self, user: Any) -> ProgressUpdateQuerySet:
        """The history of every action the person may see."""
        condition = reach(user, Permission.VIEW_BUSINESS_PLAN).q(
            partnership_path="action__priority__partnership",
            organisation_path="action__owning_organisation",
        )
        owner = _user_pk(user)
        if owner is not None:
            condition |= Q(action__owner_id=owner)
        return self.filter(condition)

    def changeable_by(self, user: Any) -> ProgressUpdateQuerySet:
        """Progress updates are a history: once written, nobody changes them."""
        return self.none()


class ProgressUpdate(models.Model):
    """One report of progress on an action. Append-only: a later report supersedes it."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="updates")
    reported_on = models.DateField()
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices)
    narrative = models.TextField()
    evidence = models.TextField(blank=True)
    status = models.CharField(
        "status of the action after this update", max_length=20, choices=ActionStatus.choices
    )
    reported_by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_progress_updates",
    )

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_rag_display()} on {self.reported_on:%-d %B %Y}"


# -- Highlight reports -----------------------------------------------------------------------


class HighlightReportQuerySet(QuerySet["HighlightReport"]):
    def visible_to(self, user: Any) -> HighlightReportQuerySet:
        """Reports to the Business Planning Group: for those who read across the partnership."""
        ids = reach(user, Permission.VIEW_BUSINESS_PLAN).partnership_ids
        return self.filter(group__partnership__in=ids)

    def changeable_by(self, user: Any) -> HighlightReportQuerySet:
        ids = reach(user, Permission.REPORT_PROGRESS).partnership_ids
        return self.filter(group__partnership__in=ids)


class Quarter(models.IntegerChoices):
    Q1 = 1, "April to June"
    Q2 = 2, "July to September"
    Q3 = 3, "October to December"
    Q4 = 4, "January to March"


class HighlightReport(models.Model):
    """A subgroup's report to the Business Planning Group for one quarter (seed 003 §6.1)."""

    group = models.ForeignKey(
        "partnership.Group",
        on_delete=models.PROTECT,
        related_name="highlight_reports",
        verbose_name="subgroup",
    )
    start_year = models.PositiveSmallIntegerField("year")
    quarter = models.PositiveSmallIntegerField(choices=Quarter.choices)
    summary = models.TextField("summary of progress")
    risks = models.TextField("risks and escalations", blank=True)
    decisions_needed = models.TextField(blank=True)
    written_by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="highlight_reports",
    )
    written_on = models.DateField()

    objects = HighlightReportQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "-quarter", "group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "start_year", "quarter"], name="one_highlight_report_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group.name}: {self.period}"

    @property
    def year(self) -> ReportingYear:
        return ReportingYear(self.start_year)

    @property
    def period(self) -> str:
        return f"{Quarter(self.quarter).label} ({self.year.label})"


# -- What we did, how well, what difference it made ------------------------------------------


class ImpactRecordQuerySet(QuerySet["ImpactRecord"]):
    def visible_to(self, user: Any) -> ImpactRecordQuerySet:
        ids = reach(user, Permission.VIEW_BUSINESS_PLAN).partnership_ids
        return self.filter(priority__partnership__in=ids)

    def changeable_by(self, user: Any) -> ImpactRecordQuerySet:
        ids = reach(user, Permission.MANAGE_BUSINESS_PLAN).partnership_ids
        return self.filter(priority__partnership__in=ids)


class ImpactRecord(models.Model):
    """The look back on one priority's year that the yearly report draws on (seed 003 §10)."""

    priority = models.OneToOneField(Priority, on_delete=models.PROTECT, related_name="impact")
    what_we_did = models.TextField("what we did", blank=True)
    how_well = models.TextField("how well we did it", blank=True)
    difference_made = models.TextField("what difference it made", blank=True)
    evidence_links = models.TextField(
        "evidence",
        blank=True,
        help_text="One a line: a MASA page (like /meetings/4/) or a web address, then what "
        "it shows.",
    )

    objects = ImpactRecordQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Impact of {self.priority}"
