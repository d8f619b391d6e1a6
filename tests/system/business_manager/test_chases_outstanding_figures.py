"""The business manager of the demo partnership sees who has not submitted their figures for
2017/18 Q1 (the demo stops at 31 March 2017), reminds the constabulary's safeguarding lead and
sees when they were last reminded."""

from __future__ import annotations

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masa.accounts.models import Person
from masa.partnership.demo import DEMO_PASSWORD, load_demo
from masa.performance.models import SubmissionReminder

pytestmark = pytest.mark.browser


def test_business_manager_chases_outstanding_figures(
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
    expect(page.locator("main")).to_contain_text("have not submitted figures for")

    page.goto(f"{base_url}/performance/submissions/")
    check_page(page, title="Local submissions")
    page.get_by_role("link", name="See who has not submitted figures").click()
    check_page(page)

    page.get_by_label("Period").select_option("2017/18 Q1")
    page.get_by_role("button", name="Show this period").click()
    check_page(page, title="Who has not submitted figures: 2017/18 Q1")
    main = page.locator("main")
    expect(main).to_contain_text("due by 28 July 2017")
    expect(main).to_contain_text("20 working days")
    police = page.get_by_role("table", name="Avon and Somerset Constabulary")
    expect(police).to_contain_text("High-risk domestic abuse notifications")
    expect(police).to_contain_text("Not submitted")
    expect(police).to_contain_text("Late")
    expect(main).to_contain_text("Somerset Council has no agency safeguarding lead in MASA")

    page.get_by_role("button", name="Remind Avon and Somerset Constabulary").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Reminders for 2017/18 Q1 sent to 1 agency safeguarding lead in 1 organisation"
    )
    check_page(page, title="Who has not submitted figures: 2017/18 Q1")
    expect(page.get_by_role("table", name="Avon and Somerset Constabulary")).to_contain_text(
        f"last reminded {timezone.localdate():%-d %B %Y} by Tomasz Nowak"
    )
    reminder = SubmissionReminder.objects.get()
    assert (reminder.year, reminder.quarter, reminder.recipients) == (2018, 1, 1)
    assert reminder.organisation.name == "Avon and Somerset Constabulary"

    page.goto(f"{base_url}/performance/submissions/outstanding/?period=2016/17 Q4")
    check_page(page)
    expect(page.get_by_role("table", name="Somerset Council")).to_contain_text("Submitted")
