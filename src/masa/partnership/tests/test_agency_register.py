"""The relevant agencies register: the demo against seed 002, overdue reviews, the review and
edit forms, the review of the register as a whole, scoping, query counts and the API."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.models import AgencyCategory, Engagement, OrganisationKind, Person
from masa.accounts.tests.factories import make_member, make_organisation, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.partnership import demo, demo_structure
from masa.partnership.models import RegisterReview
from masa.partnership.structure import (
    engagement_review,
    engagement_update,
    register_for,
    register_review,
    register_summary,
)


@pytest.fixture
def loaded(db):
    return demo.load_demo()


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)


def _demo_manager() -> Person:
    return Person.objects.get(email="tomasz.nowak@demo.masa.invalid")


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# -- The demo against the seeds ---------------------------------------------------------------


def test_the_demo_register_lists_the_agencies_of_the_2024_agreement_as_reviewed(loaded):
    manager = _demo_manager()
    register = list(register_for(manager))
    assert len(register) == 35
    assert {e.organisation.kind for e in register} == {OrganisationKind.RELEVANT_AGENCY}
    reviewed = [e for e in register if e.last_reviewed_on is not None]
    # Seed 002's list, made on 30 December 2024; the bodies of 2016/17 that have merged or
    # closed are not on it and have never been reviewed.
    assert {e.last_reviewed_on for e in reviewed} == {datetime.date(2024, 12, 30)}
    assert {e.next_review_on for e in reviewed} == {datetime.date(2025, 12, 30)}
    never = {e.organisation.name for e in register if e.last_reviewed_on is None}
    assert never == demo_structure.NOT_IN_THE_2024_AGREEMENT
    review = RegisterReview.objects.get()
    assert review.reviewed_on == datetime.date(2024, 12, 30)
    assert review.agencies_listed == len(reviewed) == 27


def test_reviews_fall_overdue_after_their_next_review_date(loaded):
    manager = _demo_manager()
    assert register_summary(manager, datetime.date(2025, 6, 1)).overdue == 0
    summary = register_summary(manager, datetime.date(2026, 1, 1))
    assert (summary.agencies, summary.overdue, summary.never_reviewed) == (35, 27, 8)
    assert summary.with_section_11_duty == sum(
        1 for e in register_for(manager) if e.organisation.has_section_11_duty
    )


# -- Pages --------------------------------------------------------------------------------------


def test_the_register_page_flags_overdue_reviews_and_filters(loaded):
    # Every review of 30 December 2024 fell due on 30 December 2025, before today.
    client = signed_in_client(_demo_manager())
    text = _text(client.get("/agencies/"))
    assert "last reviewed as a whole on 30 December 2024 , with 27 agencies" in text
    assert "Agencies on the register 35" in text
    assert "Review overdue 27" in text
    housing = client.get("/agencies/?category=housing&overdue=on")
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header"><a[^>]*>([^<]+)</a>', housing.content.decode()
    )
    assert len(rows) == 7 and "Aster Group" in rows
    assert "7 relevant agencies in Housing" in _text(housing)
    assert _text(housing).count("Overdue") == 7


def test_recording_a_review_of_one_agency(world, manager):
    engagement = Engagement.objects.get(organisation=world.own, partnership=world.partnership)
    client = signed_in_client(manager)
    page = client.get(f"/agencies/{engagement.pk}/")
    assert "Not yet reviewed" in page.content.decode()
    bad = client.post(
        f"/agencies/{engagement.pk}/review/",
        {
            "reviewed_on-day": "1",
            "reviewed_on-month": "4",
            "reviewed_on-year": "2024",
            "next_review_on-day": "1",
            "next_review_on-month": "3",
            "next_review_on-year": "2024",
        },
    )
    assert bad.status_code == 400
    assert "The next review must come after this review" in bad.content.decode()
    assert (
        'name="next_review_on-month" type="text" inputmode="numeric" value="3"'
        in bad.content.decode()
    )
    missing = client.post(
        f"/agencies/{engagement.pk}/review/",
        {"reviewed_on-day": "", "reviewed_on-month": "", "reviewed_on-year": ""},
    )
    assert "Enter the date of the review" in missing.content.decode()
    assert client.get(f"/agencies/{engagement.pk}/review/").status_code == 405

    good = client.post(
        f"/agencies/{engagement.pk}/review/",
        {"reviewed_on-day": "29", "reviewed_on-month": "2", "reviewed_on-year": "2024"},
    )
    assert good.status_code == 302
    engagement.refresh_from_db()
    assert engagement.last_reviewed_on == datetime.date(2024, 2, 29)
    assert engagement.next_review_on == datetime.date(2025, 2, 28)  # a year on
    event = AuditEvent.objects.get(action="structure.engagement_reviewed")
    assert event.organisation_id == world.own.pk
    assert event.detail == {"reviewed_on": "2024-02-29", "next_review_on": "2025-02-28"}


def test_editing_how_an_agency_engages(world, manager):
    engagement = Engagement.objects.get(organisation=world.own, partnership=world.partnership)
    client = signed_in_client(manager)
    assert client.get(f"/agencies/{engagement.pk}/change/").status_code == 200
    bad = client.post(
        f"/agencies/{engagement.pk}/change/",
        {
            "how_engaged": "Through the health subgroup",
            "since-day": "someday",
            "since-month": "9",
            "since-year": "2019",
        },
    )
    assert bad.status_code == 400
    assert (
        "The date it has worked with the partnership since must be a real date"
        in bad.content.decode()
    )
    assert "Through the health subgroup" in bad.content.decode()
    good = client.post(
        f"/agencies/{engagement.pk}/change/",
        {
            "how_engaged": "Through the health subgroup",
            "since-day": "29",
            "since-month": "9",
            "since-year": "2019",
        },
    )
    assert good.status_code == 302
    engagement.refresh_from_db()
    assert engagement.since == datetime.date(2019, 9, 29)
    event = AuditEvent.objects.get(action="structure.engagement_changed")
    assert event.detail == {"fields": ["how_engaged", "since"]}


def test_recording_a_review_of_the_whole_register(world, manager):
    client = signed_in_client(manager)
    assert "No review of the register as a whole" in client.get("/agencies/").content.decode()
    bad = client.post(
        "/agencies/review/",
        {"reviewed_on-day": "1", "reviewed_on-month": "13", "reviewed_on-year": "2024"},
    )
    assert bad.status_code == 400
    assert "The date of the review must be a real date" in bad.content.decode()
    good = client.post(
        "/agencies/review/",
        {"reviewed_on-day": "1", "reviewed_on-month": "4", "reviewed_on-year": "2024"},
    )
    assert good.status_code == 302
    review = RegisterReview.objects.get()
    assert (review.reviewed_on, review.next_review_on) == (
        datetime.date(2024, 4, 1),
        datetime.date(2025, 4, 1),
    )
    assert review.reviewed_by == manager and review.agencies_listed == 2
    assert AuditEvent.objects.filter(action="structure.register_reviewed").count() == 1
    assert "1 April 2024" in client.get("/agencies/").content.decode()


def test_an_agency_lead_sees_only_their_own_entry_and_cannot_change_it(world):
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    own = Engagement.objects.get(organisation=world.own)
    other = Engagement.objects.get(organisation=world.other)
    client = signed_in_client(lead)
    listing = client.get("/agencies/").content.decode()
    assert world.own.name in listing and world.other.name not in listing
    assert client.get(f"/agencies/{own.pk}/").status_code == 200
    assert "Record a review" not in client.get(f"/agencies/{own.pk}/").content.decode()
    assert client.get(f"/agencies/{other.pk}/").status_code == 404
    assert (
        client.post(
            f"/agencies/{own.pk}/review/",
            {"reviewed_on-day": "1", "reviewed_on-month": "4", "reviewed_on-year": "2024"},
        ).status_code
        == 403
    )


def test_the_register_page_takes_the_same_queries_however_many_agencies(world, manager):
    client = signed_in_client(manager)
    client.get("/agencies/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/agencies/").status_code == 200
    for number in range(20):
        organisation = make_organisation(world.partnership, agency_category="housing")
        engagement = Engagement.objects.get(organisation=organisation)
        engagement_review(
            actor=manager, engagement=engagement, reviewed_on=datetime.date(2020, 1, 1 + number)
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get("/agencies/").status_code == 200
    assert len(few) == len(many)


def test_the_services_refuse_dates_that_make_no_sense(world, manager):
    engagement = Engagement.objects.get(organisation=world.own)
    with pytest.raises(ValidationError) as future:
        engagement_review(
            actor=manager, engagement=engagement, reviewed_on=datetime.date(2999, 1, 1)
        )
    assert "today or earlier" in str(future.value)
    engagement_review(actor=manager, engagement=engagement, reviewed_on=datetime.date(2024, 4, 1))
    with pytest.raises(ValidationError):
        engagement_update(
            actor=manager, engagement=engagement, next_review_on=datetime.date(2024, 1, 1)
        )
    with pytest.raises(ValidationError):
        register_review(
            actor=manager,
            partnership=world.partnership,
            reviewed_on=datetime.date(2024, 4, 1),
            next_review_on=datetime.date(2024, 4, 1),
        )


# -- API ----------------------------------------------------------------------------------------


def test_the_register_api_reads_changes_and_reviews(world, manager):
    client = signed_in_client(manager)
    own = Engagement.objects.get(organisation=world.own)
    listing = client.get("/api/v1/agency-register/").json()
    assert {e["organisation_name"] for e in listing["results"]} == {
        world.own.name,
        world.other.name,
    }
    probation = client.get(
        "/api/v1/agency-register/", {"category": AgencyCategory.PROBATION}
    ).json()
    assert [e["organisation_name"] for e in probation["results"]] == [world.other.name]
    detail = client.get(f"/api/v1/agency-register/{own.pk}/").json()
    assert detail["review_overdue"] is False and detail["last_reviewed_on"] is None

    patched = client.patch(
        f"/api/v1/agency-register/{own.pk}/",
        {"how_engaged": "Health subgroup", "last_reviewed_on": "2020-01-01"},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert patched.json()["how_engaged"] == "Health subgroup"
    assert patched.json()["last_reviewed_on"] is None  # read-only: reviews go through /review/

    reviewed = client.post(
        f"/api/v1/agency-register/{own.pk}/review/",
        {"reviewed_on": "2024-04-01"},
        content_type="application/json",
    )
    assert reviewed.status_code == 200, reviewed.json()
    assert reviewed.json()["next_review_on"] == "2025-04-01"
    assert reviewed.json()["review_overdue"] is True  # 1 April 2025 has passed
    bad = client.post(
        f"/api/v1/agency-register/{own.pk}/review/",
        {"reviewed_on": "2024-04-01", "next_review_on": "2023-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["fields"]["next_review_on"] == ["The next review must come after this review"]
    assert (
        client.post(
            "/api/v1/agency-register/",
            {"organisation": world.own.pk},
            content_type="application/json",
        ).status_code
        == 405
    )


def test_the_register_api_refuses_writes_without_the_permission_and_hides_other_partnerships(world):
    scrutineer = make_member(Role.INDEPENDENT_SCRUTINEER, world.own, partnership=world.partnership)
    own = Engagement.objects.get(organisation=world.own)
    client = signed_in_client(scrutineer)
    assert client.get(f"/api/v1/agency-register/{own.pk}/").status_code == 200
    refused = client.patch(
        f"/api/v1/agency-register/{own.pk}/", {"how_engaged": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403
    manager = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    outside = Engagement.objects.get(organisation=world.outside_partnership)
    manager_client = signed_in_client(manager)
    assert manager_client.get(f"/api/v1/agency-register/{outside.pk}/").status_code == 404
    assert (
        manager_client.post(
            f"/api/v1/agency-register/{outside.pk}/review/",
            {"reviewed_on": "2024-04-01"},
            content_type="application/json",
        ).status_code
        == 404
    )
