"""The business manager of the demo partnership looks over the partnership's structure (seed
002's Executive, seed 003's Board and its attendance), adds a member to a subgroup, and
reviews a housing provider's entry in the relevant agencies register (seed 001 §5.21)."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from masa.accounts.models import Person
from masa.partnership.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.browser


def test_business_manager_reviews_the_groups_and_the_relevant_agencies_register(
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

    page.get_by_role("link", name="Groups").first.click()
    check_page(page)
    main = page.locator("main")
    expect(main).to_contain_text("Priya Raman")
    expect(main).to_contain_text("Days commissioned a year")

    page.locator("main a", has_text="Somerset Safeguarding Children Board").click()
    check_page(page)
    expect(main).to_contain_text("82%")

    page.goto(f"{base_url}/groups/")
    page.locator("main a", has_text="Policy and Procedures").click()
    check_page(page)
    page.get_by_role("link", name=re.compile("Add a member")).click()
    check_page(page)
    page.get_by_role("button", name="Add member").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page)
    page.get_by_label("Organisation", exact=True).select_option(label="NHS England")
    page.get_by_role("button", name="Add member").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("NHS England has been added")
    check_page(page)

    page.get_by_role("link", name="Agencies").first.click()
    check_page(page)
    expect(main).to_contain_text("30 December 2024")
    page.get_by_label("Category").select_option(label="Housing")
    page.get_by_label("Only agencies whose review is overdue").check()
    page.get_by_role("button", name="Filter").click()
    check_page(page)
    expect(main).to_contain_text("7 relevant agencies in Housing")

    page.locator("main a", has_text="Aster Group").click()
    check_page(page)
    reviewed_on = page.get_by_role("group", name="Date of the review")
    reviewed_on.get_by_label("Day").fill("31")
    reviewed_on.get_by_label("Month").fill("2")
    reviewed_on.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record review", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date of the review must be a real date"
    )
    check_page(page)
    expect(reviewed_on.get_by_label("Year")).to_have_value("2026")
    reviewed_on.get_by_label("Day").fill("2")
    reviewed_on.get_by_label("Month").fill("11")
    page.get_by_role("button", name="Record review", exact=True).click()
    expect(main).to_contain_text("2 November 2026")
    check_page(page)
