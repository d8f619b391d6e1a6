"""The audits API: frameworks, cycles with return rates and analysis, and returns read,
started, answered (PATCH) and submitted with the same checks as the pages."""

from __future__ import annotations

import pytest

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.audits import services
from masa.audits.models import AuditReturn, ReturnStatus
from masa.audits.tests.helpers import invitation, small_framework, start_cycle
from masa.core.models import AuditEvent
from masa.core.roles import Role


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own)


@pytest.fixture
def lead(world):
    return make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)


@pytest.fixture
def cycle(world, manager):
    return start_cycle(
        manager, small_framework(manager, world.partnership), [world.own, world.other]
    )


def _questions(audit_return):
    return {
        q.key: q
        for s in audit_return.version.standards.all()
        for sub in s.substandards.all()
        for q in sub.questions.all()
    }


def test_frameworks_and_cycles_with_return_rates(cycle, manager):
    client = signed_in_client(manager)
    frameworks = client.get("/api/v1/audits/frameworks/").json()["results"]
    (framework,) = frameworks
    standards = framework["versions"][0]["standards"]
    assert [s["substandards"][0]["code"] for s in standards] == ["1.1", "2.1"]
    detail = client.get(f"/api/v1/audits/cycles/{cycle.pk}/").json()
    assert detail["return_rates"]["overall"] == {
        "key": "overall",
        "label": "All invited",
        "invited": 2,
        "returned": 0,
        "rate": 0,
    }
    analysis = client.get(f"/api/v1/audits/cycles/{cycle.pk}/analysis/").json()
    assert analysis["returns"] == 0 and analysis["scale"] == "ofsted"


def test_a_lead_starts_answers_and_submits_through_the_api(cycle, lead, world):
    client = signed_in_client(lead)
    created = client.post(
        "/api/v1/audits/returns/",
        {"invitation": invitation(cycle, world.own).pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    audit_return = AuditReturn.objects.get(pk=pk)
    questions = _questions(audit_return)
    # Submitting early answers 400 naming what to fix.
    early = client.post(f"/api/v1/audits/returns/{pk}/submit/")
    assert early.status_code == 400
    assert early.json()["fields"]["overall_grade"] == ["Select the organisation's overall grade"]
    patched = client.patch(
        f"/api/v1/audits/returns/{pk}/",
        {
            "overall_grade": "good",
            "answers": [
                {"question": questions["1.1.1"].pk, "grade": "inadequate"},
                {"question": questions["2.1.1"].pk, "grade": "good"},
                {"question": questions["2.1.2"].pk, "yes_no": True},
            ],
        },
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    refused = client.post(f"/api/v1/audits/returns/{pk}/submit/")
    assert refused.status_code == 400
    assert refused.json()["fields"][f"q{questions['1.1.1'].pk}"] == [
        "Add an action, its owner and due date for standard 1.1: it is graded below Good"
    ]
    client.patch(
        f"/api/v1/audits/returns/{pk}/",
        {
            "answers": [
                {
                    "question": questions["1.1.1"].pk,
                    "action_what": "Audit supervision",
                    "action_owner": "Named nurse",
                    "action_due_on": "2017-03-31",
                }
            ]
        },
        content_type="application/json",
    )
    submitted = client.post(f"/api/v1/audits/returns/{pk}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == ReturnStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="audit_return.submitted", object_id=str(pk)).exists()
    # A submitted return is no longer changed.
    late = client.patch(
        f"/api/v1/audits/returns/{pk}/",
        {"overall_grade": "outstanding"},
        content_type="application/json",
    )
    assert late.status_code == 400


def test_a_bad_grade_answers_400_with_the_field(cycle, lead, world):
    audit_return = services.return_start(actor=lead, invitation=invitation(cycle, world.own))
    question = _questions(audit_return)["1.1.1"]
    response = signed_in_client(lead).patch(
        f"/api/v1/audits/returns/{audit_return.pk}/",
        {"answers": [{"question": question.pk, "grade": "brilliant"}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["fields"][f"q{question.pk}-grade"] == [
        "Select a grade from the framework's scale"
    ]


def test_the_business_manager_reads_but_cannot_complete_and_others_get_404(
    cycle, manager, lead, world
):
    audit_return = services.return_start(actor=lead, invitation=invitation(cycle, world.own))
    client = signed_in_client(manager)
    assert client.get(f"/api/v1/audits/returns/{audit_return.pk}/").status_code == 200
    assert [r["id"] for r in client.get("/api/v1/audits/returns/").json()["results"]] == [
        audit_return.pk
    ]
    forbidden = client.patch(
        f"/api/v1/audits/returns/{audit_return.pk}/",
        {"overall_grade": "good"},
        content_type="application/json",
    )
    assert forbidden.status_code == 403
    outsider = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    other = signed_in_client(outsider)
    assert other.get(f"/api/v1/audits/returns/{audit_return.pk}/").status_code == 404
    assert other.get(f"/api/v1/audits/cycles/{cycle.pk}/").status_code == 404
    assert other.get(f"/api/v1/audits/cycles/{cycle.pk}/analysis/").status_code == 404
