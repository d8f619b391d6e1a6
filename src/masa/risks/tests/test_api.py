"""/api/v1/risks/, /api/v1/challenges/ and /api/v1/challenge-responses/: read and write,
scoped and audited like the pages."""

from __future__ import annotations

import datetime

import pytest

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.risks.models import Challenge, Impact, Likelihood, Risk
from masa.risks.services import challenge_raise, risk_create


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)


@pytest.fixture
def risk(world, manager):
    return risk_create(
        actor=manager,
        partnership=world.partnership,
        title="Partners do not keep up their contributions",
        owning_organisation=world.own,
        review_on=datetime.date(2030, 1, 1),
        likelihood=Likelihood.C,
        impact=Impact.TWO,
        assessed_on=datetime.date(2019, 3, 1),
    )


@pytest.fixture
def challenge(world, manager):
    return challenge_raise(
        actor=manager,
        partnership=world.partnership,
        organisation=world.other,
        subject="Attendance at the Board",
        raised_on=datetime.date(2016, 7, 19),
    )


def _json(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


def test_risks_are_listed_and_read_with_their_assessments(world, manager, risk):
    client = signed_in_client(manager)
    listing = client.get("/api/v1/risks/").json()
    assert [row["id"] for row in listing["results"]] == [risk.pk]
    detail = client.get(f"/api/v1/risks/{risk.pk}/").json()
    assert (detail["rating"], detail["score"], detail["band"], detail["trend"]) == (
        "C2",
        6,
        "medium",
        "new",
    )
    assert [a["rating"] for a in detail["assessments"]] == ["C2"]


def test_a_risk_is_added_and_reassessed_through_the_services(world, manager, risk):
    client = signed_in_client(manager)
    created = _json(
        client,
        "post",
        "/api/v1/risks/",
        {
            "title": "Arrangements are not published in time",
            "owning_organisation": world.other.pk,
            "review_on": "2030-06-30",
            "likelihood": Likelihood.D,
            "impact": Impact.TWO,
            "assessed_on": "2019-03-01",
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["rating"] == "D2"
    new = Risk.objects.get(pk=created.json()["id"])
    assert new.partnership == world.partnership
    changed = _json(
        client,
        "patch",
        f"/api/v1/risks/{risk.pk}/",
        {"likelihood": Likelihood.A, "assessment_note": "Two partners withdrew", "mitigation": "X"},
    )
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert (body["rating"], body["score"], body["trend"], body["mitigation"]) == (
        "A2",
        12,
        "up",
        "X",
    )
    assert [a["score"] for a in body["assessments"]] == [6, 12]
    assert set(
        AuditEvent.objects.filter(action__startswith="risks.").values_list("action", flat=True)
    ) == {"risks.risk_created", "risks.risk_assessed", "risks.risk_changed"}


def test_bad_risk_input_answers_400_naming_the_field(world, manager, risk):
    client = signed_in_client(manager)
    response = _json(
        client,
        "post",
        "/api/v1/risks/",
        {
            "title": "No scores",
            "owning_organisation": world.outside_partnership.pk,
            "review_on": "2030-06-30",
        },
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"owning_organisation"}
    response = _json(
        client,
        "post",
        "/api/v1/risks/",
        {"title": "No scores", "owning_organisation": world.own.pk, "review_on": "2030-06-30"},
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "likelihood": ["This field is required."],
        "impact": ["This field is required."],
    }
    response = _json(
        client,
        "patch",
        f"/api/v1/risks/{risk.pk}/",
        {"likelihood": Likelihood.A, "assessed_on": "2019-01-01"},
    )
    assert response.status_code == 400
    assert "on or after the latest one" in response.json()["fields"]["assessed_on"][0]


def test_readers_without_manage_risks_get_403_and_other_partnerships_404(world, risk):
    scrutineer = make_member(Role.INDEPENDENT_SCRUTINEER, world.other)
    client = signed_in_client(scrutineer)
    assert client.get(f"/api/v1/risks/{risk.pk}/").status_code == 200
    assert _json(client, "patch", f"/api/v1/risks/{risk.pk}/", {"title": "X"}).status_code == 403
    assert _json(client, "post", "/api/v1/risks/", {"title": "X"}).status_code == 403
    elsewhere = signed_in_client(make_member(Role.BUSINESS_MANAGER, world.outside_partnership))
    assert elsewhere.get(f"/api/v1/risks/{risk.pk}/").status_code == 404
    assert _json(elsewhere, "patch", f"/api/v1/risks/{risk.pk}/", {"title": "X"}).status_code == 404


def test_challenges_are_raised_assured_and_closed_through_the_api(world, manager):
    client = signed_in_client(manager)
    raised = _json(
        client,
        "post",
        "/api/v1/challenges/",
        {"organisation": world.other.pk, "subject": "Attendance", "raised_on": "2016-07-19"},
    )
    assert raised.status_code == 201, raised.json()
    body = raised.json()
    assert (body["response_due_on"], body["late"], body["status"]) == ("2016-08-16", True, "open")
    pk = body["id"]
    assured = _json(
        client,
        "patch",
        f"/api/v1/challenges/{pk}/",
        {"assurance_received": True, "assurance": "Attended since", "assured_on": "2016-10-18"},
    )
    assert assured.status_code == 200, assured.json()
    closed = _json(client, "patch", f"/api/v1/challenges/{pk}/", {"status": "closed"})
    assert closed.json()["status"] == "closed"
    assert [e["kind"] for e in closed.json()["events"]] == ["raised", "assurance", "closed"]
    refused = _json(client, "patch", f"/api/v1/challenges/{pk}/", {"subject": "Other words"})
    assert refused.status_code == 400
    assert "subject" in refused.json()["fields"]
    assert Challenge.objects.get(pk=pk).subject == "Attendance"


def test_an_agency_lead_answers_for_their_own_organisation_only(world, manager, challenge):
    lead_other = signed_in_client(make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.other))
    lead_own = signed_in_client(make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own))
    answer = {"challenge": challenge.pk, "response": "We will attend", "responded_on": "2016-08-01"}
    refused = _json(lead_own, "post", "/api/v1/challenge-responses/", answer)
    assert refused.status_code == 400 and "challenge" in refused.json()["fields"]
    assert lead_own.get(f"/api/v1/challenges/{challenge.pk}/").status_code == 404
    recorded = _json(lead_other, "post", "/api/v1/challenge-responses/", answer)
    assert recorded.status_code == 201, recorded.json()
    assert lead_other.get("/api/v1/challenge-responses/").json()["results"][0]["response"] == (
        "We will attend"
    )
    # Raising and closing are not theirs to do.
    assert (
        _json(lead_other, "patch", f"/api/v1/challenges/{challenge.pk}/", {"status": "closed"})
    ).status_code == 403
    challenge.refresh_from_db()
    assert challenge.responded_on == datetime.date(2016, 8, 1)
    assert AuditEvent.objects.filter(action="risks.challenge_responded").count() == 1


def test_the_schema_describes_the_risk_and_challenge_endpoints(client, db):
    import json

    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = json.loads(response.content)["paths"]
    assert {"/api/v1/risks/", "/api/v1/challenges/{id}/", "/api/v1/challenge-responses/"} <= set(
        paths
    )
