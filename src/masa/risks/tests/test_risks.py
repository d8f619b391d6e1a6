"""The risk register: the seed's scales, re-assessment history and trend, the pages, the
owner's home page, and constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.tests.factories import make_member, make_organisation, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.risks.models import Impact, Likelihood, Risk, band_of, rating_code
from masa.risks.services import risk_assess, risk_change, risk_create

TODAY = datetime.date.today()


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)


def _risk(world, manager, *, title="Arrangements are not published in time", **overrides):
    values = {
        "actor": manager,
        "partnership": world.partnership,
        "title": title,
        "owning_organisation": world.own,
        "review_on": datetime.date(2030, 1, 1),
        "likelihood": Likelihood.D,
        "impact": Impact.TWO,
        "assessed_on": datetime.date(2019, 3, 1),
    }
    values.update(overrides)
    return risk_create(**values)


def test_the_seed_001_ratings_score_on_the_four_point_scales():
    # Seed 001 §10 rates its two risks D2 and C2.
    assert rating_code(Likelihood.D, Impact.TWO) == "D2"
    assert rating_code(Likelihood.C, Impact.TWO) == "C2"
    assert Likelihood.D * Impact.TWO == 3 and band_of(3) == "low"
    assert Likelihood.C * Impact.TWO == 6 and band_of(6) == "medium"
    assert band_of(4) == "medium" and band_of(8) == "high"
    assert Likelihood.A * Impact.ONE == 16 and band_of(16) == "high"
    assert Likelihood.D * Impact.FOUR == 1 and band_of(1) == "low"


def test_reassessing_appends_to_the_history_and_sets_the_trend(world, manager):
    risk = _risk(world, manager)
    assert (risk.score, risk.rating, risk.trend) == (3, "D2", "new")
    risk_assess(
        actor=manager,
        risk=risk,
        likelihood=Likelihood.C,
        impact=Impact.TWO,
        assessed_on=datetime.date(2019, 4, 1),
        note="Timeline slipping",
    )
    risk.refresh_from_db()
    assert (risk.score, risk.previous_score, risk.trend) == (6, 3, "up")
    risk_assess(actor=manager, risk=risk, likelihood=Likelihood.C, impact=Impact.TWO, note="Same")
    risk.refresh_from_db()
    assert risk.trend == "same"
    risk_assess(actor=manager, risk=risk, likelihood=Likelihood.D, impact=Impact.FOUR)
    risk.refresh_from_db()
    assert (risk.score, risk.trend) == (1, "down")
    history = list(risk.assessments.values_list("likelihood", "impact"))
    assert history == [(1, 3), (2, 3), (2, 3), (1, 1)]
    actions = list(
        AuditEvent.objects.filter(object_id=str(risk.pk), object_type="risks.risk")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["risks.risk_created"] + ["risks.risk_assessed"] * 3


def test_an_assessment_cannot_be_dated_before_the_latest_or_in_the_future(world, manager):
    risk = _risk(world, manager)
    with pytest.raises(ValidationError) as before:
        risk_assess(
            actor=manager,
            risk=risk,
            likelihood=Likelihood.A,
            impact=Impact.ONE,
            assessed_on=datetime.date(2019, 2, 1),
        )
    assert "on or after the latest one, 1 March 2019" in str(before.value)
    with pytest.raises(ValidationError):
        risk_assess(
            actor=manager,
            risk=risk,
            likelihood=Likelihood.A,
            impact=Impact.ONE,
            assessed_on=TODAY + datetime.timedelta(days=1),
        )
    assert risk.assessments.count() == 1


def test_a_risk_must_be_owned_by_an_organisation_of_its_partnership(world, manager):
    with pytest.raises(ValidationError) as refused:
        _risk(world, manager, owning_organisation=world.outside_partnership)
    assert "owning_organisation" in refused.value.message_dict
    assert not Risk.objects.exists()


def test_closing_and_changing_a_risk_is_audited_with_field_names(world, manager):
    risk = _risk(world, manager)
    risk_change(
        actor=manager,
        risk=risk,
        changes={"mitigation": "Planning meetings", "status": "closed"},
    )
    risk.refresh_from_db()
    assert (risk.status, risk.closed_on, risk.mitigation) == ("closed", TODAY, "Planning meetings")
    event = AuditEvent.objects.get(action="risks.risk_changed")
    assert event.detail == {"fields": ["closed_on", "mitigation", "status"], "status": "closed"}


def test_the_register_sorts_by_score_filters_and_flags_overdue_reviews(world, manager):
    _risk(world, manager, title="Low risk", likelihood=Likelihood.D, impact=Impact.FOUR)
    _risk(
        world,
        manager,
        title="High risk",
        likelihood=Likelihood.A,
        impact=Impact.ONE,
        review_on=datetime.date(2020, 1, 1),
    )
    closed = _risk(world, manager, title="Closed risk")
    risk_change(actor=manager, risk=closed, changes={"status": "closed"})
    client = signed_in_client(manager)
    page = client.get("/risks/").content.decode()
    assert page.index("High risk") < page.index("Low risk")
    assert "Closed risk" not in page
    assert "High (16)" in page and "Low (1)" in page
    assert "Review overdue" in page and "1 January 2020" in page
    closed_page = client.get("/risks/?status=closed").content.decode()
    assert "Closed risk" in closed_page and "High risk" not in closed_page


def test_the_risk_page_shows_every_assessment_with_its_trend(world, manager):
    risk = _risk(world, manager)
    risk_assess(actor=manager, risk=risk, likelihood=Likelihood.B, impact=Impact.TWO)
    page = signed_in_client(manager).get(f"/risks/{risk.pk}/").content.decode()
    assert "Up from 3" in page and "First assessment" in page
    assert "High (9)" in page and "Low (3)" in page
    assert "1 March 2019" in page


def test_the_add_form_explains_each_problem_and_keeps_what_was_typed(world, manager):
    client = signed_in_client(manager)
    assert client.get("/risks/add/").status_code == 200
    response = client.post(
        "/risks/add/",
        {
            "title": "",
            "mitigation": "Keep this text",
            "owning_organisation": world.own.pk,
            "review_on-day": "31",
            "review_on-month": "2",
            "review_on-year": "2030",
            "likelihood": "9",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Enter the risk" in page
    assert "The review date must be a real date" in page
    assert "Select the likelihood" in page and "Select the impact" in page
    assert "Keep this text" in page and 'value="31"' in page
    response = client.post(
        "/risks/add/",
        {
            "title": "Partners do not keep up their contributions",
            "owning_organisation": world.own.pk,
            "review_on-day": "1",
            "review_on-month": "6",
            "review_on-year": "2030",
            "likelihood": str(Likelihood.C),
            "impact": str(Impact.TWO),
        },
    )
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.rating, risk.review_on) == ("C2", datetime.date(2030, 6, 1))
    assert AuditEvent.objects.filter(action="risks.risk_created").count() == 1


def test_the_reassess_and_change_forms_save_through_the_services(world, manager):
    risk = _risk(world, manager)
    client = signed_in_client(manager)
    response = client.post(
        f"/risks/{risk.pk}/reassess/",
        {
            "likelihood": str(Likelihood.B),
            "impact": str(Impact.ONE),
            "assessed_on-day": "1",
            "assessed_on-month": "2",
            "assessed_on-year": "2019",
        },
    )
    assert response.status_code == 400
    assert "on or after the latest one" in response.content.decode()
    response = client.post(
        f"/risks/{risk.pk}/reassess/",
        {
            "likelihood": str(Likelihood.B),
            "impact": str(Impact.ONE),
            "assessed_on-day": "2",
            "assessed_on-month": "3",
            "assessed_on-year": "2019",
            "note": "Worse",
        },
    )
    assert response.status_code == 302
    assert signed_in_client(manager).get(f"/risks/{risk.pk}/change/").status_code == 200
    response = client.post(
        f"/risks/{risk.pk}/change/",
        {
            "title": risk.title,
            "owning_organisation": world.other.pk,
            "review_on-day": "1",
            "review_on-month": "1",
            "review_on-year": "2031",
            "status": "open",
        },
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.score, risk.owning_organisation, risk.review_on) == (
        12,
        world.other,
        datetime.date(2031, 1, 1),
    )


def test_the_scrutineer_reads_the_register_but_cannot_change_it(world, manager):
    risk = _risk(world, manager)
    scrutineer = make_member(Role.INDEPENDENT_SCRUTINEER, world.other)
    client = signed_in_client(scrutineer)
    assert client.get("/risks/").status_code == 200
    assert client.get(f"/risks/{risk.pk}/").status_code == 200
    assert client.get(f"/risks/{risk.pk}/reassess/").status_code == 403
    assert (
        signed_in_client(make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own))
        .get("/risks/")
        .status_code
        == 403
    )


def test_an_owner_sees_their_overdue_reviews_on_their_home_page(world, manager):
    owner = make_member(Role.DELEGATED_SAFEGUARDING_PARTNER, world.own)
    _risk(world, manager, title="Overdue one", owner=owner, review_on=datetime.date(2020, 1, 1))
    _risk(world, manager, title="Not due yet", owner=owner)
    _risk(world, manager, title="Someone else's", review_on=datetime.date(2020, 1, 1))
    page = signed_in_client(owner).get("/home/").content.decode()
    assert "Risk review overdue: Overdue one" in page
    assert "Not due yet" not in page and "Someone else" not in page
    assert "Risk review overdue" not in signed_in_client(manager).get("/home/").content.decode()


def test_the_register_takes_the_same_number_of_queries_for_1_and_10_risks(world, manager):
    owner = make_member(Role.BUSINESS_UNIT_OFFICER, world.own)
    client = signed_in_client(manager)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    risk = _risk(world, manager, owner=owner)
    few = (queries("/risks/"), queries("/api/v1/risks/"))
    for number in range(9):
        extra = make_organisation(world.partnership)
        more = _risk(world, manager, title=f"Risk {number}", owning_organisation=extra, owner=owner)
        risk_assess(actor=manager, risk=more, likelihood=Likelihood.A, impact=Impact.ONE)
    risk_assess(actor=manager, risk=risk, likelihood=Likelihood.A, impact=Impact.ONE)
    assert (queries("/risks/"), queries("/api/v1/risks/")) == few
