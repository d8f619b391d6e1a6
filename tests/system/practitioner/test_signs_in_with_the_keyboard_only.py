"""A practitioner who does not use a mouse signs in: Tab reaches the skip link first, then the
email address, password and Continue, and Enter sends the form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import PASSWORD, current_code, make_member
from masa.core.roles import Role

pytestmark = pytest.mark.browser


def focused(page) -> str:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return el.id ? '#' + el.id : el.tagName.toLowerCase() + ':' + el.textContent.trim();
        }"""
    )


def test_signs_in_with_the_keyboard_only(page, base_url, world, check_page, settings):
    practitioner = make_member(Role.PRACTITIONER, world.own)
    page.goto(f"{base_url}/sign-in/")
    check_page(page, title="Sign in")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # the skip link shows itself when focused
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}/sign-in/#main-content")
    expect(page.locator("main")).to_be_focused()  # GOV.UK Frontend's skip link moves focus

    page.goto(f"{base_url}/sign-in/")
    order = []
    for _ in range(5):
        page.keyboard.press("Tab")
        order.append(focused(page))
    # Between the skip link and the form there is only the header's link to the start page.
    assert order == [
        "a:Skip to main content",
        f"a:{settings.MASA_PARTNERSHIP_NAME}",
        "#id_email",
        "#id_password",
        "button:Continue",
    ]

    page.get_by_label("Email address").focus()
    page.keyboard.type(practitioner.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}/sign-in/second-factor/")
    check_page(page, title="Enter your code")

    for _ in range(3):  # skip link, header link, then the code field
        page.keyboard.press("Tab")
    expect(page.get_by_label("Code from your authenticator app")).to_be_focused()
    page.keyboard.type(current_code(practitioner))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}/home/")
    check_page(page, title="Your home page")

    # Service navigation by keyboard: Tab past the skip link and header to People.
    people = page.get_by_role("navigation", name="Menu").get_by_role("link", name="People")
    for _ in range(15):
        page.keyboard.press("Tab")
        if people.evaluate("el => el === document.activeElement"):
            break
    expect(people).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    check_page(page, title="People")
