"""A school's designated safeguarding lead completes the 2017/18 Section 175/157 return: last
year's answers are carried forward for review, a draft is saved, a grade below Good is refused
at submission until it has an action, and the return is submitted."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from masa.accounts.models import OrganisationKind
from masa.accounts.tests.factories import make_member, make_organisation
from masa.audits import frameworks, services
from masa.audits.models import AuditReturn, Lineage, Question, ReturnStatus
from masa.audits.tests.helpers import complete_answers, invitation
from masa.core.roles import Role

pytestmark = pytest.mark.browser


def test_education_dsl_completes_a_section_175_return(world, page, base_url, sign_in, check_page):
    school = make_organisation(
        world.partnership, kind=OrganisationKind.EDUCATION, name="Alderbrook Primary School"
    )
    dsl = make_member(Role.EDUCATION_DSL, school, partnership=world.partnership)
    framework = frameworks.install(
        actor=None, partnership=world.partnership, which=Lineage.SECTION_175_157
    )
    version = framework.versions.get()
    last_year = services.cycle_create(
        actor=None,
        partnership=world.partnership,
        version=version,
        title="Section 175/157 2016/17",
        opens_on=datetime.date(2016, 9, 5),
        deadline=datetime.date(2016, 12, 16),
        organisations=[school],
    )
    previous = services.return_start(actor=dsl, invitation=invitation(last_year, school))
    complete_answers(dsl, previous, grade="green")
    services.return_set_overall(actor=dsl, audit_return=previous, grade="green")
    services.return_submit(actor=dsl, audit_return=previous)
    services.cycle_create(
        actor=None,
        partnership=world.partnership,
        version=version,
        title="Section 175/157 2017/18",
        opens_on=datetime.date(2017, 9, 4),
        deadline=datetime.date(2099, 12, 15),
        organisations=[school],
    )

    sign_in(page, dsl)
    page.get_by_role("link", name="Section 175/157 2017/18 return due").click()
    check_page(page, title="Returns")
    page.get_by_role("button", name=re.compile("Start")).click()
    check_page(page, title="Section 175/157 2017/18")
    expect(page.locator(".govuk-task-list")).to_contain_text("Carried forward – review")

    # Standard 1: the carried-forward answer is shown; grade it amber and save a draft.
    page.get_by_role(
        "link", name=re.compile(r"^1\. Safeguarding and child protection policy")
    ).click()
    check_page(page, title="Standard 1")
    expect(page.locator("main")).to_contain_text("This answer comes from your last return")
    policy = Question.objects.get(substandard__standard__version=version, key="1.1.1")
    page.locator(f"select[name='q{policy.pk}-grade']").select_option("amber")
    page.get_by_role("button", name="Save as draft and return to the list").click()
    check_page(page, title="Section 175/157 2017/18")
    expect(page.locator("main")).to_contain_text("Standard 1 has been saved as a draft")
    audit_return = AuditReturn.objects.get(cycle__title="Section 175/157 2017/18")
    assert audit_return.answers.get(question=policy).grade == "amber"

    # Submitting refuses: the amber grade needs an action, naming the standard.
    page.get_by_label("Your organisation's overall grade").select_option("green")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Add an action, its owner and due date for standard 1.1"
    )
    check_page(page)

    # Add the action, then confirm every carried-forward standard page by page.
    page.get_by_role(
        "link", name=re.compile(r"^1\. Safeguarding and child protection policy")
    ).click()
    page.locator(f"textarea[name='q{policy.pk}-action_what']").fill("Governors approve the policy")
    page.locator(f"input[name='q{policy.pk}-action_owner']").fill("Headteacher")
    page.locator(f"input[name='q{policy.pk}-action_due_on-day']").fill("31")
    page.locator(f"input[name='q{policy.pk}-action_due_on-month']").fill("3")
    page.locator(f"input[name='q{policy.pk}-action_due_on-year']").fill("2018")
    for _ in range(version.standards.count() - 1):
        page.get_by_role("button", name="Save and continue").click()
        expect(page.locator("h1")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Save as draft and return to the list").click()
    expect(page.locator(".govuk-task-list")).not_to_contain_text("Carried forward")

    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator("main")).to_contain_text("return has been submitted")
    check_page(page)
    audit_return.refresh_from_db()
    assert audit_return.status == ReturnStatus.SUBMITTED
    assert audit_return.answers.get(question=policy).action_owner == "Headteacher"
