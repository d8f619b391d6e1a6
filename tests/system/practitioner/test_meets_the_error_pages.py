"""A practitioner who follows a link beyond their roles, or to a record that is not there, or
meets a failure of the service, gets a plain GOV.UK page saying what happened and what to do.
Each of those pages passes axe like every other page (SECURITY.md T24)."""

from __future__ import annotations

import pytest
from django.template import loader
from playwright.sync_api import expect

from masa.accounts.tests.factories import make_member
from masa.core.roles import Role

pytestmark = pytest.mark.browser


def test_meets_the_error_pages(page, base_url, world, sign_in, check_page, axe_check):
    practitioner = make_member(Role.PRACTITIONER, world.own, full_name="Pat Practitioner")
    sign_in(page, practitioner)

    response = page.goto(f"{base_url}/budgets/")
    assert response is not None and response.status == 403
    check_page(page, title="You do not have access to this page")

    response = page.goto(f"{base_url}/organisations/987654/")
    assert response is not None and response.status == 404
    check_page(page, title="Page not found")

    # The 500 page is rendered without context processors (they may be what failed); it is
    # shown here as the server would send it, from the same origin so its styles load.
    page.set_content(loader.get_template("500.html").render())
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, there is a problem with the service"
    )
    axe_check(page)
