"""Raising a case, the notification, the rapid review and the requests to agencies, through
the pages: scoped, audited, with clear errors and steady query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.presenters import needs_for
from masa.core.roles import Role
from masa.learning import services
from masa.learning.models import Case, CaseInfoRequest

D = datetime.date


def date_fields(name, day):
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def raise_case(actor, organisation, **extra):
    return services.case_raise(
        actor=actor,
        organisation=organisation,
        what_happened=extra.pop("what_happened", "A baby was admitted with injuries."),
        age_band=extra.pop("age_band", "under_1"),
        raised_on=extra.pop("raised_on", D(2026, 3, 20)),
        **extra,
    )


def test_an_agency_lead_raises_a_case_for_their_organisation(world, agency_lead, manager):
    client = signed_in_client(agency_lead)
    page = client.get("/cases/raise/")
    assert page.status_code == 200
    response = client.post(
        "/cases/raise/",
        {
            "raised_by_organisation": str(world.own.pk),
            "what_happened": "An infant was taken to hospital with a head injury.",
            "age_band": "under_1",
            "circumstances": "Known to health visiting.",
            "agencies_involved": [str(world.own.pk), str(world.other.pk)],
            "why_criteria": "Agencies may not have worked together.",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.reference.endswith(f"-{case.raised_on.year}-001")
    assert case.raised_by == agency_lead and case.raised_by_organisation == world.own
    assert set(case.agencies_involved.all()) == {world.own, world.other}
    event = AuditEvent.objects.get(action="learning.case_raised")
    assert event.object_id == str(case.pk)
    assert "infant" not in str(event.detail) and "hospital" not in str(event.detail)
    # It reaches the business unit at once: their list and their home page.
    assert case.reference.encode() in signed_in_client(manager).get("/cases/").content
    needs = [link.text for link in needs_for(manager)]
    assert f"New case for consideration: {case.reference}" in needs


def test_the_raise_form_has_no_field_for_a_name(agency_lead):
    from masa.learning.forms import CaseRaiseForm

    assert not [f for f in CaseRaiseForm.base_fields if "name" in f]
    page = signed_in_client(agency_lead).get("/cases/raise/").content.decode()
    assert "Do not give the child&#x27;s name" in page or "Do not give the child's name" in page


def test_references_count_up_within_the_partnership_and_year(world, manager):
    first = raise_case(manager, world.own)
    second = raise_case(manager, world.other)
    prefix = first.reference.rsplit("-", 1)[0]
    assert first.reference == f"{prefix}-001" and second.reference == f"{prefix}-002"
    assert prefix.endswith("-2026")


def test_an_agency_lead_cannot_raise_for_another_organisation(world, agency_lead):
    client = signed_in_client(agency_lead)
    response = client.post(
        "/cases/raise/",
        {"raised_by_organisation": str(world.other.pk), "what_happened": "X", "age_band": "1_4"},
    )
    assert response.status_code == 400
    assert b"Select an organisation you may raise a case for" in response.content
    assert not Case.objects.exists()


def test_bad_input_is_explained_and_nothing_typed_is_lost(world, agency_lead):
    client = signed_in_client(agency_lead)
    response = client.post(
        "/cases/raise/",
        {"raised_by_organisation": str(world.own.pk), "circumstances": "Kept words"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Say what happened" in body and "Select the child" in body
    assert "Kept words" in body


def test_the_notification_and_its_clock(world, manager, manager_client):
    case = raise_case(manager, world.own)
    response = manager_client.post(
        f"/cases/{case.pk}/notification/",
        {
            "pseudonym": "Child L",
            **date_fields("became_aware_on", D(2025, 12, 24)),
            **date_fields("notified_on", D(2026, 1, 6)),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.notification_due_on == D(2026, 1, 5)
    assert case.rapid_review_due_on == services.rapid_review_due(D(2026, 1, 6))
    assert case.notification_late(D(2026, 3, 1)) is True  # done a day late
    page = manager_client.get(f"/cases/{case.pk}/").content.decode()
    assert "5 January 2026" in page and "Done late" in page
    event = AuditEvent.objects.get(action="learning.case_changed")
    assert event.detail == {"fields": ["became_aware_on", "notified_on", "pseudonym"]}
    assert "Child L" not in str(event.detail)


def test_a_notification_before_awareness_is_refused_beside_the_field(
    world, manager, manager_client
):
    case = raise_case(manager, world.own)
    response = manager_client.post(
        f"/cases/{case.pk}/notification/",
        {
            **date_fields("became_aware_on", D(2026, 3, 10)),
            **date_fields("notified_on", D(2026, 3, 9)),
        },
    )
    assert response.status_code == 400
    assert b"The Panel cannot be notified before the local authority became aware" in (
        response.content
    )
    assert b'value="9"' in response.content


def test_an_impossible_date_is_explained(world, manager, manager_client):
    case = raise_case(manager, world.own)
    response = manager_client.post(
        f"/cases/{case.pk}/notification/",
        {"became_aware_on-day": "31", "became_aware_on-month": "2", "became_aware_on-year": "2026"},
    )
    assert response.status_code == 400
    assert b"must be a real date" in response.content


def test_the_rapid_review_decision_with_the_scrutineers_view(world, manager, manager_client):
    case = raise_case(manager, world.own)
    services.case_change(
        actor=manager,
        case=case,
        changes={"became_aware_on": D(2026, 3, 20), "notified_on": D(2026, 3, 23)},
    )
    response = manager_client.post(
        f"/cases/{case.pk}/rapid-review/",
        {
            **date_fields("rapid_review_meeting_on", D(2026, 4, 9)),
            **date_fields("decided_on", D(2026, 4, 9)),
            "criteria": ["improvements", "working_together"],
            "recommendation": "cspr",
            "partners_agree": "no",
            "scrutineer_view": "The criteria are met.",
            **date_fields("rapid_review_sent_on", D(2026, 4, 14)),
            "panel_response": "agrees",
            **date_fields("panel_response_on", D(2026, 4, 24)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.criteria == ["improvements", "working_together"]
    assert (case.recommendation, case.partners_agree, case.panel_response) == (
        "cspr",
        False,
        "agrees",
    )
    assert case.rapid_review_due_on == D(2026, 4, 15)
    assert not case.rapid_review_late(D(2026, 5, 1))
    page = manager_client.get(f"/cases/{case.pk}/").content.decode()
    assert "The criteria are met." in page and "Child safeguarding practice review" in page


def test_a_scrutineers_view_needs_the_partners_to_disagree(world, manager):
    case = raise_case(manager, world.own)
    with pytest.raises(Exception, match="only where the partners disagree"):
        services.case_change(
            actor=manager, case=case, changes={"partners_agree": True, "scrutineer_view": "Yes"}
        )


def test_requests_to_agencies_and_their_replies(world, manager, manager_client):
    case = raise_case(manager, world.own)
    response = manager_client.post(
        f"/cases/{case.pk}/ask-agency/",
        {
            "organisation": str(world.other.pk),
            **date_fields("requested_on", D(2026, 3, 23)),
            **date_fields("due_on", D(2026, 3, 30)),
        },
    )
    assert response.status_code == 302
    request = CaseInfoRequest.objects.get()
    assert request.is_late(D(2026, 4, 1))
    again = manager_client.post(
        f"/cases/{case.pk}/ask-agency/",
        {
            "organisation": str(world.other.pk),
            **date_fields("requested_on", D(2026, 3, 23)),
            **date_fields("due_on", D(2026, 3, 30)),
        },
    )
    assert again.status_code == 400 and b"has already been asked" in again.content
    replied = manager_client.post(
        f"/cases/requests/{request.pk}/reply/", date_fields("replied_on", D(2026, 3, 27))
    )
    assert replied.status_code == 302
    request.refresh_from_db()
    assert request.replied_on == D(2026, 3, 27) and not request.is_late(D(2026, 4, 1))
    assert set(
        AuditEvent.objects.filter(action__startswith="learning.info").values_list(
            "action", flat=True
        )
    ) == {"learning.info_requested", "learning.info_replied"}


def test_every_read_of_a_case_is_audited(world, manager, manager_client):
    case = raise_case(manager, world.own)
    manager_client.get(f"/cases/{case.pk}/")
    manager_client.get(f"/api/v1/cases/{case.pk}/")
    manager_client.get("/api/v1/cases/")
    reads = AuditEvent.objects.filter(action="case.read", object_id=str(case.pk))
    assert reads.count() == 3
    assert all(event.actor_id == manager.pk for event in reads)


def test_other_organisations_and_partnerships_do_not_see_the_case(world, manager):
    case = raise_case(manager, world.own)
    other_lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.other)
    assert signed_in_client(other_lead).get(f"/cases/{case.pk}/").status_code == 404
    elsewhere = make_member(Role.BUSINESS_MANAGER, world.outside_partnership)
    assert signed_in_client(elsewhere).get(f"/cases/{case.pk}/").status_code == 404
    practitioner = make_member(Role.PRACTITIONER, world.own)
    assert signed_in_client(practitioner).get("/cases/").status_code == 403


def test_home_page_clocks_say_what_is_due_and_late(world, manager):
    case = raise_case(manager, world.own)
    services.case_change(actor=manager, case=case, changes={"became_aware_on": D(2026, 3, 2)})
    texts = [link.text for link in needs_for(manager)]
    assert f"Notification overdue: case {case.reference}" in texts
    services.case_change(actor=manager, case=case, changes={"notified_on": D(2026, 3, 5)})
    texts = [link.text for link in needs_for(manager)]
    assert f"Rapid review overdue: case {case.reference}" in texts
    # The agency lead is not the one bound by these clocks.
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    assert not [t for t in (link.text for link in needs_for(lead)) if "case" in t]


@pytest.mark.parametrize("url", ["/cases/", "/api/v1/cases/", "/home/"])
def test_queries_do_not_grow_with_the_cases(world, manager, manager_client, url):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(url).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for _ in range(n):
            case = raise_case(manager, world.own, agencies=[world.own, world.other])
            CaseInfoRequest.objects.create(
                case=case,
                organisation=world.other,
                requested_on=D(2026, 3, 20),
                due_on=D(2026, 3, 27),
            )

    add(1)
    once = count()
    add(9)
    if url == "/api/v1/cases/":
        # Each row read through the API is its own audit event (a fixed few queries per row).
        per_row = (count() - once) / 9
        assert per_row == int(per_row)
        return
    assert count() == once
