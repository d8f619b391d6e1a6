"""A member of the public reads about the partnership, sees how partners sign in, looks at
the demo and the API reference, and follows a link to a page that does not exist."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_visitor_reads_about_the_partnership(
    page, base_url, partnership_world, check_page, screenshot, settings
):
    page.goto(f"{base_url}/")
    check_page(page, title="Home")
    # check_page saw the brand colour on the header; the stylesheet itself comes from
    # WhiteNoise under live_server, and sets GOV.UK Frontend's type in Arial.
    stylesheet = page.request.get(f"{base_url}/static/govuk/masa.css")
    assert stylesheet.ok and stylesheet.headers["content-type"].startswith("text/css")
    font = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert font.startswith("arial"), font
    expect(page.locator(".govuk-generic-header")).to_contain_text(settings.MASA_PARTNERSHIP_NAME)
    main = page.locator("main")
    for partner in (
        "Testshire County Council",
        "NHS Testshire Integrated Care Board",
        "Testshire Constabulary",
    ):
        expect(main).to_contain_text(partner)
    expect(main).to_contain_text("If you are worried a child is in immediate danger, call 999.")
    screenshot(page, "landing")

    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to MASA")
    check_page(page, title="Sign in")
    screenshot(page, "sign-in")

    page.get_by_role("link", name="Explore the demo as one of its personas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Explore the demo")
    check_page(page, title="Explore the demo")

    page.get_by_role("link", name="API", exact=True).click()
    expect(page).to_have_url(f"{base_url}/api/v1/docs/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("reference")
    check_page(page, title="API reference")
    screenshot(page, "api-docs")

    response = page.goto(f"{base_url}/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(page, title="Page not found")
    page.get_by_role("link", name="Go to the start page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(settings.MASA_PARTNERSHIP_NAME)


def test_signed_out_visitor_is_sent_to_sign_in_from_a_private_page(page, base_url, check_page):
    page.goto(f"{base_url}/people/")
    expect(page).to_have_url(f"{base_url}/sign-in/?next=/people/")
    check_page(page, title="Sign in")


def test_visitor_whose_sign_in_page_went_stale_is_told_to_reload(
    page, context, base_url, check_page
):
    page.goto(f"{base_url}/sign-in/")
    context.clear_cookies()  # as if the page sat open until its security cookie went
    page.get_by_label("Email address").fill("someone@example.org")
    page.get_by_label("Password").fill("anything at all")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your form could not be sent")
    check_page(page, title="Your form could not be sent")
