"""The partnership's business manager signs in with their password and authenticator app,
looks through the directory of organisations and people, makes an API token for a data
upload and revokes it again, and signs out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import make_member
from masa.core.roles import Role

pytestmark = pytest.mark.browser


@pytest.fixture
def business_manager(partnership_world):
    world = partnership_world
    nurse = make_member(Role.PRACTITIONER, world.own, full_name="Priya Practitioner")
    nurse.job_title = "Safeguarding nurse"
    nurse.save(update_fields=["job_title"])
    make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.other, full_name="Alex Agency-Lead")
    make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.outside_partnership, full_name="Olive Outside")
    return make_member(Role.BUSINESS_MANAGER, world.council, full_name="Bea Business-Manager")


def test_signs_in_with_authenticator_and_browses_directory(
    page, base_url, business_manager, sign_in, check_page, axe_check, screenshot
):
    sign_in(page, business_manager)
    expect(page).to_have_url(f"{base_url}/home/")
    check_page(page, title="Your home page")
    main = page.locator("main")
    expect(main).to_contain_text("Business manager, Testshire County Council")
    expect(main).to_contain_text("Your roles let you see the work of every agency")
    nav = page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    screenshot(page, "home")

    # On a phone the service navigation folds behind a Menu button that opens it.
    page.set_viewport_size({"width": 320, "height": 800})
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="People")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="People")).to_be_visible()
    axe_check(page)
    screenshot(page, "home-menu-open")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Organisations: everything in the partnership, nothing from another partnership.
    nav.get_by_role("link", name="Organisations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    check_page(page, title="Organisations")
    results = page.get_by_role("table", name="Organisations", exact=True)
    expect(results.get_by_role("link", name="Testshire County Council")).to_be_visible()
    expect(results.get_by_role("link", name="Testshire Primary School")).to_be_visible()
    expect(results).not_to_contain_text("Otherton Police")
    expect(page.get_by_role("status")).to_have_text("6 organisations")
    screenshot(page, "organisations")

    page.get_by_label("Kind of organisation").select_option(label="Relevant agency")
    page.get_by_role("button", name="Apply filter").click()
    expect(page).to_have_url(re.compile(r"kind=relevant_agency"))
    check_page(page, title="Organisations")
    expect(page.get_by_role("status")).to_have_text("2 organisations")
    expect(results.get_by_role("link")).to_have_text(
        ["Testshire NHS Foundation Trust", "Testshire Probation Service"]
    )

    results.get_by_role("link", name="Testshire Probation Service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testshire Probation Service")
    check_page(page, title="Testshire Probation Service")
    expect(page.get_by_role("table", name="People in Testshire Probation Service")).to_contain_text(
        "Alex Agency-Lead"
    )
    page.get_by_role("link", name="All organisations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")

    # People across the partnership.
    nav.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    check_page(page, title="People")
    people = page.get_by_role("table", name="People")
    expect(people.get_by_role("link")).to_have_text(
        ["Alex Agency-Lead", "Bea Business-Manager", "Priya Practitioner"]
    )
    page.get_by_label("Name or job title contains").fill("nurse")
    page.get_by_role("button", name="Search").click()
    check_page(page, title="People")
    expect(people.get_by_role("link")).to_have_text(["Priya Practitioner"])
    people.get_by_role("link", name="Priya Practitioner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya Practitioner")
    check_page(page, title="Priya Practitioner")
    expect(page.locator("main")).to_contain_text("Practitioner, Testshire NHS Foundation Trust")

    # Your account: an API token, shown once, then revoked.
    nav.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    check_page(page, title="Your account")
    page.get_by_role("button", name="Create a token").click()
    expect(page).to_have_title(re.compile("^Error: Your account"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what the token is for")
    check_page(page)

    page.get_by_label("What the token is for").fill("Quarterly upload from our case system")
    page.get_by_role("button", name="Create a token").click()
    token = page.locator("#new-token")
    expect(token).to_have_text(re.compile(r"^masa_\S{20,}$"))
    tokens = page.get_by_role("table", name="Your tokens")
    expect(tokens).to_contain_text("Quarterly upload from our case system")
    check_page(page, title="Your account")
    screenshot(page, "account")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your account").click()
    expect(page.locator("#new-token")).to_have_count(0)  # shown once, never again
    tokens.get_by_role("button", name="Revoke Quarterly upload from our case system").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The token 'Quarterly upload from our case system' has been revoked."
    )
    expect(page.get_by_role("table", name="Your tokens")).to_have_count(0)
    check_page(page, title="Your account")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{base_url}/sign-in/")
    expect(page.get_by_role("alert")).to_contain_text("You have signed out.")
    check_page(page, title="Sign in")
    page.goto(f"{base_url}/home/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/home/$"))
