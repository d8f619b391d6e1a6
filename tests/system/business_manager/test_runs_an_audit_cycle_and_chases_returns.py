"""The business manager copies MASA's Section 175/157 framework, adds a question to the draft,
publishes it, starts a cycle (seeing how many settings it will invite), chases the settings
that have not returned, and reads the analysis, the validation sample and a follow-up list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masa.accounts.models import OrganisationKind
from masa.accounts.tests.factories import make_member, make_organisation
from masa.audits import services
from masa.audits.models import AuditReturn, Cycle
from masa.audits.tests.helpers import complete_answers, invitation
from masa.core.roles import Role

pytestmark = pytest.mark.browser


def test_business_manager_runs_an_audit_cycle_and_chases_returns(
    world, page, base_url, sign_in, check_page
):
    schools = [
        make_organisation(world.partnership, kind=OrganisationKind.EDUCATION, name=name)
        for name in ("Alderbrook Primary School", "Birchcombe Infant School")
    ]
    dsl = make_member(Role.EDUCATION_DSL, schools[0], partnership=world.partnership)
    make_member(Role.EDUCATION_DSL, schools[1], partnership=world.partnership)
    manager = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    sign_in(page, manager)

    page.get_by_role("link", name="Audits").first.click()
    check_page(page, title="Assurance audits")
    page.get_by_role("link", name="Add a framework").click()
    check_page(page, title="Add a framework")
    page.get_by_role("button", name="Add the framework").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the title")
    check_page(page)
    page.get_by_label("Copy MASA's Section 175/157 framework").check()
    page.get_by_role("button", name="Add the framework").click()
    check_page(page, title="Section 175/157 education safeguarding audit")

    page.get_by_role("link", name="Add a question to 11.1").click()
    check_page(page, title="Add a question")
    page.get_by_label("Question", exact=True).fill("Do pupils know how to report worries online?")
    page.get_by_label("How it is answered").select_option("yes_no")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Do pupils know how to report worries online?")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator("main")).to_contain_text("published and now frozen")
    check_page(page)

    page.goto(f"{base_url}/audits/cycles/add/")
    check_page(page, title="Start a cycle")
    page.get_by_label("Framework version").select_option(
        label="Section 175/157 education safeguarding audit, version 1"
    )
    page.get_by_label("Title").fill("Section 175/157 2016/17")
    page.locator("input[name='opens_on-day']").fill("5")
    page.locator("input[name='opens_on-month']").fill("9")
    page.locator("input[name='opens_on-year']").fill("2016")
    page.locator("input[name='deadline-day']").fill("16")
    page.locator("input[name='deadline-month']").fill("12")
    page.locator("input[name='deadline-year']").fill("2099")
    page.get_by_label("Maintained school").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#invite-count")).to_contain_text("2 organisations")
    check_page(page)
    page.get_by_role("button", name="Invite 2 organisations and start the cycle").click()
    check_page(page, title="Section 175/157 2016/17")

    cycle = Cycle.objects.get(title="Section 175/157 2016/17")
    audit_return = services.return_start(actor=dsl, invitation=invitation(cycle, schools[0]))
    complete_answers(dsl, audit_return, grade="green")
    services.return_set_overall(actor=dsl, audit_return=audit_return, grade="green")
    services.return_submit(actor=dsl, audit_return=audit_return)

    page.reload()
    expect(page.locator("#return-rates")).to_contain_text("50%")
    page.get_by_role("button", name=re.compile("Send reminders")).click()
    expect(page.locator("main")).to_contain_text("1 reminder sent")
    check_page(page)

    for link, title in (
        ("Analysis", "Analysis"),
        ("Validation sample", "Validation sample"),
        ("Follow up answers", "Follow up answers"),
    ):
        page.get_by_role("link", name=link).click()
        check_page(page, title=title)
        page.go_back()
    page.goto(f"{base_url}/audits/returns/{audit_return.pk}/validate/")
    check_page(page, title="Validate")
    page.get_by_label("Desk-top review").fill("Policy and training records seen.")
    page.get_by_role("button", name="Record the validation").click()
    check_page(page)
    assert AuditReturn.objects.get(pk=audit_return.pk).status == "validated"
