"""Local submissions: checking rows of figures and saving them (services and selectors).

A row is a mapping with four columns, the same from a CSV file and from the API:
- `indicator`: the indicator's code, as /api/v1/indicators/ lists it (e.g. `rereferrals`);
- `organisation`: the submitting organisation's name as MASA knows it, or its id;
- `period`: the reporting year written "2016/17", and for a quarterly indicator its quarter
  written "2016/17 Q1" (Q1 is April to June);
- `value`: a number (no thousands separators); a percentage is a number from 0 to 100.

`validate_rows` lists every problem by row and column, saying what to fix; `submit_rows` saves
nothing unless every row is clean, all in one transaction, replacing the current value of the
same indicator, organisation and period (the replaced one is kept, marked superseded).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from masa.accounts.models import Organisation, OrganisationKind
from masa.core import audit
from masa.core.permissions import POLICY, Permission, Scope, reach
from masa.core.roles import Role
from masa.partnership.models import Partnership
from masa.performance.models import (
    Frequency,
    Indicator,
    IndicatorSource,
    Submission,
    Unit,
)

COLUMNS = ("indicator", "organisation", "period", "value")
FIRST_YEAR = 2010  # the earliest reporting year accepted: 2010/11
_PERIOD = re.compile(r"^(\d{4})\s*/\s*(\d{2})(?:\s+Q([1-4]))?$", re.IGNORECASE)
PERIOD_HELP = 'Write the period as "2016/17" for a year, or "2016/17 Q1" for a quarter'
MAX_VALUE = Decimal("1000000000000")


@dataclass(frozen=True)
class Problem:
    """One thing to fix: `row` is the row's number (in a CSV file, the header is row 1)."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.message}"


class RowsRefused(ValidationError):
    """The rows had problems, so nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__([str(problem) for problem in problems])


@dataclass(frozen=True)
class CleanRow:
    row: int
    indicator: Indicator
    organisation: Organisation
    year: int
    quarter: int
    value: Decimal


@dataclass
class SubmitResult:
    saved: list[Submission] = field(default_factory=list)
    replaced: int = 0


# -- Who may submit for whom ----------------------------------------------------------------


def submitting_partnerships(user: Any) -> list[Partnership]:
    """The partnerships in which `user` may submit figures for at least one organisation."""
    if not getattr(user, "is_authenticated", False):
        return []
    grants = POLICY.get(Permission.SUBMIT_DATA, {})
    ids = {
        membership.partnership_id
        for membership in user.current_memberships()
        if grants.get(Role(membership.role), Scope.NONE) != Scope.NONE
    }
    return list(Partnership.objects.filter(pk__in=ids).order_by("pk"))


def organisations_for(user: Any, partnership: Partnership) -> list[Organisation]:
    """The organisations of `partnership` that `user` may submit figures for."""
    where = reach(user, Permission.SUBMIT_DATA)
    engaged = Organisation.objects.filter(partnerships=partnership)
    if partnership.pk not in where.partnership_ids:
        engaged = engaged.filter(pk__in=where.organisation_ids)
    return list(engaged.distinct().order_by("name"))


# -- Checking -------------------------------------------------------------------------------


def parse_period(text: str, today_year: int) -> tuple[int, int] | str:
    """(year the period ends, quarter or 0), or a sentence saying what is wrong."""
    found = _PERIOD.match(text.strip())
    if not found:
        return f"{PERIOD_HELP}, not “{text.strip()}”" if text.strip() else f"{PERIOD_HELP}"
    start, end, quarter = int(found[1]), int(found[2]), int(found[3] or 0)
    if (start + 1) % 100 != end:
        return f"{PERIOD_HELP}: a reporting year runs from one year to the next, like 2016/17"
    if not FIRST_YEAR <= start <= today_year:
        return (
            f"The period must be a year from {FIRST_YEAR}/{(FIRST_YEAR + 1) % 100:02d} "
            f"to {today_year}/{(today_year + 1) % 100:02d}"
        )
    return start + 1, quarter


def _value(text: str, unit: str | None) -> Decimal | str:
    cleaned = text.strip()
    if not cleaned:
        return "Enter the value, as a number"
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return f"The value must be a number, like 413 or 20.8, not “{cleaned}”"
    if not value.is_finite():
        return f"The value must be a number, like 413 or 20.8, not “{cleaned}”"
    if value < 0:
        return "The value must be 0 or more"
    if unit == Unit.PERCENT and value > 100:
        return "The value is a percentage and must be 100 or less"
    if value >= MAX_VALUE:
        return "The value is too large; check the figure"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        return "The value must have no more than 4 decimal places"
    return value


def _organisation(
    text: str, engaged: dict[str, Organisation], by_id: dict[int, Organisation]
) -> Organisation | None:
    cleaned = text.strip()
    if cleaned.isdigit():
        return by_id.get(int(cleaned))
    return engaged.get(cleaned.casefold())


def check_rows(
    rows: Iterable[Mapping[str, Any]], *, user: Any, partnership: Partnership, first_row: int = 2
) -> tuple[list[Problem], list[CleanRow]]:
    """Every problem in the rows, and the rows as they would be saved."""
    rows = list(rows)
    problems: list[Problem] = []
    clean: list[CleanRow] = []
    if not rows:
        return [Problem(first_row, "file", "The file has no rows of figures")], []
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    organisations = Organisation.objects.filter(partnerships=partnership).distinct()
    engaged = {organisation.name.casefold(): organisation for organisation in organisations}
    by_id = {organisation.pk: organisation for organisation in engaged.values()}
    allowed = {organisation.pk for organisation in organisations_for(user, partnership)}
    today = timezone.localdate()
    current_start = today.year if today.month >= 4 else today.year - 1
    seen: dict[tuple[int, int, int, int], int] = {}

    for position, raw in enumerate(rows, start=first_row):
        # A CSV reader gives each row's own line number (blank lines are skipped).
        number = raw["_row"] if isinstance(raw.get("_row"), int) else position
        row = {column: str(raw.get(column) or "") for column in COLUMNS}
        before = len(problems)

        code = row["indicator"].strip()
        indicator = indicators.get(code) or indicators.get(code.lower())
        if not code:
            problems.append(Problem(number, "indicator", "Enter the indicator's code"))
        elif indicator is None:
            problems.append(
                Problem(
                    number,
                    "indicator",
                    f"There is no indicator with the code “{code}”; use a code from the "
                    "list of indicators",
                )
            )
        elif indicator.source != IndicatorSource.LOCAL:
            problems.append(
                Problem(
                    number,
                    "indicator",
                    f"“{code}” comes from national statistics and is not submitted locally",
                )
            )
            indicator = None

        organisation = _organisation(row["organisation"], engaged, by_id)
        if not row["organisation"].strip():
            problems.append(Problem(number, "organisation", "Enter the organisation's name or id"))
        elif organisation is None:
            problems.append(
                Problem(
                    number,
                    "organisation",
                    f"There is no organisation “{row['organisation'].strip()}” in "
                    f"{partnership.name}; write its name as MASA shows it, or its id",
                )
            )
        elif organisation.pk not in allowed:
            problems.append(
                Problem(
                    number,
                    "organisation",
                    f"You may not submit figures for {organisation.name}; submit only for "
                    "your own organisation",
                )
            )
        elif indicator is not None and organisation.kind != indicator.submitted_by:
            problems.append(
                Problem(
                    number,
                    "organisation",
                    f"{organisation.name} does not submit “{indicator.code}”; it is submitted "
                    f"by an organisation of the kind "
                    f"“{OrganisationKind(indicator.submitted_by).label}”",
                )
            )

        period = parse_period(row["period"], current_start)
        if isinstance(period, str):
            problems.append(Problem(number, "period", period))
        elif indicator is not None:
            quarterly = indicator.frequency == Frequency.QUARTERLY
            if quarterly and not period[1]:
                problems.append(
                    Problem(
                        number,
                        "period",
                        f"“{indicator.code}” is submitted each quarter: write the period "
                        'with its quarter, like "2016/17 Q1"',
                    )
                )
            elif not quarterly and period[1]:
                problems.append(
                    Problem(
                        number,
                        "period",
                        f"“{indicator.code}” is submitted for the whole year: write the "
                        'period without a quarter, like "2016/17"',
                    )
                )

        value = _value(row["value"], indicator.unit if indicator else None)
        if isinstance(value, str):
            problems.append(Problem(number, "value", value))

        if (
            len(problems) == before
            and indicator is not None
            and organisation is not None
            and not isinstance(period, str)
            and not isinstance(value, str)
        ):
            key = (indicator.pk, organisation.pk, period[0], period[1])
            if key in seen:
                problems.append(
                    Problem(
                        number,
                        "indicator",
                        f"This row repeats row {seen[key]} (the same indicator, organisation "
                        "and period); keep one of them",
                    )
                )
                continue
            seen[key] = number
            clean.append(CleanRow(number, indicator, organisation, period[0], period[1], value))
    return problems, clean


def validate_rows(
    rows: Iterable[Mapping[str, Any]], *, user: Any, partnership: Partnership, first_row: int = 2
) -> list[Problem]:
    """Every problem in the rows, by row and column, each saying what to fix."""
    return check_rows(rows, user=user, partnership=partnership, first_row=first_row)[0]


# -- Saving ---------------------------------------------------------------------------------


def submit_rows(
    rows: Iterable[Mapping[str, Any]],
    *,
    actor: Any,
    partnership: Partnership,
    first_row: int = 2,
) -> SubmitResult:
    """Save every row, or none (raising RowsRefused) if any row has a problem."""
    problems, clean = check_rows(rows, user=actor, partnership=partnership, first_row=first_row)
    if problems:
        raise RowsRefused(problems)
    result = SubmitResult()
    now = timezone.now()
    with transaction.atomic():
        for row in clean:
            earlier = (
                Submission.objects.select_for_update()
                .filter(
                    partnership=partnership,
                    indicator=row.indicator,
                    organisation=row.organisation,
                    year=row.year,
                    quarter=row.quarter,
                    superseded=False,
                )
                .first()
            )
            if earlier is not None:
                earlier.superseded = True
                earlier.save(update_fields=["superseded"])
            submission = Submission.objects.create(
                partnership=partnership,
                indicator=row.indicator,
                organisation=row.organisation,
                year=row.year,
                quarter=row.quarter,
                value=row.value,
                submitted_by=actor,
                submitted_at=now,
            )
            if earlier is not None:
                earlier.superseded_by = submission
                earlier.save(update_fields=["superseded_by"])
                result.replaced += 1
            result.saved.append(submission)
            audit.record(
                actor=actor,
                action="submission.replaced" if earlier else "submission.made",
                target=submission,
                organisation=row.organisation,
                detail={
                    "indicator_id": row.indicator.pk,
                    "organisation_id": row.organisation.pk,
                    "partnership_id": partnership.pk,
                    "year": row.year,
                    "quarter": row.quarter,
                    "replaces_id": earlier.pk if earlier else None,
                },
            )
    return result


def submissions_for(user: Any, *, history: bool = False) -> Any:
    """The submissions `user` may see, current ones only unless `history`."""
    rows = Submission.objects.visible_to(user).select_related(
        "indicator", "organisation", "partnership", "submitted_by"
    )
    return rows if history else rows.current()


def choose_partnership(user: Any, requested: str | None) -> Partnership | None:
    """The partnership to submit in: the one asked for (by id) if the person may submit
    there, else their only one; None when they must say which, or may submit nowhere."""
    partnerships = submitting_partnerships(user)
    if requested:
        return next((p for p in partnerships if str(p.pk) == requested.strip()), None)
    return partnerships[0] if len(partnerships) == 1 else None
