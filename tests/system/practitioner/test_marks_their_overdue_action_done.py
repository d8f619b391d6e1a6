"""A practitioner given an action at a board meeting finds it overdue on their home page and
marks it done, after first typing a date before the meeting and being told why it is wrong."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import make_member
from masa.core.roles import Role
from masa.partnership.meetings import action_create, meeting_create
from masa.partnership.models import Action, ActionStatus, Group, GroupKind

pytestmark = pytest.mark.browser


def test_marks_their_overdue_action_done(page, base_url, world, sign_in, check_page):
    manager = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    practitioner = make_member(Role.PRACTITIONER, world.own, full_name="Pat Practitioner")
    board = Group.objects.create(
        partnership=world.partnership, name="Testshire Board", kind=GroupKind.EXECUTIVE
    )
    meeting = meeting_create(
        actor=manager,
        group=board,
        held_on=datetime.date(2016, 7, 19),
        title="Board meeting",
        expected=[world.own],
    )
    action = action_create(
        actor=manager,
        meeting=meeting,
        description="Share the neglect toolkit with every team",
        owning_organisation=world.own,
        owner=practitioner,
        due_on=datetime.date(2016, 9, 30),
    )

    sign_in(page, practitioner)
    check_page(page, title="Your home page")
    page.get_by_role("link", name="Share the neglect toolkit", exact=False).click()
    check_page(page, title="Mark an action as done")

    when = page.get_by_role("group", name="When was it done?")
    when.get_by_label("Day").fill("1")
    when.get_by_label("Month").fill("7")
    when.get_by_label("Year").fill("2016")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("on or after the meeting")
    check_page(page, title="Error: Mark an action as done")
    expect(when.get_by_label("Year")).to_have_value("2016")

    when.get_by_label("Day").fill("3")
    when.get_by_label("Month").fill("10")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("marked as done")
    check_page(page, title="Your home page")
    action = Action.objects.get(pk=action.pk)
    assert (action.status, action.completed_on) == (
        ActionStatus.DONE,
        datetime.date(2016, 10, 3),
    )
