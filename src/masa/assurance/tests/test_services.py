"""Case audits, their actions, assurance reports and inspections: what the services accept,
refuse, and record in the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from masa.accounts.tests.factories import make_member, make_organisation
from masa.assurance import selectors, services
from masa.assurance.models import ActionStatus, CaseAuditAction
from masa.core.models import AuditEvent
from masa.core.roles import Role


def test_a_case_audit_counts_its_cases_and_lists_its_points(case_audit, world):
    assert case_audit.cases_audited == 8
    assert case_audit.strengths == ["Referred at the right time", "Escalation policy used"]
    assert list(case_audit.participants.values_list("organisation", flat=True)) == [world.own.pk]
    event = AuditEvent.objects.get(action="assurance.case_audit_created")
    assert event.detail["participants"] == [world.own.pk]
    assert "Unborn" not in str(event.detail)  # ids and counts only, never the audit's words


@pytest.mark.parametrize("cases", [0, None, 501])
def test_the_number_of_cases_must_be_a_real_count(world, manager, cases):
    with pytest.raises(ValidationError) as refused:
        services.case_audit_create(
            actor=manager,
            partnership=world.partnership,
            theme="Strategy discussions",
            audited_on=datetime.date(2017, 3, 14),
            cases_audited=cases,
        )
    assert "cases_audited" in refused.value.message_dict


def test_a_participant_must_work_with_the_partnership(world, manager, case_audit):
    with pytest.raises(ValidationError) as refused:
        services.case_audit_change(
            actor=manager, case_audit=case_audit, participants=[world.outside_partnership]
        )
    assert "participants" in refused.value.message_dict


def test_changing_participants_is_recorded(world, manager, case_audit):
    services.case_audit_change(
        actor=manager, case_audit=case_audit, participants=[world.own, world.other], theme="New"
    )
    event = AuditEvent.objects.get(action="assurance.case_audit_changed")
    assert event.detail["fields"] == ["theme", "participants"]
    assert case_audit.participants.count() == 2


def test_an_action_closes_only_with_evidence_and_a_date(manager, action):
    with pytest.raises(ValidationError) as refused:
        services.case_audit_action_close(
            actor=manager, action=action, completed_on=datetime.date(2016, 8, 1), evidence=" "
        )
    assert set(refused.value.message_dict) == {"evidence"}
    with pytest.raises(ValidationError) as refused:
        services.case_audit_action_close(
            actor=manager, action=action, completed_on=None, evidence="Procedure v2"
        )
    assert set(refused.value.message_dict) == {"completed_on"}
    services.case_audit_action_close(
        actor=manager, action=action, completed_on=datetime.date(2016, 8, 23), evidence="v2"
    )
    action.refresh_from_db()
    assert (action.status, action.evidence) == (ActionStatus.DONE, "v2")
    assert AuditEvent.objects.filter(action="assurance.case_audit_action_closed").count() == 1
    services.case_audit_action_reopen(actor=manager, action=action)
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.completed_on is None


def test_overdue_actions_are_tagged_and_listed_for_their_owner(world, manager, case_audit):
    owner = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.other, partnership=world.partnership)
    late = services.case_audit_action_add(
        actor=manager,
        case_audit=case_audit,
        description="Write the pre-birth protocol",
        owning_organisation=world.other,
        owner=owner,
        due_on=datetime.date(2016, 12, 31),
    )
    today = datetime.date(2017, 1, 5)
    assert late.is_overdue(today)
    assert selectors.overdue_case_audit_actions_for(owner, today) == [late]
    assert [a.pk for a in selectors.case_audit_actions(manager, "overdue", today)] == [late.pk]
    assert selectors.action_counts(manager, today)["overdue"] == 1


def test_an_owner_must_hold_a_role_in_the_partnership(world, manager, case_audit):
    stranger = make_member(
        Role.PRACTITIONER, world.outside_partnership, partnership=world.elsewhere
    )
    with pytest.raises(ValidationError) as refused:
        services.case_audit_action_add(
            actor=manager,
            case_audit=case_audit,
            description="Something",
            owning_organisation=world.own,
            owner=stranger,
            due_on=datetime.date(2017, 1, 1),
        )
    assert "owner" in refused.value.message_dict


def test_an_assurance_report_needs_its_follow_up_when_follow_up_is_open(world, manager):
    with pytest.raises(ValidationError) as refused:
        services.assurance_report_create(
            actor=manager,
            partnership=world.partnership,
            organisation=world.own,
            received_on=datetime.date(2017, 2, 14),
            subject="Early help",
            follow_up_status="open",
        )
    assert "follow_up" in refused.value.message_dict


def test_an_assurance_report_change_is_audited(manager, report):
    services.assurance_report_change(actor=manager, report=report, follow_up_status="done")
    event = AuditEvent.objects.get(action="assurance.report_changed")
    assert event.detail == {"fields": ["follow_up_status"], "follow_up_status": "done"}


def test_an_inspection_keeps_its_areas_in_order(manager, inspection):
    assert [(a.area, a.judgement) for a in inspection.areas.all()] == [("Safeguarding", "good")]
    services.inspection_change(
        actor=manager,
        inspection=inspection,
        areas=[("Leadership", "good"), ("", ""), ("Safeguarding", "inadequate")],
    )
    assert list(inspection.areas.values_list("order", "area")) == [
        (1, "Leadership"),
        (2, "Safeguarding"),
    ]
    assert AuditEvent.objects.get(action="assurance.inspection_changed").detail["fields"] == [
        "areas"
    ]


def test_an_inspection_needs_a_date_and_a_known_judgement(world, manager):
    with pytest.raises(ValidationError) as refused:
        services.inspection_create(
            actor=manager,
            partnership=world.partnership,
            body="ofsted",
            inspection_type="ILACS",
            overall="brilliant",
        )
    assert {"overall", "inspected_on"} <= set(refused.value.message_dict)
    with pytest.raises(ValidationError) as refused:
        services.inspection_create(
            actor=manager,
            partnership=world.partnership,
            body="ofsted",
            inspection_type="ILACS",
            inspected_on=datetime.date(2022, 7, 18),
            areas=[("Leaders", "")],
        )
    assert "judgement_1" in refused.value.message_dict


def test_an_agency_lead_sees_the_audits_their_organisation_took_part_in(
    world, manager, lead, case_audit, action
):
    other_audit = services.case_audit_create(
        actor=manager,
        partnership=world.partnership,
        theme="ICPCs",
        audited_on=datetime.date(2016, 9, 13),
        cases_audited=8,
        participants=[world.other],
    )
    assert [a.pk for a in selectors.case_audits_for(lead)] == [case_audit.pk]
    # The action on that audit is owned by the other organisation: the lead does not see it.
    assert selectors.actions_of(lead, case_audit) == []
    assert CaseAuditAction.objects.visible_to(lead).count() == 0
    assert other_audit.pk not in [a.pk for a in selectors.case_audits_for(lead)]
    make_organisation(world.partnership, name="Unrelated")
    assert len(selectors.case_audits_for(manager)) == 2
