"""The XLSX export: one visible sheet per table, no formulas, no defined names, properties
naming only the partnership, figures matching the CSV; and never another organisation's data
for a viewer who may not see it (T9): whole cycles export only for those who read across the
partnership, an organisation exports its own return."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.audits import services
from masa.audits.tests.helpers import complete_answers, invitation, small_framework, start_cycle
from masa.core.roles import Role


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own)


@pytest.fixture
def cycle(world, manager):
    cycle = start_cycle(
        manager, small_framework(manager, world.partnership), [world.own, world.other]
    )
    for organisation, grade in ((world.own, "requires_improvement"), (world.other, "good")):
        lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, organisation)
        audit_return = services.return_start(actor=lead, invitation=invitation(cycle, organisation))
        complete_answers(lead, audit_return, grade)
        first = audit_return.answers.order_by("question_id").first()
        services.answers_save(
            actor=lead,
            audit_return=audit_return,
            answers={
                first.question_id: {
                    "grade": grade,
                    "narrative": '=HYPERLINK("http://evil.example","x")',
                    "action_what": "=1+1",
                    "action_owner": "@owner",
                    "action_due_on": first.action_due_on,
                }
            },
        )
        services.return_set_overall(actor=lead, audit_return=audit_return, grade=grade)
        services.return_submit(actor=lead, audit_return=audit_return)
    return cycle


def _book(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_the_xlsx_has_visible_sheets_no_formulas_and_no_author(cycle, manager, world):
    book = _book(signed_in_client(manager).get(f"/audits/cycles/{cycle.pk}/export.xlsx"))
    assert book.sheetnames == ["Returns and grades", "Answers", "Actions"]
    assert {sheet.sheet_state for sheet in book.worksheets} == {"visible"}
    assert len(book.defined_names) == 0
    properties = book.properties
    assert properties.creator == world.partnership.name
    assert not properties.lastModifiedBy and not properties.title
    assert not properties.subject and not properties.keywords and not properties.description
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    answers = book["Answers"]
    comments = [row[7] for row in answers.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://evil.example","x")' in comments  # kept as text
    actions = list(book["Actions"].iter_rows(min_row=2, values_only=True))
    assert ("=1+1", "@owner") in [(row[3], row[4]) for row in actions]


def test_the_xlsx_figures_match_the_csv(cycle, manager):
    client = signed_in_client(manager)
    book = _book(client.get(f"/audits/cycles/{cycle.pk}/export.xlsx"))
    csv_rows = list(
        csv.reader(
            io.StringIO(client.get(f"/audits/cycles/{cycle.pk}/export.csv").content.decode())
        )
    )
    sheet_rows = [
        ["" if v is None else str(v) for v in row]
        for row in book["Returns and grades"].iter_rows(values_only=True)
    ]
    assert sheet_rows == csv_rows
    assert [row[3] for row in sheet_rows[1:]] == ["Requires improvement", "Good"]
    # Every graded answer of the cycle appears once on the Answers sheet.
    assert book["Answers"].max_row - 1 == 2 * 3


def test_an_organisation_exports_only_its_own_return(cycle, world):
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    client = signed_in_client(lead)
    # A whole cycle is for those who read across the partnership.
    assert client.get(f"/audits/cycles/{cycle.pk}/export.xlsx").status_code == 404
    own = invitation(cycle, world.own).audit_return
    other = invitation(cycle, world.other).audit_return
    book = _book(client.get(f"/audits/returns/{own.pk}/export.xlsx"))
    names = {
        row[0] for sheet in book.worksheets for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert names == {world.own.name}
    assert world.other.name not in repr(
        [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
    )
    assert client.get(f"/audits/returns/{other.pk}/export.xlsx").status_code == 404
    outsider = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    elsewhere = signed_in_client(outsider)
    assert elsewhere.get(f"/audits/cycles/{cycle.pk}/export.xlsx").status_code == 404
    assert elsewhere.get(f"/audits/returns/{own.pk}/export.xlsx").status_code == 404
