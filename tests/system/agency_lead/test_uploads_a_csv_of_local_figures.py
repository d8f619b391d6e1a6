"""An agency's safeguarding lead uploads the council's 2016/17 figures as a CSV file: the
first file has a badly written period, so nothing is saved and the problem is named by row
and column; the corrected file is saved and summarised (seed 003 §4.4)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from masa.accounts.models import OrganisationKind
from masa.accounts.tests.factories import make_member, make_organisation
from masa.core.roles import Role
from masa.performance.catalogue import load_indicator_catalogue
from masa.performance.models import Submission

pytestmark = pytest.mark.browser

HEADER = "indicator,organisation,period,value\n"


def _file(text: str) -> dict:
    return {"name": "figures.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def test_agency_lead_uploads_a_csv_with_an_error_then_a_clean_one(
    world, page, base_url, sign_in, check_page
):
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
    expect(page.locator("main")).to_contain_text("No figures have been submitted")
    page.get_by_role("link", name="Upload a CSV file of figures").click()
    check_page(page, title="Upload figures")

    page.get_by_label("CSV file of figures").set_input_files(
        _file(
            HEADER
            + "cp-plans,Testshire Council,2016/17 Q4,413\n"
            + "re-referrals-12-months,Testshire Council,2016-17 Q4,20.8\n"
        )
    )
    page.get_by_role("button", name="Upload and check").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Row 3, period: Write the period as")
    expect(page.get_by_role("table", name="Problems in the file")).to_contain_text("period")
    check_page(page)
    assert not Submission.objects.exists()

    page.get_by_label("CSV file of figures").set_input_files(
        _file(
            HEADER
            + "cp-plans,Testshire Council,2016/17 Q4,413\n"
            + "re-referrals-12-months,Testshire Council,2016/17 Q4,20.8\n"
        )
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-panel")).to_contain_text("2 values saved")
    check_page(page)
    assert Submission.objects.current().count() == 2

    page.get_by_role("link", name="See all submitted figures").click()
    check_page(page, title="Local submissions")
    expect(page.locator("main")).to_contain_text("413")
    expect(page.locator("main")).to_contain_text("2016/17 Q4")
