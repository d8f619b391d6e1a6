"""The business manager of the demo partnership checks the 2016/17 figures the yearly report
will quote: agency contributions (seed 003 Table 2) and board attendance (Table 1)."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from masa.accounts.models import Person
from masa.partnership.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.browser


def test_business_manager_reviews_the_2016_17_budget_and_board_attendance(
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

    page.get_by_role("link", name="Budget").first.click()
    check_page(page)
    page.locator("main a", has_text="2016/17").first.click()
    check_page(page)
    main = page.locator("main")
    expect(main).to_contain_text("£216,533")
    expect(main).to_contain_text("62")

    page.get_by_role("link", name=re.compile("Add a contribution", re.IGNORECASE)).first.click()
    check_page(page)
    page.get_by_role("button", name=re.compile("Save|Add", re.IGNORECASE)).first.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page)

    page.goto(f"{base_url}/meetings/")
    check_page(page)
    page.goto(f"{base_url}/meetings/attendance/?year=2016/17")
    check_page(page)
    expect(page.locator("main")).to_contain_text("82%")
    page.goto(f"{base_url}/meetings/attendance/?year=2016")
    expect(page.locator("main")).to_contain_text("write it like 2016/17")
    check_page(page)
    page.goto(f"{base_url}/meetings/")
    page.locator("main a[href^='/meetings/']").filter(
        has_text=re.compile("2016|2017")
    ).first.click()
    check_page(page)
