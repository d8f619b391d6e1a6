"""Changes to case audits, their action plans, assurance reports and inspections.

Each service takes the acting person as `actor=`, checks the change, makes it and writes its
audit event in the same transaction. A change that cannot be made raises Django's
`ValidationError` naming the field, which the pages show beside the field and the API
answers with 400. Audit details hold ids and field names only, never the audits' text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from masa.accounts.models import Engagement, Organisation, Person
from masa.accounts.selectors import current_memberships
from masa.assurance.models import (
    ActionStatus,
    AreaJudgement,
    AssuranceReport,
    CaseAudit,
    CaseAuditAction,
    CaseAuditParticipant,
    FollowUpStatus,
    Inspection,
    InspectionBody,
    Judgement,
)
from masa.core import audit
from masa.partnership.models import Group, LocalAuthority, Meeting, Partnership

MAX_CASES = 500
KEEP: Any = object()  # an argument left as it is
CASE_AUDIT_FIELDS = (
    "theme",
    "scope",
    "audited_on",
    "cases_audited",
    "strengths",
    "key_lessons",
    "impact",
    "monitored_by",
)
REPORT_FIELDS = (
    "organisation",
    "received_on",
    "subject",
    "summary",
    "follow_up",
    "follow_up_status",
    "presented_to",
    "group",
    "meeting",
)
INSPECTION_FIELDS = (
    "body",
    "inspection_type",
    "organisation",
    "local_authority",
    "inspected_on",
    "published_on",
    "overall",
    "summary",
    "areas_for_improvement",
    "web_link",
)


def clean_lines(items: Iterable[str] | str) -> list[str]:
    """A list of points from a list or from text with one point per line (bullets dropped)."""
    lines = items.splitlines() if isinstance(items, str) else list(items)
    cleaned = []
    for line in lines:
        text = str(line).strip().lstrip("-•*").strip()
        if text:
            cleaned.append(text)
    return cleaned


def _check_engaged(partnership: Partnership, organisation: Organisation, field: str) -> None:
    if not Engagement.objects.filter(partnership=partnership, organisation=organisation).exists():
        raise ValidationError({field: f"{organisation.name} does not work with {partnership.name}"})


def _check_owner(partnership: Partnership, owner: Person | None) -> None:
    if owner is not None and not (
        current_memberships().filter(person=owner, partnership=partnership).exists()
    ):
        raise ValidationError({"owner": f"{owner.full_name} has no role in {partnership.name}"})


def _check_group(partnership: Partnership, group: Group | None, field: str) -> None:
    if group is not None and group.partnership_id != partnership.pk:
        raise ValidationError({field: f"{group.name} is not one of {partnership.name}'s groups"})


def _apply(record: Any, values: dict[str, Any], names: Sequence[str]) -> list[str]:
    """Set the given fields that differ; return their names."""
    changed = []
    for name in names:
        if name in values and getattr(record, name) != values[name]:
            setattr(record, name, values[name])
            changed.append(name)
    return changed


# -- Case audits -----------------------------------------------------------------------------


def _check_case_audit(partnership: Partnership, values: dict[str, Any]) -> dict[str, Any]:
    problems = {}
    if "theme" in values:
        values["theme"] = str(values["theme"]).strip()
        if not values["theme"]:
            problems["theme"] = "Enter the theme of the audit, like Unborn babies"
    if "cases_audited" in values:
        cases = values["cases_audited"]
        if cases is None or not 1 <= int(cases) <= MAX_CASES:
            problems["cases_audited"] = (
                f"Enter how many cases were audited, a whole number from 1 to {MAX_CASES}"
            )
    if values.get("audited_on") is None and "audited_on" in values:
        problems["audited_on"] = "Enter the date of the audit"
    for name in ("strengths", "key_lessons", "impact"):
        if name in values:
            values[name] = clean_lines(values[name] or [])
    if "scope" in values:
        values["scope"] = str(values["scope"] or "").strip()
    if problems:
        raise ValidationError(problems)
    _check_group(partnership, values.get("monitored_by"), "monitored_by")
    return values


def _set_participants(case_audit: CaseAudit, organisations: Iterable[Organisation]) -> list[int]:
    wanted = {o.pk: o for o in organisations}
    for organisation in wanted.values():
        _check_engaged(case_audit.partnership, organisation, "participants")
    current = set(case_audit.participants.values_list("organisation_id", flat=True))
    case_audit.participants.exclude(organisation_id__in=wanted).delete()
    CaseAuditParticipant.objects.bulk_create(
        CaseAuditParticipant(case_audit=case_audit, organisation=o)
        for pk, o in wanted.items()
        if pk not in current
    )
    return sorted(wanted)


def case_audit_create(
    *,
    actor: Any,
    partnership: Partnership,
    theme: str,
    audited_on: datetime.date | None,
    cases_audited: int | None,
    participants: Iterable[Organisation] = (),
    scope: str = "",
    strengths: Iterable[str] | str = (),
    key_lessons: Iterable[str] | str = (),
    impact: Iterable[str] | str = (),
    monitored_by: Group | None = None,
) -> CaseAudit:
    """Record a multi-agency case audit: its theme, how many cases, who took part, and what
    it found. The cases are counted, never named."""
    values = _check_case_audit(
        partnership,
        {
            "theme": theme,
            "scope": scope,
            "audited_on": audited_on,
            "cases_audited": cases_audited,
            "strengths": strengths,
            "key_lessons": key_lessons,
            "impact": impact,
            "monitored_by": monitored_by,
        },
    )
    with transaction.atomic():
        case_audit = CaseAudit.objects.create(partnership=partnership, **values)
        organisations = _set_participants(case_audit, participants)
        audit.record(
            actor=actor,
            action="assurance.case_audit_created",
            target=case_audit,
            detail={
                "partnership": partnership.pk,
                "audited_on": case_audit.audited_on.isoformat(),
                "cases_audited": case_audit.cases_audited,
                "participants": organisations,
            },
        )
    return case_audit


def case_audit_change(
    *,
    actor: Any,
    case_audit: CaseAudit,
    participants: Iterable[Organisation] | None = None,
    **values: Any,
) -> CaseAudit:
    """Change what is said about an audit; fields left out stay as they are."""
    unknown = set(values) - set(CASE_AUDIT_FIELDS)
    if unknown:
        raise ValidationError({name: "This cannot be changed" for name in sorted(unknown)})
    values = _check_case_audit(case_audit.partnership, dict(values))
    with transaction.atomic():
        changed = _apply(case_audit, values, CASE_AUDIT_FIELDS)
        if changed:
            case_audit.save(update_fields=changed)
        if participants is not None:
            before = sorted(case_audit.participants.values_list("organisation_id", flat=True))
            after = _set_participants(case_audit, participants)
            if before != after:
                changed.append("participants")
        if changed:
            audit.record(
                actor=actor,
                action="assurance.case_audit_changed",
                target=case_audit,
                detail={"fields": changed},
            )
    return case_audit


def _check_action(
    partnership: Partnership,
    description: str,
    owning_organisation: Organisation | None,
    owner: Person | None,
    due_on: datetime.date | None,
) -> tuple[str, Organisation, datetime.date]:
    problems = {}
    description = (description or "").strip()
    if not description:
        problems["description"] = "Enter the action"
    if owning_organisation is None:
        problems["owning_organisation"] = "Select the organisation that owns the action"
    if due_on is None:
        problems["due_on"] = "Enter the due date"
    if problems or owning_organisation is None or due_on is None:
        raise ValidationError(problems)
    _check_engaged(partnership, owning_organisation, "owning_organisation")
    _check_owner(partnership, owner)
    return description, owning_organisation, due_on


def case_audit_action_add(
    *,
    actor: Any,
    case_audit: CaseAudit,
    description: str,
    owning_organisation: Organisation | None,
    due_on: datetime.date | None,
    owner: Person | None = None,
) -> CaseAuditAction:
    description, organisation, due = _check_action(
        case_audit.partnership, description, owning_organisation, owner, due_on
    )
    with transaction.atomic():
        action = CaseAuditAction.objects.create(
            case_audit=case_audit,
            description=description,
            owning_organisation=organisation,
            owner=owner,
            due_on=due,
        )
        audit.record(
            actor=actor,
            action="assurance.case_audit_action_added",
            target=action,
            organisation=organisation,
            detail={
                "case_audit": case_audit.pk,
                "owner": owner.pk if owner else None,
                "due_on": action.due_on.isoformat(),
            },
        )
    return action


def case_audit_action_change(
    *,
    actor: Any,
    action: CaseAuditAction,
    description: str | None = None,
    owning_organisation: Organisation | None = None,
    due_on: datetime.date | None = None,
    owner: Any = KEEP,
) -> CaseAuditAction:
    """Change an action's wording, owner, organisation or due date (None leaves each as it
    is; the owner is cleared with owner=None)."""
    new_owner: Person | None = action.owner if owner is KEEP else owner
    text, organisation, due = _check_action(
        action.case_audit.partnership,
        action.description if description is None else description,
        owning_organisation or action.owning_organisation,
        new_owner,
        due_on or action.due_on,
    )
    values = {
        "description": text,
        "owning_organisation": organisation,
        "due_on": due,
        "owner": new_owner,
    }
    with transaction.atomic():
        changed = _apply(action, values, ("description", "owning_organisation", "due_on", "owner"))
        if changed:
            action.save(update_fields=changed)
            audit.record(
                actor=actor,
                action="assurance.case_audit_action_changed",
                target=action,
                organisation=action.owning_organisation,
                detail={"case_audit": action.case_audit_id, "fields": changed},
            )
    return action


def case_audit_action_close(
    *, actor: Any, action: CaseAuditAction, completed_on: datetime.date | None, evidence: str
) -> CaseAuditAction:
    """Close an action: the date it was done and the evidence that it was."""
    evidence = (evidence or "").strip()
    problems = {}
    if action.status == ActionStatus.DONE:
        problems["status"] = "This action is already done"
    if completed_on is None:
        problems["completed_on"] = "Enter the date the action was done"
    elif completed_on < action.case_audit.audited_on:
        problems["completed_on"] = "The date it was done must be on or after the audit"
    elif completed_on > timezone.localdate():
        problems["completed_on"] = "The date it was done must be today or in the past"
    if not evidence:
        problems["evidence"] = "Enter the evidence that the action was done"
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        action.status = ActionStatus.DONE
        action.completed_on = completed_on
        action.evidence = evidence
        action.save(update_fields=["status", "completed_on", "evidence"])
        audit.record(
            actor=actor,
            action="assurance.case_audit_action_closed",
            target=action,
            organisation=action.owning_organisation,
            detail={
                "case_audit": action.case_audit_id,
                "completed_on": completed_on.isoformat() if completed_on else None,
            },
        )
    return action


def case_audit_action_reopen(*, actor: Any, action: CaseAuditAction) -> CaseAuditAction:
    """Reopen a closed action (its evidence is kept for the record)."""
    if action.status != ActionStatus.DONE:
        raise ValidationError({"status": "This action is already open"})
    with transaction.atomic():
        action.status = ActionStatus.OPEN
        action.completed_on = None
        action.save(update_fields=["status", "completed_on"])
        audit.record(
            actor=actor,
            action="assurance.case_audit_action_reopened",
            target=action,
            organisation=action.owning_organisation,
            detail={"case_audit": action.case_audit_id},
        )
    return action


# -- Assurance reports -----------------------------------------------------------------------


def _check_report(partnership: Partnership, values: dict[str, Any]) -> dict[str, Any]:
    problems = {}
    if "subject" in values:
        values["subject"] = str(values["subject"] or "").strip()
        if not values["subject"]:
            problems["subject"] = "Enter the subject of the report"
    if "received_on" in values and values["received_on"] is None:
        problems["received_on"] = "Enter the date the report was received"
    if "organisation" in values and values["organisation"] is None:
        problems["organisation"] = "Select the organisation the report is from"
    if "follow_up_status" in values and values["follow_up_status"] not in FollowUpStatus.values:
        problems["follow_up_status"] = "Select whether follow-up is needed and how it stands"
    for name in ("summary", "follow_up", "presented_to"):
        if name in values:
            values[name] = str(values[name] or "").strip()
    if (
        values.get("follow_up_status") in (FollowUpStatus.OPEN, FollowUpStatus.DONE)
        and "follow_up" in values
        and not values["follow_up"]
    ):
        problems["follow_up"] = "Enter the follow-up required"
    if problems:
        raise ValidationError(problems)
    if values.get("organisation") is not None:
        _check_engaged(partnership, values["organisation"], "organisation")
    _check_group(partnership, values.get("group"), "group")
    meeting: Meeting | None = values.get("meeting")
    if meeting is not None and meeting.group.partnership_id != partnership.pk:
        raise ValidationError({"meeting": "Select one of the partnership's meetings"})
    return values


def assurance_report_create(
    *,
    actor: Any,
    partnership: Partnership,
    organisation: Organisation | None,
    received_on: datetime.date | None,
    subject: str,
    summary: str = "",
    follow_up: str = "",
    follow_up_status: str = FollowUpStatus.NONE,
    presented_to: str = "",
    group: Group | None = None,
    meeting: Meeting | None = None,
) -> AssuranceReport:
    values = _check_report(
        partnership,
        {
            "organisation": organisation,
            "received_on": received_on,
            "subject": subject,
            "summary": summary,
            "follow_up": follow_up,
            "follow_up_status": follow_up_status,
            "presented_to": presented_to,
            "group": group,
            "meeting": meeting,
        },
    )
    with transaction.atomic():
        report = AssuranceReport.objects.create(partnership=partnership, **values)
        audit.record(
            actor=actor,
            action="assurance.report_recorded",
            target=report,
            organisation=report.organisation,
            detail={
                "partnership": partnership.pk,
                "received_on": report.received_on.isoformat(),
                "follow_up_status": report.follow_up_status,
            },
        )
    return report


def assurance_report_change(
    *, actor: Any, report: AssuranceReport, **values: Any
) -> AssuranceReport:
    unknown = set(values) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError({name: "This cannot be changed" for name in sorted(unknown)})
    merged = {name: getattr(report, name) for name in REPORT_FIELDS}
    merged.update(values)
    merged = _check_report(report.partnership, merged)
    with transaction.atomic():
        changed = _apply(report, merged, REPORT_FIELDS)
        if changed:
            report.save(update_fields=changed)
            audit.record(
                actor=actor,
                action="assurance.report_changed",
                target=report,
                organisation=report.organisation,
                detail={"fields": changed, "follow_up_status": report.follow_up_status},
            )
    return report


# -- Inspections -----------------------------------------------------------------------------

AreaPairs = Sequence[tuple[str, str]]


def _check_inspection(partnership: Partnership, values: dict[str, Any]) -> dict[str, Any]:
    problems = {}
    if values.get("body") not in InspectionBody.values:
        problems["body"] = "Select the inspectorate"
    values["inspection_type"] = str(values.get("inspection_type") or "").strip()
    if not values["inspection_type"]:
        problems["inspection_type"] = "Enter the type of inspection, like ILACS Standard Inspection"
    if values.get("overall") not in ("", None, *Judgement.values):
        problems["overall"] = "Select the overall judgement, or none"
    values["overall"] = values.get("overall") or ""
    if values.get("inspected_on") is None and values.get("published_on") is None:
        problems["inspected_on"] = "Enter the inspection date or the publication date"
    inspected, published = values.get("inspected_on"), values.get("published_on")
    if inspected and published and published < inspected:
        problems["published_on"] = "The publication date must be on or after the inspection date"
    values["areas_for_improvement"] = clean_lines(values.get("areas_for_improvement") or [])
    values["summary"] = str(values.get("summary") or "").strip()
    values["web_link"] = str(values.get("web_link") or "").strip()
    if problems:
        raise ValidationError(problems)
    if values.get("organisation") is not None:
        _check_engaged(partnership, values["organisation"], "organisation")
    authority: LocalAuthority | None = values.get("local_authority")
    if authority is not None and not partnership.area.filter(pk=authority.pk).exists():
        raise ValidationError(
            {"local_authority": f"{authority.name} is not in {partnership.name}'s area"}
        )
    return values


def _check_areas(areas: AreaPairs) -> list[tuple[str, str]]:
    cleaned = []
    for index, (area, judgement) in enumerate(areas, start=1):
        area = (area or "").strip()
        if not area:
            continue
        if judgement not in Judgement.values:
            raise ValidationError({f"judgement_{index}": f"Select the judgement for {area}"})
        cleaned.append((area, judgement))
    return cleaned


def _set_areas(inspection: Inspection, areas: list[tuple[str, str]]) -> bool:
    before = list(inspection.areas.order_by("order").values_list("area", "judgement"))
    if before == areas:
        return False
    inspection.areas.all().delete()
    AreaJudgement.objects.bulk_create(
        AreaJudgement(inspection=inspection, order=order, area=area, judgement=judgement)
        for order, (area, judgement) in enumerate(areas, start=1)
    )
    return True


def inspection_create(
    *,
    actor: Any,
    partnership: Partnership,
    body: str,
    inspection_type: str,
    inspected_on: datetime.date | None = None,
    published_on: datetime.date | None = None,
    organisation: Organisation | None = None,
    local_authority: LocalAuthority | None = None,
    overall: str = "",
    summary: str = "",
    areas: AreaPairs = (),
    areas_for_improvement: Iterable[str] | str = (),
    web_link: str = "",
    source_file: str = "",
    source_row: int | None = None,
) -> Inspection:
    values = _check_inspection(
        partnership,
        {
            "body": body,
            "inspection_type": inspection_type,
            "organisation": organisation,
            "local_authority": local_authority,
            "inspected_on": inspected_on,
            "published_on": published_on,
            "overall": overall,
            "summary": summary,
            "areas_for_improvement": areas_for_improvement,
            "web_link": web_link,
        },
    )
    judged = _check_areas(areas)
    with transaction.atomic():
        inspection = Inspection.objects.create(
            partnership=partnership, source_file=source_file, source_row=source_row, **values
        )
        _set_areas(inspection, judged)
        audit.record(
            actor=actor,
            action="assurance.inspection_recorded",
            target=inspection,
            organisation=organisation,
            detail={
                "partnership": partnership.pk,
                "body": inspection.body,
                "overall": inspection.overall,
                "areas": len(judged),
                "source_file": source_file,
                "source_row": source_row,
            },
        )
    return inspection


def inspection_change(
    *, actor: Any, inspection: Inspection, areas: AreaPairs | None = None, **values: Any
) -> Inspection:
    unknown = set(values) - set(INSPECTION_FIELDS)
    if unknown:
        raise ValidationError({name: "This cannot be changed" for name in sorted(unknown)})
    merged = {name: getattr(inspection, name) for name in INSPECTION_FIELDS}
    merged.update(values)
    merged = _check_inspection(inspection.partnership, merged)
    judged = None if areas is None else _check_areas(areas)
    with transaction.atomic():
        changed = _apply(inspection, merged, INSPECTION_FIELDS)
        if changed:
            inspection.save(update_fields=changed)
        if judged is not None and _set_areas(inspection, judged):
            changed.append("areas")
        if changed:
            audit.record(
                actor=actor,
                action="assurance.inspection_changed",
                target=inspection,
                organisation=inspection.organisation,
                detail={"fields": changed, "overall": inspection.overall},
            )
    return inspection
