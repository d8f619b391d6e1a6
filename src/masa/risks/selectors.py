"""Reads of the risk register and the challenge log, always scoped to the person asking.

Each list is one query however many rows it has (related rows come with select_related,
counts are aggregated in the database).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from masa.accounts.models import Organisation, Person
from masa.accounts.selectors import current_memberships
from masa.core.permissions import Permission, reach
from masa.partnership.models import Partnership
from masa.risks.models import (
    Challenge,
    ChallengeEvent,
    ChallengeStatus,
    Risk,
    RiskAssessment,
    RiskStatus,
)

RISK_FILTERS = ("open", "closed", "all")
CHALLENGE_FILTERS = ("open", "late", "closed", "all")


# -- Risks -----------------------------------------------------------------------------------


def risk_register(user: Any, status: str = "open") -> QuerySet[Risk]:
    """The risks this person may see, highest score first, then the soonest review."""
    risks = (
        Risk.objects.visible_to(user)
        .annotate(score_value=F("likelihood") * F("impact"))
        .select_related("owner", "owning_organisation")
        .order_by("-score_value", "review_on", "pk")
    )
    if status in (RiskStatus.OPEN, RiskStatus.CLOSED):
        risks = risks.filter(status=status)
    return risks


def risk_counts(user: Any) -> dict[str, int]:
    counts = Risk.objects.visible_to(user).aggregate(
        open=Count("pk", filter=Q(status=RiskStatus.OPEN)),
        closed=Count("pk", filter=Q(status=RiskStatus.CLOSED)),
        all=Count("pk"),
    )
    return {name: counts[name] or 0 for name in RISK_FILTERS}


def risk_for(user: Any, pk: int) -> Risk | None:
    return (
        Risk.objects.visible_to(user)
        .select_related("owner", "owning_organisation", "partnership")
        .filter(pk=pk)
        .first()
    )


def risk_changeable_by(user: Any, pk: int) -> Risk | None:
    return (
        Risk.objects.changeable_by(user)
        .select_related("owner", "owning_organisation", "partnership")
        .filter(pk=pk)
        .first()
    )


def can_manage_risk(user: Any, risk: Risk) -> bool:
    return Risk.objects.changeable_by(user).filter(pk=risk.pk).exists()


def assessments_for(user: Any, risk: Risk) -> list[RiskAssessment]:
    """The risk's assessments, oldest first."""
    return list(
        RiskAssessment.objects.visible_to(user)
        .filter(risk=risk)
        .select_related("assessed_by")
        .order_by("assessed_on", "pk")
    )


def overdue_reviews_for(person: Any, today: datetime.date | None = None) -> list[Risk]:
    """Open risks the person owns (and may see) whose review date has passed (one query)."""
    if not getattr(person, "is_authenticated", False):
        return []
    return list(
        Risk.objects.visible_to(person)
        .filter(owner=person)
        .review_overdue(today or timezone.localdate())
        .order_by("review_on", "pk")
    )


# -- Challenges ------------------------------------------------------------------------------


def challenge_log(user: Any, show: str = "open", today: datetime.date | None = None):
    today = today or timezone.localdate()
    challenges = Challenge.objects.visible_to(user).select_related("organisation", "raised_by")
    if show == "open":
        challenges = challenges.filter(status=ChallengeStatus.OPEN)
    elif show == "late":
        challenges = challenges.late(today)
    elif show == "closed":
        challenges = challenges.filter(status=ChallengeStatus.CLOSED)
    return challenges.order_by("-raised_on", "-pk")


def challenge_counts(user: Any, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = Challenge.objects.visible_to(user).aggregate(
        open=Count("pk", filter=Q(status=ChallengeStatus.OPEN)),
        late=Count(
            "pk",
            filter=Q(
                status=ChallengeStatus.OPEN,
                responded_on__isnull=True,
                response_due_on__lt=today,
            ),
        ),
        closed=Count("pk", filter=Q(status=ChallengeStatus.CLOSED)),
        all=Count("pk"),
    )
    return {name: counts[name] or 0 for name in CHALLENGE_FILTERS}


def challenge_for(user: Any, pk: int) -> Challenge | None:
    return (
        Challenge.objects.visible_to(user)
        .select_related("organisation", "raised_by", "partnership")
        .filter(pk=pk)
        .first()
    )


def challenge_changeable_by(user: Any, pk: int) -> Challenge | None:
    return (
        Challenge.objects.changeable_by(user)
        .select_related("organisation", "raised_by", "partnership")
        .filter(pk=pk)
        .first()
    )


def challenge_respondable_by(user: Any, pk: int) -> Challenge | None:
    return (
        Challenge.objects.respondable_by(user)
        .select_related("organisation", "raised_by", "partnership")
        .filter(pk=pk)
        .first()
    )


def events_for(user: Any, challenge: Challenge) -> list[ChallengeEvent]:
    return list(
        ChallengeEvent.objects.visible_to(user).filter(challenge=challenge).select_related("by")
    )


def challenges_awaiting_response_from(person: Any) -> list[Challenge]:
    """Open challenges with no response yet, raised with an organisation whose agency lead
    this person is (not the whole partnership's, which the business manager sees on the log)."""
    if not getattr(person, "is_authenticated", False):
        return []
    organisations = reach(person, Permission.RESPOND_TO_CHALLENGES).organisation_ids
    if not organisations:
        return []
    return list(
        Challenge.objects.visible_to(person)
        .filter(organisation_id__in=organisations)
        .awaiting_response()
        .select_related("organisation")
        .order_by("response_due_on", "pk")
    )


# -- Choices for the forms -------------------------------------------------------------------


def partnerships_for(user: Any, permission: Permission) -> list[Partnership]:
    ids = reach(user, permission).partnership_ids
    return list(Partnership.objects.filter(pk__in=ids).order_by("pk"))


def organisations_in(partnerships: list[Partnership]) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partnerships__in=partnerships).distinct().order_by("name")


def people_in(partnerships: list[Partnership]) -> QuerySet[Person]:
    members = current_memberships().filter(partnership__in=partnerships)
    return (
        Person.objects.filter(is_active=True, pk__in=members.values("person_id"))
        .distinct()
        .order_by("full_name")
    )


def partnership_of(organisation: Organisation, partnerships: list[Partnership]) -> Partnership:
    """The first of `partnerships` the organisation works with."""
    engaged = set(organisation.partnerships.values_list("pk", flat=True))
    return next(p for p in partnerships if p.pk in engaged)
