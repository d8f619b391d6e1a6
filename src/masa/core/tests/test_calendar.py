from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from masa.core.calendar import (
    CalendarCoverageError,
    ReportingYear,
    add_working_days,
    is_bank_holiday,
    is_working_day,
    working_days_between,
)


def test_christmas_2024_skips_christmas_boxing_day_and_the_weekend():
    # Monday 23 Dec 2024 + 5 working days: 24, 27, 30, 31 Dec, 2 Jan (25, 26 and 1 Jan are holidays).
    assert add_working_days(date(2024, 12, 23), 5) == date(2025, 1, 2)


def test_easter_2025_skips_good_friday_and_easter_monday():
    # Thursday 17 April 2025: Good Friday 18th and Easter Monday 21st are not working days.
    assert add_working_days(date(2025, 4, 17), 1) == date(2025, 4, 22)


def test_fifteen_working_days_for_a_rapid_review_across_christmas_2025():
    # Notified Friday 12 Dec 2025 (day 0): 15-19 Dec are days 1-5, 22-24 Dec 6-8, then
    # 25 and 26 Dec are holidays; 29-31 Dec are 9-11, 1 Jan is a holiday, 2 Jan is 12,
    # and 5, 6, 7 Jan are 13, 14, 15.
    assert add_working_days(date(2025, 12, 12), 15) == date(2026, 1, 7)


def test_five_working_days_from_a_saturday_start_counts_from_monday():
    assert add_working_days(date(2026, 11, 21), 5) == date(2026, 11, 27)


def test_zero_working_days_on_a_holiday_is_the_next_working_day():
    assert add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 29)


def test_the_2022_queens_funeral_and_platinum_jubilee_are_bank_holidays():
    assert is_bank_holiday(date(2022, 9, 19))
    assert is_bank_holiday(date(2022, 6, 3))
    assert not is_working_day(date(2022, 9, 19))


def test_dates_outside_the_bank_holiday_data_fail_loudly():
    with pytest.raises(CalendarCoverageError, match="outside the bank holiday data"):
        add_working_days(date(2028, 12, 29), 5)
    with pytest.raises(CalendarCoverageError):
        is_working_day(date(2011, 6, 1))


@given(
    start=st.dates(min_value=date(2012, 1, 1), max_value=date(2028, 6, 30)),
    days=st.integers(min_value=1, max_value=60),
)
def test_counting_back_the_working_days_added_gives_the_same_number(start, days):
    due = add_working_days(start, days)
    assert is_working_day(due)
    assert working_days_between(start, due) == days
    assert working_days_between(due, start) == -days


def test_reporting_year_labels_and_bounds():
    year = ReportingYear.parse("2016/17")
    assert year.label == "2016/17"
    assert year.first_day == date(2016, 4, 1)
    assert year.last_day == date(2017, 3, 31)
    assert date(2017, 3, 31) in year
    assert date(2017, 4, 1) not in year
    assert ReportingYear.containing(date(2017, 3, 31)) == year
    assert ReportingYear.containing(date(2017, 4, 1)).label == "2017/18"
    assert ReportingYear.parse("2099-2100").label == "2099/00"


@pytest.mark.parametrize("text", ["2016", "2016/18", "16/17", "twenty", "2016/2018"])
def test_reporting_year_rejects_what_is_not_a_year_with_a_reason(text):
    with pytest.raises(ValueError, match="reporting year"):
        ReportingYear.parse(text)
