"""The business manager of the demo partnership changes a section of the arrangements (and is
told what to fix when they paste HTML); the council's lead safeguarding partner approves the
draft; the public reads the new version and what changed."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from masa.accounts.models import Person
from masa.partnership.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.browser


def _sign_in(page, sign_in_with_password, email: str) -> None:
    person = Person.objects.get(email=email)
    sign_in_with_password(page, email, DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(
        pyotp.TOTP(person.totp_device.secret).now()
    )
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you now")


def test_business_manager_edits_and_a_lead_partner_publishes_the_arrangements(
    browser, base_url, page, sign_in_with_password, check_page
):
    load_demo()
    _sign_in(page, sign_in_with_password, "tomasz.nowak@demo.masa.invalid")

    page.get_by_role("link", name="Arrangements").first.click()
    check_page(page, title="Arrangements")
    page.locator("main").get_by_role(
        "link", name="Somerset Safeguarding Children Partnership"
    ).click()
    check_page(page, title="Draft arrangements")
    main = page.locator("main")
    expect(main).to_contain_text("Notify the Secretary of State")
    expect(main.locator(".govuk-tag--red", has_text="Overdue")).to_have_count(1)

    page.get_by_role("link", name=re.compile("Change section 9, Multi-agency training")).click()
    check_page(page, title="Multi-agency training")
    box = page.get_by_label("Text of the section")
    box.fill("Courses are <b>free</b> for partner agencies.")
    page.get_by_role("button", name="Save section").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(box).to_have_value("Courses are <b>free</b> for partner agencies.")
    check_page(page, title="Error:")
    box.fill("Courses are free for partner agencies.\n\nTwo partnership trainers deliver them.")
    page.get_by_role("button", name="Save section").click()
    check_page(page, title="Draft arrangements")
    expect(main).to_contain_text("Courses are free for partner agencies.")

    # The council's lead safeguarding partner approves it, in their own browser.
    lead_context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    lead = lead_context.new_page()
    _sign_in(lead, sign_in_with_password, "alison.penrose@demo.masa.invalid")
    lead.get_by_role("link", name="Arrangements").first.click()
    lead.locator("main").get_by_role(
        "link", name="Somerset Safeguarding Children Partnership"
    ).click()
    check_page(lead, title="Draft arrangements")
    lead.get_by_role("button", name="Approve and publish").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text(
        "Version 3 has been approved and published"
    )
    check_page(lead, title="Draft arrangements")
    lead_context.close()

    # The public reads version 3 and what changed.
    reader_context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    reader = reader_context.new_page()
    reader.goto(f"{base_url}/")
    reader.get_by_role("link", name="Read the published arrangements").click()
    check_page(reader, title="Multi Agency Safeguarding Arrangements Partnership Agreement")
    expect(reader.locator("main")).to_contain_text("Courses are free for partner agencies.")
    reader.get_by_role("link", name="What changed in this version").click()
    check_page(reader, title="What changed in version 3")
    expect(reader.locator("main ins").first).to_contain_text("Courses are free")
    reader_context.close()
