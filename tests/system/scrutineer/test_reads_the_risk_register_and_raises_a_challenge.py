"""The independent scrutineer of the demo partnership reads the risk register (the Early Help
risk of seed 003 §13 and its history), the challenge log (seed 003 §6.2, §7.3), and raises a
challenge of their own, making one mistake on the way. The business manager, who keeps the
register, re-assesses the risk."""

from __future__ import annotations

import datetime
import re

import pyotp
import pytest
from playwright.sync_api import expect

from masa.accounts.models import Person
from masa.partnership.demo import DEMO_PASSWORD, load_demo
from masa.risks.models import Challenge

pytestmark = pytest.mark.browser


def test_scrutineer_reads_the_risk_register_and_raises_a_challenge(
    page, sign_in_with_password, check_page
):
    load_demo()
    scrutineer = Person.objects.get(email="ruth.achterberg@demo.masa.invalid")
    sign_in_with_password(page, scrutineer.email, DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(
        pyotp.TOTP(scrutineer.totp_device.secret).now()
    )
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you now")

    page.get_by_role("link", name="Risks", exact=True).first.click()
    check_page(page, title="Risk register")
    main = page.locator("main")
    expect(main).to_contain_text("Medium (4)")
    expect(main).to_contain_text("Down from 9")
    expect(main).to_contain_text("Review overdue")
    expect(main.get_by_role("link", name="Add a risk")).to_have_count(0)

    main.get_by_role("link", name=re.compile("Early Help strategy")).click()
    check_page(page)
    expect(main).to_contain_text("Early Help Champions 'train the trainer' programme")
    expect(main).to_contain_text("High (9)")
    expect(main).to_contain_text("improved engagement across partners")
    expect(main.get_by_role("link", name=re.compile("Re-assess"))).to_have_count(0)

    page.get_by_role("link", name="Challenges", exact=True).first.click()
    check_page(page, title="Challenge log")
    page.locator("main").get_by_role("link", name=re.compile("^Late")).click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("The sale of affordable nebulisers")
    expect(page.locator("main")).to_contain_text("Late: no response")
    page.locator("main").get_by_role("link", name=re.compile("^Closed")).click()
    page.locator("main").get_by_role("link", name=re.compile("medical images")).click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("The SSCB are now reassured")

    page.get_by_role("link", name="Challenges", exact=True).first.click()
    page.get_by_role("link", name="Raise a challenge").click()
    check_page(page, title="Raise a challenge")
    page.get_by_label("What the challenge is about").fill(
        "Consistent attendance at the partnership's meetings"
    )
    page.get_by_role("button", name="Raise the challenge").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the organisation the challenge is raised with"
    )
    check_page(page, title="Error: Raise a challenge")
    # What was typed is still there.
    expect(page.get_by_label("What the challenge is about")).to_have_value(
        "Consistent attendance at the partnership's meetings"
    )
    page.get_by_label("Raised with").select_option(label="CAFCASS")
    today = datetime.date.today()
    raised_on = page.get_by_role("group", name="Date raised")
    raised_on.get_by_label("Day").fill(str(today.day))
    raised_on.get_by_label("Month").fill(str(today.month))
    raised_on.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Raise the challenge").click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("Awaiting response")
    expect(page.locator("main")).to_contain_text("Raised with")
    raised = Challenge.objects.get(subject__startswith="Consistent attendance")
    assert (raised.organisation.name, raised.raised_by) == ("CAFCASS", scrutineer)

    # The scrutineer records that the assurance asked for has not come yet.
    page.get_by_role("link", name="Record assurance").click()
    check_page(page, title="Record assurance")
    page.get_by_role("button", name="Save assurance").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select yes if the assurance was received"
    )
    check_page(page, title="Error: Record assurance")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("What assurance was, or was not, received").fill(
        "Attendance figures for the next two meetings awaited"
    )
    page.get_by_role("button", name="Save assurance").click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("Assurance recorded: not assured")
    raised.refresh_from_db()
    assert raised.assurance_received is False


def test_business_manager_reassesses_a_risk_and_sees_its_history(
    page, sign_in_with_password, check_page
):
    load_demo()
    manager = Person.objects.get(email="tomasz.nowak@demo.masa.invalid")
    sign_in_with_password(page, manager.email, DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(
        pyotp.TOTP(manager.totp_device.secret).now()
    )
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Risks", exact=True).first.click()
    page.locator("main").get_by_role("link", name=re.compile("Early Help strategy")).click()
    page.get_by_role("link", name=re.compile("Re-assess")).click()
    check_page(page, title="Re-assess a risk")
    assessed_on = page.get_by_role("group", name="Date of assessment")
    assessed_on.get_by_label("Day").fill("31")
    assessed_on.get_by_label("Month").fill("2")
    assessed_on.get_by_label("Year").fill("2018")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the likelihood")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    check_page(page, title="Error: Re-assess a risk")
    page.get_by_label("B – Likely").check()
    page.get_by_label("3 – Moderate").check()
    assessed_on.get_by_label("Day").fill("28")
    page.get_by_role("button", name="Save assessment").click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("Up from 4")
    expect(page.locator("main")).to_contain_text("28 February 2018")
    page.get_by_role("link", name="Risks", exact=True).first.click()
    page.get_by_role("link", name="Add a risk").click()
    check_page(page, title="Add a risk")
