"""The risk register and the challenge log (seed 003 §6.2, §13).

A risk is scored likelihood × impact on the four-point scales of the letter-and-number
ratings seed 001 §10 prints ("D2", "C2"): likelihood A (very likely) to D (rare), impact 1
(catastrophic) to 4 (minor). Each re-assessment is a new row of `RiskAssessment`, never
changed afterwards; the risk carries its latest scores (and the score before them, for the
trend) so the register sorts in the database.

A challenge is a concern the partnership raises with an organisation. Every step (raised,
response recorded, assurance recorded, closed, reopened) is a `ChallengeEvent` row, never
changed afterwards; the challenge carries its current state.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q

from masa.core.permissions import Permission, ScopedQuerySet, reach

# -- Scales and bands ------------------------------------------------------------------------


class Likelihood(models.IntegerChoices):
    """Seed 001 §10 rates likelihood by letter; A is the most likely. The value is the points."""

    A = 4, "A – Very likely"
    B = 3, "B – Likely"
    C = 2, "C – Unlikely"
    D = 1, "D – Rare"


class Impact(models.IntegerChoices):
    """Seed 001 §10 rates impact by number; 1 is the worst. The value is the points."""

    ONE = 4, "1 – Catastrophic"
    TWO = 3, "2 – Major"
    THREE = 2, "3 – Moderate"
    FOUR = 1, "4 – Minor"


LIKELIHOOD_LETTER = {4: "A", 3: "B", 2: "C", 1: "D"}
IMPACT_NUMBER = {4: "1", 3: "2", 2: "3", 1: "4"}

# Score = likelihood points × impact points, from 1 to 16. The bands of the 4 × 4 matrix:
LOW_MAX_SCORE = 3  # 1–3 low
MEDIUM_MAX_SCORE = 6  # 4–6 medium; 8–16 high


def rating_code(likelihood: int, impact: int) -> str:
    """The rating the way seed 001 §10 prints it: likelihood letter, impact number ("D2")."""
    return f"{LIKELIHOOD_LETTER[likelihood]}{IMPACT_NUMBER[impact]}"


def band_of(score: int) -> str:
    if score <= LOW_MAX_SCORE:
        return "low"
    if score <= MEDIUM_MAX_SCORE:
        return "medium"
    return "high"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


# -- Risks -----------------------------------------------------------------------------------


class RiskQuerySet(ScopedQuerySet["Risk"]):
    view_permission = Permission.VIEW_RISKS
    change_permission = Permission.MANAGE_RISKS
    partnership_path = "partnership"
    organisation_path = "owning_organisation"

    def review_overdue(self, today: datetime.date) -> RiskQuerySet:
        return self.filter(status=RiskStatus.OPEN, review_on__lt=today)


class Risk(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="risks"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    cause = models.TextField(blank=True)
    consequence = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)
    owner = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_risks",
    )
    owning_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="owned_risks"
    )
    review_on = models.DateField()
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    # The latest assessment, and the score of the one before it (set only by the services).
    likelihood = models.PositiveSmallIntegerField(choices=Likelihood.choices)
    impact = models.PositiveSmallIntegerField(choices=Impact.choices)
    assessed_on = models.DateField()
    previous_score = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_on__isnull=False))
                | (Q(status="open") & Q(closed_on__isnull=True)),
                name="risk_closed_on_exactly_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=4, impact__gte=1, impact__lte=4),
                name="risk_scores_on_the_four_point_scales",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return band_of(self.score)

    @property
    def rating(self) -> str:
        return rating_code(self.likelihood, self.impact)

    @property
    def trend(self) -> str:
        """'up', 'down' or 'same' against the assessment before; 'new' for the first."""
        if self.previous_score is None:
            return "new"
        if self.score > self.previous_score:
            return "up"
        if self.score < self.previous_score:
            return "down"
        return "same"

    def review_overdue(self, today: datetime.date) -> bool:
        return self.status == RiskStatus.OPEN and self.review_on < today


class RiskAssessmentQuerySet(ScopedQuerySet["RiskAssessment"]):
    view_permission = Permission.VIEW_RISKS
    change_permission = Permission.MANAGE_RISKS
    partnership_path = "risk__partnership"
    organisation_path = "risk__owning_organisation"


class RiskAssessment(models.Model):
    """One assessment of a risk: appended by the services, never changed."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    likelihood = models.PositiveSmallIntegerField(choices=Likelihood.choices)
    impact = models.PositiveSmallIntegerField(choices=Impact.choices)
    note = models.TextField(blank=True)
    assessed_by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_assessments",
    )
    recorded_at = models.DateTimeField()

    objects = RiskAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["assessed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=4, impact__gte=1, impact__lte=4),
                name="assessment_scores_on_the_four_point_scales",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} on {self.assessed_on:%-d %B %Y}"

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return band_of(self.score)

    @property
    def rating(self) -> str:
        return rating_code(self.likelihood, self.impact)


# -- Challenges ------------------------------------------------------------------------------

# An open challenge with no response this many working days after it was raised is late.
RESPONSE_DUE_WORKING_DAYS = 20


class ChallengeStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ChallengeQuerySet(ScopedQuerySet["Challenge"]):
    view_permission = Permission.VIEW_CHALLENGES
    change_permission = Permission.RAISE_CHALLENGES
    partnership_path = "partnership"
    organisation_path = "organisation"

    def respondable_by(self, user: Any) -> ChallengeQuerySet:
        """Those this person may record a response to: their organisation's, as its agency
        lead, or any in the partnership, as its business manager."""
        return self.filter(
            reach(user, Permission.RESPOND_TO_CHALLENGES).q(
                partnership_path=self.partnership_path, organisation_path=self.organisation_path
            )
        )

    def late(self, today: datetime.date) -> ChallengeQuerySet:
        return self.filter(
            status=ChallengeStatus.OPEN, responded_on__isnull=True, response_due_on__lt=today
        )

    def awaiting_response(self) -> ChallengeQuerySet:
        return self.filter(status=ChallengeStatus.OPEN, responded_on__isnull=True)


class Challenge(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="challenges"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="challenges"
    )
    subject = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    raised_by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges_raised",
    )
    raised_on = models.DateField()
    response_due_on = models.DateField()
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    assurance_received = models.BooleanField(null=True, blank=True)
    assurance = models.TextField(blank=True)
    assurance_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_on__isnull=False))
                | (Q(status="open") & Q(closed_on__isnull=True)),
                name="challenge_closed_on_exactly_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.subject[:80]

    def is_late(self, today: datetime.date) -> bool:
        return (
            self.status == ChallengeStatus.OPEN
            and self.responded_on is None
            and self.response_due_on < today
        )


class ChallengeEventKind(models.TextChoices):
    RAISED = "raised", "Raised"
    RESPONDED = "responded", "Response recorded"
    ASSURANCE = "assurance", "Assurance recorded"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"


class ChallengeEventQuerySet(ScopedQuerySet["ChallengeEvent"]):
    view_permission = Permission.VIEW_CHALLENGES
    change_permission = Permission.RESPOND_TO_CHALLENGES
    partnership_path = "challenge__partnership"
    organisation_path = "challenge__organisation"


class ChallengeEvent(models.Model):
    """One step in a challenge's history: appended by the services, never changed."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=ChallengeEventKind.choices)
    occurred_on = models.DateField()
    by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenge_events",
    )
    text = models.TextField(blank=True)
    assurance_received = models.BooleanField(null=True, blank=True)
    recorded_at = models.DateTimeField()

    objects = ChallengeEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%-d %B %Y}"
