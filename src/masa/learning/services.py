"""Changes to cases for consideration, their notification and their rapid review.

Each service takes the acting person as `actor=`, checks the change, makes it and writes its
audit event in one transaction. Audit details hold ids, field names and dates only: never
what was written about the child. A change that cannot be made raises Django's
`ValidationError` naming its field.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from masa.accounts.models import Engagement, Organisation, Person
from masa.core import audit
from masa.core.calendar import CalendarCoverageError, add_working_days
from masa.core.permissions import POLICY, Permission, Scope
from masa.core.roles import Role
from masa.learning.models import (
    CRITERION_FIELDS,
    NOTIFICATION_CLOCK,
    RAPID_REVIEW_CLOCK,
    AgeBand,
    Case,
    CaseInfoRequest,
    Criterion,
    PanelResponse,
    Recommendation,
)
from masa.partnership.models import Partnership

# What the business unit records after a case is raised (the page and PATCH both use these).
MANAGED_FIELDS = (
    "pseudonym",
    "became_aware_on",
    "notified_on",
    "rapid_review_meeting_on",
    "decided_on",
    "criteria",
    "recommendation",
    "partners_agree",
    "scrutineer_view",
    "rapid_review_sent_on",
    "panel_response",
    "panel_response_on",
)
DATE_FIELDS = (
    "became_aware_on",
    "notified_on",
    "rapid_review_meeting_on",
    "decided_on",
    "rapid_review_sent_on",
    "panel_response_on",
)
DATE_NAMES = {
    "became_aware_on": "The date the local authority became aware",
    "notified_on": "The date the Panel was notified",
    "rapid_review_meeting_on": "The date of the rapid review meeting",
    "decided_on": "The date of the decision",
    "rapid_review_sent_on": "The date the rapid review was sent to the Panel",
    "panel_response_on": "The date of the Panel's response",
}
_PSEUDONYM = re.compile(r"^[A-Za-z][A-Za-z0-9 '\-]{0,78}$")


def _actor_person(actor: Any) -> Person | None:
    return actor if isinstance(actor, Person) else None


def _due(start: datetime.date | None, days: int, field: str) -> datetime.date | None:
    if start is None:
        return None
    try:
        return add_working_days(start, days)
    except CalendarCoverageError as problem:
        raise ValidationError({field: str(problem)}) from None


def notification_due(became_aware_on: datetime.date | None) -> datetime.date | None:
    """The 5th working day after the day the local authority became aware."""
    return _due(became_aware_on, NOTIFICATION_CLOCK.working_days, "became_aware_on")


def rapid_review_due(notified_on: datetime.date | None) -> datetime.date | None:
    """The 15th working day after the day the Panel was notified."""
    return _due(notified_on, RAPID_REVIEW_CLOCK.working_days, "notified_on")


def raising_partnership(user: Any, organisation: Organisation) -> Partnership | None:
    """The partnership in which `user` may raise a case for `organisation`, if any: their own
    organisation's (as its agency lead, DSL, LADO or CDR officer) or any organisation working
    with a partnership where they are in the business unit."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    grants = POLICY.get(Permission.RAISE_CASES, {})
    engaged = set(
        Engagement.objects.filter(organisation=organisation).values_list(
            "partnership_id", flat=True
        )
    )
    for membership in user.current_memberships():
        scope = grants.get(Role(membership.role), Scope.NONE)
        if scope == Scope.PARTNERSHIP and membership.partnership_id in engaged:
            return membership.partnership
        if (
            scope == Scope.OWN_ORGANISATION
            and membership.organisation_id == organisation.pk
            and membership.partnership_id in engaged
        ):
            return membership.partnership
    return None


def next_reference(partnership: Partnership, year: int) -> str:
    """ "SSCP-2026-007": the partnership's short name, the year, the next number that year."""
    prefix = f"{re.sub(r'[^A-Za-z0-9]', '', partnership.short_name).upper() or 'CASE'}-{year}-"
    taken = Case.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(ref[len(prefix) :]) for ref in taken if ref[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def case_raise(
    *,
    actor: Any,
    organisation: Organisation,
    what_happened: str,
    age_band: str,
    circumstances: str = "",
    agencies: Iterable[Organisation] = (),
    why_criteria: str = "",
    raised_on: datetime.date | None = None,
) -> Case:
    """A case for consideration, raised by `organisation`. It reaches the business unit at
    once: it is in their list and on their home page from this moment."""
    raised_on = raised_on or timezone.localdate()
    problems = {}
    if not what_happened.strip():
        problems["what_happened"] = "Say what happened"
    if age_band not in AgeBand.values:
        problems["age_band"] = "Select the child's age"
    if raised_on > timezone.localdate():
        problems["raised_on"] = "The date the case was raised must be today or in the past"
    if problems:
        raise ValidationError(problems)
    partnership = raising_partnership(actor, organisation)
    if partnership is None:
        raise ValidationError(
            {"raised_by_organisation": "Select an organisation you may raise a case for"}
        )
    agencies = list(agencies)
    engaged = set(
        Engagement.objects.filter(partnership=partnership).values_list("organisation_id", flat=True)
    )
    if any(agency.pk not in engaged for agency in agencies):
        raise ValidationError(
            {"agencies_involved": "Select agencies that work with the partnership"}
        )
    with transaction.atomic():
        reference = next_reference(partnership, raised_on.year)
        case = Case.objects.create(
            partnership=partnership,
            reference=reference,
            raised_by_organisation=organisation,
            raised_by=_actor_person(actor),
            raised_on=raised_on,
            what_happened=what_happened.strip(),
            age_band=age_band,
            circumstances=circumstances.strip(),
            why_criteria=why_criteria.strip(),
        )
        case.agencies_involved.set(agencies)
        audit.record(
            actor=actor,
            action="learning.case_raised",
            target=case,
            organisation=organisation,
            detail={
                "partnership": partnership.pk,
                "agencies": sorted(a.pk for a in agencies),
                "raised_on": raised_on.isoformat(),
            },
        )
    return case


def _check(case: Case, today: datetime.date) -> None:
    """Every rule across the fields, as they will be saved."""
    problems: dict[str, str] = {}
    for name in DATE_FIELDS:
        value = getattr(case, name)
        if value is not None and value > today:
            problems[name] = f"{DATE_NAMES[name]} must be today or in the past"
    if case.pseudonym and not _PSEUDONYM.match(case.pseudonym):
        problems["pseudonym"] = (
            "Use letters, numbers, spaces, hyphens or apostrophes only, like Child L"
        )
    aware, notified = case.became_aware_on, case.notified_on
    if notified and not aware:
        problems.setdefault("became_aware_on", "Enter the date the local authority became aware")
    if notified and aware and notified < aware:
        problems.setdefault(
            "notified_on", "The Panel cannot be notified before the local authority became aware"
        )
    sent = case.rapid_review_sent_on
    if sent and not notified:
        problems.setdefault(
            "notified_on", "Enter the date the Panel was notified before the rapid review"
        )
    if sent and notified and sent < notified:
        problems.setdefault(
            "rapid_review_sent_on", "The rapid review cannot be sent before the notification"
        )
    if case.recommendation and case.recommendation not in Recommendation.values:
        problems["recommendation"] = "Select the partners' recommendation"
    if case.panel_response and case.panel_response not in PanelResponse.values:
        problems["panel_response"] = "Select whether the Panel agrees or disagrees"
    if case.panel_response and not sent:
        problems.setdefault(
            "rapid_review_sent_on", "Enter the date the rapid review was sent to the Panel"
        )
    if case.panel_response_on and not case.panel_response:
        problems.setdefault("panel_response", "Select whether the Panel agrees or disagrees")
    if case.panel_response and not case.panel_response_on:
        problems.setdefault("panel_response_on", "Enter the date of the Panel's response")
    if case.panel_response_on and sent and case.panel_response_on < sent:
        problems.setdefault(
            "panel_response_on", "The Panel cannot respond before the rapid review was sent"
        )
    if case.scrutineer_view and case.partners_agree is not False:
        problems.setdefault(
            "scrutineer_view",
            "Record the independent scrutineer's view only where the partners disagree",
        )
    if case.recommendation and not case.decided_on:
        problems.setdefault("decided_on", "Enter the date of the decision")
    if problems:
        raise ValidationError(problems)


def case_change(*, actor: Any, case: Case, changes: dict[str, Any]) -> Case:
    """Record the notification, the pseudonym or the rapid review (only the fields given)."""
    unknown = set(changes) - set(MANAGED_FIELDS)
    if unknown:
        raise ValidationError(
            {name: "This cannot be changed once the case is raised" for name in sorted(unknown)}
        )
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        before = {name: current_value(case, name) for name in MANAGED_FIELDS}
        for name, value in changes.items():
            if name == "criteria":
                chosen = {str(c) for c in value or ()}
                if chosen - set(Criterion.values):
                    raise ValidationError({"criteria": "Select criteria from the list"})
                for criterion, field in CRITERION_FIELDS.items():
                    setattr(case, field, criterion in chosen)
            elif name in ("pseudonym", "scrutineer_view", "recommendation", "panel_response"):
                setattr(case, name, (value or "").strip())
            else:
                setattr(case, name, value)
        if case.partners_agree is not False:
            case.scrutineer_view = case.scrutineer_view if "scrutineer_view" in changes else ""
        _check(case, timezone.localdate())
        case.notification_due_on = notification_due(case.became_aware_on)
        case.rapid_review_due_on = rapid_review_due(case.notified_on)
        changed = sorted(
            name for name in MANAGED_FIELDS if current_value(case, name) != before[name]
        )
        if not changed:
            return case
        case.save()
        audit.record(
            actor=actor,
            action="learning.case_changed",
            target=case,
            organisation=case.raised_by_organisation_id,
            detail={"fields": changed},
        )
    return case


def current_value(case: Case, name: str) -> Any:
    return case.criteria if name == "criteria" else getattr(case, name)


def info_request_add(
    *,
    actor: Any,
    case: Case,
    organisation: Organisation,
    due_on: datetime.date,
    requested_on: datetime.date | None = None,
) -> CaseInfoRequest:
    """Ask an agency for what it knows, for the rapid review, by `due_on`."""
    requested_on = requested_on or timezone.localdate()
    if due_on < requested_on:
        raise ValidationError({"due_on": "The reply cannot be due before the request was made"})
    if requested_on > timezone.localdate():
        raise ValidationError({"requested_on": "The date of the request must be in the past"})
    with transaction.atomic():
        if not Engagement.objects.filter(
            partnership_id=case.partnership_id, organisation=organisation
        ).exists():
            raise ValidationError(
                {"organisation": "Select an organisation that works with the partnership"}
            )
        if CaseInfoRequest.objects.filter(case=case, organisation=organisation).exists():
            raise ValidationError(
                {"organisation": f"{organisation.name} has already been asked for this case"}
            )
        request = CaseInfoRequest.objects.create(
            case=case, organisation=organisation, requested_on=requested_on, due_on=due_on
        )
        audit.record(
            actor=actor,
            action="learning.info_requested",
            target=request,
            organisation=organisation,
            detail={"case": case.pk, "due_on": due_on.isoformat()},
        )
    return request


def info_request_replied(
    *, actor: Any, request: CaseInfoRequest, replied_on: datetime.date
) -> CaseInfoRequest:
    if replied_on > timezone.localdate():
        raise ValidationError({"replied_on": "The date of the reply must be today or in the past"})
    if replied_on < request.requested_on:
        raise ValidationError({"replied_on": "The reply cannot come before the request was made"})
    with transaction.atomic():
        request.replied_on = replied_on
        request.save(update_fields=["replied_on"])
        audit.record(
            actor=actor,
            action="learning.info_replied",
            target=request,
            organisation=request.organisation_id,
            detail={"case": request.case_id, "replied_on": replied_on.isoformat()},
        )
    return request
