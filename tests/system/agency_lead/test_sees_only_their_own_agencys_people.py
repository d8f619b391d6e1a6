"""An agency's safeguarding lead looks up people: they see their own agency's staff, not
another agency's, and a link to someone else's record finds no page. They keep their own
agency's directory entry up to date, and are told plainly when they leave the name blank."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import make_member
from masa.core.roles import Role

pytestmark = pytest.mark.browser


@pytest.fixture
def agency_lead(world):
    make_member(Role.PRACTITIONER, world.own, full_name="Cal Colleague")
    world.stranger = make_member(Role.PRACTITIONER, world.other, full_name="Sam Stranger")
    return make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, full_name="Lee Agency-Lead")


def test_sees_only_their_own_agencys_people(
    page, base_url, world, agency_lead, sign_in, check_page
):
    sign_in(page, agency_lead)
    check_page(page, title="Your home page")
    expect(page.locator("main")).to_contain_text(
        "Agency safeguarding lead, Testshire NHS Foundation Trust"
    )
    expect(page.locator("main")).not_to_contain_text("every agency in the partnership")

    nav = page.get_by_role("navigation", name="Menu")
    nav.get_by_role("link", name="People").click()
    check_page(page, title="People")
    people = page.get_by_role("table", name="People")
    expect(people.get_by_role("link")).to_have_text(["Cal Colleague", "Lee Agency-Lead"])
    expect(people).not_to_contain_text("Sam Stranger")
    expect(page.get_by_role("status")).to_have_text("2 people")

    people.get_by_role("link", name="Cal Colleague").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cal Colleague")
    check_page(page, title="Cal Colleague")

    # Another agency's person: the same answer as a record that does not exist.
    response = page.goto(f"{base_url}/people/{world.stranger.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main")).not_to_contain_text("Sam Stranger")
    check_page(page, title="Page not found")

    # The directory of organisations is shared, but not the other agency's staff.
    page.goto(f"{base_url}/organisations/{world.other.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Testshire Probation Service")
    expect(page.locator("main")).to_contain_text("There is nobody here whose details you may see.")
    expect(page.get_by_role("link", name=re.compile("^Change the details"))).to_have_count(0)
    check_page(page, title="Testshire Probation Service")


def test_keeps_their_agencys_details_up_to_date(
    page, base_url, world, agency_lead, sign_in, check_page
):
    sign_in(page, agency_lead)
    page.goto(f"{base_url}/organisations/{world.own.pk}/")
    check_page(page, title="Testshire NHS Foundation Trust")
    page.get_by_role("link", name="Change the details of Testshire NHS Foundation Trust").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change the details of Testshire NHS Foundation Trust"
    )
    check_page(page, title="Change the details")

    name = page.get_by_label("Name", exact=True)
    name.fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_title(re.compile("^Error: Change the details"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the organisation's name")
    check_page(page)
    summary.get_by_role("link", name="Enter the organisation's name").click()
    expect(name).to_be_focused()

    name.fill("Testshire and District NHS Foundation Trust")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Testshire and District NHS Foundation Trust"
    )
    expect(page.get_by_role("alert")).to_contain_text(
        "The details of Testshire and District NHS Foundation Trust have been saved."
    )
    check_page(page, title="Testshire and District NHS Foundation Trust")
