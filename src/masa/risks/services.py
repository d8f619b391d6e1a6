"""Changes to the risk register and the challenge log.

Each service takes the acting person as `actor=`, checks the change, makes it and writes its
audit event in one transaction. A change that cannot be made raises Django's
`ValidationError`, naming the field it is about, which the pages show beside the field and
the API answers with 400. Assessments and challenge events are only ever appended.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from masa.accounts.models import Engagement, Organisation, Person
from masa.accounts.selectors import current_memberships
from masa.core import audit
from masa.core.calendar import CalendarCoverageError, add_working_days
from masa.partnership.models import Partnership
from masa.risks.models import (
    RESPONSE_DUE_WORKING_DAYS,
    Challenge,
    ChallengeEvent,
    ChallengeEventKind,
    ChallengeStatus,
    Impact,
    Likelihood,
    Risk,
    RiskAssessment,
    RiskStatus,
)

RISK_TEXT_FIELDS = ("title", "description", "cause", "consequence", "mitigation")


def _actor_person(actor: Any) -> Person | None:
    return actor if isinstance(actor, Person) else None


def _not_in_future(day: datetime.date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})


def _check_engaged(partnership: Partnership, organisation: Organisation, field: str) -> None:
    if not Engagement.objects.filter(partnership=partnership, organisation=organisation).exists():
        raise ValidationError({field: f"{organisation.name} does not work with {partnership.name}"})


def _check_owner(partnership: Partnership, owner: Person | None) -> None:
    if owner is None:
        return
    if not current_memberships().filter(person=owner, partnership=partnership).exists():
        raise ValidationError({"owner": f"{owner.full_name} has no role in {partnership.name}"})


def _check_scores(likelihood: int, impact: int) -> None:
    problems = {}
    if likelihood not in Likelihood.values:
        problems["likelihood"] = "Select the likelihood, from A (very likely) to D (rare)"
    if impact not in Impact.values:
        problems["impact"] = "Select the impact, from 1 (catastrophic) to 4 (minor)"
    if problems:
        raise ValidationError(problems)


# -- Risks -----------------------------------------------------------------------------------


def risk_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    owning_organisation: Organisation,
    review_on: datetime.date,
    likelihood: int,
    impact: int,
    assessed_on: datetime.date | None = None,
    description: str = "",
    cause: str = "",
    consequence: str = "",
    mitigation: str = "",
    owner: Person | None = None,
    note: str = "",
) -> Risk:
    """Add a risk to the register with its first assessment."""
    assessed_on = assessed_on or timezone.localdate()
    if not title.strip():
        raise ValidationError({"title": "Enter the risk"})
    _check_scores(likelihood, impact)
    _not_in_future(assessed_on, "assessed_on", "The date of the assessment")
    with transaction.atomic():
        _check_engaged(partnership, owning_organisation, "owning_organisation")
        _check_owner(partnership, owner)
        risk = Risk.objects.create(
            partnership=partnership,
            title=title.strip(),
            description=description,
            cause=cause,
            consequence=consequence,
            mitigation=mitigation,
            owner=owner,
            owning_organisation=owning_organisation,
            review_on=review_on,
            likelihood=likelihood,
            impact=impact,
            assessed_on=assessed_on,
        )
        assessment = RiskAssessment.objects.create(
            risk=risk,
            assessed_on=assessed_on,
            likelihood=likelihood,
            impact=impact,
            note=note,
            assessed_by=_actor_person(actor),
            recorded_at=timezone.now(),
        )
        audit.record(
            actor=actor,
            action="risks.risk_created",
            target=risk,
            organisation=owning_organisation,
            detail={
                "partnership": partnership.pk,
                "assessment": assessment.pk,
                "likelihood": likelihood,
                "impact": impact,
                "score": risk.score,
                "owner": owner.pk if owner else None,
                "review_on": review_on.isoformat(),
            },
        )
    return risk


def risk_assess(
    *,
    actor: Any,
    risk: Risk,
    likelihood: int,
    impact: int,
    assessed_on: datetime.date | None = None,
    note: str = "",
) -> RiskAssessment:
    """Re-assess a risk: a new assessment is appended; the earlier ones stay as they were."""
    assessed_on = assessed_on or timezone.localdate()
    _check_scores(likelihood, impact)
    _not_in_future(assessed_on, "assessed_on", "The date of the assessment")
    with transaction.atomic():
        risk = Risk.objects.select_for_update().get(pk=risk.pk)
        if assessed_on < risk.assessed_on:
            raise ValidationError(
                {
                    "assessed_on": "The date of the assessment must be on or after the latest "
                    f"one, {risk.assessed_on:%-d %B %Y}"
                }
            )
        previous_score = risk.score
        assessment = RiskAssessment.objects.create(
            risk=risk,
            assessed_on=assessed_on,
            likelihood=likelihood,
            impact=impact,
            note=note,
            assessed_by=_actor_person(actor),
            recorded_at=timezone.now(),
        )
        risk.likelihood = likelihood
        risk.impact = impact
        risk.assessed_on = assessed_on
        risk.previous_score = previous_score
        risk.save(update_fields=["likelihood", "impact", "assessed_on", "previous_score"])
        audit.record(
            actor=actor,
            action="risks.risk_assessed",
            target=risk,
            organisation=risk.owning_organisation_id,
            detail={
                "assessment": assessment.pk,
                "likelihood": likelihood,
                "impact": impact,
                "score": risk.score,
                "previous_score": previous_score,
                "assessed_on": assessed_on.isoformat(),
            },
        )
    return assessment


def risk_change(
    *,
    actor: Any,
    risk: Risk,
    changes: dict[str, Any],
) -> Risk:
    """Change what the register says about a risk (not its scores: re-assess for those).

    `changes` may hold the text fields, `owner`, `owning_organisation`, `review_on` and
    `status` (closing sets `closed_on`, today unless given; reopening clears it)."""
    allowed = {*RISK_TEXT_FIELDS, "owner", "owning_organisation", "review_on", "status"}
    allowed |= {"closed_on"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: "This cannot be changed here" for name in sorted(unknown)})
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationError({"title": "Enter the risk"})
    with transaction.atomic():
        risk = Risk.objects.select_for_update().get(pk=risk.pk)
        if "owning_organisation" in changes:
            _check_engaged(risk.partnership, changes["owning_organisation"], "owning_organisation")
        if "owner" in changes:
            _check_owner(risk.partnership, changes["owner"])
        changed = []
        for name in (*RISK_TEXT_FIELDS, "owner", "owning_organisation", "review_on"):
            if name in changes and getattr(risk, name) != changes[name]:
                setattr(risk, name, changes[name].strip() if name == "title" else changes[name])
                changed.append(name)
        status = changes.get("status")
        if status is not None and status not in RiskStatus.values:
            raise ValidationError({"status": "Select whether the risk is open or closed"})
        if status == RiskStatus.CLOSED and risk.status != RiskStatus.CLOSED:
            closed_on = changes.get("closed_on") or timezone.localdate()
            _not_in_future(closed_on, "closed_on", "The date the risk was closed")
            risk.status, risk.closed_on = RiskStatus.CLOSED, closed_on
            changed += ["status", "closed_on"]
        elif status == RiskStatus.OPEN and risk.status != RiskStatus.OPEN:
            risk.status, risk.closed_on = RiskStatus.OPEN, None
            changed += ["status", "closed_on"]
        if changed:
            risk.save(update_fields=changed)
            audit.record(
                actor=actor,
                action="risks.risk_changed",
                target=risk,
                organisation=risk.owning_organisation_id,
                detail={"fields": sorted(changed), "status": risk.status},
            )
    return risk


# -- Challenges ------------------------------------------------------------------------------


def _event(
    challenge: Challenge,
    kind: str,
    actor: Any,
    occurred_on: datetime.date,
    text: str = "",
    assurance_received: bool | None = None,
) -> ChallengeEvent:
    return ChallengeEvent.objects.create(
        challenge=challenge,
        kind=kind,
        occurred_on=occurred_on,
        by=_actor_person(actor),
        text=text,
        assurance_received=assurance_received,
        recorded_at=timezone.now(),
    )


def _not_before_raised(challenge: Challenge, day: datetime.date, field: str, what: str) -> None:
    if day < challenge.raised_on:
        raise ValidationError(
            {
                field: f"{what} must be on or after the day the challenge was raised, "
                f"{challenge.raised_on:%-d %B %Y}"
            }
        )


def challenge_raise(
    *,
    actor: Any,
    partnership: Partnership,
    organisation: Organisation,
    subject: str,
    detail: str = "",
    raised_on: datetime.date | None = None,
    raised_by: Person | None = None,
) -> Challenge:
    raised_on = raised_on or timezone.localdate()
    if not subject.strip():
        raise ValidationError({"subject": "Enter what the challenge is about"})
    _not_in_future(raised_on, "raised_on", "The date the challenge was raised")
    try:
        due = add_working_days(raised_on, RESPONSE_DUE_WORKING_DAYS)
    except CalendarCoverageError as error:
        raise ValidationError({"raised_on": str(error)}) from None
    with transaction.atomic():
        _check_engaged(partnership, organisation, "organisation")
        challenge = Challenge.objects.create(
            partnership=partnership,
            organisation=organisation,
            subject=subject.strip(),
            detail=detail,
            raised_by=raised_by or _actor_person(actor),
            raised_on=raised_on,
            response_due_on=due,
        )
        event = _event(challenge, ChallengeEventKind.RAISED, actor, raised_on)
        audit.record(
            actor=actor,
            action="risks.challenge_raised",
            target=challenge,
            organisation=organisation,
            detail={
                "partnership": partnership.pk,
                "event": event.pk,
                "raised_on": raised_on.isoformat(),
                "response_due_on": due.isoformat(),
            },
        )
    return challenge


def challenge_respond(
    *,
    actor: Any,
    challenge: Challenge,
    response: str,
    responded_on: datetime.date | None = None,
) -> ChallengeEvent:
    """Record the organisation's response (by its agency lead, or as received by e-mail)."""
    responded_on = responded_on or timezone.localdate()
    if not response.strip():
        raise ValidationError({"response": "Enter the response"})
    _not_in_future(responded_on, "responded_on", "The date of the response")
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.status == ChallengeStatus.CLOSED:
            raise ValidationError(
                {"response": "This challenge is closed: reopen it before recording a response"}
            )
        _not_before_raised(challenge, responded_on, "responded_on", "The date of the response")
        challenge.response = response.strip()
        challenge.responded_on = responded_on
        challenge.save(update_fields=["response", "responded_on"])
        event = _event(challenge, ChallengeEventKind.RESPONDED, actor, responded_on, response)
        audit.record(
            actor=actor,
            action="risks.challenge_responded",
            target=challenge,
            organisation=challenge.organisation_id,
            detail={"event": event.pk, "responded_on": responded_on.isoformat()},
        )
    return event


def challenge_record_assurance(
    *,
    actor: Any,
    challenge: Challenge,
    assurance_received: bool,
    assurance: str,
    assured_on: datetime.date | None = None,
) -> ChallengeEvent:
    """Record whether the partnership is assured by what the organisation did, and why."""
    assured_on = assured_on or timezone.localdate()
    if not assurance.strip():
        raise ValidationError({"assurance": "Say what assurance was, or was not, received"})
    _not_in_future(assured_on, "assured_on", "The date of the assurance")
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        _not_before_raised(challenge, assured_on, "assured_on", "The date of the assurance")
        challenge.assurance_received = assurance_received
        challenge.assurance = assurance.strip()
        challenge.assurance_on = assured_on
        challenge.save(update_fields=["assurance_received", "assurance", "assurance_on"])
        event = _event(
            challenge,
            ChallengeEventKind.ASSURANCE,
            actor,
            assured_on,
            assurance,
            assurance_received=assurance_received,
        )
        audit.record(
            actor=actor,
            action="risks.assurance_recorded",
            target=challenge,
            organisation=challenge.organisation_id,
            detail={
                "event": event.pk,
                "assurance_received": assurance_received,
                "assured_on": assured_on.isoformat(),
            },
        )
    return event


def challenge_close(
    *, actor: Any, challenge: Challenge, closed_on: datetime.date | None = None
) -> Challenge:
    closed_on = closed_on or timezone.localdate()
    _not_in_future(closed_on, "closed_on", "The date the challenge was closed")
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.status == ChallengeStatus.CLOSED:
            raise ValidationError({"status": "This challenge is already closed"})
        _not_before_raised(challenge, closed_on, "closed_on", "The date it was closed")
        challenge.status = ChallengeStatus.CLOSED
        challenge.closed_on = closed_on
        challenge.save(update_fields=["status", "closed_on"])
        event = _event(challenge, ChallengeEventKind.CLOSED, actor, closed_on)
        audit.record(
            actor=actor,
            action="risks.challenge_closed",
            target=challenge,
            organisation=challenge.organisation_id,
            detail={"event": event.pk, "closed_on": closed_on.isoformat()},
        )
    return challenge


def challenge_reopen(
    *, actor: Any, challenge: Challenge, reopened_on: datetime.date | None = None
) -> Challenge:
    reopened_on = reopened_on or timezone.localdate()
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.status == ChallengeStatus.OPEN:
            raise ValidationError({"status": "This challenge is already open"})
        challenge.status = ChallengeStatus.OPEN
        challenge.closed_on = None
        challenge.save(update_fields=["status", "closed_on"])
        event = _event(challenge, ChallengeEventKind.REOPENED, actor, reopened_on)
        audit.record(
            actor=actor,
            action="risks.challenge_reopened",
            target=challenge,
            organisation=challenge.organisation_id,
            detail={"event": event.pk, "reopened_on": reopened_on.isoformat()},
        )
    return challenge
