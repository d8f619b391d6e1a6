"""The business manager of the demo partnership reviews the 2016/17 multi-agency case audits
(seed 003 §6.9), records a new one with an action, closes an action with evidence, and looks
at the assurance reports and inspections."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from masa.accounts.models import Person
from masa.partnership.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.browser


def test_business_manager_records_a_multi_agency_case_audit(
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

    page.get_by_role("link", name="Assurance", exact=True).first.click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("Multi-agency case audits (4)")

    page.locator("main").get_by_role("link", name=re.compile("Multi-agency case audits")).click()
    check_page(page)
    main = page.locator("main")
    for theme in ("Unborn babies", "Children of parents in prison", "ICPCs and core groups"):
        expect(main).to_contain_text(theme)

    page.get_by_role("link", name="Unborn babies").click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("Majority (7/8) of cases referred")

    # A new audit: the form refuses a bad count and keeps what was typed.
    page.goto(f"{base_url}/assurance/case-audits/add/")
    check_page(page)
    page.get_by_label("Theme").fill("Neglect")
    page.get_by_label("Number of cases audited").fill("six")
    page.get_by_role("button", name="Save case audit").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("whole number, like 8")
    expect(page.get_by_label("Theme")).to_have_value("Neglect")
    check_page(page)
    page.get_by_label("Number of cases audited").fill("6")
    page.get_by_role("textbox", name="Day").fill("15")
    page.get_by_role("textbox", name="Month").fill("5")
    page.get_by_role("textbox", name="Year").fill("2017")
    page.get_by_label("Somerset Council").check()
    page.get_by_label("Strengths").fill("Clear chronologies\nGood use of the neglect toolkit")
    page.get_by_role("button", name="Save case audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neglect")
    check_page(page)

    page.get_by_role("link", name="Add an action").click()
    check_page(page)
    page.get_by_label("Action", exact=True).fill("Share the neglect toolkit with schools")
    page.get_by_label("Owning organisation").select_option(label="Somerset Council")
    page.get_by_role("textbox", name="Day").fill("30")
    page.get_by_role("textbox", name="Month").fill("9")
    page.get_by_role("textbox", name="Year").fill("2017")
    page.get_by_role("button", name="Save action").click()
    expect(page.locator("main")).to_contain_text("Share the neglect toolkit with schools")
    check_page(page)

    # The subgroup's list of open and overdue actions; close one with evidence.
    page.goto(f"{base_url}/assurance/case-audits/actions/?show=overdue")
    check_page(page)
    expect(page.locator("main")).to_contain_text("Further development work on strategy")
    page.goto(f"{base_url}/assurance/case-audits/")
    page.get_by_role("link", name="Neglect").click()
    page.get_by_role("link", name=re.compile("Close with evidence")).first.click()
    check_page(page)
    page.get_by_role("button", name="Close the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the evidence")
    check_page(page)
    page.get_by_role("textbox", name="Day").fill("1")
    page.get_by_role("textbox", name="Month").fill("9")
    page.get_by_role("textbox", name="Year").fill("2017")
    page.get_by_label("Evidence that it was done").fill("Toolkit sent in the schools bulletin")
    page.get_by_role("button", name="Close the action").click()
    expect(page.locator("main")).to_contain_text("Toolkit sent in the schools bulletin")
    check_page(page)

    page.goto(f"{base_url}/assurance/reports/")
    check_page(page)
    expect(page.locator("main")).to_contain_text("CCG effectiveness")
    page.get_by_role("link", name="CCG effectiveness").click()
    check_page(page)

    page.goto(f"{base_url}/assurance/inspections/")
    check_page(page)
    expect(page.locator("main")).to_contain_text("Open Government Licence v3.0")
    page.locator("main a[href^='/assurance/inspections/']").filter(has_text="PEEL").first.click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("registered sex offenders")
    page.goto(f"{base_url}/assurance/inspections/add/")
    check_page(page)
