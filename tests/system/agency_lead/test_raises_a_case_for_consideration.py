"""An agency's safeguarding lead raises a case for consideration, forgetting the child's age
at first; the case reaches them back as a reference, never a name (seed 002: "the case for
consideration form")."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import make_member
from masa.core.roles import Role
from masa.learning.models import Case

pytestmark = pytest.mark.browser


def test_agency_lead_raises_a_case_for_consideration(world, page, sign_in, check_page):
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, full_name="Alex Agencylead")
    sign_in(page, lead)

    page.get_by_role("link", name="Cases", exact=True).first.click()
    check_page(page, title="Cases for consideration")
    expect(page.locator("main")).to_contain_text("There are no cases you can see")
    page.get_by_role("link", name="Raise a case for consideration").click()
    check_page(page, title="Raise a case for consideration")

    page.get_by_label("What happened").fill("An infant was brought to hospital with bruising.")
    page.get_by_label("The child's circumstances").fill("Known to the health visiting service.")
    page.get_by_label(world.other.name).check()
    page.get_by_role("button", name="Send to the business unit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the child's age")
    check_page(page)
    expect(page.get_by_label("What happened")).to_have_value(
        "An infant was brought to hospital with bruising."
    )

    page.get_by_label("Under 1 year").check()
    page.get_by_role("button", name="Send to the business unit").click()
    case = Case.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {case.reference}")
    check_page(page)
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    main = page.locator("main")
    expect(main).to_contain_text("sent to the business unit")
    expect(main).to_contain_text(world.other.name)
    expect(main.get_by_role("link", name="Record the notification")).to_have_count(0)
