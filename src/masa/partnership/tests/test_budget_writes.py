"""The business manager's budget forms and the read-and-write budget API: a new year,
expenditure lines, contributions; scoped and audited like the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.partnership.budget import budget_create, contribution_set, expenditure_add
from masa.partnership.demo import load_demo
from masa.partnership.models import Budget, Contribution, ContributionSource, ExpenditureLine

JSON = "application/json"


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)


def _events(actor) -> list[str]:
    return list(AuditEvent.objects.filter(actor_id=actor.pk).values_list("action", flat=True))


def test_the_business_manager_adds_a_years_budget_and_a_second_is_refused(world, manager):
    client = signed_in_client(manager)
    assert 'href="/budgets/new/"' in client.get("/budgets/").content.decode()
    form = client.get("/budgets/new/")
    assert form.status_code == 200
    assert 'type="hidden" name="partnership"' in form.content.decode()  # they manage one
    added = client.post(
        "/budgets/new/",
        {"year": "2017/18", "partnership": world.partnership.pk, "notes": "Agreed in March"},
    )
    budget = Budget.objects.get()
    assert added["Location"] == f"/budgets/{budget.pk}/"
    assert (budget.year, budget.partnership, budget.notes) == (
        2017,
        world.partnership,
        "Agreed in March",
    )
    again = client.post("/budgets/new/", {"year": "2017-18", "partnership": world.partnership.pk})
    assert again.status_code == 400
    assert "already a budget for 2017/18" in again.content.decode()
    bad = client.post("/budgets/new/", {"year": "2017", "partnership": world.partnership.pk})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "There is a problem" in page and "write it like 2016/17" in page
    assert 'value="2017"' in page  # what was typed is kept
    foreign = client.post("/budgets/new/", {"year": "2018/19", "partnership": world.elsewhere.pk})
    assert foreign.status_code == 400
    assert Budget.objects.count() == 1
    assert _events(manager) == ["budget.created"]
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    assert signed_in_client(lead).get("/budgets/new/").status_code == 403


def test_expenditure_lines_are_added_and_changed_on_their_pages(world, manager):
    budget = budget_create(actor=manager, partnership=world.partnership, year=2016)
    client = signed_in_client(manager)
    added = client.post(
        f"/budgets/{budget.pk}/add-expenditure/", {"heading": "Business unit", "amount": "£120,000"}
    )
    assert added["Location"] == f"/budgets/{budget.pk}/#expenditure"
    line = ExpenditureLine.objects.get()
    assert line.amount_pence == 120_000_00
    bad = client.post(
        f"/budgets/expenditure/{line.pk}/change/", {"heading": "Business unit", "amount": "lots"}
    )
    assert bad.status_code == 400 and "numbers only" in bad.content.decode()
    client.post(
        f"/budgets/expenditure/{line.pk}/change/",
        {"heading": "Business unit staff", "amount": "125000"},
    )
    line.refresh_from_db()
    assert (line.heading, line.amount_pence) == ("Business unit staff", 125_000_00)
    page = client.get(f"/budgets/{budget.pk}/").content.decode()
    assert "£125,000" in page and f"/budgets/expenditure/{line.pk}/change/" in page
    assert _events(manager) == ["budget.created", "expenditure.added", "expenditure.changed"]
    changed = AuditEvent.objects.get(action="expenditure.changed")
    assert changed.detail["before"]["amount_pence"] == 120_000_00
    stranger = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    assert (
        signed_in_client(stranger).get(f"/budgets/expenditure/{line.pk}/change/").status_code == 404
    )


def test_the_change_from_the_year_before_shows_the_published_reductions(db):
    """Seed 003 §5.9: the constabulary, probation and the CRC gave less in 2016/17."""
    partnership = load_demo().partnership
    from masa.accounts.models import Person

    client = signed_in_client(Person.objects.get(email__startswith="tomasz.nowak"))
    budget = Budget.objects.get(partnership=partnership, year=2016)
    page = client.get(f"/budgets/{budget.pk}/").content.decode()
    assert "Change from 2015/16" in page
    for reduction in ("£3,559 less", "£670 less", "£1,000 less"):
        assert reduction in page
    body = client.get(f"/api/v1/budgets/{budget.pk}/").json()
    changes = {c["contributor"]: c["change_from_last_year_pence"] for c in body["contributions"]}
    assert changes["Avon and Somerset Constabulary"] == -3_559_00
    assert changes["National Probation Service"] == -670_00
    assert body["total_pence"] == 216_533_00
    council = next(c for c in body["contributions"] if c["contributor"] == "Somerset Council")
    assert council["share_percent"] == "62.2"


def test_budgets_are_listed_and_read_with_contributions_shares_and_total(world, manager):
    budget = budget_create(actor=manager, partnership=world.partnership, year=2016)
    contribution_set(actor=manager, budget=budget, organisation=world.own, amount_pence=300_00)
    contribution_set(actor=manager, budget=budget, organisation=world.other, amount_pence=100_00)
    expenditure_add(actor=manager, budget=budget, heading="Chair", amount_pence=50_00)
    client = signed_in_client(manager)
    listing = client.get("/api/v1/budgets/").json()
    assert [b["year"] for b in listing["results"]] == ["2016/17"]
    body = client.get(f"/api/v1/budgets/{budget.pk}/").json()
    assert body["whole_budget"] is True
    assert body["total_pence"] == 400_00
    assert [(c["contributor"], c["share_percent"]) for c in body["contributions"]] == [
        (world.own.name, "75.0"),
        (world.other.name, "25.0"),
    ]
    assert body["expenditure"][0]["heading"] == "Chair"
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    lead_client = signed_in_client(lead)
    theirs = lead_client.get(f"/api/v1/budgets/{budget.pk}/").json()
    assert (theirs["whole_budget"], theirs["total_pence"], theirs["expenditure"]) == (
        False,
        None,
        [],
    )
    assert [c["contributor"] for c in theirs["contributions"]] == [world.own.name]
    assert lead_client.get("/api/v1/expenditure-lines/").json()["results"] == []
    assert [
        c["organisation"] for c in lead_client.get("/api/v1/contributions/").json()["results"]
    ] == [world.own.pk]


def test_a_year_is_added_and_changed_through_the_api(world, manager):
    client = signed_in_client(manager)
    created = client.post(
        "/api/v1/budgets/", {"year": "2017/18", "notes": "Draft"}, content_type=JSON
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["year"], created.json()["partnership"]) == (
        "2017/18",
        world.partnership.pk,
    )
    budget = Budget.objects.get()
    again = client.post("/api/v1/budgets/", {"year": "2017/18"}, content_type=JSON)
    assert again.status_code == 400
    assert "already a budget" in again.json()["fields"]["year"][0]
    bad = client.post("/api/v1/budgets/", {"year": "next year"}, content_type=JSON)
    assert bad.status_code == 400 and "year" in bad.json()["fields"]
    foreign = client.post(
        "/api/v1/budgets/",
        {"year": "2018/19", "partnership": world.elsewhere.pk},
        content_type=JSON,
    )
    assert foreign.status_code == 400 and "partnership" in foreign.json()["fields"]
    patched = client.patch(
        f"/api/v1/budgets/{budget.pk}/",
        {"is_partial": True, "year": "2030/31"},
        content_type=JSON,
    )
    assert patched.status_code == 200
    budget.refresh_from_db()
    assert (budget.is_partial, budget.year) == (True, 2017)  # the year is fixed
    assert _events(manager) == ["budget.created", "budget.changed"]


def test_contributions_and_expenditure_lines_are_written_through_the_api(world, manager):
    budget = budget_create(actor=manager, partnership=world.partnership, year=2016)
    client = signed_in_client(manager)
    created = client.post(
        "/api/v1/contributions/",
        {"budget": budget.pk, "organisation": world.own.pk, "amount_pence": 1581_00},
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    contribution = Contribution.objects.get()
    duplicate = client.post(
        "/api/v1/contributions/",
        {"budget": budget.pk, "organisation": world.own.pk, "amount_pence": 5_00},
        content_type=JSON,
    )
    assert duplicate.status_code == 400
    assert "already has a contribution" in duplicate.json()["fields"]["organisation"][0]
    training = client.post(
        "/api/v1/contributions/",
        {"budget": budget.pk, "source": "training_income", "share_percent": "19"},
        content_type=JSON,
    )
    assert training.status_code == 201
    assert training.json()["contributor"] == "Income from training"
    empty = client.post(
        "/api/v1/contributions/",
        {"budget": budget.pk, "source": "other_income", "description": "Grant"},
        content_type=JSON,
    )
    assert empty.status_code == 400
    assert "needs an amount" in empty.json()["fields"]["amount_pence"][0]
    negative = client.patch(
        f"/api/v1/contributions/{contribution.pk}/", {"amount_pence": -1}, content_type=JSON
    )
    assert negative.status_code == 400
    changed = client.patch(
        f"/api/v1/contributions/{contribution.pk}/",
        {"amount_pence": 2000_00, "in_kind": "Training venues"},
        content_type=JSON,
    )
    assert changed.status_code == 200
    contribution.refresh_from_db()
    assert (contribution.amount_pence, contribution.in_kind, contribution.organisation) == (
        2000_00,
        "Training venues",
        world.own,
    )
    assert Contribution.objects.get(source=ContributionSource.TRAINING_INCOME).share_percent == (
        Decimal("19.00")
    )
    line = client.post(
        "/api/v1/expenditure-lines/",
        {"budget": budget.pk, "heading": "Chair", "amount_pence": 10_000_00},
        content_type=JSON,
    )
    assert line.status_code == 201
    line_id = line.json()["id"]
    assert (
        client.patch(
            f"/api/v1/expenditure-lines/{line_id}/", {"amount_pence": 12_000_00}, content_type=JSON
        ).json()["amount_pence"]
        == 12_000_00
    )
    blank = client.patch(
        f"/api/v1/expenditure-lines/{line_id}/", {"heading": "  "}, content_type=JSON
    )
    assert blank.status_code == 400
    assert _events(manager) == [
        "budget.created",
        "contribution.added",
        "contribution.added",
        "contribution.changed",
        "expenditure.added",
        "expenditure.changed",
    ]


def test_only_the_business_manager_writes_and_other_partnerships_are_not_found(world, manager):
    budget = budget_create(actor=manager, partnership=world.partnership, year=2016)
    contribution = contribution_set(
        actor=manager, budget=budget, organisation=world.own, amount_pence=100_00
    )
    line = expenditure_add(actor=manager, budget=budget, heading="Chair", amount_pence=1_00)
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    lead_client = signed_in_client(lead)
    refused = lead_client.patch(
        f"/api/v1/contributions/{contribution.pk}/", {"amount_pence": 1}, content_type=JSON
    )
    assert refused.status_code == 403
    assert (
        lead_client.post("/api/v1/budgets/", {"year": "2019/20"}, content_type=JSON).status_code
        == 403
    )
    stranger = signed_in_client(
        make_member(Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere)
    )
    for url in (
        f"/api/v1/budgets/{budget.pk}/",
        f"/api/v1/contributions/{contribution.pk}/",
        f"/api/v1/expenditure-lines/{line.pk}/",
    ):
        assert stranger.get(url).status_code == 404
        assert stranger.patch(url, {"notes": "x"}, content_type=JSON).status_code == 404
    foreign = stranger.post(
        "/api/v1/expenditure-lines/",
        {"budget": budget.pk, "heading": "Chair", "amount_pence": 1},
        content_type=JSON,
    )
    assert foreign.status_code == 400 and "budget" in foreign.json()["fields"]


@pytest.mark.parametrize("role", [Role.BUSINESS_MANAGER, Role.AGENCY_SAFEGUARDING_LEAD])
def test_the_budget_lists_cost_the_same_queries_for_ten_times_the_years(world, manager, role):
    client = signed_in_client(make_member(role, world.own, partnership=world.partnership))

    def add(years: range) -> None:
        for year in years:
            budget = budget_create(actor=manager, partnership=world.partnership, year=year)
            for organisation in (world.own, world.other):
                contribution_set(
                    actor=manager, budget=budget, organisation=organisation, amount_pence=100_00
                )
            expenditure_add(actor=manager, budget=budget, heading="Chair", amount_pence=50_00)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/budgets/", "/api/v1/budgets/", "/api/v1/contributions/", "/api/v1/expenditure-lines/"]
    add(range(2010, 2011))
    once = {url: queries(url) for url in urls}
    add(range(2011, 2020))
    assert {url: queries(url) for url in urls} == once
