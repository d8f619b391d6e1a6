"""Working days, bank holidays and reporting years for England.

Statutory clocks count working days: the day a clock starts is day 0 and the due date is
the Nth working day after it. Weekends and England and Wales bank holidays are not working
days. The bank holidays come from GOV.UK's published list, shipped with MASA so that no
clock depends on the network; a date outside the years that list covers raises
CalendarCoverageError rather than silently treating an unknown holiday as a working day.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources


class CalendarCoverageError(ValueError):
    """A date falls outside the years for which MASA knows the bank holidays."""


@dataclass(frozen=True)
class BankHoliday:
    date: date
    title: str


@cache
def bank_holidays() -> tuple[BankHoliday, ...]:
    raw = json.loads(
        resources.files("masa.core")
        .joinpath("data/bank-holidays-england-and-wales.json")
        .read_text()
    )
    return tuple(BankHoliday(date.fromisoformat(e["date"]), e["title"]) for e in raw["events"])


@cache
def _holiday_dates() -> frozenset[date]:
    return frozenset(h.date for h in bank_holidays())


@cache
def covered_years() -> range:
    years = [h.date.year for h in bank_holidays()]
    return range(min(years), max(years) + 1)


def _check_covered(day: date) -> None:
    if day.year not in covered_years():
        first, last = covered_years()[0], covered_years()[-1]
        raise CalendarCoverageError(
            f"{day.isoformat()} is outside the bank holiday data MASA holds ({first} to {last}); "
            "update src/masa/core/data/bank-holidays-england-and-wales.json"
        )


def is_bank_holiday(day: date) -> bool:
    _check_covered(day)
    return day in _holiday_dates()


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start is day 0; it need not be a working day).

    With days=0 the answer is `start` itself when it is a working day, else the next one.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    if days == 0:
        while not is_working_day(current):
            current += timedelta(days=1)
        return current
    counted = 0
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return current


def working_days_between(start: date, end: date) -> int:
    """How many working days after `start` up to and including `end` (negative if end is before)."""
    if end < start:
        return -working_days_between(end, start)
    _check_covered(start)
    _check_covered(end)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


@dataclass(frozen=True, order=True)
class ReportingYear:
    """A financial or reporting year, April to March: ReportingYear(2016) is "2016/17"."""

    start_year: int

    @classmethod
    def containing(cls, day: date) -> ReportingYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, label: str) -> ReportingYear:
        """Read "2016/17" (or "2016-17", "2016/2017"); raise ValueError with a reason otherwise."""
        text = label.strip().replace("-", "/")
        first, sep, second = text.partition("/")
        if not sep or not first.isdigit() or not second.isdigit() or len(first) != 4:
            raise ValueError(f"'{label}' is not a reporting year; write it like 2016/17")
        start = int(first)
        expected = {f"{(start + 1) % 100:02d}", str(start + 1)}
        if second not in expected:
            raise ValueError(f"'{label}' is not a reporting year: after {start} comes {start + 1}")
        return cls(start)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def first_day(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def last_day(self) -> date:
        return date(self.start_year + 1, 3, 31)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first_day <= day <= self.last_day

    def __str__(self) -> str:
        return self.label
