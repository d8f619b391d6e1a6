"""The business manager attaches the papers for a board meeting's agenda item: a program
renamed as a PDF is refused with the title kept, a real PDF is accepted, listed under its
item, downloaded as an attachment named by its id, and removed again."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import make_member
from masa.core.roles import Role
from masa.documents.tests import crafted
from masa.partnership.meetings import agenda_item_add, meeting_create
from masa.partnership.models import Group

pytestmark = pytest.mark.browser


def test_business_manager_attaches_papers_to_an_agenda_item(
    page, base_url, world, settings, tmp_path, sign_in, check_page
):
    settings.MASA_UPLOAD_ROOT = tmp_path / "uploads"
    manager = make_member(Role.BUSINESS_MANAGER, world.own, full_name="Bea Manager")
    group = Group.objects.create(partnership=world.partnership, name="Board", kind="executive")
    meeting = meeting_create(
        actor=manager,
        group=group,
        held_on=datetime.date(2016, 7, 19),
        title="Meeting of the board",
        expected=[world.own],
    )
    item = agenda_item_add(actor=manager, meeting=meeting, title="Budget 2016/17")
    (tmp_path / "budget.pdf").write_bytes(crafted.windows_executable())
    (tmp_path / "real.pdf").write_bytes(crafted.pdf_with_metadata())

    sign_in(page, manager)
    page.goto(f"{base_url}/meetings/{meeting.pk}/")
    check_page(page, title="Meeting of the board")
    page.get_by_role("link", name="Add a paper to ‘Budget 2016/17’").click()
    check_page(page, title="Add a paper")

    page.get_by_label("Title of the paper").fill("Budget report for 2016/17")
    page.get_by_label("Upload a file").set_input_files(str(tmp_path / "budget.pdf"))
    page.get_by_role("button", name="Add paper").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The selected file must be a PDF, Word, Excel or PowerPoint file"
    )
    expect(page.get_by_label("Title of the paper")).to_have_value("Budget report for 2016/17")
    check_page(page, title="Error: Add a paper")

    page.get_by_label("Upload a file").set_input_files(str(tmp_path / "real.pdf"))
    page.get_by_role("button", name="Add paper").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The paper ‘Budget report for 2016/17’ has been added"
    )
    check_page(page, title="Meeting of the board")
    link = page.get_by_role(
        "link", name=re.compile(r"^Budget report for 2016\/17\W+download paper$")
    )
    expect(page.locator("main")).to_contain_text("(PDF, ")

    with page.expect_download() as started:
        link.click()
    download = started.value
    assert re.fullmatch(r"paper-\d+\.pdf", download.suggested_filename)
    assert crafted.AUTHOR.encode() not in Path(download.path()).read_bytes()

    page.get_by_role("button", name="Remove the paper ‘Budget report for 2016/17’").click()
    expect(page.locator("main")).to_contain_text("has been removed")
    expect(
        page.get_by_role("link", name=re.compile(r"^Budget report for 2016\/17\W+download paper$"))
    ).to_have_count(0)
    check_page(page, title="Meeting of the board")
    assert item.papers.get().removed_at is not None
