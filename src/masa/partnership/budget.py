"""Resourcing: money parsing, services that change budgets, and what a budget page shows.

Money is whole pence and percentages are Decimals, so a total, a share and a change from
last year come out exactly as the published report prints them. Shares are the contributor's
amount over the total income, to one decimal place and as the whole per cent reports print
(halves rounded up: 62.157% is 62.2%, and 62%). A budget published only as percentages
(seed 002's 2024/25) has no amounts: its shares are the published ones and it has no total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet

from masa.accounts.models import STATUTORY_PARTNER_KINDS, Organisation
from masa.core import audit
from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission, reach
from masa.partnership.models import (
    Budget,
    Contribution,
    ContributionSource,
    ExpenditureLine,
    Partnership,
)

ONE_DECIMAL = Decimal("0.1")
WHOLE = Decimal("1")
HUNDRED = Decimal(100)
# No partnership budget comes near a billion pounds; a figure that large is a typing slip.
MAX_PENCE = 100_000_000_000

# -- Money ------------------------------------------------------------------------------------

_MONEY = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$")
MONEY_EXAMPLE = "like £1,581 or 1581.00"


def parse_money(text: str) -> int:
    """Pence from what a person typed: "£1,581", "1581", "1581.00", "1,581.5". ValueError
    with a message to show them otherwise."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        raise ValueError(f"Enter the amount in pounds, {MONEY_EXAMPLE}")
    if cleaned.startswith("-") or cleaned.startswith("£-"):
        raise ValueError("The amount cannot be less than £0")
    cleaned = cleaned.removeprefix("£")
    if re.fullmatch(r"[\d,]*\.\d{3,}", cleaned):
        raise ValueError("Enter the amount to the nearest penny, like 1581.50")
    match = _MONEY.fullmatch(cleaned)
    if match is None:
        raise ValueError(
            f"Enter the amount in pounds and pence using numbers only, {MONEY_EXAMPLE}"
        )
    pounds, _, pence = cleaned.replace(",", "").partition(".")
    amount = int(pounds) * 100 + int(pence.ljust(2, "0") or 0)
    if amount >= MAX_PENCE:
        raise ValueError("The amount must be less than £1,000,000,000")
    return amount


def format_money(pence: int | None) -> str:
    """ "£216,533" for whole pounds, "£1,581.50" otherwise, "-£3,559" below zero."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}" + (f".{rest:02d}" if rest else "")


def money_for_input(pence: int | None) -> str:
    if pence is None:
        return ""
    pounds, rest = divmod(pence, 100)
    return f"{pounds}.{rest:02d}"


def parse_percent(text: str) -> Decimal:
    cleaned = text.strip().removesuffix("%").strip()
    if not re.fullmatch(r"\d{1,3}(\.\d{1,2})?", cleaned):
        raise ValueError("Enter the share as a number of per cent, like 33 or 12.5")
    share = Decimal(cleaned)
    if share > HUNDRED:
        raise ValueError("The share must be 100% or less")
    return share


def share_of(part: int, total: int) -> Decimal:
    """`part` as a percentage of `total`, exact (quantise it to show it)."""
    return Decimal(part) * HUNDRED / Decimal(total)


def one_decimal(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def whole_percent(value: Decimal) -> int:
    return int(value.quantize(WHOLE, rounding=ROUND_HALF_UP))


# -- Services ---------------------------------------------------------------------------------


def _contribution_detail(contribution: Contribution) -> dict[str, Any]:
    return {
        "year": contribution.budget.label,
        "source": contribution.source,
        "organisation": contribution.organisation_id,
        "amount_pence": contribution.amount_pence,
        "share_percent": None
        if contribution.share_percent is None
        else str(contribution.share_percent),
        "in_kind": bool(contribution.in_kind),
    }


FIRST_YEAR = 2000  # no partnership budget before the Children Act 2004; a guard on typing
LAST_YEAR = 2099


@transaction.atomic
def budget_create(
    *, actor: Any, partnership: Partnership, year: int, notes: str = "", is_partial: bool = False
) -> Budget:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"The year must be between {FIRST_YEAR} and {LAST_YEAR}")
    if Budget.objects.filter(partnership=partnership, year=year).exists():
        label = ReportingYear(year).label
        raise ValueError(f"There is already a budget for {label}: change that one instead")
    budget = Budget.objects.create(
        partnership=partnership, year=year, notes=notes, is_partial=is_partial
    )
    audit.record(actor=actor, action="budget.created", target=budget, detail={"year": budget.label})
    return budget


@transaction.atomic
def budget_change(
    *, actor: Any, budget: Budget, notes: str | None = None, is_partial: bool | None = None
) -> Budget:
    """Change a budget's notes or whether only some contributions are known."""
    changed = []
    if notes is not None and notes != budget.notes:
        budget.notes = notes
        changed.append("notes")
    if is_partial is not None and is_partial != budget.is_partial:
        budget.is_partial = is_partial
        changed.append("is_partial")
    if changed:
        budget.save(update_fields=changed)
        audit.record(
            actor=actor,
            action="budget.changed",
            target=budget,
            detail={"year": budget.label, "fields": changed, "is_partial": budget.is_partial},
        )
    return budget


@transaction.atomic
def contribution_set(
    *,
    actor: Any,
    budget: Budget,
    organisation: Organisation | None = None,
    source: str = ContributionSource.ORGANISATION,
    description: str = "",
    amount_pence: int | None = None,
    share_percent: Decimal | None = None,
    in_kind: str = "",
    contribution: Contribution | None = None,
) -> Contribution:
    """Record what one contributor gives to `budget`: a new contribution, or a change to
    `contribution` (or to the organisation's existing one)."""
    if amount_pence is None and share_percent is None and not in_kind:
        raise ValueError("A contribution needs an amount, a share or something given in kind")
    if amount_pence is not None and not 0 <= amount_pence < MAX_PENCE:
        raise ValueError("The amount must be between £0 and £1,000,000,000")
    if source == ContributionSource.ORGANISATION and organisation is None:
        raise ValueError("An organisation's contribution needs its organisation")
    if contribution is None and organisation is not None:
        contribution = budget.contributions.filter(organisation=organisation).first()
    before = _contribution_detail(contribution) if contribution is not None else None
    if contribution is None:
        contribution = Contribution(budget=budget)
    contribution.organisation = organisation
    contribution.source = source
    contribution.description = description
    contribution.amount_pence = amount_pence
    contribution.share_percent = share_percent
    contribution.in_kind = in_kind
    contribution.save()
    after = _contribution_detail(contribution)
    if after != before:
        audit.record(
            actor=actor,
            action="contribution.added" if before is None else "contribution.changed",
            target=contribution,
            organisation=organisation,
            detail={"before": before, "after": after} if before else after,
        )
    return contribution


@transaction.atomic
def contribution_remove(*, actor: Any, contribution: Contribution) -> None:
    detail = _contribution_detail(contribution)
    audit.record(
        actor=actor,
        action="contribution.removed",
        target=contribution,
        organisation=contribution.organisation,
        detail=detail,
    )
    contribution.delete()


@transaction.atomic
def expenditure_add(
    *, actor: Any, budget: Budget, heading: str, amount_pence: int
) -> ExpenditureLine:
    if not heading.strip():
        raise ValueError("Enter what the money is spent on")
    if not 0 <= amount_pence < MAX_PENCE:
        raise ValueError("The amount must be between £0 and £1,000,000,000")
    line = ExpenditureLine.objects.create(budget=budget, heading=heading, amount_pence=amount_pence)
    audit.record(
        actor=actor,
        action="expenditure.added",
        target=line,
        detail={"year": budget.label, "heading": heading, "amount_pence": amount_pence},
    )
    return line


@transaction.atomic
def expenditure_change(
    *, actor: Any, line: ExpenditureLine, heading: str, amount_pence: int
) -> ExpenditureLine:
    if not heading.strip():
        raise ValueError("Enter what the money is spent on")
    if not 0 <= amount_pence < MAX_PENCE:
        raise ValueError("The amount must be between £0 and £1,000,000,000")
    before = {"heading": line.heading, "amount_pence": line.amount_pence}
    after = {"heading": heading, "amount_pence": amount_pence}
    if before == after:
        return line
    line.heading = heading
    line.amount_pence = amount_pence
    line.save(update_fields=["heading", "amount_pence"])
    audit.record(
        actor=actor,
        action="expenditure.changed",
        target=line,
        detail={"year": line.budget.label, "before": before, "after": after},
    )
    return line


# -- Selectors --------------------------------------------------------------------------------


def budgets_for(user: Any) -> list[Budget]:
    return list(Budget.objects.visible_to(user).select_related("partnership").order_by("-year"))


def budget_for(user: Any, pk: int) -> Budget | None:
    return Budget.objects.visible_to(user).select_related("partnership").filter(pk=pk).first()


def budget_for_year(user: Any, year: int, partnership_id: int | None = None) -> Budget | None:
    found = Budget.objects.visible_to(user).filter(year=year).select_related("partnership")
    if partnership_id is not None:
        found = found.filter(partnership_id=partnership_id)
    return found.order_by("partnership_id").first()


def latest_budget_for(user: Any, partnership_id: int | None = None) -> Budget | None:
    found = Budget.objects.visible_to(user).select_related("partnership")
    if partnership_id is not None:
        found = found.filter(partnership_id=partnership_id)
    return found.order_by("-year", "partnership_id").first()


def budget_changeable_by(user: Any, pk: int) -> Budget | None:
    return Budget.objects.changeable_by(user).select_related("partnership").filter(pk=pk).first()


def contribution_changeable_by(user: Any, pk: int) -> Contribution | None:
    return (
        Contribution.objects.changeable_by(user)
        .filter(pk=pk)
        .select_related("organisation", "budget")
        .first()
    )


def expenditure_changeable_by(user: Any, pk: int) -> ExpenditureLine | None:
    return (
        ExpenditureLine.objects.changeable_by(user)
        .select_related("budget__partnership")
        .filter(pk=pk)
        .first()
    )


def budget_partnerships_for(user: Any) -> list[Partnership]:
    """The partnerships whose budgets `user` manages (a new year's budget goes in one)."""
    ids = reach(user, Permission.MANAGE_BUDGET).partnership_ids
    return list(Partnership.objects.filter(pk__in=ids).order_by("name"))


def sees_whole_budget(user: Any, budget: Budget) -> bool:
    """The business unit, executive and scrutineer; an agency lead sees only their own part."""
    return budget.partnership_id in reach(user, Permission.VIEW_BUDGET).partnership_ids


def can_manage(user: Any, budget: Budget) -> bool:
    return budget.partnership_id in reach(user, Permission.MANAGE_BUDGET).partnership_ids


def contributor_organisations(budget: Budget) -> list[Organisation]:
    """Organisations that may contribute: those engaged with the budget's partnership."""
    return list(Organisation.objects.filter(partnerships=budget.partnership).order_by("name"))


# -- What a budget shows ----------------------------------------------------------------------


def _key(contribution: Contribution) -> tuple[Any, ...]:
    if contribution.organisation_id is not None:
        return ("organisation", contribution.organisation_id)
    return (contribution.source, contribution.description)


@dataclass(frozen=True)
class ContributionRow:
    contribution: Contribution
    contributor: str
    source: str
    source_label: str
    amount_pence: int | None
    share: Decimal | None  # one decimal place
    share_whole: int | None
    is_statutory_partner: bool
    previous_amount_pence: int | None = None
    in_kind: str = ""

    @property
    def amount(self) -> str:
        return format_money(self.amount_pence)

    @property
    def change_pence(self) -> int | None:
        if self.amount_pence is None or self.previous_amount_pence is None:
            return None
        return self.amount_pence - self.previous_amount_pence

    @property
    def change(self) -> str:
        change = self.change_pence
        if change is None:
            return ""
        if change == 0:
            return "No change"
        return f"{format_money(-change)} less" if change < 0 else f"{format_money(change)} more"

    @property
    def bar_width(self) -> Decimal:
        """For the chart: the share as a width out of 100."""
        return self.share or Decimal(0)


@dataclass(frozen=True)
class BudgetView:
    budget: Budget
    whole: bool  # False: an agency lead's view, of their own organisation's part only
    rows: list[ContributionRow]
    total_pence: int | None
    statutory_share: Decimal | None
    previous: Budget | None
    expenditure: list[ExpenditureLine] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.budget.label

    @property
    def total(self) -> str:
        return format_money(self.total_pence)

    @property
    def published_as_shares(self) -> bool:
        return self.total_pence is None and not self.budget.is_partial

    @property
    def statutory_share_whole(self) -> int | None:
        return None if self.statutory_share is None else whole_percent(self.statutory_share)

    @property
    def organisation_rows(self) -> list[ContributionRow]:
        return [r for r in self.rows if r.source == ContributionSource.ORGANISATION]

    @property
    def training_rows(self) -> list[ContributionRow]:
        return [r for r in self.rows if r.source == ContributionSource.TRAINING_INCOME]

    @property
    def in_kind_rows(self) -> list[ContributionRow]:
        return [r for r in self.rows if r.in_kind]

    @property
    def chart_rows(self) -> list[ContributionRow]:
        return [r for r in self.rows if r.share is not None]

    @property
    def expenditure_rows(self) -> list[tuple[str, str]]:
        return [(line.heading, format_money(line.amount_pence)) for line in self.expenditure]

    @property
    def expenditure_lines(self) -> list[tuple[ExpenditureLine, str]]:
        """Each line with its amount written as money (for a page with a Change link)."""
        return [(line, format_money(line.amount_pence)) for line in self.expenditure]

    @property
    def expenditure_total_pence(self) -> int:
        return sum(line.amount_pence for line in self.expenditure)

    @property
    def expenditure_total(self) -> str:
        return format_money(self.expenditure_total_pence)


def _with_contents(budgets: QuerySet[Budget]) -> QuerySet[Budget]:
    """Budgets with their contributions (and contributors) and expenditure in three queries."""
    return budgets.select_related("partnership").prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.select_related("organisation")),
        "expenditure",
    )


def present_budget(
    budget: Budget,
    *,
    previous: Budget | None,
    visible: list[Contribution] | None = None,
) -> BudgetView:
    """The whole budget, or (with `visible`) only those contributions and no totals.
    `budget` and `previous` (the year before, if any) come with their contents prefetched."""
    everything = list(budget.contributions.all())
    amounts = [c.amount_pence for c in everything if c.amount_pence is not None]
    # A partial budget (only some figures published) has no meaningful total or shares.
    total = sum(amounts) if amounts and not budget.is_partial else None
    last_year = {_key(c): c.amount_pence for c in previous.contributions.all()} if previous else {}

    def share(contribution: Contribution) -> Decimal | None:
        if total and contribution.amount_pence is not None:
            return share_of(contribution.amount_pence, total)
        return None if budget.is_partial else contribution.share_percent

    def is_statutory(contribution: Contribution) -> bool:
        organisation = contribution.organisation
        return organisation is not None and organisation.kind in STATUTORY_PARTNER_KINDS

    rows = []
    for contribution in everything:
        exact = share(contribution)
        rows.append(
            ContributionRow(
                contribution=contribution,
                contributor=contribution.contributor,
                source=contribution.source,
                source_label=contribution.get_source_display(),
                amount_pence=contribution.amount_pence,
                share=None if exact is None else one_decimal(exact),
                share_whole=None if exact is None else whole_percent(exact),
                is_statutory_partner=is_statutory(contribution),
                previous_amount_pence=last_year.get(_key(contribution)),
                in_kind=contribution.in_kind,
            )
        )
    statutory = [share(c) for c in everything if is_statutory(c)]
    statutory_share = (
        one_decimal(sum((s for s in statutory if s is not None), Decimal(0)))
        if statutory and all(s is not None for s in statutory)
        else None
    )
    if visible is not None:
        shown = {c.pk for c in visible}
        return BudgetView(
            budget=budget,
            whole=False,
            rows=[r for r in rows if r.contribution.pk in shown],
            total_pence=None,
            statutory_share=None,
            previous=previous,
        )
    return BudgetView(
        budget=budget,
        whole=True,
        rows=rows,
        total_pence=total,
        statutory_share=statutory_share,
        previous=previous,
        expenditure=list(budget.expenditure.all()),
    )


def budget_views_for(user: Any, budgets: list[Budget]) -> list[BudgetView]:
    """What `user` may see of each budget they can reach, in a number of queries that does not
    grow with the number of budgets or contributions."""
    ids = [b.pk for b in budgets]
    loaded = {
        b.pk: b
        for b in _with_contents(
            Budget.objects.filter(
                Q(pk__in=ids)
                | Q(
                    # The years before, for the change from last year.
                    partnership__in={b.partnership_id for b in budgets},
                    year__in={b.year - 1 for b in budgets},
                )
            )
        )
    }
    by_year = {(b.partnership_id, b.year): b for b in loaded.values()}
    whole = reach(user, Permission.VIEW_BUDGET).partnership_ids
    visible_ids = set(
        Contribution.objects.visible_to(user).filter(budget__in=ids).values_list("pk", flat=True)
    )
    views = []
    for budget in (loaded[pk] for pk in ids):
        previous = by_year.get((budget.partnership_id, budget.year - 1))
        if budget.partnership_id in whole:
            views.append(present_budget(budget, previous=previous))
        else:
            mine = [c for c in budget.contributions.all() if c.pk in visible_ids]
            views.append(present_budget(budget, previous=previous, visible=mine))
    return views


def whole_budget_view(budget: Budget) -> BudgetView:
    """The whole of one budget as the business unit sees it (for the yearly report)."""
    loaded = _with_contents(Budget.objects.filter(pk=budget.pk)).get()
    previous = _with_contents(
        Budget.objects.filter(partnership_id=budget.partnership_id, year=budget.year - 1)
    ).first()
    return present_budget(loaded, previous=previous)


def budget_view_for(user: Any, budget: Budget) -> BudgetView:
    """What `user` may see of a budget they can reach (see Budget.objects.visible_to)."""
    return budget_views_for(user, [budget])[0]
