"""An agency's safeguarding lead submits the council's children on a child protection plan by
the form, with its split by sex: a typo in the value is refused with a clear message and keeps
what was typed; the corrected figure is saved and its breakdown shows small counts exactly to
them, and as "fewer than 5" to the executive."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masa.accounts.models import OrganisationKind
from masa.accounts.tests.factories import make_member, make_organisation
from masa.core.roles import Role
from masa.performance.catalogue import load_indicator_catalogue
from masa.performance.models import Submission

pytestmark = pytest.mark.browser


def test_agency_lead_submits_a_figure_by_form(world, page, base_url, sign_in, check_page):
    load_indicator_catalogue()
    council = make_organisation(
        world.partnership, kind=OrganisationKind.LOCAL_AUTHORITY, name="Testshire Council"
    )
    lead = make_member(
        Role.AGENCY_SAFEGUARDING_LEAD,
        council,
        partnership=world.partnership,
        full_name="Alex Agencylead",
    )
    sign_in(page, lead)

    page.goto(f"{base_url}/performance/submissions/")
    check_page(page, title="Local submissions")
    page.get_by_role("link", name="Submit a figure").click()
    check_page(page, title="Submit a figure")
    page.get_by_label("Indicator").select_option("cp-plans")
    page.get_by_role("button", name="Continue").click()
    check_page(page, title="Submit a figure: Children on a child protection plan")

    page.get_by_label("Period").select_option("2016/17 Q4")
    page.get_by_label("Value").fill("41e")
    sex = page.get_by_role("group", name="Sex")
    sex.get_by_label("Female").fill("3")
    sex.get_by_label("Male", exact=True).fill("410")
    page.get_by_role("button", name="Save the figure").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The value must be a number, like 413 or 20.8, not “41e”")
    expect(page.get_by_label("Value")).to_have_value("41e")
    expect(page.get_by_role("group", name="Sex").get_by_label("Female")).to_have_value("3")
    check_page(page)
    assert not Submission.objects.exists()

    page.get_by_label("Value").fill("413")
    page.get_by_role("button", name="Save the figure").click()
    check_page(page, title="Children on a child protection plan: Testshire Council, 2016/17 Q4")
    expect(page.locator("main")).to_contain_text("413 saved for Testshire Council, 2016/17 Q4")
    sex_table = page.get_by_role("table", name="Sex")
    expect(sex_table).to_contain_text("3")
    expect(sex_table).not_to_contain_text("fewer than 5")
    submission = Submission.objects.get()

    executive = make_member(
        Role.DELEGATED_SAFEGUARDING_PARTNER, world.own, partnership=world.partnership
    )
    page.context.clear_cookies()
    sign_in(page, executive)
    page.goto(f"{base_url}/performance/submissions/{submission.pk}/")
    check_page(page)
    sex_table = page.get_by_role("table", name="Sex")
    expect(sex_table.get_by_role("row", name=re.compile("^Female"))).to_contain_text("fewer than 5")
    expect(sex_table.get_by_role("row", name=re.compile("^Male"))).to_contain_text("fewer than 5")
    expect(sex_table.get_by_role("row", name=re.compile("^Not known"))).to_contain_text("0")
