"""Papers on agenda items: the meeting page, the upload form, download, removal, the API,
scoping through the meeting, the audit trail and constant queries."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.documents import uploads
from masa.documents.models import Paper
from masa.documents.papers import paper_remove, paper_upload
from masa.documents.tests import crafted
from masa.partnership.meetings import agenda_item_add, meeting_create
from masa.partnership.models import Group


@pytest.fixture(autouse=True)
def upload_root(settings, tmp_path):
    settings.MASA_UPLOAD_ROOT = tmp_path / "uploads"
    return settings.MASA_UPLOAD_ROOT


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, full_name="Bea Manager")


@pytest.fixture
def meeting(world, manager):
    group = Group.objects.create(partnership=world.partnership, name="Board", kind="executive")
    return meeting_create(
        actor=manager,
        group=group,
        held_on=datetime.date(2016, 7, 19),
        title="Meeting of the board",
        expected=[world.own],
    )


@pytest.fixture
def item(meeting, manager):
    return agenda_item_add(actor=manager, meeting=meeting, title="Budget 2016/17")


def _upload(manager, item, data=b"Minutes of the board.\n", name="minutes.txt", title="Minutes"):
    return paper_upload(
        actor=manager, agenda_item=item, title=title, file=io.BytesIO(data), filename=name
    )


def _stored(paper: Paper) -> bytes:
    return uploads.stored_path(paper.stored_name).read_bytes()


def test_a_paper_is_stored_under_a_random_name_with_its_hash_and_audited(manager, item):
    paper = _upload(manager, item, name="Jane Smith's notes.txt")

    assert paper.stored_name not in {"Jane Smith's notes.txt", "minutes.txt"}
    assert len(paper.stored_name) == 32
    assert _stored(paper) == b"Minutes of the board.\n"
    assert paper.kind == "text"
    assert paper.size == 22
    assert paper.original_filename == "Jane Smith's notes.txt"
    event = AuditEvent.objects.get(action="documents.paper_uploaded")
    assert event.object_id == str(paper.pk)
    assert event.detail["sha256"] == paper.sha256
    assert "Jane" not in str(event.detail)


def test_the_meeting_page_lists_papers_under_their_agenda_item_with_links(manager, meeting, item):
    paper = _upload(manager, item)
    page = signed_in_client(manager).get(f"/meetings/{meeting.pk}/")

    body = page.content.decode()
    assert page.status_code == 200
    assert f'href="/papers/{paper.pk}/download/"' in body
    assert "Minutes" in body and "Plain text" in body
    assert f'action="/papers/{paper.pk}/remove/"' in body
    assert f'href="/meetings/agenda-items/{item.pk}/add-paper/"' in body


def test_an_agency_lead_sees_papers_but_no_upload_or_remove(world, manager, meeting, item):
    _upload(manager, item)
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    body = signed_in_client(lead).get(f"/meetings/{meeting.pk}/").content.decode()

    assert "/download/" in body
    assert "/remove/" not in body
    assert "/add-paper/" not in body


def test_the_meeting_page_reads_papers_in_constant_queries(manager, meeting, item):
    second = agenda_item_add(actor=manager, meeting=meeting, title="Risks")
    _upload(manager, item)
    client = signed_in_client(manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
        return len(captured)

    few = queries()
    for number in range(9):
        _upload(manager, item if number % 2 else second, title=f"Paper {number}")
        agenda_item_add(actor=manager, meeting=meeting, title=f"Item {number}")
    assert queries() == few


def test_uploading_through_the_form(manager, meeting, item):
    client = signed_in_client(manager)
    form = client.get(f"/meetings/agenda-items/{item.pk}/add-paper/")
    assert form.status_code == 200
    assert b'enctype="multipart/form-data"' in form.content
    assert b'class="govuk-file-upload' in form.content

    response = client.post(
        f"/meetings/agenda-items/{item.pk}/add-paper/",
        {
            "title": "Budget report",
            "file": SimpleUploadedFile("budget.pdf", crafted.pdf_with_metadata()),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    paper = Paper.objects.get()
    assert (paper.title, paper.kind, paper.original_filename) == (
        "Budget report",
        "pdf",
        "budget.pdf",
    )


def test_a_refused_file_keeps_the_title_and_shows_the_govuk_errors(manager, item):
    client = signed_in_client(manager)
    response = client.post(
        f"/meetings/agenda-items/{item.pk}/add-paper/",
        {
            "title": "Budget report",
            "file": SimpleUploadedFile("budget.pdf", crafted.windows_executable()),
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert '<a href="#id_file">The selected file must be a PDF' in body
    assert 'id="id_file-error"' in body and "govuk-form-group--error" in body
    assert "govuk-file-upload--error" in body
    assert 'value="Budget report"' in body
    assert "<title>Error: " in body
    assert not Paper.objects.exists()
    refused = AuditEvent.objects.get(action="documents.upload_refused")
    assert refused.detail == {"agenda_item": item.pk, "reason": "type_not_allowed"}


def test_the_form_asks_for_a_title_and_a_file(manager, item):
    response = signed_in_client(manager).post(
        f"/meetings/agenda-items/{item.pk}/add-paper/", {"title": "  "}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter the title of the paper" in body
    assert "Select a file" in body


def test_someone_who_may_not_manage_the_meeting_cannot_upload(world, manager, item):
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    other_manager = make_member(Role.BUSINESS_MANAGER, world.outside_partnership)
    url = f"/meetings/agenda-items/{item.pk}/add-paper/"
    assert signed_in_client(lead).get(url).status_code == 403
    assert signed_in_client(other_manager).get(url).status_code == 404
    posted = signed_in_client(other_manager).post(
        url, {"title": "x", "file": SimpleUploadedFile("a.txt", b"hello")}
    )
    assert posted.status_code == 404
    assert not Paper.objects.exists()


def test_downloading_is_an_attachment_named_by_id_and_audited_as_a_read(world, manager, item):
    paper = _upload(manager, item, name="Jane Smith.txt")
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    response = signed_in_client(lead).get(f"/papers/{paper.pk}/download/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Minutes of the board.\n"
    assert response["Content-Disposition"] == f'attachment; filename="paper-{paper.pk}.txt"'
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert "no-store" in response["Cache-Control"]
    read = AuditEvent.objects.filter(action="paper.read").get()
    assert (read.actor_id, read.object_id) == (lead.pk, str(paper.pk))


def test_removing_deletes_the_file_and_keeps_the_row(
    manager, meeting, item, django_capture_on_commit_callbacks
):
    paper = _upload(manager, item)
    path = uploads.stored_path(paper.stored_name)
    client = signed_in_client(manager)
    assert client.get(f"/papers/{paper.pk}/remove/").status_code == 405

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/papers/{paper.pk}/remove/")
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    paper.refresh_from_db()
    assert paper.removed_at is not None and paper.removed_by == manager
    assert not path.exists()
    assert AuditEvent.objects.filter(action="documents.paper_removed", object_id=str(paper.pk))
    assert client.get(f"/papers/{paper.pk}/download/").status_code == 404
    assert b"/download/" not in client.get(f"/meetings/{meeting.pk}/").content


def test_an_agency_lead_cannot_remove(world, manager, item):
    paper = _upload(manager, item)
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    assert signed_in_client(lead).post(f"/papers/{paper.pk}/remove/").status_code == 403
    assert uploads.stored_path(paper.stored_name).exists()


def test_removing_twice_changes_nothing_the_second_time(manager, item):
    paper = _upload(manager, item)
    first = paper_remove(actor=manager, paper=paper)
    again = paper_remove(actor=manager, paper=paper)
    assert again.removed_at == first.removed_at
    assert AuditEvent.objects.filter(action="documents.paper_removed").count() == 1


# -- The API -------------------------------------------------------------------------------


def test_the_api_lists_and_reads_papers_of_visible_meetings(world, manager, item):
    paper = _upload(manager, item)
    client = signed_in_client(manager)
    listing = client.get("/api/v1/papers/")
    assert listing.status_code == 200
    (row,) = listing.json()["results"]
    assert row["id"] == paper.pk
    assert row["agenda_item"] == item.pk
    assert row["meeting"] == item.meeting_id
    assert row["kind"] == "text"
    assert row["download_url"] == f"/papers/{paper.pk}/download/"
    assert "stored_name" not in row
    assert client.get(f"/api/v1/papers/{paper.pk}/").json()["sha256"] == paper.sha256

    outsider = make_member(Role.BUSINESS_MANAGER, world.outside_partnership)
    assert signed_in_client(outsider).get("/api/v1/papers/").json()["results"] == []
    assert signed_in_client(outsider).get(f"/api/v1/papers/{paper.pk}/").status_code == 404


def test_the_api_uploads_through_the_same_checks(world, manager, item):
    client = signed_in_client(manager)
    created = client.post(
        "/api/v1/papers/",
        {
            "agenda_item": item.pk,
            "title": "Report",
            "file": SimpleUploadedFile("r.docx", crafted.office()),
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "docx"
    assert AuditEvent.objects.filter(action="documents.paper_uploaded").count() == 1

    refused = client.post(
        "/api/v1/papers/",
        {
            "agenda_item": item.pk,
            "title": "Bomb",
            "file": SimpleUploadedFile("b.docx", crafted.zip_bomb_docx()),
        },
    )
    assert refused.status_code == 400
    assert "too large or too complicated" in refused.json()["fields"]["file"][0]

    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    denied = signed_in_client(lead).post(
        "/api/v1/papers/",
        {"agenda_item": item.pk, "title": "x", "file": SimpleUploadedFile("a.txt", b"x")},
    )
    assert denied.status_code == 403
    outsider = make_member(Role.BUSINESS_MANAGER, world.outside_partnership)
    elsewhere = signed_in_client(outsider).post(
        "/api/v1/papers/",
        {"agenda_item": item.pk, "title": "x", "file": SimpleUploadedFile("a.txt", b"x")},
    )
    assert elsewhere.status_code == 400
    assert "agenda_item" in elsewhere.json()["fields"]
    assert Paper.objects.count() == 1
    assert client.patch(f"/api/v1/papers/{Paper.objects.get().pk}/", {}).status_code == 405


def test_the_api_list_reads_in_constant_queries(manager, item):
    client = signed_in_client(manager)
    _upload(manager, item)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/papers/").status_code == 200
        return len(captured)

    few = queries()
    for number in range(9):
        _upload(manager, item, title=f"Paper {number}")
    assert queries() == few
