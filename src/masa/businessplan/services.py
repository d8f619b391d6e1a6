"""Changes to the business plan. Each service takes the acting person as `actor=`, refuses a
change it cannot make with Django's ValidationError naming the field (the forms show it next
to the field; the API answers 400 with it), and writes its audit event in the same
transaction as the change. Audit details hold ids and field names, never the text."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from masa.accounts.models import Engagement, Membership, Organisation, Person
from masa.businessplan.models import (
    ActionStatus,
    HighlightReport,
    ImpactRecord,
    PlanAction,
    Priority,
    ProgressUpdate,
    Quarter,
    Rag,
)
from masa.core import audit
from masa.core.calendar import ReportingYear
from masa.partnership.models import Group, GroupKind, Partnership

PRIORITY_FIELDS = ("number", "title", "outcome", "approach")
ACTION_FIELDS = (
    "description",
    "owner",
    "owning_organisation",
    "responsible_group",
    "milestone_on",
    "measure_of_success",
    "status",
)
REPORTING_GROUP_KINDS = (GroupKind.SUBGROUP, GroupKind.JOINT_SUBGROUP, GroupKind.PANEL)


def _required(errors: dict[str, str], values: dict[str, Any], messages: dict[str, str]) -> None:
    for name, message in messages.items():
        if not str(values.get(name) or "").strip():
            errors[name] = message


# -- Priorities ------------------------------------------------------------------------------


def _check_priority(
    partnership_id: int, start_year: int, values: dict[str, Any], priority: Priority | None
) -> None:
    errors: dict[str, str] = {}
    _required(
        errors,
        values,
        {
            "title": "Enter the priority's title, like Early Help",
            "outcome": "Enter the outcome: what the partnership wants to achieve",
        },
    )
    number = values.get("number")
    if not isinstance(number, int) or number < 1:
        errors["number"] = "Enter the priority's place in the plan as a whole number, like 1"
    else:
        taken = Priority.objects.filter(
            partnership_id=partnership_id, start_year=start_year, number=number
        )
        if priority is not None:
            taken = taken.exclude(pk=priority.pk)
        if taken.exists():
            errors["number"] = (
                f"There is already a priority {number} in {ReportingYear(start_year).label}: "
                "choose another number"
            )
    if errors:
        raise ValidationError(errors)


def priority_create(
    *,
    actor: Any,
    partnership: Partnership,
    year: ReportingYear,
    number: int,
    title: str,
    outcome: str,
    approach: str = "",
) -> Priority:
    values = {"number": number, "title": title, "outcome": outcome, "approach": approach}
    with transaction.atomic():
        _check_priority(partnership.pk, year.start_year, values, None)
        priority = Priority.objects.create(
            partnership=partnership,
            start_year=year.start_year,
            number=number,
            title=title.strip(),
            outcome=outcome.strip(),
            approach=approach.strip(),
        )
        audit.record(
            actor=actor,
            action="businessplan.priority_created",
            target=priority,
            detail={"partnership": partnership.pk, "year": year.label, "number": number},
        )
    return priority


def priority_change(*, actor: Any, priority: Priority, **changes: Any) -> Priority:
    unknown = set(changes) - set(PRIORITY_FIELDS)
    if unknown:
        raise ValueError(f"priority_change cannot change {sorted(unknown)}")
    values = {name: getattr(priority, name) for name in PRIORITY_FIELDS} | changes
    with transaction.atomic():
        _check_priority(priority.partnership_id, priority.start_year, values, priority)
        changed = sorted(
            name
            for name, value in changes.items()
            if (value.strip() if isinstance(value, str) else value) != getattr(priority, name)
        )
        for name in changed:
            value = changes[name]
            setattr(priority, name, value.strip() if isinstance(value, str) else value)
        if changed:
            priority.save(update_fields=changed)
            audit.record(
                actor=actor,
                action="businessplan.priority_changed",
                target=priority,
                detail={"fields": changed},
            )
    return priority


# -- Plan actions ----------------------------------------------------------------------------


def _check_action(priority: Priority, values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    _required(errors, values, {"description": "Enter what the action is"})
    partnership_id = priority.partnership_id
    organisation = values.get("owning_organisation")
    if not isinstance(organisation, Organisation):
        errors["owning_organisation"] = "Select the organisation that owns the action"
    elif not Engagement.objects.filter(
        partnership_id=partnership_id, organisation=organisation
    ).exists():
        errors["owning_organisation"] = (
            "Select an organisation that works with the partnership to own the action"
        )
    owner = values.get("owner")
    if owner is not None and not (
        isinstance(owner, Person)
        and Membership.objects.filter(person=owner, partnership_id=partnership_id).exists()
    ):
        errors["owner"] = "Select an owner who holds a role in the partnership"
    group = values.get("responsible_group")
    if group is not None and not (
        isinstance(group, Group) and group.partnership_id == partnership_id
    ):
        errors["responsible_group"] = "Select one of the partnership's subgroups"
    if not isinstance(values.get("milestone_on"), datetime.date):
        errors["milestone_on"] = "Enter the milestone date, like 31 3 2018"
    if values.get("status") not in ActionStatus.values:
        errors["status"] = "Select the action's status: not started, in progress or complete"
    if errors:
        raise ValidationError(errors)


def _action_detail(action: PlanAction) -> dict[str, Any]:
    return {
        "priority": action.priority_id,
        "owner": action.owner_id,
        "owning_organisation": action.owning_organisation_id,
        "responsible_group": action.responsible_group_id,
        "milestone_on": action.milestone_on.isoformat(),
        "status": action.status,
    }


def plan_action_create(
    *,
    actor: Any,
    priority: Priority,
    description: str,
    owning_organisation: Organisation,
    milestone_on: datetime.date,
    owner: Person | None = None,
    responsible_group: Group | None = None,
    measure_of_success: str = "",
    status: str = ActionStatus.NOT_STARTED,
) -> PlanAction:
    values = {
        "description": description,
        "owning_organisation": owning_organisation,
        "milestone_on": milestone_on,
        "owner": owner,
        "responsible_group": responsible_group,
        "measure_of_success": measure_of_success,
        "status": status,
    }
    with transaction.atomic():
        _check_action(priority, values)
        action = PlanAction.objects.create(
            priority=priority,
            description=description.strip(),
            owning_organisation=owning_organisation,
            milestone_on=milestone_on,
            owner=owner,
            responsible_group=responsible_group,
            measure_of_success=measure_of_success.strip(),
            status=status,
        )
        audit.record(
            actor=actor,
            action="businessplan.action_created",
            target=action,
            organisation=owning_organisation,
            detail=_action_detail(action),
        )
    return action


def plan_action_change(*, actor: Any, action: PlanAction, **changes: Any) -> PlanAction:
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:
        raise ValueError(f"plan_action_change cannot change {sorted(unknown)}")
    values = {name: getattr(action, name) for name in ACTION_FIELDS} | changes
    with transaction.atomic():
        _check_action(action.priority, values)
        changed = sorted(
            name
            for name, value in changes.items()
            if (value.strip() if isinstance(value, str) else value) != getattr(action, name)
        )
        for name in changed:
            value = changes[name]
            setattr(action, name, value.strip() if isinstance(value, str) else value)
        if changed:
            action.save(update_fields=changed)
            audit.record(
                actor=actor,
                action="businessplan.action_changed",
                target=action,
                organisation=action.owning_organisation_id,
                detail={"fields": changed, **_action_detail(action)},
            )
    return action


# -- Progress --------------------------------------------------------------------------------


def progress_report(
    *,
    actor: Any,
    action: PlanAction,
    reported_on: datetime.date,
    rag: str,
    narrative: str,
    evidence: str = "",
    status: str | None = None,
) -> ProgressUpdate:
    """Add to the action's history. The latest update by date gives the action its RAG, and
    the status it reports becomes the action's."""
    errors: dict[str, str] = {}
    if not isinstance(reported_on, datetime.date):
        errors["reported_on"] = "Enter the date of the update, like 31 3 2018"
    elif reported_on > timezone.localdate():
        errors["reported_on"] = "The date of the update must be today or in the past"
    if rag not in Rag.values:
        errors["rag"] = "Select a RAG rating: red, amber or green"
    if not (narrative or "").strip():
        errors["narrative"] = "Enter what progress has been made"
    status = status or action.status
    if status not in ActionStatus.values:
        errors["status"] = "Select the action's status: not started, in progress or complete"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        update = ProgressUpdate.objects.create(
            action=action,
            reported_on=reported_on,
            rag=rag,
            narrative=narrative.strip(),
            evidence=(evidence or "").strip(),
            status=status,
            reported_by=actor if isinstance(actor, Person) else None,
        )
        latest = (
            ProgressUpdate.objects.filter(action=action)
            .order_by("-reported_on", "-pk")
            .values_list("rag", "status")
            .first()
        )
        assert latest is not None  # noqa: S101 (the update above is there)
        previous = (action.rag, action.status)
        action.rag, action.status = latest
        if (action.rag, action.status) != previous:
            action.save(update_fields=["rag", "status"])
        audit.record(
            actor=actor,
            action="businessplan.progress_reported",
            target=update,
            organisation=action.owning_organisation_id,
            detail={
                "action": action.pk,
                "reported_on": reported_on.isoformat(),
                "rag": rag,
                "status": status,
                "action_rag": action.rag,
            },
        )
    return update


# -- Highlight reports -----------------------------------------------------------------------


def highlight_report_write(
    *,
    actor: Any,
    group: Group,
    year: ReportingYear,
    quarter: int,
    summary: str,
    risks: str = "",
    decisions_needed: str = "",
    report: HighlightReport | None = None,
) -> HighlightReport:
    """Write a subgroup's report for a quarter, or change one already written."""
    errors: dict[str, str] = {}
    if group.kind not in REPORTING_GROUP_KINDS:
        errors["group"] = "Select a subgroup or panel: highlight reports come from subgroups"
    if report is not None and report.group_id != group.pk:
        errors["group"] = "A report stays with the subgroup that wrote it"
    if quarter not in Quarter.values:
        errors["quarter"] = "Select the quarter the report covers"
    if not (summary or "").strip():
        errors["summary"] = "Enter a summary of the subgroup's progress"
    others = HighlightReport.objects.filter(
        group=group, start_year=year.start_year, quarter=quarter
    )
    if report is not None:
        others = others.exclude(pk=report.pk)
    if "quarter" not in errors and others.exists():
        errors["quarter"] = (
            f"{group.name} already has a report for {Quarter(quarter).label} {year.label}: "
            "change that one instead"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = report is None
        if report is None:
            report = HighlightReport(group=group)
        report.start_year = year.start_year
        report.quarter = quarter
        report.summary = summary.strip()
        report.risks = (risks or "").strip()
        report.decisions_needed = (decisions_needed or "").strip()
        report.written_on = timezone.localdate()
        report.written_by = actor if isinstance(actor, Person) else None
        report.save()
        audit.record(
            actor=actor,
            action="businessplan.highlight_report_written",
            target=report,
            detail={
                "group": group.pk,
                "year": year.label,
                "quarter": quarter,
                "created": created,
            },
        )
    return report


# -- What we did, how well, what difference it made ------------------------------------------


def evidence_problems(text: str) -> list[str]:
    """Each evidence line must start with a MASA page or a web address."""
    problems = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        link = line.strip().split(" ", 1)[0]
        if (
            link
            and not (link.startswith("/") and not link.startswith("//"))
            and not (link.startswith(("https://", "http://")))
        ):
            problems.append(
                f"Line {number} of the evidence must start with a MASA page like /meetings/4/ "
                "or a web address starting https://"
            )
    return problems


def impact_record(
    *,
    actor: Any,
    priority: Priority,
    what_we_did: str,
    how_well: str,
    difference_made: str,
    evidence_links: str = "",
) -> ImpactRecord:
    errors: dict[str, Any] = {}
    if not any((text or "").strip() for text in (what_we_did, how_well, difference_made)):
        errors["what_we_did"] = "Enter what was done, how well, or what difference it made"
    problems = evidence_problems(evidence_links)
    if problems:
        errors["evidence_links"] = problems
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record, created = ImpactRecord.objects.update_or_create(
            priority=priority,
            defaults={
                "what_we_did": (what_we_did or "").strip(),
                "how_well": (how_well or "").strip(),
                "difference_made": (difference_made or "").strip(),
                "evidence_links": "\n".join(
                    line.strip() for line in (evidence_links or "").splitlines() if line.strip()
                ),
            },
        )
        audit.record(
            actor=actor,
            action="businessplan.impact_recorded",
            target=record,
            detail={"priority": priority.pk, "year": priority.year.label, "created": created},
        )
    return record
