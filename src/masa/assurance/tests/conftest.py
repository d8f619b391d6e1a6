from __future__ import annotations

import datetime

import pytest

from masa.accounts.tests.factories import make_member
from masa.assurance import services
from masa.assurance.models import InspectionBody, Judgement
from masa.core.roles import Role


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)


@pytest.fixture
def lead(world):
    return make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)


@pytest.fixture
def case_audit(world, manager):
    return services.case_audit_create(
        actor=manager,
        partnership=world.partnership,
        theme="Unborn babies",
        audited_on=datetime.date(2016, 5, 17),
        cases_audited=8,
        participants=[world.own],
        strengths="- Referred at the right time\n- Escalation policy used",
        key_lessons=["Inconsistent information sharing"],
        impact=[],
    )


@pytest.fixture
def action(world, manager, case_audit):
    return services.case_audit_action_add(
        actor=manager,
        case_audit=case_audit,
        description="Change the closure procedure",
        owning_organisation=world.other,
        due_on=datetime.date(2016, 8, 31),
    )


@pytest.fixture
def report(world, manager):
    return services.assurance_report_create(
        actor=manager,
        partnership=world.partnership,
        organisation=world.own,
        received_on=datetime.date(2016, 10, 18),
        subject="Trust effectiveness",
        follow_up="Recruit the designated doctor",
        follow_up_status="open",
    )


@pytest.fixture
def inspection(world, manager):
    return services.inspection_create(
        actor=manager,
        partnership=world.partnership,
        body=InspectionBody.CQC,
        inspection_type="Children's safeguarding and looked after children",
        organisation=world.own,
        published_on=datetime.date(2017, 2, 1),
        overall=Judgement.REQUIRES_IMPROVEMENT,
        areas=[("Safeguarding", Judgement.GOOD)],
        areas_for_improvement=["GP reports to conference"],
    )
