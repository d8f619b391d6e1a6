"""A practitioner whose browser runs no JavaScript (locked-down NHS laptops do this) signs in,
browses their colleagues and the directory, and signs out: every step is plain HTML forms."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import PASSWORD, current_code, make_member
from masa.core.roles import Role

pytestmark = pytest.mark.browser


def test_signs_in_and_browses_without_javascript(page_without_js, base_url, world, check_page):
    page = page_without_js
    practitioner = make_member(Role.PRACTITIONER, world.own, full_name="Pat Practitioner")
    make_member(Role.PRACTITIONER, world.own, full_name="Cal Colleague")

    page.goto(f"{base_url}/")
    assert page.evaluate("document.body.classList.contains('js-enabled')") is False
    check_page(page, title="Home")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("button", name="Continue").click()  # empty: server-side errors only
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    check_page(page, title="Error: Sign in")
    page.get_by_label("Email address").fill(practitioner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    check_page(page, title="Enter your code")
    page.get_by_label("Code from your authenticator app").fill(current_code(practitioner))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}/home/")
    check_page(page, title="Your home page")

    # Without JavaScript the service navigation is a plain, always-open list.
    nav = page.get_by_role("navigation", name="Menu")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(nav.get_by_role("link", name="People")).to_be_visible()
    nav.get_by_role("link", name="People").click()
    check_page(page, title="People")
    expect(page.get_by_role("table", name="People").get_by_role("link")).to_have_text(
        ["Cal Colleague", "Pat Practitioner"]
    )
    page.get_by_role("link", name="Cal Colleague").click()
    check_page(page, title="Cal Colleague")

    nav.get_by_role("link", name="Organisations").click()
    page.get_by_label("Name contains").fill("probation")
    page.get_by_role("button", name="Apply filter").click()
    expect(page).to_have_url(re.compile(r"q=probation"))
    check_page(page, title="Organisations")
    page.get_by_role("link", name="Testshire Probation Service").click()
    check_page(page, title="Testshire Probation Service")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{base_url}/sign-in/")
    check_page(page, title="Sign in")
