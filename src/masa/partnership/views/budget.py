"""Budget pages: the years, one year's budget, and the business manager's forms (a new year,
a contribution, an expenditure line)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from masa.core.access import SignedInRequest, requires
from masa.core.permissions import Permission, permits
from masa.partnership import budget as selectors
from masa.partnership.budget import (
    budget_create,
    contribution_set,
    expenditure_add,
    expenditure_change,
    money_for_input,
)
from masa.partnership.budget_forms import BudgetForm, ContributionForm, ExpenditureForm
from masa.partnership.models import Budget, Contribution, ExpenditureLine

# The chart: one bar per contributor, its length the share out of 100.
CHART_BAR_HEIGHT = 28


@requires(Permission.VIEW_BUDGET)
@require_safe
def budgets(request: SignedInRequest) -> HttpResponse:
    views = selectors.budget_views_for(request.user, selectors.budgets_for(request.user))
    return render(
        request,
        "partnership/budgets.html",
        {"views": views, "can_add": permits(request.user, Permission.MANAGE_BUDGET)},
    )


@requires(Permission.VIEW_BUDGET)
@require_safe
def budget(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.budget_for(request.user, pk)
    if found is None:
        raise Http404
    view = selectors.budget_view_for(request.user, found)
    chart = [
        {
            "row": row,
            "y": index * CHART_BAR_HEIGHT + 4,
            "text_y": index * CHART_BAR_HEIGHT + 22,
            "width": row.bar_width * 4,
            "text_x": row.bar_width * 4 + 6,
        }
        for index, row in enumerate(view.chart_rows)
    ]
    return render(
        request,
        "partnership/budget.html",
        {
            "view": view,
            "chart": chart,
            "chart_height": max(len(chart), 1) * CHART_BAR_HEIGHT,
            "can_manage": selectors.can_manage(request.user, found),
        },
    )


@requires(Permission.MANAGE_BUDGET)
@require_http_methods(["GET", "POST"])
def contribution_add(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.budget_changeable_by(request.user, pk)
    if found is None:
        raise Http404
    return _contribution_form(request, found, None)


@requires(Permission.MANAGE_BUDGET)
@require_http_methods(["GET", "POST"])
def contribution_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    contribution = selectors.contribution_changeable_by(request.user, pk)
    if contribution is None:
        raise Http404
    return _contribution_form(request, contribution.budget, contribution)


def _contribution_form(
    request: SignedInRequest, found: Budget, contribution: Contribution | None
) -> HttpResponse:
    initial: dict[str, object] = {"source": "organisation"}
    if contribution is not None:
        initial = {
            "source": contribution.source,
            "organisation": contribution.organisation_id,
            "description": contribution.description,
            "amount": money_for_input(contribution.amount_pence),
            "share": "" if contribution.share_percent is None else contribution.share_percent,
            "in_kind": contribution.in_kind,
        }
    form = ContributionForm(
        request.POST or None,
        initial=initial,
        budget=found,
        organisations=selectors.contributor_organisations(found),
        contribution=contribution,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = contribution_set(
            actor=request.user,
            budget=found,
            contribution=contribution,
            organisation=data["organisation"],
            source=data["source"],
            description=data["description"].strip(),
            amount_pence=data["amount"],
            share_percent=data["share"],
            in_kind=data["in_kind"].strip(),
        )
        messages.success(request, f"The contribution from {saved.contributor} has been saved.")
        return redirect("partnership:budget", pk=found.pk)
    return render(
        request,
        "partnership/budget_contribution.html",
        {"budget": found, "form": form, "contribution": contribution},
        status=400 if form.errors else 200,
    )


@requires(Permission.MANAGE_BUDGET)
@require_http_methods(["GET", "POST"])
def budget_add(request: SignedInRequest) -> HttpResponse:
    """A new year's budget for a partnership whose budget this person manages."""
    partnerships = selectors.budget_partnerships_for(request.user)
    form = BudgetForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = budget_create(
                actor=request.user,
                partnership=data["partnership"],
                year=data["year"],
                notes=data["notes"].strip(),
                is_partial=data["is_partial"],
            )
        except ValueError as problem:
            form.add_error("year", str(problem))
        else:
            messages.success(request, f"The budget for {created.label} has been added.")
            return redirect("partnership:budget", pk=created.pk)
    return render(
        request,
        "partnership/budget_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@requires(Permission.MANAGE_BUDGET)
@require_http_methods(["GET", "POST"])
def expenditure_add_page(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.budget_changeable_by(request.user, pk)
    if found is None:
        raise Http404
    return _expenditure_form(request, found, None)


@requires(Permission.MANAGE_BUDGET)
@require_http_methods(["GET", "POST"])
def expenditure_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    line = selectors.expenditure_changeable_by(request.user, pk)
    if line is None:
        raise Http404
    return _expenditure_form(request, line.budget, line)


def _expenditure_form(
    request: SignedInRequest, found: Budget, line: ExpenditureLine | None
) -> HttpResponse:
    initial = (
        {"heading": line.heading, "amount": money_for_input(line.amount_pence)}
        if line is not None
        else {}
    )
    form = ExpenditureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        heading, amount = form.cleaned_data["heading"], form.cleaned_data["amount"]
        try:
            if line is None:
                expenditure_add(
                    actor=request.user, budget=found, heading=heading, amount_pence=amount
                )
            else:
                expenditure_change(
                    actor=request.user, line=line, heading=heading, amount_pence=amount
                )
        except ValueError as problem:
            form.add_error("amount", str(problem))
        else:
            messages.success(request, f"The expenditure on {heading} has been saved.")
            return redirect(f"{reverse('partnership:budget', args=[found.pk])}#expenditure")
    return render(
        request,
        "partnership/budget_expenditure.html",
        {"budget": found, "form": form, "line": line},
        status=400 if form.errors else 200,
    )
