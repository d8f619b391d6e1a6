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


# -- Practice reviews and other learning reviews ----------------------------------------------
#
# A review is a child safeguarding practice review (CSPR) or another learning review (seed 002;
# seed 003 §8–9). Some follow a case's rapid review; thematic ones have no case. Findings,
# good practice and recommendations are tagged with themes from a maintained list, so the
# recurrence of a theme can be counted across reviews and years (issue 5 "Recurrent learning").


@dataclass(frozen=True)
class MonthClockRule:
    """A clock counted in calendar months, and where it comes from."""

    name: str
    months: int
    starts: str
    source: str
    in_force_from: datetime.date


# ../shared/research/mission-anchors.md §2.2: WT2018 "publish within 6 months of the decision
# to initiate"; WT2023 keeps the normal expectation of completion within six months.
PUBLICATION_CLOCK = MonthClockRule(
    "Practice review published",
    6,
    "the decision to initiate the review, plus any recorded pauses",
    "Working Together 2018 chapter 4; Working Together 2023 chapter 5",
    datetime.date(2018, 6, 29),
)
# The final report goes to the Panel and the Secretary of State (DfE) at least seven working
# days before publication (mission-anchors §2.2, WT2023).
ADVANCE_NOTICE_CLOCK = ClockRule(
    "Report sent to the Panel and DfE before publication",
    7,
    "the planned publication date (counted back)",
    "Working Together 2023 chapter 5",
    datetime.date(2018, 6, 29),
)


class ReviewKind(models.TextChoices):
    CSPR = "cspr", "Child safeguarding practice review"
    THEMATIC = "thematic", "Thematic review"
    LEARNING_EVENT = "learning_event", "Learning event"
    APPRECIATIVE_INQUIRY = "appreciative_inquiry", "Appreciative inquiry"
    SAFEGUARDING_CONVERSATION = "safeguarding_conversation", "Safeguarding conversation"
    MAPPA = "mappa", "MAPPA-led review"
    CCG = "ccg", "CCG-led review"
    OTHER = "other", "Other learning review"


class ReviewStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Report completed"
    PUBLISHED = "published", "Published"
    NOT_PUBLISHED = "not_published", "Completed, not for publication"


def _review_reach_q(user: object, permission: Permission, *, prefix: str = "") -> Q:
    """Reviews in `user`'s reach for `permission`: the whole partnership for partnership-wide
    roles; for an organisation, the reviews of cases it raised and those in which it owns an
    action."""
    from masa.core.permissions import reach

    where = reach(user, permission)
    if where.is_empty:
        return Q(pk__in=[])
    condition = Q(**{f"{prefix}partnership__in": where.partnership_ids})
    if where.organisation_ids:
        condition |= Q(**{f"{prefix}case__raised_by_organisation__in": where.organisation_ids})
        condition |= Q(
            **{
                f"{prefix}pk__in": ReviewAction.objects.filter(
                    owning_organisation__in=where.organisation_ids
                ).values("recommendation__review")
            }
        )
    return condition


class ReviewQuerySet(models.QuerySet["Review"]):
    def visible_to(self, user: object) -> ReviewQuerySet:
        return self.filter(_review_reach_q(user, Permission.VIEW_REVIEWS))

    def changeable_by(self, user: object) -> ReviewQuerySet:
        return self.filter(_review_reach_q(user, Permission.MANAGE_REVIEWS))

    def approvable_by(self, user: object) -> ReviewQuerySet:
        return self.filter(_review_reach_q(user, Permission.APPROVE_REVIEW_PUBLICATION))

    def published(self) -> ReviewQuerySet:
        """What the public sees: reviews with an approved, published publication."""
        return self.filter(
            published_on__isnull=False,
            publications__approved_by__isnull=False,
            publications__published_on__isnull=False,
        ).distinct()


class Review(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="reviews"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField(max_length=30, choices=ReviewKind.choices)
    # Pseudonyms only: "Child L and Child J", "Fenestra".
    title = models.CharField(max_length=200)
    # An independent reviewer is usually not a MASA user.
    reviewer_name = models.CharField(max_length=150, blank=True)
    reviewer_organisation = models.CharField(max_length=200, blank=True)
    methodology = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)
    # The date of the decision to initiate the review: the six-month clock starts here.
    started_on = models.DateField()
    # Computed by the services: started_on + PUBLICATION_CLOCK months + paused_days.
    paused_days = models.PositiveIntegerField(default=0)
    publication_expected = models.DateField(null=True, blank=True)
    # Advance notice to the Panel and DfE before publication.
    publication_planned_on = models.DateField(null=True, blank=True)
    advance_notice_due_on = models.DateField(null=True, blank=True)
    advance_notice_sent_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=15, choices=ReviewStatus.choices, default=ReviewStatus.IN_PROGRESS
    )
    published_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def is_late(self, today: datetime.date) -> bool:
        due = self.publication_expected
        if due is None:
            return False
        return (self.published_on or today) > due


class _ThroughReviewQuerySet[M: models.Model](models.QuerySet[M]):
    """Rows that belong to a review: seen and changed by whoever may see or change it."""

    review_path: str = "review"

    def visible_to(self, user: object) -> _ThroughReviewQuerySet[M]:
        return self.filter(
            **{f"{self.review_path}__in": Review.objects.visible_to(user).values("pk")}
        )

    def changeable_by(self, user: object) -> _ThroughReviewQuerySet[M]:
        return self.filter(
            **{f"{self.review_path}__in": Review.objects.changeable_by(user).values("pk")}
        )


class PauseReason(models.TextChoices):
    CRIMINAL_PROCEEDINGS = "criminal_proceedings", "Criminal proceedings"
    INQUEST = "inquest", "Coroner's inquest"
    FAMILY = "family", "Waiting to hear from the family"
    OTHER = "other", "Other reason"


class ReviewPauseQuerySet(_ThroughReviewQuerySet["ReviewPause"]):
    pass


class ReviewPause(models.Model):
    """A recorded pause (e.g. for criminal proceedings): it moves the expected publication."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=25, choices=PauseReason.choices)
    note = models.TextField(blank=True)
    started_on = models.DateField()
    # Open while the pause goes on.
    ended_on = models.DateField(null=True, blank=True)

    objects = ReviewPauseQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="review_pause_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"Pause of review {self.review_id} from {self.started_on}"

    def days(self, today: datetime.date) -> int:
        end = self.ended_on or today
        return max((end - self.started_on).days, 0)


class ReviewMilestoneQuerySet(_ThroughReviewQuerySet["ReviewMilestone"]):
    pass


class ReviewMilestone(models.Model):
    """A point at which the partners monitor the review's time and quality (SI 2018/789
    reg 14): terms of reference agreed, practitioner event, draft report, and so on."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="milestones")
    what = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    # What the partners thought of the quality at this point.
    quality_note = models.TextField(blank=True)

    objects = ReviewMilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what

    def is_late(self, today: datetime.date) -> bool:
        return (self.done_on or today) > self.due_on


class Theme(models.Model):
    """The maintained list of learning themes (public facts: no scope)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FindingKind(models.TextChoices):
    FINDING = "finding", "Finding"
    GOOD_PRACTICE = "good_practice", "Good practice"


class FindingQuerySet(_ThroughReviewQuerySet["Finding"]):
    pass


class Finding(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=15, choices=FindingKind.choices, default=FindingKind.FINDING)
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="findings")
    position = models.PositiveIntegerField(default=0)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["review", "position", "pk"]

    def __str__(self) -> str:
        return f"Finding {self.pk} of review {self.review_id}"


class ReviewRecommendationQuerySet(_ThroughReviewQuerySet["ReviewRecommendation"]):
    pass


class ReviewRecommendation(models.Model):
    """A review's recommendation (the rapid review's decision is `Recommendation` above)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    addressed_to_partnership = models.BooleanField(default=False)
    addressed_to = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="review_recommendations"
    )
    position = models.PositiveIntegerField(default=0)

    objects = ReviewRecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "position", "pk"]

    def __str__(self) -> str:
        return f"Recommendation {self.pk} of review {self.review_id}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CLOSED = "closed", "Closed"


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ReviewActionQuerySet(ScopedQuerySet["ReviewAction"]):
    view_permission = Permission.VIEW_REVIEWS
    change_permission = Permission.MANAGE_REVIEWS
    partnership_path = "recommendation__review__partnership"
    organisation_path = "owning_organisation"

    def still_open(self) -> ReviewActionQuerySet:
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    # Action plans (learning/actions.py): the owner always sees their own action; the owner
    # and the owning organisation's lead (VIEW_REVIEWS for their own organisation) update its
    # status and evidence; the business unit (MANAGE_REVIEWS) changes any of the partnership's.
    def _own_q(self, user: object) -> Q:
        signed_in = getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)
        own = getattr(user, "pk", None) if signed_in else None
        return Q(owner_id=own) if own is not None else Q(pk__in=[])

    def visible_to(self, user: object) -> ReviewActionQuerySet:
        from masa.core.permissions import reach

        return self.filter(
            reach(user, self.view_permission).q(
                partnership_path=self.partnership_path, organisation_path=self.organisation_path
            )
            | self._own_q(user)
        )

    def changeable_by(self, user: object) -> ReviewActionQuerySet:
        from masa.core.permissions import Reach, reach

        where = Reach(
            reach(user, Permission.MANAGE_REVIEWS).partnership_ids,
            reach(user, Permission.VIEW_REVIEWS).organisation_ids,
        )
        return self.filter(
            where.q(
                partnership_path=self.partnership_path, organisation_path=self.organisation_path
            )
            | self._own_q(user)
        )

    def overdue(self, today: datetime.date) -> ReviewActionQuerySet:
        return self.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)


class ReviewAction(models.Model):
    """An action of a review's action plan, owned by one organisation (issue 5 step 6)."""

    recommendation = models.ForeignKey(
        ReviewRecommendation, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField()
    owning_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="review_actions"
    )
    owner = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_actions",
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=15, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    evidence_of_completion = models.TextField(blank=True)
    evidence_of_impact = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Action {self.pk} of recommendation {self.recommendation_id}"

    def is_late(self, today: datetime.date) -> bool:
        return self.status in OPEN_ACTION_STATUSES and today > self.due_on


class DisseminationKind(models.TextChoices):
    BULLETIN = "bulletin", "Learning bulletin"
    BRIEFING = "briefing", "Briefing"
    PRACTITIONER_SESSION = "practitioner_session", "Practitioner session"
    AGENCY_PRESENTATION = "agency_presentation", "Presentation to an agency"
    OTHER = "other", "Other"


class DisseminationQuerySet(_ThroughReviewQuerySet["Dissemination"]):
    pass


class Dissemination(models.Model):
    """How a review's learning was spread (issue 5 step 7)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="disseminations")
    kind = models.CharField(max_length=25, choices=DisseminationKind.choices)
    held_on = models.DateField()
    audience = models.TextField(blank=True)
    attendance = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)

    objects = DisseminationQuerySet.as_manager()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"


class PublicationKind(models.TextChoices):
    SUMMARY = "summary", "Public summary"
    FULL_REPORT = "full_report", "Full report"


class PublicationQuerySet(_ThroughReviewQuerySet["Publication"]):
    def published(self) -> PublicationQuerySet:
        return self.filter(approved_by__isnull=False, published_on__isnull=False)


class Publication(models.Model):
    """A public summary or the report, prepared by one person and approved by another
    (SECURITY.md T10). The file went through `masa.documents.uploads` (ADR 0005): checked,
    scanned, stripped of metadata and stored under a random name; the row keeps what the
    page and the audit trail need, as `documents.Paper` does."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="publications")
    what = models.CharField(max_length=15, choices=PublicationKind.choices)
    # The short public summary shown on the public page (pseudonyms only).
    summary = models.TextField(blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    file_kind = models.CharField(max_length=10, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    stored_name = models.CharField(max_length=32, blank=True)
    prepared_by = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, related_name="review_publications_prepared"
    )
    prepared_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_publications_approved",
    )
    approved_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "prepared_at", "pk"]
        constraints = [
            # Maker-checker: the approver is never the person who prepared it.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("prepared_by")),
                name="publication_approver_is_not_preparer",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(approved_by__isnull=False),
                name="publication_published_only_once_approved",
            ),
            models.UniqueConstraint(
                fields=["stored_name"],
                condition=~Q(stored_name=""),
                name="publication_stored_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_what_display()} of review {self.review_id}"

    @property
    def download_name(self) -> str:
        from masa.documents.uploads import Kind

        return f"review-{self.review_id}-{self.what}.{Kind(self.file_kind).extension}"
