"""The demo's case audits, assurance reports and inspections: Somerset in 2016/17 (seed 003
§6.6, §6.9, §6.10 and Appendix D; the Ofsted judgements from ../shared/data when present).

Multi-agency case audits (§6.9): four, one a quarter, each of 8 cases (Q1's "7/8" gives its
count). The seed gives the month of each (May, July and September 2016, March 2017), not the
day: the days below are invented. The seed does not list who sat on each audit group, so each
audit's participants are the three statutory partners (the council's children's social care,
the police and the clinical commissioning group, now the integrated care board) plus the
agencies the seed names for it: National Probation Service and schools (the county's
education service) in Q2; the health trusts in Q4 ("health involvement in all cases").

Action plans: the seed reports each audit's impact, that is, the actions the plans produced
and that were done. Each becomes a closed action whose evidence is that impact statement; Q4's
"further development work expected in the new financial year" is its one open action. The
seed names no owners and no dates for the actions: the owning organisation is the agency the
impact names (the business unit's own actions belong to its host, the county council, now
Somerset Council); due and completion dates are invented within 2016/17 (the open one is due
30 June 2017, so it shows as overdue).

Assurance reports (§6.6 and Appendix D, listed in §6.10): police effectiveness (HMIC PEEL),
CCG effectiveness (October 2016 Board meeting), the Early Help Commissioning Board (February
2017, Business Planning Group), the district councils' effectiveness, radicalisation and
extremism (Safer Somerset Partnership), the Somerset Active Sports Partnership's safeguarding
action plans and the Diocese of Bath and Wells' improvement plan after the SCIE audit. §6.7
(voice of children) describes links with the participation network, not a report, so it is not
one. Days not given by the seed are invented within the month or year it gives.

Inspections: Ofsted's 2015 inspection of children's services and review of the LSCB
(published 27 March 2015: inadequate, seed 003 §5.1 and the foreword) and HMIC's PEEL
effectiveness inspection of the constabulary (published March 2017, Appendix D); and, when
`../shared/data` is beside the repository, Somerset's ILACS judgements from Ofsted's
official statistics through the same import as `masa import-ofsted`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from masa.accounts.models import Engagement, Organisation, OrganisationKind
from masa.assurance.models import (
    ActionStatus,
    AssuranceReport,
    CaseAudit,
    CaseAuditAction,
    FollowUpStatus,
    Inspection,
    InspectionBody,
    Judgement,
)
from masa.assurance.ofsted_import import history_file, import_ofsted
from masa.assurance.services import (
    assurance_report_create,
    case_audit_action_add,
    case_audit_action_close,
    case_audit_create,
    inspection_create,
)
from masa.partnership.models import Group, Meeting, Partnership

SHARED_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"

COUNCIL = "Somerset Council"
ICB = "NHS Somerset Integrated Care Board"
POLICE = "Avon and Somerset Constabulary"
PROBATION = "National Probation Service"
EDUCATION = "Somerset County Council, Education"
DISTRICTS = "Somerset District Councils"
SAFER_SOMERSET = "Safer Somerset Partnership"
QUALITY_AND_PERFORMANCE = "Quality and Performance"
BOARD_NAME = "Somerset Safeguarding Children Board (to 2019)"
STATUTORY = (COUNCIL, POLICE, ICB)
HEALTH_TRUSTS = (
    "Somerset Partnership NHS Foundation Trust",
    "Taunton and Somerset NHS Foundation Trust",
    "Yeovil District Hospital NHS Foundation Trust",
)


@dataclass(frozen=True)
class ActionSeed:
    description: str
    organisation: str
    due_on: datetime.date
    completed_on: datetime.date | None  # None: still open
    evidence: str = ""


@dataclass(frozen=True)
class CaseAuditSeed:
    theme: str
    audited_on: datetime.date
    cases_audited: int
    scope: str
    participants: tuple[str, ...]
    strengths: tuple[str, ...]
    key_lessons: tuple[str, ...]
    impact: tuple[str, ...]
    actions: tuple[ActionSeed, ...]


def _d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


CASE_AUDITS = (
    CaseAuditSeed(
        theme="Unborn babies",
        audited_on=_d(2016, 5, 17),
        cases_audited=8,
        scope="Q1 2016/17: multi-agency practice with unborn babies.",
        participants=STATUTORY,
        strengths=(
            "Majority (7/8) of cases referred at appropriate time, once risks became known",
            "Evidence of effective use of the escalation policy",
        ),
        key_lessons=(
            "Inconsistent information sharing prior to case closure",
            "The requirement for practitioner guidance to be strengthened",
            "Professional focus upon adults needs",
        ),
        impact=(
            "Early Help Assessment work has taken place across the partnership to ensure "
            "child's needs considered as central",
            "Somerset Direct procedure was changed to ensure the current situation is clarified "
            "with partner agencies prior to closing cases where NFA is decided",
            "A pre-birth protocol drafted in addition to improved and expanded policy guidance "
            "made available through the South West Child Protection Procedures",
        ),
        actions=(
            ActionSeed(
                "Early Help Assessment work across the partnership so that the child's needs "
                "are considered as central",
                COUNCIL,
                _d(2016, 9, 30),
                _d(2016, 9, 27),
                "Early Help Assessment work has taken place across the partnership to ensure "
                "child's needs considered as central.",
            ),
            ActionSeed(
                "Change the Somerset Direct procedure so the current situation is clarified "
                "with partner agencies before closing a case with no further action",
                COUNCIL,
                _d(2016, 8, 31),
                _d(2016, 8, 23),
                "Somerset Direct procedure was changed to ensure the current situation is "
                "clarified with partner agencies prior to closing cases where NFA is decided.",
            ),
            ActionSeed(
                "Draft a pre-birth protocol and improve the policy guidance in the South West "
                "Child Protection Procedures",
                COUNCIL,
                _d(2016, 12, 31),
                _d(2016, 12, 13),
                "A pre-birth protocol drafted in addition to improved and expanded policy "
                "guidance made available through the South West Child Protection Procedures.",
            ),
        ),
    ),
    CaseAuditSeed(
        theme="Children of parents in prison",
        audited_on=_d(2016, 7, 12),
        cases_audited=8,
        scope="Q2 2016/17: 8 cases audited where children of various ages had a parent in prison.",
        participants=(*STATUTORY, PROBATION, EDUCATION),
        strengths=(
            "A mixed picture overall but some evidence of good planning and of well-engaged "
            "parents",
        ),
        key_lessons=(
            "Some services not always aware of child's home situation or possible risks, "
            "including release date information relating to offenders",
            "Sharing information with agencies following strategy discussion was inconsistent",
            "Voice of the father not always heard",
        ),
        impact=(
            "Briefing provided to CSC on outcomes of the audit and information sharing practice "
            "particularly with schools. Briefing prompted CSC to determine how agencies are "
            "alerted to the risks posed by individuals, to the child",
            "Multi-agency practitioners were reminded to include specific actions within "
            "strategies, stating specific agencies and individuals that need to be informed",
            "The importance of keeping agencies up to date has been followed up with National "
            "Probation Service (NPS) staff to support multi-agency planning in preparation for "
            "the release of offenders from prison",
        ),
        actions=(
            ActionSeed(
                "Brief children's social care on the audit's outcomes and on information "
                "sharing, particularly with schools",
                COUNCIL,
                _d(2016, 10, 31),
                _d(2016, 10, 18),
                "Briefing provided to CSC on outcomes of the audit and information sharing "
                "practice particularly with schools.",
            ),
            ActionSeed(
                "Remind multi-agency practitioners to include specific actions within "
                "strategies, naming the agencies and individuals to be informed",
                COUNCIL,
                _d(2016, 10, 31),
                _d(2016, 10, 25),
                "Multi-agency practitioners were reminded to include specific actions within "
                "strategies, stating specific agencies and individuals that need to be informed.",
            ),
            ActionSeed(
                "Follow up with National Probation Service staff the importance of keeping "
                "agencies up to date before offenders are released from prison",
                PROBATION,
                _d(2016, 11, 30),
                _d(2016, 11, 22),
                "The importance of keeping agencies up to date has been followed up with NPS "
                "staff to support multi-agency planning in preparation for the release of "
                "offenders from prison.",
            ),
        ),
    ),
    CaseAuditSeed(
        theme="ICPCs and core groups",
        audited_on=_d(2016, 9, 13),
        cases_audited=8,
        scope="Q3 2016/17: multi-agency practice with children before their initial child "
        "protection conference (ICPC), and the first core group in each case.",
        participants=STATUTORY,
        strengths=(
            "Good practice evident from a variety of agencies for their reports to conference",
            "Audit group reported some outstanding practice in voice of the child work and the "
            "child's lived experience",
        ),
        key_lessons=(
            "Consistent approaches of signs of safety scaling",
            "Some confusion around core group membership and its leadership",
        ),
        impact=(
            "Good practice highlighted with agencies",
            "Learning points were communicated through the SSCB learning bulletin",
        ),
        actions=(
            ActionSeed(
                "Highlight the good practice found with the agencies",
                COUNCIL,
                _d(2016, 12, 31),
                _d(2016, 11, 29),
                "Good practice highlighted with agencies.",
            ),
            ActionSeed(
                "Communicate the learning points through the SSCB learning bulletin",
                COUNCIL,
                _d(2016, 12, 31),
                _d(2016, 12, 6),
                "Learning points were communicated through the SSCB learning bulletin.",
            ),
        ),
    ),
    CaseAuditSeed(
        theme="Strategy discussions, with a focus upon young, vulnerable parents",
        audited_on=_d(2017, 3, 14),
        cases_audited=8,
        scope="Q4 2016/17: 'Strategies', with a focus upon young, vulnerable parents. The audit "
        "linked to the SCR for Child L and Child J.",
        participants=(*STATUTORY, *HEALTH_TRUSTS),
        strengths=(
            "Well organised and effectively recorded strategy",
            "Appropriate attendance and agency input found to be clear",
            "Evidence of interim planning which addressed the risks to the child",
            "Evidence of health involvement in all cases",
        ),
        key_lessons=(
            "Greater consistency required in distribution of notes to agencies and quality of "
            "interim safety planning",
            "Inclusion of GP's and relevant housing officers in strategy meetings",
        ),
        impact=(
            "Guidance for partners around strategies was reiterated through SSCB newsletter",
            "Audit outcomes reported to partnership with further development work expected in "
            "the new financial year",
        ),
        actions=(
            ActionSeed(
                "Reiterate the guidance for partners on strategies through the SSCB newsletter",
                COUNCIL,
                _d(2017, 3, 31),
                _d(2017, 3, 28),
                "Guidance for partners around strategies was reiterated through SSCB newsletter.",
            ),
            ActionSeed(
                "Further development work on strategy discussions: distribution of notes to "
                "agencies, quality of interim safety planning, and including GPs and housing "
                "officers",
                COUNCIL,
                _d(2017, 6, 30),
                None,
            ),
        ),
    ),
)


@dataclass(frozen=True)
class ReportSeed:
    organisation: str
    received_on: datetime.date
    subject: str
    summary: str
    follow_up: str
    follow_up_status: str
    presented_to: str
    meeting_on: datetime.date | None = None
    group: str | None = None


REPORTS = (
    ReportSeed(
        POLICE,
        _d(2017, 3, 28),
        "Police effectiveness in Somerset",
        "HMIC's PEEL inspection (published March 2017) found that Avon and Somerset "
        "Constabulary had improved to 'Good' at keeping people safe and reducing crime, "
        "including protecting those who are vulnerable from harm (judged to require "
        "improvement in 2015). Concerns about missing and absent children had been addressed.",
        "The management of the risks posed by registered sex offenders.",
        FollowUpStatus.OPEN,
        "Somerset Safeguarding Children Board",
    ),
    ReportSeed(
        ICB,
        _d(2016, 10, 18),
        "CCG effectiveness",
        "The CCG's annual report on safeguarding children and children looked after, and "
        "updates on leadership and governance, quality assurance of safeguarding in NHS trusts, "
        "identifying children most at risk, embedding early help and the Health Advisory "
        "Group.",
        "Align the Health Advisory Group's work plan with the Board's; streamline quality "
        "assurance with quarterly and annual reporting; evidence that providers have embedded "
        "early help; training needs analysis; recruit the Designated Doctor.",
        FollowUpStatus.OPEN,
        "Somerset Safeguarding Children Board, October 2016",
        meeting_on=_d(2016, 10, 18),
    ),
    ReportSeed(
        COUNCIL,
        _d(2017, 2, 14),
        "Assurance report from the Early Help Commissioning Board",
        "Programme 5 of the Children and Young People's Plan, 'Providing help early and "
        "effectively': Professional Choices and the Early Help Assessment (43 referral forms "
        "down to one), the Early Help scorecard, strategy and dashboard, and Team Around the "
        "School.",
        "Evaluate and monitor early help performance and impact data in 2017/18; develop robust "
        "impact and outcomes data.",
        FollowUpStatus.OPEN,
        "Business Planning Group, February 2017",
    ),
    ReportSeed(
        DISTRICTS,
        _d(2017, 3, 21),
        "Somerset District Councils effectiveness",
        "All five district councils completed the 2016/17 Section 11 audit with overall "
        "'Green' scores; housing providers' engagement and licensing teams' work on CSE "
        "increased.",
        "Lower scores: service development and case decisions informed by children and families.",
        FollowUpStatus.OPEN,
        "Somerset Safeguarding Children Board",
    ),
    ReportSeed(
        SAFER_SOMERSET,
        _d(2017, 3, 21),
        "Radicalisation and extremism: Embedding Prevent in Somerset, Progress Report 2017",
        "Key agencies had embedded the Prevent duties; 1,012 practitioners completed WRAP "
        "training and 605 education safeguarding leads were trained as trainers, with 98% "
        "positive responses.",
        "Capacity and resources to keep up the quality of the response to the Prevent duty.",
        FollowUpStatus.OPEN,
        "Somerset Safeguarding Children Board",
    ),
    ReportSeed(
        "Somerset Active Sports Partnership",
        _d(2016, 11, 15),
        "Safeguarding action plans for sports clubs",
        "SASP is spreading the NSPCC Child Protection in Sport Unit's self-assessment audit to "
        "its affiliated clubs, and developed a safeguarding toolkit for clubs.",
        "Support SASP's assurance and monitoring; promote the CPSU audit with the national "
        "governing bodies; targeted training for sports welfare officers in 2017/18.",
        FollowUpStatus.OPEN,
        "Somerset Safeguarding Children Board",
    ),
    ReportSeed(
        "Diocese of Bath and Wells",
        _d(2016, 12, 6),
        "Improvement plan after the SCIE safeguarding audit of the diocese",
        "The Social Care Institute for Excellence audited the diocese's safeguarding "
        "arrangements in 2016; the diocese shared its improvement plan in response.",
        "The Quality and Performance subgroup monitors the diocese's improvement progress.",
        FollowUpStatus.OPEN,
        "Quality and Performance subgroup",
        group=QUALITY_AND_PERFORMANCE,
    ),
)


def _organisation(
    partnership: Partnership,
    organisations: dict[str, Organisation],
    name: str,
    changes: Counter[str],
) -> Organisation:
    if name in organisations:
        return organisations[name]
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        # Only the Safer Somerset Partnership is new here (the community safety partnership
        # that reported on Prevent, seed 003 Appendix D).
        organisation = Organisation.objects.create(name=name, kind=OrganisationKind.OTHER)
        changes["organisations"] += 1
    _, created = Engagement.objects.get_or_create(
        partnership=partnership,
        organisation=organisation,
        defaults={"how_engaged": "Gave the Board an assurance report in 2016/17."},
    )
    changes["engagements"] += created
    return organisation


def load_assurance(
    partnership: Partnership,
    organisations: dict[str, Organisation],
    changes: Counter[str],
    ofsted_dir: Path | None = SHARED_DATA,
) -> None:
    """The 2016/17 case audits, assurance reports and inspections (idempotent)."""

    def org(name: str) -> Organisation:
        return _organisation(partnership, organisations, name, changes)

    monitor = Group.objects.filter(partnership=partnership, name=QUALITY_AND_PERFORMANCE).first()
    for seed in CASE_AUDITS:
        if CaseAudit.objects.filter(partnership=partnership, theme=seed.theme).exists():
            continue
        case_audit = case_audit_create(
            actor=None,
            partnership=partnership,
            theme=seed.theme,
            audited_on=seed.audited_on,
            cases_audited=seed.cases_audited,
            participants=[org(name) for name in seed.participants],
            scope=seed.scope,
            strengths=seed.strengths,
            key_lessons=seed.key_lessons,
            impact=seed.impact,
            monitored_by=monitor,
        )
        changes["case audits"] += 1
        for action_seed in seed.actions:
            action = case_audit_action_add(
                actor=None,
                case_audit=case_audit,
                description=action_seed.description,
                owning_organisation=org(action_seed.organisation),
                due_on=action_seed.due_on,
            )
            if action_seed.completed_on is not None:
                case_audit_action_close(
                    actor=None,
                    action=action,
                    completed_on=action_seed.completed_on,
                    evidence=action_seed.evidence,
                )
            changes["case audit actions"] += 1

    board_meetings = {
        m.held_on: m
        for m in Meeting.objects.filter(group__partnership=partnership, group__name=BOARD_NAME)
    }
    for report in REPORTS:
        if AssuranceReport.objects.filter(partnership=partnership, subject=report.subject).exists():
            continue
        assurance_report_create(
            actor=None,
            partnership=partnership,
            organisation=org(report.organisation),
            received_on=report.received_on,
            subject=report.subject,
            summary=report.summary,
            follow_up=report.follow_up,
            follow_up_status=report.follow_up_status,
            presented_to=report.presented_to,
            meeting=board_meetings.get(report.meeting_on) if report.meeting_on else None,
            group=Group.objects.filter(partnership=partnership, name=report.group).first()
            if report.group
            else None,
        )
        changes["assurance reports"] += 1

    _load_inspections(partnership, org, changes)
    if ofsted_dir is not None and history_file(ofsted_dir).exists():
        summary = import_ofsted(ofsted_dir)
        changes["Ofsted inspections imported"] += summary.added


def _load_inspections(
    partnership: Partnership, org: Callable[[str], Organisation], changes: Counter[str]
) -> None:
    authority = partnership.area.first()
    if not Inspection.objects.filter(
        partnership=partnership, body=InspectionBody.OFSTED, published_on=_d(2015, 3, 27)
    ).exists():
        inspection_create(
            actor=None,
            partnership=partnership,
            body=InspectionBody.OFSTED,
            inspection_type="Inspection of services for children in need of help and protection, "
            "children looked after and care leavers; review of the effectiveness of the LSCB",
            published_on=_d(2015, 3, 27),
            organisation=org(COUNCIL),
            local_authority=authority,
            overall=Judgement.INADEQUATE,
            summary="Inspected in January and February 2015. The county council's services for "
            "children in need of help and protection, children looked after and care leavers "
            "were judged inadequate, as were the arrangements to evaluate the effectiveness of "
            "what the authority and board partners do to safeguard children (seed 003 foreword "
            "and §5.1).",
            areas=(
                ("Children who need help and protection", Judgement.INADEQUATE),
                ("Children looked after", Judgement.INADEQUATE),
                ("Care leavers", Judgement.INADEQUATE),
                ("Review of the effectiveness of the LSCB", Judgement.INADEQUATE),
            ),
            areas_for_improvement=(
                "Progress the early help strategy more swiftly, ensure that it is well embedded "
                "in practice across the partnership and that thresholds for services are better "
                "understood and implemented to reduce the number of inappropriate referrals and "
                "re-referrals to children's services",
                "Ensure that all partners regularly attend and that they are purposefully "
                "engaged in the work of the Board",
            ),
        )
        changes["inspections"] += 1
    if not Inspection.objects.filter(partnership=partnership, body=InspectionBody.HMICFRS).exists():
        inspection_create(
            actor=None,
            partnership=partnership,
            body=InspectionBody.HMICFRS,
            inspection_type="PEEL: police effectiveness 2016",
            published_on=_d(2017, 3, 2),
            organisation=org(POLICE),
            overall=Judgement.GOOD,
            summary="Improved to 'Good' at keeping people safe and reducing crime (it required "
            "improvement the year before), seed 003 Appendix D. The day of publication is not "
            "in the seed.",
            areas=(
                (
                    "Preventing crime, tackling anti-social behaviour and keeping people safe",
                    Judgement.GOOD,
                ),
                ("Investigating crime and reducing re-offending", Judgement.GOOD),
                (
                    "Protecting those who are vulnerable from harm, and supporting victims",
                    Judgement.GOOD,
                ),
            ),
            areas_for_improvement=(
                "The management of the risks posed by registered sex offenders",
                "The way the force tackled serious and organised crime",
                "The role of neighbourhood officers",
                "Closer working with the south west regional organised crime unit",
            ),
        )
        changes["inspections"] += 1


def demo_figures(partnership: Partnership) -> dict[str, object]:
    """What the seed's figures look like in the demo (for the tests and the summary)."""
    audits = CaseAudit.objects.filter(partnership=partnership)
    actions = CaseAuditAction.objects.filter(case_audit__partnership=partnership)
    return {
        "case_audits": audits.count(),
        "cases_audited": sorted(audits.values_list("cases_audited", flat=True)),
        "themes": list(audits.order_by("audited_on").values_list("theme", flat=True)),
        "actions_done": actions.filter(status=ActionStatus.DONE).count(),
        "actions_open": actions.filter(status=ActionStatus.OPEN).count(),
        "reports": AssuranceReport.objects.filter(partnership=partnership).count(),
    }
