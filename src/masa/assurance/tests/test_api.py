"""/api/v1/audits/case-audits/, /api/v1/audits/case-audit-actions/, /api/v1/assurance-reports/
and /api/v1/inspections/: read and write, scoped and audited like the pages."""

from __future__ import annotations

import pytest

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.assurance.models import ActionStatus, CaseAudit, Inspection
from masa.core.models import AuditEvent
from masa.core.roles import Role

JSON = "application/json"


@pytest.fixture
def api(manager):
    return signed_in_client(manager)


def test_case_audits_list_and_detail(api, case_audit, world):
    listing = api.get("/api/v1/audits/case-audits/").json()
    assert [row["id"] for row in listing["results"]] == [case_audit.pk]
    detail = api.get(f"/api/v1/audits/case-audits/{case_audit.pk}/").json()
    assert detail["cases_audited"] == 8
    assert detail["participating_organisations"] == [world.own.pk]
    assert detail["strengths"] == ["Referred at the right time", "Escalation policy used"]


def test_post_a_case_audit_and_patch_it(api, world):
    created = api.post(
        "/api/v1/audits/case-audits/",
        {
            "theme": "ICPCs and core groups",
            "audited_on": "2016-09-13",
            "cases_audited": 8,
            "participants": [world.own.pk],
            "strengths": ["Good reports to conference"],
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert AuditEvent.objects.filter(action="assurance.case_audit_created").count() == 1
    patched = api.patch(
        f"/api/v1/audits/case-audits/{pk}/",
        {"cases_audited": 9, "participants": [world.own.pk, world.other.pk]},
        content_type=JSON,
    )
    assert patched.status_code == 200
    assert sorted(patched.json()["participating_organisations"]) == sorted(
        [world.own.pk, world.other.pk]
    )
    assert CaseAudit.objects.get(pk=pk).cases_audited == 9


def test_a_refusal_answers_400_naming_the_field(api, case_audit):
    response = api.patch(
        f"/api/v1/audits/case-audits/{case_audit.pk}/", {"cases_audited": 0}, content_type=JSON
    )
    assert response.status_code == 400
    assert "cases_audited" in response.json()["fields"]


def test_closing_an_action_through_the_api_needs_evidence(api, action):
    url = f"/api/v1/audits/case-audit-actions/{action.pk}/"
    refused = api.patch(url, {"status": "done", "completed_on": "2016-08-23"}, content_type=JSON)
    assert refused.status_code == 400
    assert "evidence" in refused.json()["fields"]
    closed = api.patch(
        url,
        {"status": "done", "completed_on": "2016-08-23", "evidence": "Procedure v2"},
        content_type=JSON,
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == ActionStatus.DONE
    assert closed.json()["overdue"] is False


def test_post_an_action(api, case_audit, world):
    response = api.post(
        "/api/v1/audits/case-audit-actions/",
        {
            "case_audit": case_audit.pk,
            "description": "Brief the safeguarding leads",
            "owning_organisation": world.own.pk,
            "due_on": "2016-12-31",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["overdue"] is True


def test_reports_and_inspections(api, report, inspection, world):
    assert api.get(f"/api/v1/assurance-reports/{report.pk}/").json()["follow_up_status"] == "open"
    patched = api.patch(
        f"/api/v1/assurance-reports/{report.pk}/", {"follow_up_status": "done"}, content_type=JSON
    )
    assert patched.status_code == 200
    detail = api.get(f"/api/v1/inspections/{inspection.pk}/").json()
    assert detail["areas"] == [{"area": "Safeguarding", "judgement": "good"}]
    created = api.post(
        "/api/v1/inspections/",
        {
            "body": "hmicfrs",
            "inspection_type": "PEEL",
            "organisation": world.other.pk,
            "published_on": "2017-03-02",
            "overall": "good",
            "areas": [{"area": "Protecting vulnerable people", "judgement": "good"}],
            "areas_for_improvement": ["Registered sex offenders"],
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    assert Inspection.objects.get(pk=created.json()["id"]).areas.count() == 1


def test_an_agency_lead_reads_their_own_but_cannot_write(world, lead, report, inspection, action):
    client = signed_in_client(lead)
    assert client.get(f"/api/v1/assurance-reports/{report.pk}/").status_code == 200
    # The action belongs to the other organisation.
    assert client.get(f"/api/v1/audits/case-audit-actions/{action.pk}/").status_code == 404
    response = client.patch(
        f"/api/v1/assurance-reports/{report.pk}/", {"subject": "x"}, content_type=JSON
    )
    assert response.status_code == 403


def test_another_partnerships_records_answer_404(world, case_audit, report, inspection):
    outsider = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    client = signed_in_client(outsider)
    for url in (
        f"/api/v1/audits/case-audits/{case_audit.pk}/",
        f"/api/v1/assurance-reports/{report.pk}/",
        f"/api/v1/inspections/{inspection.pk}/",
    ):
        assert client.get(url).status_code == 404
        assert client.patch(url, {}, content_type=JSON).status_code == 404


def test_a_partnership_must_be_given_when_managing_several(world, manager):
    from masa.accounts.models import Membership

    Membership.objects.create(
        person=manager,
        organisation=world.outside_partnership,
        partnership=world.elsewhere,
        role=Role.BUSINESS_MANAGER,
    )
    response = signed_in_client(manager).post(
        "/api/v1/audits/case-audits/",
        {"theme": "X", "audited_on": "2016-09-13", "cases_audited": 8},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "partnership" in response.json()["fields"]
