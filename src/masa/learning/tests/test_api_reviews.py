"""/api/v1/reviews/ and /api/v1/themes/, and the review dates of /api/v1/cases/."""

from __future__ import annotations

import datetime

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.learning import reviews as svc
from masa.learning import services
from masa.learning.models import Review, Theme

D = datetime.date


def _case(manager, organisation):
    return services.case_raise(
        actor=manager,
        organisation=organisation,
        what_happened="A baby was admitted with injuries.",
        age_band="under_1",
        raised_on=D(2016, 1, 4),
    )


def test_start_read_and_change_a_review_through_the_api(world, manager, manager_client):
    case = _case(manager, world.own)
    created = manager_client.post(
        "/api/v1/reviews/",
        {
            "case": case.pk,
            "kind": "cspr",
            "title": "Child L and Child J",
            "review_started_on": "2016-02-01",
            "reviewer_name": "An Independent Reviewer",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    review = Review.objects.get()
    assert body["id"] == review.pk and body["case"] == case.pk
    assert body["review_started_on"] == "2016-02-01"
    assert body["publication_expected"] == "2016-08-01"
    assert body["published_on"] is None and body["pauses"] == []
    svc.pause_add(
        actor=manager,
        review=review,
        reason="criminal_proceedings",
        started_on=D(2016, 3, 1),
        ended_on=D(2016, 3, 11),
    )
    detail = manager_client.get(f"/api/v1/reviews/{review.pk}/").json()
    assert detail["publication_expected"] == "2016-08-11" and detail["paused_days"] == 10
    assert detail["pauses"][0]["reason"] == "criminal_proceedings"
    patched = manager_client.patch(
        f"/api/v1/reviews/{review.pk}/",
        {"publication_planned_on": "2016-12-30", "methodology": "Systems approach"},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert patched.json()["advance_notice_due_on"] == "2016-12-19"
    listing = manager_client.get("/api/v1/reviews/").json()
    assert [r["id"] for r in listing["results"]] == [review.pk]
    case_dates = manager_client.get(f"/api/v1/cases/{case.pk}/").json()
    assert case_dates["review_started_on"] == "2016-02-01"
    assert case_dates["publication_expected"] == "2016-08-11"
    assert case_dates["published_on"] is None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"learning.review_started", "learning.review_changed", "review.read"} <= actions


def test_bad_input_answers_400_naming_the_field(world, manager_client):
    response = manager_client.post(
        "/api/v1/reviews/",
        {"kind": "cspr", "title": "", "review_started_on": "2999-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "title" in fields or "started_on" in fields
    response = manager_client.post(
        "/api/v1/reviews/",
        {"kind": "cspr", "title": "Child X", "review_started_on": "2999-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "today or in the past" in str(response.json()["fields"])
    response = manager_client.post(
        "/api/v1/reviews/",
        {"kind": "nonsense", "title": "Child X", "review_started_on": "2016-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "kind" in response.json()["fields"]


def test_without_manage_reviews_the_api_refuses_writes_and_hides_other_partnerships(world, manager):
    review = svc.review_start(
        actor=manager, kind="thematic", title="Neglect thematic", started_on=D(2016, 1, 4)
    )
    partner = signed_in_client(make_member(Role.DELEGATED_SAFEGUARDING_PARTNER, world.own))
    assert partner.get(f"/api/v1/reviews/{review.pk}/").status_code == 200
    assert (
        partner.patch(
            f"/api/v1/reviews/{review.pk}/", {"title": "X"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        partner.post(
            "/api/v1/reviews/",
            {"kind": "cspr", "title": "X", "review_started_on": "2016-01-01"},
            content_type="application/json",
        ).status_code
        == 403
    )
    elsewhere = signed_in_client(make_member(Role.BUSINESS_MANAGER, world.outside_partnership))
    assert elsewhere.get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    assert (
        elsewhere.patch(
            f"/api/v1/reviews/{review.pk}/", {"title": "X"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_the_themes_api_counts_within_reach(world, manager, manager_client):
    info = Theme.objects.get(name="Information sharing")
    review = svc.review_start(actor=manager, kind="cspr", title="Child L", started_on=D(2014, 5, 1))
    svc.finding_add(actor=manager, review=review, text="Share.", themes=[info])
    themes = {t["name"]: t for t in manager_client.get("/api/v1/themes/").json()}
    assert themes["Information sharing"]["findings"] == 1
    assert themes["Information sharing"]["since"] == 2014
    assert themes["Information sharing"]["summary"] == (
        "Information sharing: 1 finding in 1 review since 2014; 0 open actions"
    )
    one = manager_client.get(f"/api/v1/themes/{info.pk}/").json()
    assert one["reviews"] == 1
    elsewhere = signed_in_client(make_member(Role.BUSINESS_MANAGER, world.outside_partnership))
    assert elsewhere.get(f"/api/v1/themes/{info.pk}/").json()["findings"] == 0
    assert (
        signed_in_client(make_member(Role.PRACTITIONER, world.own))
        .get("/api/v1/themes/")
        .status_code
        == 403
    )
