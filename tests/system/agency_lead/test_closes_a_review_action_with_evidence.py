"""An agency's safeguarding lead finds their organisation's overdue review action on their
home page, tries to close it without evidence and is told what to add, then closes it with
evidence of completion and of impact (issue 5 step 6: "closing an action needs evidence")."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import make_member
from masa.core.roles import Role
from masa.learning import actions
from masa.learning import reviews as review_services
from masa.learning.models import ActionStatus, ReviewAction

pytestmark = pytest.mark.browser


def test_agency_lead_closes_a_review_action_with_evidence(world, page, sign_in, check_page):
    manager = make_member(Role.BUSINESS_MANAGER, world.own, full_name="Bea Manager")
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, full_name="Alex Agencylead")
    review = review_services.review_start(
        actor=manager,
        partnership=world.partnership,
        kind="learning_event",
        title="Child K and Child Q",
        started_on=datetime.date(2016, 5, 10),
    )
    recommendation = review_services.recommendation_add(
        actor=manager,
        review=review,
        text="Use the escalation policy where there is a lack of progress.",
        addressed_to=[world.own],
    )
    action = actions.action_add(
        actor=manager,
        recommendation=recommendation,
        description="Brief health visitors on the escalation policy.",
        owning_organisation=world.own,
        owner=lead,
        due_on=datetime.date(2016, 11, 30),
    )
    actions.action_add(
        actor=manager,
        recommendation=recommendation,
        description="Probation's own action, which this lead never sees.",
        owning_organisation=world.other,
        due_on=datetime.date(2016, 11, 30),
    )

    sign_in(page, lead)
    main = page.locator("main")
    expect(main).to_contain_text("Overdue review action: Brief health visitors")
    expect(main).not_to_contain_text("Probation's own action")
    page.get_by_role(
        "link", name=re.compile("Overdue review action: Brief health visitors")
    ).click()
    check_page(page, title=f"Review action {action.pk}")
    expect(main).to_contain_text("This action is overdue")

    page.get_by_role("link", name="Update the action").click()
    check_page(page)
    page.get_by_label("Closed").check()
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the evidence that the action is complete before marking it closed"
    )
    check_page(page)
    expect(page.get_by_label("Closed")).to_be_checked()

    page.get_by_label("Evidence of completion").fill(
        "All 42 health visitors briefed at team meetings in January 2017."
    )
    page.get_by_label("Evidence of impact").fill(
        "The March 2017 audit found the escalation policy used in both cases that needed it."
    )
    page.get_by_role("button", name="Save the action").click()
    check_page(page, title=f"Review action {action.pk}")
    expect(main).to_contain_text("All 42 health visitors briefed")
    expect(main).not_to_contain_text("This action is overdue")
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED and action.closed_on is not None

    page.get_by_role("link", name="Reviews", exact=True).first.click()
    page.locator("main").get_by_role("link", name="Review actions").click()
    check_page(page, title="Review actions")
    expect(main).to_contain_text("Brief health visitors")
    expect(main).not_to_contain_text("Probation's own action")

    page.locator("main").get_by_role("link", name="Brief health visitors").click()
    page.get_by_role("link", name="Child K and Child Q").click()
    check_page(page)
    expect(main).to_contain_text("Action plan")
    expect(main).not_to_contain_text("Probation's own action")
    assert ReviewAction.objects.filter(owning_organisation=world.other).count() == 1
