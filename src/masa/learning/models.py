"""Cases for consideration, serious incident notifications and rapid reviews (DOMAIN.md
function 10; seed 002 "Child Safeguarding Practice Reviews").

A case never names the child: it has a reference made from the partnership's short name, the
year and a sequence ("SSCP-2026-007"), and later a pseudonym the business unit sets ("Child
L"). The clocks are computed by the services with `masa.core.calendar` and stored, so lists
sort and filter on them in the database. A later review (CSPR or other learning review)
attaches to a case with its own model pointing here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from masa.core.permissions import Permission, ScopedQuerySet


@dataclass(frozen=True)
class ClockRule:
    """A statutory clock: how many working days after what, and where it comes from."""

    name: str
    working_days: int
    starts: str
    source: str
    in_force_from: datetime.date


# DOMAIN.md "Statutory clocks"; ../shared/research/mission-anchors.md §2.2.
NOTIFICATION_CLOCK = ClockRule(
    "Serious incident notification to the Panel",
    5,
    "the local authority becomes aware",
    "Working Together 2018/2023; Panel FAQ",
    datetime.date(2018, 6, 29),
)
RAPID_REVIEW_CLOCK = ClockRule(
    "Rapid review sent to the Panel",
    15,
    "the notification is submitted",
    "Panel FAQ (rapid reviews)",
    datetime.date(2018, 6, 29),
)


class AgeBand(models.TextChoices):
    UNBORN = "unborn", "Unborn"
    UNDER_1 = "under_1", "Under 1 year"
    ONE_TO_4 = "1_4", "1 to 4 years"
    FIVE_TO_10 = "5_10", "5 to 10 years"
    ELEVEN_TO_15 = "11_15", "11 to 15 years"
    SIXTEEN_TO_17 = "16_17", "16 or 17 years"
    CARE_LEAVER = "18_plus", "18 or over (care leaver)"
    NOT_KNOWN = "not_known", "Not known"


# Seed 002: "Whether the case: ..." – the criteria the partners have regard to.
class Criterion(models.TextChoices):
    IMPROVEMENTS = (
        "improvements",
        "Highlights or may highlight improvements needed to safeguard and promote the welfare "
        "of children, including where those improvements have been previously identified",
    )
    RECURRENT_THEMES = (
        "recurrent_themes",
        "Highlights or may highlight recurrent themes in the safeguarding and promotion of the "
        "welfare of children",
    )
    WORKING_TOGETHER = (
        "working_together",
        "Highlights or may highlight concerns regarding two or more organisations or agencies "
        "working together effectively to safeguard and promote the welfare of children",
    )
    PANEL_VIEW = (
        "panel_view",
        "Is one which the Child Safeguarding Practice Review Panel have considered and "
        "concluded a local review may be more appropriate",
    )


CRITERION_FIELDS = {
    Criterion.IMPROVEMENTS: "meets_improvements",
    Criterion.RECURRENT_THEMES: "meets_recurrent_themes",
    Criterion.WORKING_TOGETHER: "meets_working_together",
    Criterion.PANEL_VIEW: "meets_panel_view",
}


class Recommendation(models.TextChoices):
    CSPR = "cspr", "Child safeguarding practice review"
    OTHER_REVIEW = "other_review", "Another learning review"
    NO_REVIEW = "no_review", "No further review"


class PanelResponse(models.TextChoices):
    AGREES = "agrees", "Agrees"
    DISAGREES = "disagrees", "Disagrees"


class CaseQuerySet(ScopedQuerySet["Case"]):
    view_permission = Permission.VIEW_CASES
    change_permission = Permission.MANAGE_CASES
    partnership_path = "partnership"
    organisation_path = "raised_by_organisation"

    def awaiting_notification(self) -> CaseQuerySet:
        return self.filter(became_aware_on__isnull=False, notified_on__isnull=True)

    def awaiting_rapid_review(self) -> CaseQuerySet:
        return self.filter(notified_on__isnull=False, rapid_review_sent_on__isnull=True)

    def not_yet_started(self) -> CaseQuerySet:
        """Raised, with nothing recorded yet by the business unit."""
        return self.filter(became_aware_on__isnull=True, decided_on__isnull=True)


class Case(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="cases"
    )
    reference = models.CharField(max_length=40, unique=True)
    pseudonym = models.CharField(max_length=80, blank=True)
    # The case for consideration.
    raised_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases_raised"
    )
    raised_by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_raised",
    )
    raised_on = models.DateField()
    what_happened = models.TextField()
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    circumstances = models.TextField(blank=True)
    agencies_involved = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="cases_involved_in"
    )
    why_criteria = models.TextField(blank=True)
    # The serious incident notification to the national Panel.
    became_aware_on = models.DateField(null=True, blank=True)
    notification_due_on = models.DateField(null=True, blank=True)
    notified_on = models.DateField(null=True, blank=True)
    # The rapid review.
    rapid_review_due_on = models.DateField(null=True, blank=True)
    rapid_review_meeting_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    meets_improvements = models.BooleanField(default=False)
    meets_recurrent_themes = models.BooleanField(default=False)
    meets_working_together = models.BooleanField(default=False)
    meets_panel_view = models.BooleanField(default=False)
    recommendation = models.CharField(max_length=15, choices=Recommendation.choices, blank=True)
    partners_agree = models.BooleanField(null=True, blank=True)
    scrutineer_view = models.TextField(blank=True)
    rapid_review_sent_on = models.DateField(null=True, blank=True)
    panel_response = models.CharField(max_length=10, choices=PanelResponse.choices, blank=True)
    panel_response_on = models.DateField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(notified_on__isnull=True) | Q(became_aware_on__isnull=False),
                name="case_notified_only_once_aware",
            ),
            models.CheckConstraint(
                condition=Q(rapid_review_sent_on__isnull=True) | Q(notified_on__isnull=False),
                name="case_rapid_review_sent_only_once_notified",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def criteria(self) -> list[str]:
        return [str(c) for c, name in CRITERION_FIELDS.items() if getattr(self, name)]

    def criteria_labels(self) -> list[str]:
        return [Criterion(c).label for c in self.criteria]

    def notification_late(self, today: datetime.date) -> bool:
        due = self.notification_due_on
        if due is None:
            return False
        return (self.notified_on or today) > due

    def rapid_review_late(self, today: datetime.date) -> bool:
        due = self.rapid_review_due_on
        if due is None:
            return False
        return (self.rapid_review_sent_on or today) > due


class CaseInfoRequestQuerySet(ScopedQuerySet["CaseInfoRequest"]):
    view_permission = Permission.VIEW_CASES
    change_permission = Permission.MANAGE_CASES
    partnership_path = "case__partnership"
    organisation_path = "case__raised_by_organisation"


class CaseInfoRequest(models.Model):
    """The rapid review's request to one agency for what it knows, and when it replied."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="info_requests")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="case_info_requests"
    )
    requested_on = models.DateField()
    due_on = models.DateField()
    replied_on = models.DateField(null=True, blank=True)

    objects = CaseInfoRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"], name="one_info_request_per_agency_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"Request to organisation {self.organisation_id} for case {self.case_id}"

    def is_late(self, today: datetime.date) -> bool:
        return (self.replied_on or today) > self.due_on
