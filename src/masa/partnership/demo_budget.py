"""The demo partnership's budgets, from seeds 003 (2016/17, 2015/16) and 002 (2024/25).

- 2016/17: seed 003 §5.9 Table 2, total £216,533 with the council paying 62%; §5.11 for
  training income (it offset 50% of the training team's salaries; no amount published) and
  the acute trusts' free training venues, a saving of £3,400.
- 2015/16: only what §5.9's reductions imply: the constabulary gave £3,559, the National
  Probation Service £670 and the Community Rehabilitation Company £1,000 more than in
  2016/17. The other 2015/16 figures are not published, so the budget is marked partial.
- 2024/25: seed 002 "Resourcing" gives shares only (33/33/15/19) and no pounds, so the budget
  holds shares and no amounts.

Table 2 names the bodies of 2016/17; each is mapped to the organisation the demo holds for it
(Somerset County Council to Somerset Council, the Somerset Clinical Commissioning Group to the
ICB that succeeded it). Idempotent: a budget or contribution that exists is left as it is.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from masa.accounts.models import AgencyCategory, Engagement, Organisation, OrganisationKind
from masa.partnership import budget as budgets
from masa.partnership.models import Budget, ContributionSource, Partnership

CRC = "Bristol, Gloucestershire, Somerset and Wiltshire Community Rehabilitation Company"
PROBATION = "National Probation Service"
CONSTABULARY = "Avon and Somerset Constabulary"

# The districts of 2016/17 (they became part of Somerset Council in 2023). Taunton Deane and
# West Somerset shared one contribution; the demo's Taunton Deane Borough Council holds it.
DISTRICT_COUNCILS = (
    "South Somerset District Council",
    "Mendip District Council",
    "Sedgemoor District Council",
)

# Table 2, in its order: (name in the report, demo organisation, pounds).
TABLE_2 = (
    ("Avon and Somerset Constabulary", CONSTABULARY, 16_022),
    ("Somerset Clinical Commissioning Group", "NHS Somerset Integrated Care Board", 56_626),
    ("National Probation Service (South West)", PROBATION, 1_421),
    ("Community Rehabilitation Company (Somerset Local delivery unit)", CRC, 1_000),
    ("Somerset County Council", "Somerset Council", 134_590),
    ("CAFCASS", "CAFCASS", 550),
    ("Taunton Deane and West Somerset District Council", "Taunton Deane Borough Council", 1_581),
    ("South Somerset District Council", "South Somerset District Council", 1_581),
    ("Mendip District Council", "Mendip District Council", 1_581),
    ("Sedgemoor District Council", "Sedgemoor District Council", 1_581),
)
TABLE_2_TOTAL_POUNDS = 216_533

# §5.9: "some reduction in contributions from partners in 2016/17 in comparison to the
# previous year".
REDUCTIONS_2016_17 = {CONSTABULARY: 3_559, PROBATION: 670, CRC: 1_000}

SHARES_2024_25 = (
    ("Somerset Council", Decimal(33)),
    ("NHS Somerset Integrated Care Board", Decimal(33)),
    (CONSTABULARY, Decimal(15)),
)
TRAINING_SHARE_2024_25 = Decimal(19)

NOTES_2016_17 = (
    "Seed 003 §5.9 and §5.11. Income from training offset 50% of the training team's salary "
    "costs (the training manager and administrator); its amount was not published. Partners "
    "also gave staff time and free training venues in kind."
)
NOTES_2015_16 = (
    "Only the contributions seed 003 §5.9 gives reductions for are known (the 2016/17 amount "
    "plus the reduction). The other 2015/16 contributions were not published."
)
NOTES_2024_25 = (
    "Seed 002 'Resourcing': contributions are agreed annually as shares and the budget is "
    "overseen by the Partnership Business Manager. No amounts were published. The "
    "constabulary agreed to pay more from 2025-26."
)
ACUTE_TRUSTS_IN_KIND = (
    "Free training venues from the acute trusts in exchange for fully subsidised training "
    "places: a saving of £3,400 in 2016/17."
)


def load_budgets(partnership: Partnership, changes: Counter[str]) -> None:
    """Create the demo budgets that are missing (every change through the audited services)."""
    organisations = _organisations(partnership, changes)

    def budget_for(year: int, notes: str, *, is_partial: bool = False) -> Budget:
        found = Budget.objects.filter(partnership=partnership, year=year).first()
        if found is None:
            found = budgets.budget_create(
                actor=None, partnership=partnership, year=year, notes=notes, is_partial=is_partial
            )
            changes["budgets"] += 1
        return found

    def contribute(budget: Budget, organisation_name: str | None, **fields: object) -> None:
        organisation = organisations[organisation_name] if organisation_name else None
        existing = budget.contributions.filter(
            organisation=organisation,
            source=fields.get("source", ContributionSource.ORGANISATION),
            description=fields.get("description", ""),
        )
        if not existing.exists():
            budgets.contribution_set(
                actor=None,
                budget=budget,
                organisation=organisation,
                **fields,  # type: ignore[arg-type]
            )
            changes["budget contributions"] += 1

    previous = budget_for(2015, NOTES_2015_16, is_partial=True)
    for _, name, pounds in TABLE_2:
        if name in REDUCTIONS_2016_17:
            contribute(previous, name, amount_pence=(pounds + REDUCTIONS_2016_17[name]) * 100)

    year = budget_for(2016, NOTES_2016_17)
    for _, name, pounds in TABLE_2:
        contribute(year, name, amount_pence=pounds * 100)
    contribute(
        year,
        None,
        source=ContributionSource.OTHER_INCOME,
        description="Acute trusts (in kind)",
        in_kind=ACUTE_TRUSTS_IN_KIND,
    )

    current = budget_for(2024, NOTES_2024_25)
    for name, share in SHARES_2024_25:
        contribute(current, name, share_percent=share)
    contribute(
        current,
        None,
        source=ContributionSource.TRAINING_INCOME,
        description="Income from training",
        share_percent=TRAINING_SHARE_2024_25,
    )


def _organisations(partnership: Partnership, changes: Counter[str]) -> dict[str, Organisation]:
    for name in DISTRICT_COUNCILS:
        organisation, created = Organisation.objects.get_or_create(
            name=name,
            kind=OrganisationKind.RELEVANT_AGENCY,
            defaults={
                "agency_category": AgencyCategory.DISTRICT_COUNCIL,
                "has_section_11_duty": True,
            },
        )
        changes["organisations"] += created
        _, engaged = Engagement.objects.get_or_create(
            partnership=partnership,
            organisation=organisation,
            defaults={
                "how_engaged": "Member of the Somerset Safeguarding Children Board in 2016/17; "
                "the districts became part of Somerset Council in 2023."
            },
        )
        changes["engagements"] += engaged
    names = {name for _, name, _ in TABLE_2} | {name for name, _ in SHARES_2024_25}
    found = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    missing = names - set(found)
    if missing:
        raise LookupError(f"The demo has no organisation named {sorted(missing)}")
    return found
