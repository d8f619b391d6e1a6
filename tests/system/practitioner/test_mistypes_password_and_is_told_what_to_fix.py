"""A practitioner presses Continue before typing anything, then mistypes their password, then a
wrong code: each time the page says what went wrong, the error summary takes focus and its
links lead to the field to fix, and they get in on the next try."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import PASSWORD, current_code, make_member
from masa.core.roles import Role

pytestmark = pytest.mark.browser


def test_mistypes_password_and_is_told_what_to_fix(page, base_url, world, check_page):
    practitioner = make_member(Role.PRACTITIONER, world.own, full_name="Pat Practitioner")
    email, password = page.get_by_label("Email address"), page.get_by_label("Password")
    summary = page.locator(".govuk-error-summary")

    page.goto(f"{base_url}/sign-in/")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter your email address", "Enter your password"]
    )
    expect(page.locator("#id_email-error")).to_have_text("Error: Enter your email address")
    expect(email).to_have_attribute("aria-describedby", re.compile(r"\bid_email-error\b"))
    expect(email).to_have_class(re.compile(r"\bgovuk-input--error\b"))
    check_page(page)
    summary.get_by_role("link", name="Enter your password").click()
    expect(password).to_be_focused()
    summary.get_by_role("link", name="Enter your email address").click()
    expect(email).to_be_focused()

    email.fill("not-an-email")
    page.get_by_role("button", name="Continue").click()
    expect(summary.get_by_role("link")).to_have_text(
        [re.compile("^Enter an email address in the correct format"), "Enter your password"]
    )
    check_page(page)

    email.fill(practitioner.email)
    password.fill("wrong horse battery staple")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    expect(summary).to_be_focused()
    mistake = summary.get_by_role("link", name="Enter a correct email address and password")
    expect(mistake).to_be_visible()
    check_page(page)
    mistake.click()
    expect(email).to_be_focused()
    expect(email).to_have_value(practitioner.email)  # kept; the password is not
    expect(password).to_have_value("")

    password.fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base_url}/sign-in/second-factor/")
    code = page.get_by_label("Code from your authenticator app")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile("^Error: Enter your code"))
    expect(summary).to_contain_text("Enter the code from your authenticator app")
    check_page(page)

    code.fill("000000" if current_code(practitioner) != "000000" else "111111")
    page.get_by_role("button", name="Sign in").click()
    expect(summary).to_contain_text("The code is not correct")
    check_page(page)
    summary.get_by_role("link").click()
    expect(code).to_be_focused()

    page.get_by_text("I do not have my phone").click()
    expect(page.get_by_text("Enter one of the recovery codes")).to_be_visible()
    check_page(page)

    code.fill(current_code(practitioner))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}/home/")
    check_page(page, title="Your home page")
