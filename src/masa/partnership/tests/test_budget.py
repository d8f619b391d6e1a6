from __future__ import annotations

from decimal import Decimal

import pytest

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.partnership.budget import (
    budget_create,
    contribution_set,
    format_money,
    parse_money,
    whole_budget_view,
)
from masa.partnership.demo import load_demo
from masa.partnership.models import Budget, Contribution


@pytest.fixture
def demo(db):
    return load_demo().partnership


def rows_by_name(view):
    return {row.contributor: row for row in view.rows}


def test_demo_reproduces_table_2(demo):
    view = whole_budget_view(Budget.objects.get(partnership=demo, year=2016))
    assert view.label == "2016/17"
    assert view.total_pence == 216_533_00
    assert view.total == "£216,533"
    council = rows_by_name(view)["Somerset Council"]
    assert council.share == Decimal("62.2")
    assert council.share_whole == 62
    # The three partners: council, the CCG (now the ICB) and the constabulary.
    assert view.statutory_share == Decimal("95.7")


def test_demo_reproduces_the_listed_reductions(demo):
    rows = rows_by_name(whole_budget_view(Budget.objects.get(partnership=demo, year=2016)))
    assert rows["Avon and Somerset Constabulary"].change_pence == -3_559_00
    assert rows["Avon and Somerset Constabulary"].change == "£3,559 less"
    assert rows["National Probation Service"].change_pence == -670_00
    assert (
        rows[
            "Bristol, Gloucestershire, Somerset and Wiltshire Community Rehabilitation Company"
        ].change_pence
        == -1_000_00
    )
    assert rows["CAFCASS"].change_pence is None  # 2015/16 not published
    partial = whole_budget_view(Budget.objects.get(partnership=demo, year=2015))
    assert partial.total_pence is None


def test_demo_2024_25_shares(demo):
    view = whole_budget_view(Budget.objects.get(partnership=demo, year=2024))
    shares = {row.contributor: row.share_whole for row in view.rows}
    assert shares == {
        "Somerset Council": 33,
        "NHS Somerset Integrated Care Board": 33,
        "Avon and Somerset Constabulary": 15,
        "Income from training": 19,
    }
    assert view.total_pence is None
    assert view.statutory_share_whole == 81


def test_demo_is_idempotent(demo):
    before = Contribution.objects.count()
    assert not load_demo().changes.get("budget contributions")
    assert Contribution.objects.count() == before


@pytest.mark.parametrize(
    ("text", "pence"),
    [("£1,581", 158_100), ("1581.00", 158_100), (" 1581 ", 158_100), ("1,581.5", 158_150)],
)
def test_money_parsing(text, pence):
    assert parse_money(text) == pence


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the amount"),
        ("-5", "less than £0"),
        ("12.345", "nearest penny"),
        ("1,58,1", "numbers only"),
        ("ten pounds", "numbers only"),
    ],
)
def test_bad_money_is_explained(text, message):
    with pytest.raises(ValueError, match=message):
        parse_money(text)


def test_format_money():
    assert format_money(216_533_00) == "£216,533"
    assert format_money(-355_900) == "-£3,559"
    assert format_money(150) == "£1.50"


def test_changes_are_audited(world):
    manager = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    budget = budget_create(actor=manager, partnership=world.partnership, year=2020)
    contribution = contribution_set(
        actor=manager, budget=budget, organisation=world.own, amount_pence=100_00
    )
    contribution_set(actor=manager, budget=budget, organisation=world.own, amount_pence=200_00)
    actions = list(AuditEvent.objects.filter(actor_id=manager.pk).values_list("action", flat=True))
    assert actions == ["budget.created", "contribution.added", "contribution.changed"]
    changed = AuditEvent.objects.get(action="contribution.changed")
    assert changed.object_id == str(contribution.pk)
    assert changed.detail["before"]["amount_pence"] == 100_00
    assert changed.detail["after"]["amount_pence"] == 200_00


def _budget(world):
    budget = Budget.objects.create(partnership=world.partnership, year=2016)
    Contribution.objects.create(budget=budget, organisation=world.own, amount_pence=300_00)
    Contribution.objects.create(budget=budget, organisation=world.other, amount_pence=100_00)
    return budget


def test_form_saves_money_and_rejects_bad_input(world):
    budget = _budget(world)
    manager = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    client = signed_in_client(manager)
    own = budget.contributions.get(organisation=world.own)
    url = f"/budgets/contributions/{own.pk}/change/"
    bad = client.post(
        url, {"source": "organisation", "organisation": world.own.pk, "amount": "£1,5"}
    )
    assert bad.status_code == 400
    assert b"There is a problem" in bad.content
    assert b"numbers only" in bad.content
    own.refresh_from_db()
    assert own.amount_pence == 300_00
    assert not AuditEvent.objects.filter(action="contribution.changed").exists()
    duplicate = client.post(
        f"/budgets/{budget.pk}/add-contribution/",
        {"source": "organisation", "organisation": world.other.pk, "amount": "5"},
    )
    assert duplicate.status_code == 400
    assert b"already has a contribution" in duplicate.content
    good = client.post(
        url, {"source": "organisation", "organisation": world.own.pk, "amount": "£1,581"}
    )
    assert good.status_code == 302
    own.refresh_from_db()
    assert own.amount_pence == 1581_00


def test_api_figures(demo):
    from masa.accounts.models import Person

    manager = Person.objects.get(email__startswith="tomasz.nowak")
    body = signed_in_client(manager).get("/api/v1/budget?year=2016/17").json()
    assert body["year"] == "2016/17"
    assert body["total_pence"] == 216_533_00
    assert body["total"] == "£216,533"
    council = next(c for c in body["contributions"] if c["organisation"] == "Somerset Council")
    assert council["share_percent"] == "62.2"
    assert council["amount_pence"] == 134_590_00
    assert body["statutory_partners_share_percent"] == "95.7"
    shares = signed_in_client(manager).get("/api/v1/budget?year=2024-25").json()
    assert shares["statutory_partners_share_percent"] == "81.0"


def test_api_bad_and_unknown_years(world):
    _budget(world)
    client = signed_in_client(
        make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    )
    bad = client.get("/api/v1/budget?year=2016")
    assert bad.status_code == 400
    assert "write it like 2016/17" in bad.json()["error"]
    assert "after 2016 comes 2017" in client.get("/api/v1/budget?year=2016/18").json()["error"]
    assert client.get("/api/v1/budget").json()["year"] == "2016/17"  # the latest
    unknown = client.get("/api/v1/budget?year=1999/00")
    assert unknown.status_code == 404
    assert "no budget for 1999/00" in unknown.json()["error"]


def test_agency_lead_sees_only_their_own_contribution(world):
    budget = _budget(world)
    client = signed_in_client(
        make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    )
    page = client.get(f"/budgets/{budget.pk}/")
    assert page.status_code == 200
    assert world.own.name.encode() in page.content
    assert world.other.name.encode() not in page.content
    assert b"\xc2\xa3400" not in page.content  # no total
    body = client.get("/api/v1/budget?year=2016/17").json()
    assert [c["organisation"] for c in body["contributions"]] == [world.own.name]
    assert body["total_pence"] is None


def test_practitioner_is_refused(world):
    budget = _budget(world)
    client = signed_in_client(
        make_member(Role.PRACTITIONER, world.own, partnership=world.partnership)
    )
    assert client.get("/budgets/").status_code == 403
    assert client.get(f"/budgets/{budget.pk}/").status_code == 403
    assert client.get("/api/v1/budget?year=2016/17").status_code == 403


def test_budget_page_has_chart_with_its_table(world):
    budget = _budget(world)
    client = signed_in_client(
        make_member(Role.INDEPENDENT_SCRUTINEER, world.own, partnership=world.partnership)
    )
    page = client.get(f"/budgets/{budget.pk}/")
    assert b"<svg" in page.content
    assert b'id="share-chart-data"' in page.content
    assert b"75.0%" in page.content and b"25.0%" in page.content
    assert b"\xc2\xa3400" in page.content


def test_demo_budget_pages_show_the_figures(demo):
    from masa.accounts.models import Person

    client = signed_in_client(Person.objects.get(email__startswith="tomasz.nowak"))
    listing = client.get("/budgets/")
    assert b"2016/17" in listing.content and b"2024/25" in listing.content
    assert b"Not known (partial)" in listing.content  # 2015/16
    year = client.get(f"/budgets/{Budget.objects.get(partnership=demo, year=2016).pk}/")
    assert b"\xc2\xa3216,533" in year.content
    assert b"62.2% (62%)" in year.content
    assert b"\xc2\xa33,559 less" in year.content
    assert b"a saving of \xc2\xa33,400" in year.content
    shares = client.get(f"/budgets/{Budget.objects.get(partnership=demo, year=2024).pk}/")
    assert b"81.0% (81%)" in shares.content
    assert b"Agreed as shares" in shares.content
    assert b'href="/budgets/"' in client.get("/home/").content  # the navigation entry


@pytest.mark.parametrize("role", [Role.BUSINESS_MANAGER, Role.AGENCY_SAFEGUARDING_LEAD])
def test_the_list_of_budgets_costs_the_same_queries_for_two_years_as_for_six(world, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in_client(make_member(role, world.own, partnership=world.partnership))

    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/budgets/").status_code == 200
        return len(captured)

    for year in (2015, 2016):
        budget = Budget.objects.create(partnership=world.partnership, year=year)
        Contribution.objects.create(budget=budget, organisation=world.own, amount_pence=300_00)
        Contribution.objects.create(budget=budget, organisation=world.other, amount_pence=100_00)
    two_years = queries_for_the_list()
    for year in (2017, 2018, 2019, 2020):
        budget = Budget.objects.create(partnership=world.partnership, year=year)
        Contribution.objects.create(budget=budget, organisation=world.own, amount_pence=300_00)
        Contribution.objects.create(budget=budget, organisation=world.other, amount_pence=100_00)
    assert queries_for_the_list() == two_years
