"""The demo's case audits, assurance reports and inspections carry the figures of the Somerset
annual report 2016/17 (seed 003 §6.6, §6.9, §6.10, Appendix D), the Ofsted judgements come
from the data files, and loading twice changes nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from masa.assurance import demo_assurance
from masa.assurance.models import (
    ActionStatus,
    AssuranceReport,
    CaseAudit,
    CaseAuditAction,
    Inspection,
    InspectionBody,
    Judgement,
)
from masa.core.models import AuditEvent
from masa.partnership import demo

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def loaded(db):
    return demo.load_demo()


def test_the_four_multi_agency_audits_of_section_6_9(loaded):
    audits = list(CaseAudit.objects.filter(partnership=loaded.partnership).order_by("audited_on"))
    assert [a.theme for a in audits] == [
        "Unborn babies",
        "Children of parents in prison",
        "ICPCs and core groups",
        "Strategy discussions, with a focus upon young, vulnerable parents",
    ]
    # Q1 "7/8", Q2–Q4 "8 cases" each: 32 cases in 2016/17.
    assert [a.cases_audited for a in audits] == [8, 8, 8, 8]
    assert [(a.audited_on.year, a.audited_on.month) for a in audits] == [
        (2016, 5),
        (2016, 7),
        (2016, 9),
        (2017, 3),
    ]
    assert [len(a.strengths) for a in audits] == [2, 1, 2, 4]
    assert [len(a.key_lessons) for a in audits] == [3, 3, 2, 2]
    assert [len(a.impact) for a in audits] == [3, 3, 2, 2]
    assert audits[0].strengths[0].startswith("Majority (7/8) of cases referred")
    assert "Voice of the father not always heard" in audits[1].key_lessons
    assert all(a.monitored_by.name == "Quality and Performance" for a in audits)
    prison = audits[1]
    assert "National Probation Service" in set(
        prison.participants.values_list("organisation__name", flat=True)
    )


def test_the_action_plans_are_the_impact_done_and_one_open(loaded):
    actions = CaseAuditAction.objects.filter(case_audit__partnership=loaded.partnership)
    # Q1 3, Q2 3, Q3 2, Q4 1 done; Q4's further development work is open.
    assert actions.filter(status=ActionStatus.DONE).count() == 9
    still_open = actions.get(status=ActionStatus.OPEN)
    assert still_open.case_audit.theme.startswith("Strategy discussions")
    assert still_open.is_overdue(still_open.due_on.replace(year=2017, month=7, day=1))
    # Closed actions all carry their evidence and were done within 2016/17.
    for action in actions.filter(status=ActionStatus.DONE):
        assert action.evidence
        assert action.completed_on <= action.due_on


def test_the_single_agency_assurance_reports_of_appendix_d_and_section_6_6(loaded):
    reports = AssuranceReport.objects.filter(partnership=loaded.partnership)
    assert set(reports.values_list("subject", flat=True)) >= {
        "Police effectiveness in Somerset",
        "CCG effectiveness",
        "Assurance report from the Early Help Commissioning Board",
        "Somerset District Councils effectiveness",
        "Radicalisation and extremism: Embedding Prevent in Somerset, Progress Report 2017",
    }
    assert reports.count() == 7
    ccg = reports.get(subject="CCG effectiveness")
    assert ccg.meeting is not None and ccg.meeting.held_on.month == 10
    diocese = reports.get(organisation__name="Diocese of Bath and Wells")
    assert diocese.group.name == "Quality and Performance"


def test_the_inspections_of_2015_and_2017_and_the_ofsted_ilacs_row(loaded):
    inspections = Inspection.objects.filter(partnership=loaded.partnership)
    ofsted_2015 = inspections.get(body=InspectionBody.OFSTED, source_file="")
    assert ofsted_2015.overall == Judgement.INADEQUATE
    assert ofsted_2015.published_on.isoformat() == "2015-03-27"
    peel = inspections.get(body=InspectionBody.HMICFRS)
    assert peel.overall == Judgement.GOOD
    assert len(peel.areas_for_improvement) == 4


def test_the_demo_loader_loads_somerset_from_the_fixture_slice(loaded):
    Inspection.objects.exclude(source_file="").delete()
    changes: Counter[str] = Counter()
    demo_assurance.load_assurance(loaded.partnership, {}, changes, ofsted_dir=FIXTURES)
    imported = Inspection.objects.get(partnership=loaded.partnership, source_file__contains="ilacs")
    assert changes["Ofsted inspections imported"] == 1
    assert imported.inspected_on.isoformat() == "2022-07-18"
    assert imported.source_row == 6
    assert imported.overall == Judgement.GOOD
    assert imported.organisation.name == "Somerset Council"
    # Care leavers were judged separately only from 2023: the 2022 row leaves that cell empty.
    assert [a.judgement for a in imported.areas.all()] == [Judgement.GOOD] * 3
    assert imported.areas.last().area == "The experiences and progress of children in care"


def test_loading_twice_changes_nothing(loaded):
    counts = (
        CaseAudit.objects.count(),
        CaseAuditAction.objects.count(),
        AssuranceReport.objects.count(),
        Inspection.objects.count(),
        AuditEvent.objects.filter(action__startswith="assurance.").count(),
    )
    changes: Counter[str] = Counter()
    demo_assurance.load_assurance(loaded.partnership, {}, changes, ofsted_dir=FIXTURES)
    demo_assurance.load_assurance(loaded.partnership, {}, changes)
    assert not +changes
    assert counts == (
        CaseAudit.objects.count(),
        CaseAuditAction.objects.count(),
        AssuranceReport.objects.count(),
        Inspection.objects.count(),
        AuditEvent.objects.filter(action__startswith="assurance.").count(),
    )
