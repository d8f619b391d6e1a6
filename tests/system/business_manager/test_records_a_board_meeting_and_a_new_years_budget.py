"""The business manager of the demo partnership records a board meeting (who is expected, the
minutes, the agenda and an action) and sets up the next year's budget with its first
expenditure line, meeting the error messages on the way."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from masa.accounts.models import Person
from masa.partnership.demo import DEMO_PASSWORD, load_demo
from masa.partnership.demo_meetings import BOARD_NAME

pytestmark = pytest.mark.browser


def test_business_manager_records_a_board_meeting_and_a_new_years_budget(
    page, base_url, sign_in_with_password, check_page
):
    load_demo()
    manager = Person.objects.get(email="tomasz.nowak@demo.masa.invalid")
    sign_in_with_password(page, manager.email, DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(
        pyotp.TOTP(manager.totp_device.secret).now()
    )
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you now")

    # A new meeting: a mistyped date is explained and nothing typed is lost.
    page.goto(f"{base_url}/meetings/")
    page.get_by_role("link", name="Add a meeting").click()
    check_page(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the group that meets")
    check_page(page)
    page.get_by_label("Which group is meeting?").select_option(label=BOARD_NAME)
    page.get_by_role("button", name="Continue").click()
    check_page(page)
    held_on = page.get_by_role("group", name="Date of the meeting")
    held_on.get_by_label("Day").fill("31")
    held_on.get_by_label("Month").fill("2")
    held_on.get_by_label("Year").fill("2017")
    page.get_by_label("Title").fill("Board meeting")
    page.get_by_label("CAFCASS").check()
    page.get_by_label("Avon and Somerset Constabulary").check()
    page.get_by_role("button", name="Add the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    expect(page.get_by_label("Title")).to_have_value("Board meeting")
    expect(page.get_by_label("CAFCASS")).to_be_checked()
    check_page(page)
    expect(held_on.get_by_label("Year")).to_have_value("2017")
    held_on.get_by_label("Day").fill("14")
    held_on.get_by_label("Month").fill("3")
    page.get_by_role("button", name="Add the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board meeting, 14 March 2017")
    main = page.locator("main")
    expect(main).to_contain_text("CAFCASS")
    check_page(page)

    # The minutes.
    page.get_by_role("link", name="Change the meeting and its minutes").click()
    check_page(page)
    page.get_by_label("Minutes").fill("The board agreed the neglect strategy.")
    page.get_by_role("button", name="Save the meeting").click()
    expect(main).to_contain_text("The board agreed the neglect strategy.")

    # The agenda, then a reordering.
    for title in ("Neglect strategy", "Welcome and apologies"):
        page.get_by_role("link", name="Add an agenda item").click()
        check_page(page)
        page.get_by_label("Title").fill(title)
        page.get_by_role("button", name="Save the agenda item").click()
    page.get_by_role("button", name=re.compile("Move up Welcome and apologies")).click()
    expect(main.locator("ol li").first).to_contain_text("Welcome and apologies")
    check_page(page)

    # An action already past its due date shows as overdue.
    page.get_by_role("link", name="Add an action").click()
    check_page(page)
    page.get_by_label("What is to be done").fill("Circulate the neglect strategy to agencies")
    page.get_by_label("Organisation responsible").select_option(label="CAFCASS")
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the due date")
    check_page(page)
    due_on = page.get_by_role("group", name="Due date")
    due_on.get_by_label("Day").fill("31")
    due_on.get_by_label("Month").fill("3")
    due_on.get_by_label("Year").fill("2017")
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator("#actions + .masa-table-scroll")).to_contain_text("Overdue")
    check_page(page)

    # Next year's budget and its first expenditure line.
    page.goto(f"{base_url}/budgets/")
    page.get_by_role("link", name="Add a year's budget").click()
    check_page(page)
    page.get_by_label("Year").fill("2016/17")
    page.get_by_role("button", name="Add the budget").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("already a budget for 2016/17")
    check_page(page)
    page.get_by_label("Year").fill("2025/26")
    page.get_by_role("button", name="Add the budget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Budget 2025/26")
    check_page(page)
    page.get_by_role("link", name="Add an expenditure line").click()
    check_page(page)
    page.get_by_label("What the money is spent on").fill("Independent scrutineer")
    page.get_by_label("Amount in pounds").fill("£12,000")
    page.get_by_role("button", name="Save expenditure").click()
    expect(page.locator("main")).to_contain_text("£12,000")
    check_page(page)
