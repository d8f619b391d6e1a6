"""Probes for resourcing: budgets and contributions."""

from __future__ import annotations

from typing import Any

from tests.probes.common import Seen, organisation_for, partnership_for

from masa.core.permissions import Permission


def budget_in(world, relation):
    from masa.partnership.models import Budget, Contribution

    partnership = partnership_for(world, relation)
    budget, _ = Budget.objects.get_or_create(partnership=partnership, year=2016)
    contribution = Contribution.objects.create(
        budget=budget, organisation=organisation_for(world, relation), amount_pence=1581_00
    )
    return budget, contribution


def probe_view_budget(client, world, relation) -> Seen:
    budget, contribution = budget_in(world, relation)
    name = contribution.organisation.name
    page = client.get(f"/budgets/{budget.pk}/")
    api = client.get("/api/v1/budget?year=2016/17")
    listing = client.get("/budgets/")
    api_list = client.get("/api/v1/budgets/")
    api_detail = client.get(f"/api/v1/budgets/{budget.pk}/")
    contributions = client.get("/api/v1/contributions/")
    contribution_detail = client.get(f"/api/v1/contributions/{contribution.pk}/")
    return Seen(
        shown=[
            page.status_code == 200 and name.encode() in page.content,
            api.status_code == 200
            and name in [c["organisation"] for c in api.json()["contributions"]],
            listing.status_code == 200 and b"2016/17" in listing.content,
            budget.pk in _ids(api_list),
            api_detail.status_code == 200
            and contribution.pk in [c["id"] for c in api_detail.json()["contributions"]],
            contribution.pk in _ids(contributions),
            contribution_detail.status_code == 200,
        ],
        statuses=[
            page.status_code,
            api.status_code,
            listing.status_code,
            api_list.status_code,
            api_detail.status_code,
            contributions.status_code,
            contribution_detail.status_code,
        ],
    )


def _ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]] if response.status_code == 200 else []


def probe_manage_budget(client, world, relation) -> Seen:
    _, contribution = budget_in(world, relation)
    url = f"/budgets/contributions/{contribution.pk}/change/"
    form = client.get(url)
    posted = client.post(
        url,
        {
            "source": "organisation",
            "organisation": contribution.organisation_id,
            "amount": "£2,000",
        },
    )
    contribution.refresh_from_db()
    patched = client.patch(
        f"/api/v1/contributions/{contribution.pk}/",
        {"amount_pence": 2500_00},
        content_type="application/json",
    )
    expenditure_form = client.get(f"/budgets/{contribution.budget_id}/add-expenditure/")
    refreshed = type(contribution).objects.get(pk=contribution.pk)
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and contribution.amount_pence == 2000_00,
            patched.status_code == 200 and refreshed.amount_pence == 2500_00,
            expenditure_form.status_code == 200,
        ],
        statuses=[
            form.status_code,
            posted.status_code,
            patched.status_code,
            expenditure_form.status_code,
        ],
    )


PROBES = {
    Permission.VIEW_BUDGET: probe_view_budget,
    Permission.MANAGE_BUDGET: probe_manage_budget,
}

PK_SOURCES = {
    "partnership:budget": "budget",
    "partnership:contribution-add": "budget",
    "partnership:contribution-edit": "contribution",
    "partnership:expenditure-add": "budget",
    "partnership:expenditure-edit": "expenditure_line",
    "budget-detail": "budget",
    "contribution-detail": "contribution",
    "expenditure-line-detail": "expenditure_line",
}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    from masa.partnership.models import Budget, Contribution, ExpenditureLine

    budget = Budget.objects.create(partnership=world.partnership, year=2016)
    contribution = Contribution.objects.create(
        budget=budget, organisation=world.own, amount_pence=100
    )
    line = ExpenditureLine.objects.create(budget=budget, heading="Crawl line", amount_pence=100)
    return {"budget": budget.pk, "contribution": contribution.pk, "expenditure_line": line.pk}
