"""Peer challenge workshops (seed 003 §6.4 Next steps): services and reads.

A workshop belongs to a cycle; at it, an organisation's return is challenged by another
organisation (or the business unit, or the scrutineer or a lay member, who "participated as
chairs and challengers", seed 003 §11): the evidence seen, the outcome (grade confirmed, grade
changed with the moderated grade, or further evidence requested) and follow-up actions with an
owning organisation, an owner and a due date. Closing an action needs the evidence it was done.
The business unit (MANAGE_AUDITS) records all of it; every change is an audit event in the same
transaction.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from masa.accounts.models import Organisation
from masa.audits.models import (
    GRADES,
    AuditReturn,
    ChallengeActionStatus,
    ChallengeOutcome,
    ChallengerKind,
    Cycle,
    PeerChallenge,
    PeerChallengeAction,
    PeerChallengeWorkshop,
    ReturnKind,
)
from masa.audits.selectors import returns_in
from masa.core import audit

# -- Services --------------------------------------------------------------------------------


def workshop_save(
    *,
    actor: Any,
    cycle: Cycle,
    held_on: datetime.date | None,
    facilitator: str,
    notes: str = "",
    workshop: PeerChallengeWorkshop | None = None,
) -> PeerChallengeWorkshop:
    errors = {}
    if held_on is None:
        errors["held_on"] = "Enter the date of the workshop"
    elif held_on < cycle.opens_on:
        errors["held_on"] = "The workshop must be on or after the day the cycle opened"
    if not facilitator.strip():
        errors["facilitator"] = "Enter who facilitated the workshop"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if workshop is None:
            workshop = PeerChallengeWorkshop(cycle=cycle)
            action = "audit_workshop.added"
        else:
            action = "audit_workshop.changed"
        workshop.held_on = held_on  # type: ignore[assignment]
        workshop.facilitator = facilitator.strip()
        workshop.notes = notes.strip()
        workshop.save()
        audit.record(
            actor=actor,
            action=action,
            target=workshop,
            detail={"cycle": cycle.pk, "fields": ["held_on", "facilitator", "notes"]},
        )
    return workshop


def challengeable_returns(cycle: Cycle) -> QuerySet[AuditReturn]:
    """Full self-assessments counted in the cycle: the returns a workshop may challenge."""
    return (
        returns_in(cycle)
        .filter(kind=ReturnKind.FULL)
        .select_related("organisation")
        .order_by("organisation__name")
        .distinct()
    )


def challenger_organisations(cycle: Cycle) -> QuerySet[Organisation]:
    """Organisations invited to the cycle: those who may challenge another's return."""
    return Organisation.objects.filter(audit_invitations__cycle=cycle).order_by("name").distinct()


def challenge_save(
    *,
    actor: Any,
    workshop: PeerChallengeWorkshop,
    audit_return: AuditReturn | None,
    challenger_kind: str,
    challenger_organisation: Organisation | None,
    evidence_seen: str,
    outcome: str,
    moderated_grade: str = "",
    challenge: PeerChallenge | None = None,
) -> PeerChallenge:
    cycle = workshop.cycle
    errors: dict[str, str] = {}
    if audit_return is None or not challengeable_returns(cycle).filter(pk=audit_return.pk).exists():
        errors["audit_return"] = "Choose a return submitted in this cycle"
    elif (
        PeerChallenge.objects.filter(workshop=workshop, audit_return=audit_return)
        .exclude(pk=challenge.pk if challenge else 0)
        .exists()
    ):
        errors["audit_return"] = "This return is already challenged at this workshop"
    if challenger_kind not in ChallengerKind.values:
        errors["challenger_kind"] = "Select who challenged the return"
    elif challenger_kind == ChallengerKind.ORGANISATION:
        if challenger_organisation is None or not (
            challenger_organisations(cycle).filter(pk=challenger_organisation.pk).exists()
        ):
            errors["challenger_organisation"] = "Choose the organisation that challenged"
        elif (
            audit_return is not None and challenger_organisation.pk == audit_return.organisation_id
        ):
            errors["challenger_organisation"] = (
                "An organisation cannot challenge its own return: choose another"
            )
    else:
        challenger_organisation = None
    if outcome not in ChallengeOutcome.values:
        errors["outcome"] = "Select the outcome of the challenge"
    elif outcome == ChallengeOutcome.CHANGED:
        if moderated_grade not in {value for value, _ in GRADES[cycle.scale]}:
            errors["moderated_grade"] = "Select the grade agreed at the challenge"
        elif audit_return is not None and moderated_grade == audit_return.overall_grade:
            errors["moderated_grade"] = (
                "The agreed grade is the same as the self grade: choose grade confirmed instead"
            )
    else:
        moderated_grade = ""
    if errors or audit_return is None:
        raise ValidationError(errors or {"audit_return": "Choose a return"})
    with transaction.atomic():
        if challenge is None:
            challenge = PeerChallenge(workshop=workshop)
            action = "audit_peer_challenge.added"
        else:
            action = "audit_peer_challenge.changed"
        challenge.audit_return = audit_return
        challenge.challenger_kind = challenger_kind
        challenge.challenger_organisation = challenger_organisation
        challenge.evidence_seen = evidence_seen.strip()
        challenge.outcome = outcome
        challenge.moderated_grade = moderated_grade
        challenge.save()
        audit.record(
            actor=actor,
            action=action,
            target=challenge,
            organisation=audit_return.organisation_id,
            detail={
                "workshop": workshop.pk,
                "audit_return": audit_return.pk,
                "challenger_kind": challenger_kind,
                "challenger_organisation": getattr(challenger_organisation, "pk", None),
                "outcome": outcome,
                "moderated_grade": moderated_grade,
            },
        )
    return challenge


def action_organisations(challenge: PeerChallenge) -> QuerySet[Organisation]:
    """Who may own a follow-up action: an organisation invited to the challenge's cycle."""
    return challenger_organisations(challenge.workshop.cycle)


def action_save(
    *,
    actor: Any,
    challenge: PeerChallenge,
    what: str,
    organisation: Organisation | None,
    owner: str,
    due_on: datetime.date | None,
    status: str = ChallengeActionStatus.OPEN,
    closing_evidence: str = "",
    action: PeerChallengeAction | None = None,
    closed_on: datetime.date | None = None,
) -> PeerChallengeAction:
    """Add or change an action; `closed_on` (today when left out) dates a closing."""
    errors: dict[str, str] = {}
    if not what.strip():
        errors["what"] = "Enter the action"
    if (
        organisation is None
        or not action_organisations(challenge).filter(pk=organisation.pk).exists()
    ):
        errors["organisation"] = "Choose the organisation that owns the action"
    if not owner.strip():
        errors["owner"] = "Enter who owns the action"
    if due_on is None:
        errors["due_on"] = "Enter the due date"
    if status not in ChallengeActionStatus.values:
        errors["status"] = "Select the status of the action"
    elif status == ChallengeActionStatus.CLOSED and not closing_evidence.strip():
        errors["closing_evidence"] = "Enter the evidence that the action is done before closing it"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if action is None:
            action = PeerChallengeAction(challenge=challenge)
            verb = "added"
        else:
            verb = "changed"
        was_closed = action.status == ChallengeActionStatus.CLOSED and action.pk is not None
        action.what = what.strip()
        action.organisation = organisation  # type: ignore[assignment]
        action.owner = owner.strip()
        action.due_on = due_on  # type: ignore[assignment]
        action.status = status
        action.closing_evidence = closing_evidence.strip()
        if status == ChallengeActionStatus.CLOSED and not was_closed:
            action.closed_on = closed_on or timezone.localdate()
            verb = "closed" if verb == "changed" else verb
        elif status != ChallengeActionStatus.CLOSED:
            action.closed_on = None
        action.save()
        audit.record(
            actor=actor,
            action=f"audit_peer_challenge_action.{verb}",
            target=action,
            organisation=organisation,
            detail={"challenge": challenge.pk, "status": status, "due_on": str(due_on)},
        )
    return action


# -- Reads -----------------------------------------------------------------------------------


def workshops_of(user: Any, cycle: Cycle) -> QuerySet[PeerChallengeWorkshop]:
    """The cycle's workshops the person may see, each with how many pairings and how many of
    its actions are still open: one query however many there are."""
    return (
        PeerChallengeWorkshop.objects.visible_to(user)
        .filter(cycle=cycle)
        .annotate(
            pairings=Count("challenges", distinct=True),
            open_actions=Count(
                "challenges__actions",
                filter=~Q(challenges__actions__status=ChallengeActionStatus.CLOSED),
                distinct=True,
            ),
        )
        .order_by("held_on", "pk")
    )


def actions_prefetch() -> Prefetch:
    """A challenge's actions with their organisations, for a challenge already read through
    `visible_to` (the actions belong to it, so they are within the same reach)."""
    return Prefetch("actions", queryset=PeerChallengeAction.objects.select_related("organisation"))


def challenges_in(user: Any, workshop: PeerChallengeWorkshop) -> QuerySet[PeerChallenge]:
    """The workshop's pairings the person may see, with their actions (fixed queries)."""
    return (
        PeerChallenge.objects.visible_to(user)
        .filter(workshop=workshop)
        .select_related("audit_return__organisation", "challenger_organisation")
        .prefetch_related(actions_prefetch())
        .order_by("audit_return__organisation__name", "pk")
    )


def challenges_of_own(
    user: Any, cycle: Cycle, organisation_ids: frozenset[int] | set[int]
) -> QuerySet[PeerChallenge]:
    """Pairings of the cycle that involve the person's organisation (either side)."""
    return (
        PeerChallenge.objects.visible_to(user)
        .filter(workshop__cycle=cycle)
        .filter(
            Q(audit_return__organisation__in=organisation_ids)
            | Q(challenger_organisation__in=organisation_ids)
        )
        .select_related("workshop", "audit_return__organisation", "challenger_organisation")
        .order_by("workshop__held_on", "audit_return__organisation__name", "pk")
    )
