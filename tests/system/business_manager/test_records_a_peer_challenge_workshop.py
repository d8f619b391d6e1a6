"""The business manager records a Section 11 peer challenge workshop: the workshop, who
challenged which return and the outcome (a grade changed at the challenge), a follow-up action
that cannot close without evidence; then reads the common themes in the returns' comments and
downloads the results as XLSX."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from masa.accounts.tests.factories import make_member, make_organisation
from masa.audits import services
from masa.audits.models import PeerChallengeAction
from masa.audits.tests.helpers import complete_answers, invitation, small_framework, start_cycle
from masa.core.roles import Role

pytestmark = pytest.mark.browser


def _submitted(cycle, organisation, grade, comment):
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, organisation)
    audit_return = services.return_start(actor=lead, invitation=invitation(cycle, organisation))
    complete_answers(lead, audit_return, grade)
    first = audit_return.answers.order_by("question_id").first()
    services.answers_save(
        actor=lead,
        audit_return=audit_return,
        answers={first.question_id: {"grade": grade, "narrative": comment}},
    )
    services.return_set_overall(actor=lead, audit_return=audit_return, grade=grade)
    services.return_submit(actor=lead, audit_return=audit_return)
    return audit_return


def test_business_manager_records_a_peer_challenge_workshop(
    world, page, base_url, sign_in, check_page
):
    manager = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    police = make_organisation(world.partnership, name="Testshire Police")
    cycle = start_cycle(
        manager, small_framework(manager, world.partnership), [world.own, world.other, police]
    )
    _submitted(cycle, world.own, "outstanding", "The voice of the child is heard at board.")
    _submitted(cycle, world.other, "good", "Recording the voice of the child is a challenge.")
    _submitted(cycle, police, "good", "Leaders review safeguarding reports.")
    sign_in(page, manager)

    page.goto(f"{base_url}/audits/cycles/{cycle.pk}/")
    check_page(page, title="Section 11 2016/17")
    page.get_by_role("link", name="Add a peer challenge workshop").click()
    check_page(page, title="Add a peer challenge workshop")
    page.locator("input[name='held_on-day']").fill("14")
    page.locator("input[name='held_on-month']").fill("6")
    page.locator("input[name='held_on-year']").fill("2017")
    page.get_by_role("button", name="Save the workshop").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter who facilitated the workshop"
    )
    expect(page.locator("input[name='held_on-year']")).to_have_value("2017")
    check_page(page, title="Error: Add a peer challenge workshop")
    page.get_by_label("Facilitator").fill("SSCB business manager")
    page.get_by_role("button", name="Save the workshop").click()
    check_page(page, title="Peer challenge workshop, 14 June 2017")

    page.get_by_role("link", name="Record a challenge").click()
    check_page(page, title="Record a challenge")
    page.get_by_label("Return challenged").select_option(
        label="Testshire NHS Foundation Trust (self grade Outstanding)"
    )
    page.get_by_label("The independent scrutineer or a lay member").check()
    page.get_by_label("Evidence seen").fill("Inspection report; thin evidence on standard 4.")
    page.get_by_role("radio", name="Grade changed").check()
    page.get_by_role("button", name="Save the challenge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the grade agreed at the challenge"
    )
    expect(page.get_by_label("Evidence seen")).to_have_value(
        "Inspection report; thin evidence on standard 4."
    )
    check_page(page)
    page.get_by_label("Grade agreed at the challenge").select_option(label="Good")
    page.get_by_role("button", name="Save the challenge").click()
    check_page(page, title="Peer challenge of Testshire NHS Foundation Trust")
    expect(page.locator("#challenge")).to_contain_text("Grade changed: Good")

    page.get_by_role("link", name="Add a follow-up action").click()
    check_page(page, title="Add a follow-up action")
    page.get_by_label("Action", exact=True).fill("Send the case file audit")
    page.get_by_label("Owner (role or name)").fill("Head of safeguarding")
    page.locator("input[name='due_on-day']").fill("29")
    page.locator("input[name='due_on-month']").fill("9")
    page.locator("input[name='due_on-year']").fill("2017")
    page.get_by_role("button", name="Save the action").click()
    check_page(page, title="Peer challenge of Testshire NHS Foundation Trust")
    expect(page.locator("#actions")).to_contain_text("Overdue")

    page.get_by_role("link", name="Change the action 1").click()
    check_page(page, title="Change the follow-up action")
    page.get_by_role("radio", name="Closed").check()
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the evidence that the action is done before closing it"
    )
    check_page(page)
    page.get_by_label("Evidence that it is done").fill("Audit received on 25 July 2017.")
    page.get_by_role("button", name="Save the action").click()
    check_page(page)
    expect(page.locator("#actions")).not_to_contain_text("Overdue")
    assert PeerChallengeAction.objects.get().status == "closed"

    page.goto(f"{base_url}/audits/cycles/{cycle.pk}/analysis/")
    check_page(page, title="Analysis")
    expect(page.locator("#comment-themes")).to_contain_text("“voice of the child”: 2 returns")

    page.goto(f"{base_url}/audits/cycles/{cycle.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download results (XLSX)").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames == ["Returns and grades", "Answers", "Actions"]
    assert book.properties.creator == world.partnership.name
