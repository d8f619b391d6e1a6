"""What the risk and challenge pages show: tags with their words, trends in words, dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from masa.risks.models import (
    Challenge,
    ChallengeStatus,
    Impact,
    Likelihood,
    Risk,
    RiskAssessment,
    band_of,
)

BAND_TAGS = {
    "low": ("Low", "govuk-tag--green"),
    "medium": ("Medium", "govuk-tag--yellow"),
    "high": ("High", "govuk-tag--red"),
}


@dataclass(frozen=True)
class Tag:
    text: str
    css: str


def score_tag(score: int) -> Tag:
    text, css = BAND_TAGS[band_of(score)]
    return Tag(f"{text} ({score})", css)


def trend_text(score: int, previous: int | None) -> str:
    if previous is None:
        return "First assessment"
    if score > previous:
        return f"Up from {previous}"
    if score < previous:
        return f"Down from {previous}"
    return f"No change from {previous}"


def likelihood_text(value: int) -> str:
    return Likelihood(value).label


def impact_text(value: int) -> str:
    return Impact(value).label


@dataclass(frozen=True)
class RiskRow:
    risk: Risk
    tag: Tag
    trend: str
    review_overdue: bool

    @property
    def likelihood(self) -> str:
        return likelihood_text(self.risk.likelihood)

    @property
    def impact(self) -> str:
        return impact_text(self.risk.impact)


def risk_row(risk: Risk, today: datetime.date) -> RiskRow:
    return RiskRow(
        risk=risk,
        tag=score_tag(risk.score),
        trend=trend_text(risk.score, risk.previous_score),
        review_overdue=risk.review_overdue(today),
    )


@dataclass(frozen=True)
class AssessmentRow:
    assessment: RiskAssessment
    tag: Tag
    trend: str
    likelihood: str
    impact: str


def assessment_rows(assessments: list[RiskAssessment]) -> list[AssessmentRow]:
    """Oldest first in, newest first out, each with its trend against the one before."""
    rows = []
    previous: int | None = None
    for assessment in assessments:
        rows.append(
            AssessmentRow(
                assessment=assessment,
                tag=score_tag(assessment.score),
                trend=trend_text(assessment.score, previous),
                likelihood=likelihood_text(assessment.likelihood),
                impact=impact_text(assessment.impact),
            )
        )
        previous = assessment.score
    return list(reversed(rows))


def challenge_tag(challenge: Challenge, today: datetime.date) -> Tag:
    if challenge.status == ChallengeStatus.CLOSED:
        return Tag("Closed", "govuk-tag--grey")
    if challenge.is_late(today):
        return Tag("Late: no response", "govuk-tag--red")
    if challenge.responded_on is None:
        return Tag("Awaiting response", "govuk-tag--yellow")
    return Tag("Response received", "govuk-tag--blue")


def assurance_text(challenge: Challenge) -> str:
    if challenge.assurance_received is None:
        return "Not recorded"
    return "Yes" if challenge.assurance_received else "No"


@dataclass(frozen=True)
class ChallengeRow:
    challenge: Challenge
    tag: Tag
    assurance: str


def challenge_row(challenge: Challenge, today: datetime.date) -> ChallengeRow:
    return ChallengeRow(challenge, challenge_tag(challenge, today), assurance_text(challenge))
