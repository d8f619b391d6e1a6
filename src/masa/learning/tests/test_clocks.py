"""The notification and rapid review clocks, with the real England and Wales calendar
(DOMAIN.md "Statutory clocks": the start is day 0, the due date the Nth working day after)."""

from __future__ import annotations

import datetime

from masa.learning import services

D = datetime.date


def test_five_working_days_from_awareness_skip_christmas_and_new_year():
    # Aware on Monday 22 December 2025: 23, 24 December are working days; 25, 26 December
    # (bank holidays), the weekend, 29, 30, 31 December working; 1 January is a holiday.
    assert services.notification_due(D(2025, 12, 22)) == D(2025, 12, 31)
    # Aware on Christmas Eve: 29, 30, 31 December, then 2 and 5 January.
    assert services.notification_due(D(2025, 12, 24)) == D(2026, 1, 5)


def test_fifteen_working_days_from_notification_skip_good_friday_and_easter_monday():
    # Notified on Monday 23 March 2026; Good Friday is 3 April and Easter Monday 6 April 2026.
    # Working days: 24–27 March (4), 30 March–2 April (8), 7–10 April (12), 13–15 April (15).
    assert services.rapid_review_due(D(2026, 3, 23)) == D(2026, 4, 15)
    # Without the two holidays the 15th working day would be 13 April.
    assert services.rapid_review_due(D(2026, 3, 23)) != D(2026, 4, 13)


def test_an_awareness_at_a_weekend_counts_from_the_next_working_day():
    # Aware on Saturday 4 July 2026: Monday 6 is day 1, Friday 10 is day 5.
    assert services.notification_due(D(2026, 7, 4)) == D(2026, 7, 10)


def test_no_start_no_clock():
    assert services.notification_due(None) is None
    assert services.rapid_review_due(None) is None
