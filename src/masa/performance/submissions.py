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

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from masa.accounts.models import Organisation, OrganisationKind
from masa.accounts.selectors import current_memberships
from masa.core import audit
from masa.core.calendar import CalendarCoverageError, add_working_days
from masa.core.permissions import POLICY, Permission, Scope, reach
from masa.core.reminders import Reminder, send_reminders
from masa.core.roles import Role
from masa.partnership.models import Partnership
from masa.performance.breakdowns import (
    categories,
    category_code,
    characteristic_code,
    characteristic_label,
)
from masa.performance.models import (
    Frequency,
    Indicator,
    IndicatorSource,
    Submission,
    SubmissionBreakdown,
    SubmissionReminder,
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
    breakdowns: tuple[tuple[str, str, int], ...] = ()


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


def _blank(raw: Mapping[str, Any], column: str) -> bool:
    return not str(raw.get(column) or "").strip()


def check_rows(
    rows: Iterable[Mapping[str, Any]], *, user: Any, partnership: Partnership, first_row: int = 2
) -> tuple[list[Problem], list[CleanRow]]:
    """Every problem in the rows, and the rows as they would be saved.

    A row with a `characteristic` and a `category` (the extra CSV columns) is a breakdown of
    the row with the same indicator, organisation and period, its `value` the count; a row
    may also carry its breakdowns as a list, `breakdowns: [{characteristic, category, count}]`
    (the API and the form)."""
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
    totals: set[tuple[int, int, int, int]] = set()  # every row with a total, clean or not
    # (row number, key, characteristic, category, count, count's column)
    parts: list[tuple[int, tuple[int, int, int, int], str, str, str, str]] = []

    for position, raw in enumerate(rows, start=first_row):
        # A CSV reader gives each row's own line number (blank lines are skipped).
        number = raw["_row"] if isinstance(raw.get("_row"), int) else position
        row = {column: str(raw.get(column) or "") for column in COLUMNS}
        is_part = not (_blank(raw, "characteristic") and _blank(raw, "category"))
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

        key = None
        if (
            len(problems) == before
            and indicator is not None
            and organisation is not None
            and not isinstance(period, str)
        ):
            key = (indicator.pk, organisation.pk, period[0], period[1])
        if key is not None and not is_part:
            totals.add(key)
        if is_part:
            if key is not None:
                parts.append(
                    (
                        number,
                        key,
                        str(raw.get("characteristic") or ""),
                        str(raw.get("category") or ""),
                        row["value"],
                        "value",
                    )
                )
            continue

        value = _value(row["value"], indicator.unit if indicator else None)
        if isinstance(value, str):
            problems.append(Problem(number, "value", value))

        given = raw.get("breakdowns") or []
        if not isinstance(given, list) or not all(isinstance(part, dict) for part in given):
            problems.append(
                Problem(
                    number,
                    "breakdowns",
                    "Give the breakdowns as a list of objects with characteristic, category "
                    "and count",
                )
            )
            given = []

        if (
            key is not None
            and indicator is not None
            and organisation is not None
            and not isinstance(period, str)
            and not isinstance(value, str)
            and len(problems) == before
        ):
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
            for part in given:
                parts.append(
                    (
                        number,
                        key,
                        str(part.get("characteristic") or ""),
                        str(part.get("category") or ""),
                        str(part.get("count") if part.get("count") is not None else ""),
                        "breakdowns",
                    )
                )

    if parts:
        problems += _check_breakdowns(parts, clean, totals)
        problems.sort(key=lambda problem: problem.row)
    return problems, clean


def _check_breakdowns(
    parts: list[tuple[int, tuple[int, int, int, int], str, str, str, str]],
    clean: list[CleanRow],
    totals: set[tuple[int, int, int, int]],
) -> list[Problem]:
    """Check each breakdown count and that each characteristic adds up to its row's value;
    attach the clean ones to their rows (replacing `clean`'s items in place)."""
    problems: list[Problem] = []
    by_key = {
        (r.indicator.pk, r.organisation.pk, r.year, r.quarter): i for i, r in enumerate(clean)
    }
    found: dict[tuple[int, int, int, int], dict[tuple[str, str], int]] = {}
    for number, key, characteristic_text, category_text, count_text, column in parts:
        index = by_key.get(key)
        if index is None:
            if key not in totals:  # a total with problems of its own is reported already
                problems.append(
                    Problem(
                        number,
                        "characteristic",
                        "There is no row with the total for this indicator, organisation and "
                        "period; add one with the characteristic and category left blank",
                    )
                )
            continue
        indicator = clean[index].indicator
        allowed = indicator.breakdown_characteristics
        where = "characteristic" if column == "value" else column
        if not allowed:
            problems.append(
                Problem(number, where, f"“{indicator.code}” is not submitted with breakdowns")
            )
            continue
        characteristic = characteristic_code(characteristic_text)
        if characteristic not in allowed:
            problems.append(
                Problem(
                    number,
                    where,
                    f"“{characteristic_text.strip()}” is not a characteristic “{indicator.code}” "
                    f"is broken down by; use one of: {', '.join(allowed)}",
                )
            )
            continue
        category = category_code(characteristic, category_text)
        if category is None:
            names = ", ".join(code for code, _ in categories(characteristic))
            problems.append(
                Problem(
                    number,
                    "category" if column == "value" else column,
                    f"“{category_text.strip()}” is not a category of "
                    f"{characteristic_label(characteristic).lower()}; use one of: {names}",
                )
            )
            continue
        cleaned = count_text.strip()
        if not re.fullmatch(r"\d{1,9}", cleaned):
            problems.append(
                Problem(
                    number,
                    column,
                    f"The {characteristic_label(characteristic).lower()} count for “{category}” "
                    f"must be a whole number, 0 or more, not “{cleaned}”",
                )
            )
            continue
        counts = found.setdefault(key, {})
        if (characteristic, category) in counts:
            problems.append(
                Problem(
                    number,
                    "category" if column == "value" else column,
                    f"The {characteristic_label(characteristic).lower()} category “{category}” "
                    "is given twice; keep one",
                )
            )
            continue
        counts[(characteristic, category)] = int(cleaned)

    for key, counts in found.items():
        index = by_key[key]
        row = clean[index]
        for characteristic in row.indicator.breakdown_characteristics:
            total = sum(n for (c, _), n in counts.items() if c == characteristic)
            if any(c == characteristic for c, _ in counts) and total != row.value:
                problems.append(
                    Problem(
                        row.row,
                        "breakdowns",
                        f"The {characteristic_label(characteristic).lower()} counts add up to "
                        f"{total:,}, not {row.value.normalize():f}: they must add up to the value",
                    )
                )
        clean[index] = replace(row, breakdowns=tuple((c, cat, n) for (c, cat), n in counts.items()))
    return problems


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
            SubmissionBreakdown.objects.bulk_create(
                SubmissionBreakdown(
                    submission=submission, characteristic=c, category=category, count=n
                )
                for c, category, n in row.breakdowns
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
                    "breakdowns": sorted({c for c, _, _ in row.breakdowns}),
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


# -- Periods and when figures are due -------------------------------------------------------

# Figures for a period are due 20 working days after it ends: the partnership's agreed
# timescale for agencies to run, check and sign off their quarterly returns (a calendar month,
# give or take bank holidays), counted with masa.core.calendar.
DAYS_TO_SUBMIT = 20

_QUARTER_ENDS = {1: (6, 30), 2: (9, 30), 3: (12, 31), 4: (3, 31)}


def period_label(year: int, quarter: int) -> str:
    label = f"{year - 1}/{year % 100:02d}"
    return f"{label} Q{quarter}" if quarter else label


def period_end(year: int, quarter: int) -> datetime.date:
    """The last day of a period: 31 March of `year` for the whole year and for Q4."""
    if quarter in (0, 4):
        return datetime.date(year, 3, 31)
    month, day = _QUARTER_ENDS[quarter]
    return datetime.date(year - 1, month, day)


def due_on(year: int, quarter: int) -> datetime.date | None:
    """The day figures for the period are due, or None beyond the bank holidays MASA holds."""
    try:
        return add_working_days(period_end(year, quarter), DAYS_TO_SUBMIT)
    except CalendarCoverageError:
        return None


def current_period(today: datetime.date) -> tuple[int, int]:
    """The latest quarter that has ended by `today`: (year it ends in, quarter)."""
    start = today.year if today.month >= 4 else today.year - 1  # the reporting year running
    quarter_running = (today.month - 4) % 12 // 3 + 1
    if quarter_running == 1:
        return start, 4
    return start + 1, quarter_running - 1


def recent_periods(today: datetime.date, *, quarterly: bool = True) -> list[tuple[int, int]]:
    """The periods one may submit for, newest first: every quarter (or year) from the current
    reporting year back to FIRST_YEAR."""
    start = today.year if today.month >= 4 else today.year - 1
    periods = []
    for year in range(start + 1, FIRST_YEAR, -1):
        if quarterly:
            periods += [(year, quarter) for quarter in (4, 3, 2, 1)]
        else:
            periods.append((year, 0))
    return periods


# -- Who has not submitted ------------------------------------------------------------------


def partnerships_where(user: Any, permission: Permission) -> list[Partnership]:
    """The partnerships in which `user` holds `permission` at the partnership's scope."""
    ids = reach(user, permission).partnership_ids
    return list(Partnership.objects.filter(pk__in=ids).order_by("pk"))


@dataclass
class Expected:
    indicator: Indicator
    submission: Submission | None
    late: bool
    year: int
    quarter: int

    @property
    def period(self) -> str:
        return period_label(self.year, self.quarter)


@dataclass
class OrganisationFigures:
    organisation: Organisation
    expected: list[Expected] = field(default_factory=list)
    last_reminder: SubmissionReminder | None = None

    @property
    def outstanding(self) -> list[Expected]:
        return [e for e in self.expected if e.submission is None]

    @property
    def submitted(self) -> list[Expected]:
        return [e for e in self.expected if e.submission is not None]


@dataclass
class Outstanding:
    partnership: Partnership
    year: int
    quarter: int
    due: datetime.date | None
    organisations: list[OrganisationFigures]
    today: datetime.date

    @property
    def label(self) -> str:
        return period_label(self.year, self.quarter)

    @property
    def behind(self) -> list[OrganisationFigures]:
        return [o for o in self.organisations if o.outstanding]

    @property
    def is_late(self) -> bool:
        return self.due is not None and self.today > self.due


def figures_expected(
    partnership: Partnership,
    year: int,
    quarter: int,
    *,
    today: datetime.date | None = None,
    organisation_ids: Iterable[int] | None = None,
) -> Outstanding:
    """Each local indicator × each organisation of the partnership of the kind that submits
    it, for a quarter (and, at Q4, the annual indicators for the year), with the current
    submission if there is one and the last reminder sent. Four queries whatever the size."""
    today = today or timezone.localdate()
    due = due_on(year, quarter)
    indicators = list(Indicator.objects.filter(source=IndicatorSource.LOCAL))
    wanted = [
        (indicator, quarter if indicator.frequency == Frequency.QUARTERLY else 0)
        for indicator in indicators
        if indicator.frequency == Frequency.QUARTERLY or quarter == 4
    ]
    kinds = {indicator.submitted_by for indicator, _ in wanted}
    organisations = Organisation.objects.filter(partnerships=partnership, kind__in=kinds)
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=list(organisation_ids))
    organisations = organisations.distinct().order_by("name")
    submitted = {
        (s.indicator_id, s.organisation_id, s.quarter): s
        for s in Submission.objects.current().filter(
            partnership=partnership, year=year, quarter__in={quarter, 0}
        )
    }
    reminders: dict[int, SubmissionReminder] = {}
    for reminder in SubmissionReminder.objects.filter(
        partnership=partnership, year=year, quarter=quarter
    ).select_related("sent_by"):
        reminders.setdefault(reminder.organisation_id, reminder)
    rows = []
    for organisation in organisations:
        figures = OrganisationFigures(organisation, last_reminder=reminders.get(organisation.pk))
        for indicator, its_quarter in wanted:
            if indicator.submitted_by != organisation.kind:
                continue
            submission = submitted.get((indicator.pk, organisation.pk, its_quarter))
            late = due is not None and (
                submission.submitted_at.date() > due if submission else today > due
            )
            figures.expected.append(Expected(indicator, submission, late, year, its_quarter))
        rows.append(figures)
    return Outstanding(partnership, year, quarter, due, rows, today)


def agency_leads(partnership: Partnership, organisation_ids: Iterable[int]) -> dict[int, list]:
    """The current agency safeguarding leads of each organisation, by organisation id."""
    leads: dict[int, list] = {}
    for membership in (
        current_memberships()
        .filter(
            partnership=partnership,
            organisation_id__in=list(organisation_ids),
            role=Role.AGENCY_SAFEGUARDING_LEAD,
        )
        .select_related("person")
    ):
        leads.setdefault(membership.organisation_id, []).append(membership.person)
    return leads


def send_submission_reminders(
    *,
    actor: Any,
    partnership: Partnership,
    year: int,
    quarter: int,
    organisation_ids: Iterable[int] | None = None,
) -> list[SubmissionReminder]:
    """E-mail the agency safeguarding leads of each organisation with figures outstanding for
    the period (all of them, or those named) and record a SubmissionReminder for each one that
    had someone to e-mail. The message names the indicators, the period and the due date."""
    if partnership.pk not in reach(actor, Permission.MANAGE_PERFORMANCE).partnership_ids:
        raise ValidationError("You may not send reminders for this partnership.")
    expected = figures_expected(
        partnership, year, quarter, organisation_ids=organisation_ids
    ).behind
    leads = agency_leads(partnership, [o.organisation.pk for o in expected])
    label = period_label(year, quarter)
    due = due_on(year, quarter)
    due_text = f"{due:%-d %B %Y}" if due else "now"
    sent = []
    now = timezone.now()
    with transaction.atomic():
        for figures in expected:
            people = [p for p in leads.get(figures.organisation.pk, []) if p.is_active and p.email]
            if not people:
                continue
            titles = "\n".join(f"- {e.indicator.title}" for e in figures.outstanding)
            reminder = SubmissionReminder.objects.create(
                partnership=partnership,
                organisation=figures.organisation,
                year=year,
                quarter=quarter,
                sent_by=actor,
                sent_at=now,
                recipients=len(people),
            )
            send_reminders(
                actor=actor,
                recipients=people,
                reminder=Reminder(
                    subject=f"Figures due for {label}: {figures.organisation.name}",
                    body=(
                        f"{partnership.name} has not yet received these figures from "
                        f"{figures.organisation.name} for {label}, due by {due_text}:\n\n"
                        f"{titles}\n\nSubmit them in MASA, by the form or a CSV file:"
                    ),
                    link_path=reverse("performance:submission-new"),
                ),
                action="submission.reminder_sent",
                target=reminder,
                organisation=figures.organisation,
                detail={
                    "partnership_id": partnership.pk,
                    "organisation_id": figures.organisation.pk,
                    "year": year,
                    "quarter": quarter,
                    "indicator_ids": [e.indicator.pk for e in figures.outstanding],
                },
            )
            sent.append(reminder)
    return sent
