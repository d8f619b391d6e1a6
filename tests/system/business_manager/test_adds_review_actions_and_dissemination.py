"""The business manager adds an action to a review's action plan and records a practitioner
session, meeting the clear messages for what they forgot on the way (issue 5 steps 6 and 7)."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import make_member
from masa.core.roles import Role
from masa.learning import reviews as review_services

pytestmark = pytest.mark.browser


def test_business_manager_adds_an_action_and_records_dissemination(
    world, page, sign_in, check_page
):
    manager = make_member(Role.BUSINESS_MANAGER, world.own, full_name="Bea Manager")
    review = review_services.review_start(
        actor=manager,
        partnership=world.partnership,
        kind="cspr",
        title="Child L and Child J",
        started_on=datetime.date(2015, 3, 5),
    )
    review_services.recommendation_add(
        actor=manager,
        review=review,
        text="Revise the escalation policy.",
        addressed_to_partnership=True,
    )
    sign_in(page, manager)
    page.goto(f"/learning/reviews/{review.pk}/")
    check_page(page)
    page.get_by_role("link", name="Add an action for recommendation 1").click()
    check_page(page, title="Add an action")
    page.get_by_label("What is to be done").fill("Revise the SSCB escalation policy.")
    page.get_by_role("button", name="Save the action").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the organisation that owns the action")
    expect(summary).to_contain_text("Enter the due date")
    check_page(page)
    expect(page.get_by_label("What is to be done")).to_have_value(
        "Revise the SSCB escalation policy."
    )
    page.get_by_label("Organisation that owns the action").select_option(label=world.own.name)
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2016")
    page.get_by_role("button", name="Save the action").click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("Revise the SSCB escalation policy.")

    page.get_by_role("link", name="Update the action").click()
    check_page(page, title="Change the action")

    page.goto(f"/learning/reviews/{review.pk}/")
    page.get_by_role("link", name="Record dissemination").click()
    check_page(page)
    page.get_by_label("Practitioner session").check()
    page.get_by_label("Day").fill("6")
    page.get_by_label("Month").fill("7")
    page.get_by_label("Year").fill("2016")
    page.get_by_role("button", name="Save the dissemination").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter how many practitioners attended"
    )
    check_page(page)
    page.get_by_label("Number who attended").fill("25")
    page.get_by_role("button", name="Save the dissemination").click()
    check_page(page)
    expect(page.locator("#dissemination")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Total attendance")
