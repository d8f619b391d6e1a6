"""The assurance pages and forms: what they show, what they refuse, and that a list costs the
same number of queries with 1 record as with 10."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.assurance import services
from masa.assurance.models import AssuranceReport, CaseAudit, CaseAuditAction, Inspection
from masa.core.roles import Role


@pytest.fixture
def client(manager):
    return signed_in_client(manager)


def test_the_overview_and_lists_show_the_records(client, case_audit, action, report, inspection):
    assert b"Multi-agency case audits (1)" in client.get("/assurance/").content
    page = client.get("/assurance/case-audits/").content.decode()
    assert "Unborn babies" in page and "1 open of 1" in page
    assert "Trust effectiveness" in client.get("/assurance/reports/").content.decode()
    page = client.get("/assurance/inspections/").content.decode()
    assert "Requires improvement" in page and "Open Government Licence v3.0" in page
    detail = client.get(f"/assurance/case-audits/{case_audit.pk}/").content.decode()
    assert "Escalation policy used" in detail and "Overdue" in detail


def test_recording_a_case_audit_through_the_form(client, world):
    response = client.post(
        "/assurance/case-audits/add/",
        {
            "theme": "Children of parents in prison",
            "audited_on-day": "12",
            "audited_on-month": "7",
            "audited_on-year": "2016",
            "cases_audited": "8",
            "participants": [world.own.pk, world.other.pk],
            "strengths": "Good planning\nWell-engaged parents",
            "key_lessons": "",
            "impact": "",
        },
    )
    audit = CaseAudit.objects.get()
    assert response.status_code == 302 and response.url == f"/assurance/case-audits/{audit.pk}/"
    assert audit.strengths == ["Good planning", "Well-engaged parents"]
    assert audit.participants.count() == 2


def test_bad_input_is_explained_and_nothing_typed_is_lost(client):
    response = client.post(
        "/assurance/case-audits/add/",
        {
            "theme": "Unborn babies",
            "audited_on-day": "31",
            "audited_on-month": "2",
            "audited_on-year": "2017",
            "cases_audited": "eight",
            "strengths": "Kept me",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "The date of the audit must be a real date" in page
    assert "Enter the number of cases as a whole number, like 8" in page
    assert "Kept me" in page and 'value="31"' in page


def test_closing_an_action_needs_evidence(client, action):
    url = f"/assurance/case-audits/actions/{action.pk}/close/"
    response = client.post(
        url, {"completed_on-day": "1", "completed_on-month": "8", "completed_on-year": "2016"}
    )
    assert response.status_code == 400
    assert "Enter the evidence that the action was done" in response.content.decode()
    response = client.post(
        url,
        {
            "completed_on-day": "1",
            "completed_on-month": "8",
            "completed_on-year": "2016",
            "evidence": "Procedure v2 published",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.evidence == "Procedure v2 published"


def test_the_owner_of_an_overdue_action_finds_it_on_their_home_page(world, manager, case_audit):
    owner = make_member(Role.PRACTITIONER, world.own, partnership=world.partnership)
    action = services.case_audit_action_add(
        actor=manager,
        case_audit=case_audit,
        description="Draft the pre-birth protocol",
        owning_organisation=world.own,
        owner=owner,
        due_on=datetime.date(2016, 12, 31),
    )
    client = signed_in_client(owner)
    home = client.get("/home/").content.decode()
    assert "Overdue case audit action: Draft the pre-birth protocol" in home
    assert f"/assurance/case-audits/actions/{action.pk}/close/" in home
    assert client.get(f"/assurance/case-audits/actions/{action.pk}/close/").status_code == 200
    # A practitioner has no assurance pages of their own.
    assert client.get("/assurance/case-audits/").status_code == 403


def test_an_inspection_form_names_the_missing_judgement(client, world):
    response = client.post(
        "/assurance/inspections/add/",
        {
            "body": "ofsted",
            "inspection_type": "ILACS Standard Inspection",
            "published_on-day": "21",
            "published_on-month": "9",
            "published_on-year": "2022",
            "area_1": "The impact of leaders",
            "judgement_1": "",
        },
    )
    assert response.status_code == 400
    assert "Select the judgement for The impact of leaders" in response.content.decode()
    response = client.post(
        "/assurance/inspections/add/",
        {
            "body": "ofsted",
            "inspection_type": "ILACS Standard Inspection",
            "published_on-day": "21",
            "published_on-month": "9",
            "published_on-year": "2022",
            "overall": "good",
            "area_1": "The impact of leaders",
            "judgement_1": "good",
            "areas_for_improvement": "One\nTwo",
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.areas_for_improvement == ["One", "Two"]


def test_an_assurance_report_form(client, world, report):
    response = client.post(
        f"/assurance/reports/{report.pk}/change/",
        {
            "organisation": world.own.pk,
            "received_on-day": "18",
            "received_on-month": "10",
            "received_on-year": "2016",
            "subject": "Trust effectiveness",
            "follow_up": "Recruited",
            "follow_up_status": "done",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.follow_up_status == "done"


def _make_records(world, manager, n: int) -> None:
    for index in range(n):
        audit = services.case_audit_create(
            actor=manager,
            partnership=world.partnership,
            theme=f"Theme {index}",
            audited_on=datetime.date(2016, 5, 1),
            cases_audited=8,
            participants=[world.own, world.other],
            monitored_by=None,
        )
        services.case_audit_action_add(
            actor=manager,
            case_audit=audit,
            description=f"Action {index}",
            owning_organisation=world.own,
            owner=manager,
            due_on=datetime.date(2016, 9, 1),
        )
        services.assurance_report_create(
            actor=manager,
            partnership=world.partnership,
            organisation=world.own,
            received_on=datetime.date(2016, 10, 1),
            subject=f"Report {index}",
        )
        services.inspection_create(
            actor=manager,
            partnership=world.partnership,
            body="cqc",
            inspection_type=f"Inspection {index}",
            organisation=world.own,
            inspected_on=datetime.date(2017, 1, 1),
            areas=[("Safe", "good"), ("Effective", "good")],
        )


LISTS = (
    "/assurance/",
    "/assurance/case-audits/",
    "/assurance/case-audits/actions/?show=all",
    "/assurance/reports/",
    "/assurance/inspections/",
    "/api/v1/audits/case-audits/",
    "/api/v1/audits/case-audit-actions/",
    "/api/v1/assurance-reports/",
    "/api/v1/inspections/",
)


@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_queries_for_1_and_10_records(world, manager, url):
    client = signed_in_client(manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _make_records(world, manager, 1)
    client.get(url)
    one = queries()
    _make_records(world, manager, 9)
    assert CaseAudit.objects.count() == 10 and CaseAuditAction.objects.count() == 10
    assert AssuranceReport.objects.count() == 10
    assert queries() == one


def test_every_assurance_page_answers_the_business_manager(world, manager):
    """The security crawl's check for this area alone: every GET page and API route of the
    app answers 200 with the probe module's records (the POST-only reopen answers 405)."""
    from django.urls import reverse
    from tests.probes import assurance as probes

    from masa.assurance.urls import urlpatterns

    class Cast:
        practitioner = make_member(Role.PRACTITIONER, world.own, partnership=world.partnership)

    records = probes.crawl_records(world, Cast)
    client = signed_in_client(manager)
    names = sorted({f"assurance:{p.name}" for p in urlpatterns} | set(probes.PK_SOURCES))
    for name in names:
        source = probes.PK_SOURCES.get(name)
        url = reverse(name, kwargs={"pk": records[source]} if source else {})
        expected = 405 if name in probes.POST_ONLY else 200
        assert client.get(url).status_code == expected, url
    for url in ("/api/v1/audits/case-audits/", "/api/v1/inspections/"):
        assert client.get(url).status_code == 200
