"""Probes for multi-agency case audits, their actions, assurance reports and inspections."""

from __future__ import annotations

import datetime
from typing import Any

from tests.probes.common import Seen, organisation_for, partnership_for

from masa.core.permissions import Permission


def _records(world, relation) -> dict[str, Any]:
    """An audit the relation's organisation took part in, an action it owns, a report from it
    and an inspection of it, all in the relation's partnership."""
    from masa.assurance.models import (
        AreaJudgement,
        AssuranceReport,
        CaseAudit,
        CaseAuditAction,
        CaseAuditParticipant,
        Inspection,
    )

    organisation = organisation_for(world, relation)
    partnership = partnership_for(world, relation)
    audit = CaseAudit.objects.create(
        partnership=partnership,
        theme="Probe audit of strategy discussions",
        audited_on=datetime.date(2017, 3, 14),
        cases_audited=8,
    )
    CaseAuditParticipant.objects.create(case_audit=audit, organisation=organisation)
    action = CaseAuditAction.objects.create(
        case_audit=audit,
        description="Probe action on notes",
        owning_organisation=organisation,
        due_on=datetime.date(2017, 6, 30),
    )
    report = AssuranceReport.objects.create(
        partnership=partnership,
        organisation=organisation,
        received_on=datetime.date(2016, 10, 18),
        subject="Probe assurance report",
    )
    inspection = Inspection.objects.create(
        partnership=partnership,
        organisation=organisation,
        body="cqc",
        inspection_type="Probe inspection",
        published_on=datetime.date(2017, 2, 1),
        overall="good",
    )
    AreaJudgement.objects.create(inspection=inspection, order=1, area="Safe", judgement="good")
    return {"audit": audit, "action": action, "report": report, "inspection": inspection}


def _ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]] if response.status_code == 200 else []


def probe_view_assurance(client, world, relation) -> Seen:
    made = _records(world, relation)
    audit, action, report, inspection = (
        made["audit"],
        made["action"],
        made["report"],
        made["inspection"],
    )
    responses = {
        "audit page": client.get(f"/assurance/case-audits/{audit.pk}/"),
        "audit list": client.get("/assurance/case-audits/"),
        "actions list": client.get("/assurance/case-audits/actions/?show=all"),
        "report page": client.get(f"/assurance/reports/{report.pk}/"),
        "report list": client.get("/assurance/reports/"),
        "inspection page": client.get(f"/assurance/inspections/{inspection.pk}/"),
        "inspection list": client.get("/assurance/inspections/"),
        "api audit": client.get(f"/api/v1/audits/case-audits/{audit.pk}/"),
        "api audits": client.get("/api/v1/audits/case-audits/"),
        "api action": client.get(f"/api/v1/audits/case-audit-actions/{action.pk}/"),
        "api actions": client.get("/api/v1/audits/case-audit-actions/"),
        "api report": client.get(f"/api/v1/assurance-reports/{report.pk}/"),
        "api reports": client.get("/api/v1/assurance-reports/"),
        "api inspection": client.get(f"/api/v1/inspections/{inspection.pk}/"),
        "api inspections": client.get("/api/v1/inspections/"),
    }

    def listed(name: str, text: bytes) -> bool:
        return responses[name].status_code == 200 and text in responses[name].content

    return Seen(
        shown=[
            responses["audit page"].status_code == 200,
            listed("audit list", b"Probe audit of strategy discussions"),
            listed("actions list", b"Probe action on notes"),
            responses["report page"].status_code == 200,
            listed("report list", b"Probe assurance report"),
            responses["inspection page"].status_code == 200,
            listed("inspection list", b"Probe inspection"),
            responses["api audit"].status_code == 200,
            audit.pk in _ids(responses["api audits"]),
            responses["api action"].status_code == 200,
            action.pk in _ids(responses["api actions"]),
            responses["api report"].status_code == 200,
            report.pk in _ids(responses["api reports"]),
            responses["api inspection"].status_code == 200,
            inspection.pk in _ids(responses["api inspections"]),
        ],
        statuses=[response.status_code for response in responses.values()],
    )


def probe_manage_assurance(client, world, relation) -> Seen:
    made = _records(world, relation)
    audit, action, report, inspection = (
        made["audit"],
        made["action"],
        made["report"],
        made["inspection"],
    )
    organisation = organisation_for(world, relation)
    form = client.get(f"/assurance/case-audits/{audit.pk}/change/")
    posted = client.post(
        f"/assurance/reports/{report.pk}/change/",
        {
            "organisation": organisation.pk,
            "received_on-day": "18",
            "received_on-month": "10",
            "received_on-year": "2016",
            "subject": "Probe assurance report, changed",
            "follow_up_status": "none",
        },
    )
    patched = client.patch(
        f"/api/v1/inspections/{inspection.pk}/",
        {"overall": "outstanding"},
        content_type="application/json",
    )
    closed = client.patch(
        f"/api/v1/audits/case-audit-actions/{action.pk}/",
        {"status": "done", "completed_on": "2017-06-01", "evidence": "Probe evidence"},
        content_type="application/json",
    )
    for record in (report, inspection, action):
        record.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and report.subject == "Probe assurance report, changed",
            patched.status_code == 200 and inspection.overall == "outstanding",
            closed.status_code == 200 and action.status == "done",
        ],
        statuses=[form.status_code, posted.status_code, patched.status_code, closed.status_code],
    )


PROBES = {
    Permission.VIEW_ASSURANCE: probe_view_assurance,
    Permission.MANAGE_ASSURANCE: probe_manage_assurance,
}

PK_SOURCES = {
    "assurance:case-audit": "case_audit",
    "assurance:case-audit-edit": "case_audit",
    "assurance:case-audit-action-add": "case_audit",
    "assurance:case-audit-action-edit": "case_audit_action",
    "assurance:case-audit-action-close": "case_audit_action",
    "assurance:case-audit-action-reopen": "case_audit_action",
    "assurance:report": "assurance_report",
    "assurance:report-edit": "assurance_report",
    "assurance:inspection": "inspection",
    "assurance:inspection-edit": "inspection",
    "case-audit-detail": "case_audit",
    "case-audit-action-detail": "case_audit_action",
    "assurance-report-detail": "assurance_report",
    "inspection-detail": "inspection",
}

POST_ONLY = {"assurance:case-audit-action-reopen"}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    """An audit the own organisation took part in, an open action its practitioner owns, a
    report from it and an inspection of it."""
    made = _records(world, "own organisation")
    made["action"].owner = cast.practitioner
    made["action"].save(update_fields=["owner"])
    return {
        "case_audit": made["audit"].pk,
        "case_audit_action": made["action"].pk,
        "assurance_report": made["report"].pk,
        "inspection": made["inspection"].pk,
    }
