"""/api/v1/cases/: read within scope, raise, record the notification and rapid review."""

from __future__ import annotations

import datetime

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.learning import services
from masa.learning.models import Case

D = datetime.date


def _raise(actor, organisation):
    return services.case_raise(
        actor=actor,
        organisation=organisation,
        what_happened="A baby was admitted with injuries.",
        age_band="under_1",
        raised_on=D(2026, 3, 20),
    )


def test_get_list_and_detail_with_the_clocks(world, manager, manager_client):
    case = _raise(manager, world.own)
    services.case_change(
        actor=manager,
        case=case,
        changes={"became_aware_on": D(2025, 12, 24), "notified_on": D(2025, 12, 31)},
    )
    listing = manager_client.get("/api/v1/cases/").json()
    assert [row["reference"] for row in listing["results"]] == [case.reference]
    detail = manager_client.get(f"/api/v1/cases/{case.pk}/").json()
    assert detail["notification_due"] == "2026-01-05"
    assert detail["notified_on"] == "2025-12-31"
    assert detail["rapid_review_due"] == services.rapid_review_due(D(2025, 12, 31)).isoformat()
    for name in ("review_started_on", "publication_expected", "published_on", "decision"):
        assert detail[name] is None
    assert detail["info_requests"] == []


def test_post_raises_a_case_for_the_own_organisation(world, agency_lead):
    client = signed_in_client(agency_lead)
    response = client.post(
        "/api/v1/cases/",
        {
            "raised_by_organisation": world.own.pk,
            "what_happened": "Raised through the API",
            "age_band": "11_15",
            "agencies_involved": [world.other.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    assert response.json()["reference"] == case.reference
    assert AuditEvent.objects.filter(action="learning.case_raised").count() == 1


def test_post_for_another_organisation_is_refused_with_the_field(world, agency_lead):
    response = signed_in_client(agency_lead).post(
        "/api/v1/cases/",
        {"raised_by_organisation": world.other.pk, "what_happened": "X", "age_band": "1_4"},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "error" in body
    assert body["fields"]["raised_by_organisation"] == [
        "Select an organisation you may raise a case for"
    ]


def test_patch_records_the_rapid_review(world, manager, manager_client):
    case = _raise(manager, world.own)
    response = manager_client.patch(
        f"/api/v1/cases/{case.pk}/",
        {
            "pseudonym": "Child Q",
            "became_aware_on": "2026-03-20",
            "notified_on": "2026-03-23",
            "decided_on": "2026-04-09",
            "criteria": ["recurrent_themes", "improvements"],
            "recommendation": "other_review",
            "partners_agree": True,
            "rapid_review_sent_on": "2026-04-14",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["rapid_review_due"] == "2026-04-15"
    assert body["decision"] == "2026-04-09"
    assert body["criteria"] == ["improvements", "recurrent_themes"]
    assert body["rapid_review_late"] is False


def test_patch_with_a_bad_date_answers_400_naming_the_field(world, manager, manager_client):
    case = _raise(manager, world.own)
    response = manager_client.patch(
        f"/api/v1/cases/{case.pk}/",
        {"became_aware_on": "2026-03-20", "notified_on": "2026-03-19"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["notified_on"] == [
        "The Panel cannot be notified before the local authority became aware"
    ]
    raised = manager_client.patch(
        f"/api/v1/cases/{case.pk}/", {"what_happened": "Changed"}, content_type="application/json"
    )
    assert raised.status_code == 400
    assert "what_happened" in raised.json()["fields"]


def test_patch_without_the_manage_permission_is_403(world, manager, agency_lead):
    case = _raise(manager, world.own)
    response = signed_in_client(agency_lead).patch(
        f"/api/v1/cases/{case.pk}/", {"pseudonym": "Child Z"}, content_type="application/json"
    )
    assert response.status_code == 403
    scrutineer = make_member(Role.INDEPENDENT_SCRUTINEER, world.own)
    assert (
        signed_in_client(scrutineer)
        .post("/api/v1/cases/", {}, content_type="application/json")
        .status_code
        == 403
    )


def test_a_case_in_another_partnership_is_404(world, manager):
    elsewhere_manager = make_member(Role.BUSINESS_MANAGER, world.outside_partnership)
    case = _raise(elsewhere_manager, world.outside_partnership)
    client = signed_in_client(manager)
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert (
        client.patch(
            f"/api/v1/cases/{case.pk}/", {"pseudonym": "X"}, content_type="application/json"
        ).status_code
        == 404
    )
