"""The business manager meets a new case for consideration on their home page, records the
serious incident notification (one date in the wrong order first), asks an agency for
information and records the rapid review with its decision against seed 002's criteria."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import make_member
from masa.core.roles import Role
from masa.learning import services
from masa.learning.models import Case

pytestmark = pytest.mark.browser


def _fill_date(page, prefix: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=prefix)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_business_manager_records_a_notification_and_rapid_review(world, page, sign_in, check_page):
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    case = services.case_raise(
        actor=lead,
        organisation=world.own,
        what_happened="An infant was brought to hospital with bruising.",
        age_band="under_1",
        raised_on=datetime.date(2026, 3, 20),
    )
    manager = make_member(Role.BUSINESS_MANAGER, world.own, full_name="Bea Manager")
    sign_in(page, manager)
    check_page(page)
    page.get_by_role("link", name=f"New case for consideration: {case.reference}").click()
    check_page(page, title=f"Case {case.reference}")

    page.get_by_role("link", name="Record the notification").click()
    check_page(page)
    page.get_by_label("Pseudonym").fill("Child L")
    _fill_date(page, "Date the local authority became aware", datetime.date(2026, 3, 20))
    _fill_date(page, "Date the national Panel was notified", datetime.date(2026, 3, 19))
    page.get_by_role("button", name="Save the notification").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The Panel cannot be notified before the local authority became aware"
    )
    check_page(page)
    _fill_date(page, "Date the national Panel was notified", datetime.date(2026, 3, 23))
    page.get_by_role("button", name="Save the notification").click()
    check_page(page, title=f"Case {case.reference}")
    main = page.locator("main")
    expect(main).to_contain_text("27 March 2026")  # 5 working days after 20 March
    expect(main).to_contain_text("15 April 2026")  # 15 working days, past Easter 2026

    main.get_by_role("link", name="Ask an agency for information").click()
    check_page(page)
    page.get_by_label("Agency asked").select_option(label=world.other.name)
    _fill_date(page, "Date asked", datetime.date(2026, 3, 23))
    _fill_date(page, "Reply due by", datetime.date(2026, 3, 30))
    page.get_by_role("button", name="Add the request").click()
    check_page(page, title=f"Case {case.reference}")
    expect(page.locator("main")).to_contain_text("30 March 2026")

    page.locator("main").get_by_role("link", name="Record the rapid review").click()
    check_page(page)
    _fill_date(page, "Date of the rapid review meeting", datetime.date(2026, 4, 9))
    _fill_date(page, "Date of the decision", datetime.date(2026, 4, 9))
    page.get_by_label("Highlights or may highlight recurrent themes", exact=False).check()
    page.get_by_label("Child safeguarding practice review", exact=True).check()
    page.get_by_label("No, they disagree").check()
    page.get_by_label("The independent scrutineer's view").fill("The criteria are met.")
    _fill_date(page, "Date the rapid review was sent to the Panel", datetime.date(2026, 4, 14))
    page.get_by_role("button", name="Save the rapid review").click()
    check_page(page, title=f"Case {case.reference}")
    expect(page.locator("main")).to_contain_text("The criteria are met.")

    case = Case.objects.get()
    assert case.recommendation == "cspr" and case.criteria == ["recurrent_themes"]
    assert case.rapid_review_due_on == datetime.date(2026, 4, 15)
    page.get_by_role("link", name="Cases", exact=True).first.click()
    check_page(page, title="Cases for consideration")
    expect(page.locator("main")).to_contain_text("Child L")
