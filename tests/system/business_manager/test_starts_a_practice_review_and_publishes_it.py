"""The business manager of the demo partnership starts a thematic review, records a pause, a
finding (and sees the earlier learning it repeats) and a recommendation, and prepares the
public summary; a delegated safeguarding partner approves it; the public reads only the
summary; the theme view counts the new finding."""

from __future__ import annotations

import datetime
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


def _date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=re.compile(legend))
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_business_manager_starts_a_practice_review_and_a_partner_publishes_it(
    browser, base_url, page, settings, tmp_path, sign_in_with_password, check_page
):
    settings.MASA_UPLOAD_ROOT = tmp_path / "uploads"
    load_demo()
    _sign_in(page, sign_in_with_password, "tomasz.nowak@demo.masa.invalid")

    page.get_by_role("link", name="Reviews").first.click()
    check_page(page, title="Practice reviews")
    main = page.locator("main")
    expect(main).to_contain_text("Child L and Child J")
    expect(main).to_contain_text("Published")

    # A review that was paused for criminal proceedings shows the days paused.
    main.get_by_role("link", name="Child Sam").click()
    check_page(page, title="Child Sam")
    expect(main).to_contain_text("Criminal proceedings")
    expect(main).to_contain_text("days paused")

    page.goto(f"{base_url}/learning/reviews/")
    page.get_by_role("link", name="Start a review").click()
    check_page(page, title="Start a review")
    page.get_by_label("Thematic review").check()
    page.get_by_role("button", name="Start the review").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page, title="Error:")
    page.get_by_label("Title").fill("Information sharing thematic review")
    _date(page, "Date the review was initiated", datetime.date(2026, 1, 12))
    page.get_by_label("Terms of reference").fill("How agencies share information about babies.")
    page.get_by_role("button", name="Start the review").click()
    check_page(page, title="Information sharing thematic review")
    expect(main).to_contain_text("12 July 2026")

    page.get_by_role("link", name="Record a pause").click()
    check_page(page, title="Record a pause")
    page.get_by_label("Criminal proceedings").check()
    _date(page, "Date the pause started", datetime.date(2026, 2, 2))
    _date(page, "Date the pause ended", datetime.date(2026, 2, 12))
    page.get_by_role("button", name="Save the pause").click()
    check_page(page, title="Information sharing thematic review")
    expect(main).to_contain_text("22 July 2026")

    page.get_by_role("link", name="Add a finding or good practice").click()
    check_page(page, title="Add a finding")
    page.get_by_label("The finding").fill("The importance of information-sharing between agencies.")
    page.get_by_label("Information sharing").check()
    page.get_by_role("button", name="Save").click()
    check_page(page, title="Finding 1")
    resembling = main.locator("li", has_text="Family A")
    expect(resembling.first).to_contain_text("Close match")
    expect(resembling.first).to_contain_text("Themes in common: Information sharing")

    page.get_by_role("link", name="Back to the review").click()
    page.get_by_role("link", name="Add a recommendation").click()
    check_page(page, title="Add a recommendation")
    page.get_by_label("The recommendation").fill("Agree one way of sharing information.")
    page.get_by_label("The safeguarding partnership as a whole").check()
    page.get_by_role("button", name="Save").click()
    check_page(page, title="Recommendation 1")

    page.get_by_role("link", name="Back to the review").click()
    page.get_by_role("link", name="Prepare a publication").click()
    check_page(page, title="Prepare a publication")
    page.get_by_role("textbox", name="Public summary").fill(
        "What partners learnt about sharing information."
    )
    summary_file = tmp_path / "summary.txt"
    summary_file.write_text("The published summary of the thematic review.\n")
    page.get_by_label("Upload the file").set_input_files(str(summary_file))
    page.get_by_role("button", name="Send for approval").click()
    check_page(page, title="Information sharing thematic review")
    expect(main).to_contain_text("Waiting for approval")
    review_url = page.url

    # A delegated safeguarding partner approves it, in their own browser.
    partner_context = browser.new_context(
        base_url=base_url, viewport={"width": 1280, "height": 900}
    )
    partner = partner_context.new_page()
    _sign_in(partner, sign_in_with_password, "gareth.pengelly@demo.masa.invalid")
    partner.goto(review_url)
    check_page(partner, title="Information sharing thematic review")
    partner.get_by_role("link", name=re.compile("Approve")).click()
    check_page(partner, title="Approve the publication")
    partner.get_by_role("button", name="Approve and publish").click()
    expect(partner.locator(".govuk-notification-banner--success")).to_contain_text(
        "approved and is now public"
    )
    partner_context.close()

    # The public reads the summary and nothing else.
    reader_context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    reader = reader_context.new_page()
    reader.goto(f"{base_url}/learning/published/")
    check_page(reader, title="Published practice reviews")
    reader.get_by_role("link", name="Information sharing thematic review").click()
    check_page(reader, title="Information sharing thematic review")
    public = reader.locator("main")
    expect(public).to_contain_text("What partners learnt about sharing information.")
    expect(public).not_to_contain_text("How agencies share information about babies.")
    expect(public).not_to_contain_text("The importance of information-sharing")
    reader_context.close()

    page.goto(f"{base_url}/learning/themes/")
    check_page(page, title="Learning by theme")
    page.get_by_role("link", name="Information sharing").click()
    check_page(page, title="Information sharing")
    expect(main).to_contain_text("8 findings in 8 reviews since 2015")
