"""The business manager of the demo partnership follows the 2017/18 business plan (seed 003
§12): the priorities with their RAG summaries, one priority's actions, an overdue action's
progress history, a progress report (first with a mistake), the subgroups' highlight
reports and the 2016/17 look back that the yearly report draws on (seed 003 §10)."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from masa.accounts.models import Person
from masa.partnership.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.browser


def test_business_manager_follows_the_2017_18_plan_and_reports_progress(
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
    expect(page.locator("main")).to_contain_text("Overdue plan action: Finalise the Neglect")

    page.get_by_role("link", name="Business plan").first.click()
    check_page(page, title="Business plan 2017/18")
    main = page.locator("main")
    expect(main).to_contain_text("Strong Leadership and Strong Partnership")
    expect(main).to_contain_text(
        "Children who are experiencing or at risk of neglect are identified and safeguarded"
    )

    page.get_by_role("link", name="3. Neglect").click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("We will raise the profile of neglect by:")
    page.get_by_role("link", name=re.compile("^Finalise the Neglect Strategy")).click()
    check_page(page)
    main = page.locator("main")
    expect(main).to_contain_text("Overdue")
    expect(main).to_contain_text("Red")
    expect(main).to_contain_text("10 October 2017")

    # A mistake first: no rating. The error summary says so and the narrative is kept.
    page.get_by_label("What progress has been made").fill("Toolkit signed off by all partners.")
    page.get_by_role("button", name="Report progress").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a RAG rating")
    expect(page.get_by_label("What progress has been made")).to_have_value(
        "Toolkit signed off by all partners."
    )
    check_page(page)
    page.get_by_label("RAG rating").select_option("amber")
    page.get_by_role("button", name="Report progress").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("progress update")
    check_page(page)
    expect(page.locator("main")).to_contain_text("Toolkit signed off by all partners.")

    page.goto(f"{base_url}/business-plan/highlight-reports/")
    check_page(page, title="Subgroup highlight reports")
    page.get_by_role("link", name="Health Safeguarding").click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("Baseline and improve practitioners")

    page.goto(f"{base_url}/business-plan/highlight-reports/new/")
    check_page(page)
    page.get_by_role("button", name="Save report").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page)

    page.goto(f"{base_url}/business-plan/?year=2016/17")
    check_page(page, title="Business plan 2016/17")
    page.get_by_role("link", name="4. Child sexual exploitation").click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("CSE is starting to be recognised")
    page.get_by_role("link", name=re.compile("Record what was done")).click()
    check_page(page)

    page.goto(f"{base_url}/business-plan/priorities/new/")
    check_page(page, title="Add a priority")
