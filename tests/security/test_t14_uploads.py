"""SECURITY.md T14: uploads. A type allowlist by magic bytes, size and zip-bomb limits, storage
outside the web root, downloads only through an authorised view as attachments, metadata
stripped, and a virus scan that fails closed: tested with crafted files and ClamAV run for
real against the small signature database shipped in src/masa/documents/clamav/.

Every refusal is checked the same way: the service raises with a reason code, the audit trail
records that code (never the file or its name), no paper row exists and nothing was written
under the upload root.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve
from PIL import Image

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.documents import uploads
from masa.documents.models import Paper
from masa.documents.papers import UploadRefused, paper_upload
from masa.documents.tests import crafted
from masa.partnership.meetings import agenda_item_add, meeting_create
from masa.partnership.models import Group


@pytest.fixture(autouse=True)
def upload_root(settings, tmp_path) -> Path:
    settings.MASA_UPLOAD_ROOT = tmp_path / "uploads"
    return settings.MASA_UPLOAD_ROOT


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, full_name="Bea Manager")


@pytest.fixture
def item(world, manager):
    group = Group.objects.create(partnership=world.partnership, name="Board", kind="executive")
    meeting = meeting_create(
        actor=manager,
        group=group,
        held_on=datetime.date(2016, 7, 19),
        title="Meeting of the board",
        expected=[world.own],
    )
    return agenda_item_add(actor=manager, meeting=meeting, title="Budget 2016/17")


def upload(manager, item, data: bytes, name: str = "paper.pdf") -> Paper:
    return paper_upload(
        actor=manager, agenda_item=item, title="A paper", file=io.BytesIO(data), filename=name
    )


def stored_files(root: Path) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


def assert_refused(manager, item, upload_root, data: bytes, name: str, reason: str) -> str:
    with pytest.raises(UploadRefused) as refused:
        upload(manager, item, data, name)
    assert refused.value.code == reason, refused.value.message
    assert not Paper.objects.exists()
    assert stored_files(upload_root) == []
    event = AuditEvent.objects.filter(action="documents.upload_refused").latest("id")
    assert event.detail == {"agenda_item": item.pk, "reason": reason}
    assert name not in str(event.detail)
    return refused.value.message


# -- The type, by content ------------------------------------------------------------------


def test_a_renamed_windows_program_is_refused_whatever_its_name(manager, item, upload_root):
    for name in ("minutes.pdf", "minutes.docx", "minutes.txt", "photo.jpg"):
        message = assert_refused(
            manager, item, upload_root, crafted.windows_executable(), name, "type_not_allowed"
        )
    assert message.startswith("The selected file must be a PDF")


def test_other_types_are_refused_even_with_an_allowed_extension(manager, item, upload_root):
    elf = b"\x7fELF\x02\x01\x01\x00" + b"\0" * 56
    for data in (elf, crafted.small_zip(), b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"):
        assert_refused(manager, item, upload_root, data, "paper.pdf", "type_not_allowed")


def test_a_macro_enabled_office_file_is_refused(manager, item, upload_root):
    docm = crafted.office(main="application/vnd.ms-word.document.macroEnabled.main+xml")
    assert_refused(manager, item, upload_root, docm, "paper.docx", "type_not_allowed")
    with_macros = crafted.office(extra={"word/vbaProject.bin": b"\0" * 64})
    assert_refused(manager, item, upload_root, with_macros, "paper.docx", "macros")


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: crafted.pdf_with_metadata() + crafted.small_zip(), id="PDF+ZIP"),
        pytest.param(lambda: crafted.jpeg_with_exif() + crafted.small_zip(), id="JPEG+ZIP"),
        pytest.param(lambda: crafted.png_with_text() + crafted.small_zip(), id="PNG+ZIP"),
        pytest.param(crafted.zip_starting_with_a_pdf, id="Word document starting with a PDF"),
    ],
)
def test_a_polyglot_is_refused(make, manager, item, upload_root):
    data = make()
    if data.startswith(b"PK"):  # PDF readers look for their header in the first kilobyte
        assert b"%PDF-" in data[:1024]
    assert_refused(manager, item, upload_root, data, "paper.pdf", "polyglot")


def test_text_must_be_utf8_without_nul_bytes(manager, item, upload_root):
    assert_refused(manager, item, upload_root, "Café".encode("cp1252"), "a.txt", "not_utf8")
    assert_refused(manager, item, upload_root, b"a,b\n1,\x00\n", "a.csv", "type_not_allowed")
    assert upload(manager, item, "naïve,café\n".encode(), "a.csv").kind == "csv"


# -- Size and zip-bomb limits --------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused(settings, manager, item, upload_root):
    settings.MASA_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    message = assert_refused(
        manager, item, upload_root, b"a" * (2 * 1024 * 1024 + 1), "big.txt", "too_large"
    )
    assert message == "The selected file must be smaller than 2 MB"
    assert upload(manager, item, b"a" * (2 * 1024 * 1024), "fits.txt").size == 2 * 1024 * 1024


def test_an_oversize_file_through_the_form_is_refused_with_the_limit_named(settings, manager, item):
    settings.MASA_UPLOAD_MAX_BYTES = 1024 * 1024
    response = signed_in_client(manager).post(
        f"/meetings/agenda-items/{item.pk}/add-paper/",
        {"title": "Big", "file": SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 10))},
    )
    assert response.status_code == 400
    assert "The selected file must be smaller than 1 MB" in response.content.decode()
    assert "Smaller than 1 MB." in response.content.decode()


def test_a_zip_bomb_disguised_as_a_word_document_is_refused(manager, item, upload_root):
    bomb = crafted.zip_bomb_docx(megabytes=30)
    assert len(bomb) < 200 * 1024
    assert_refused(manager, item, upload_root, bomb, "minutes.docx", "archive_limits")


def test_an_office_file_unpacking_past_the_total_limit_is_refused(
    settings, manager, item, upload_root
):
    settings.MASA_UPLOAD_MAX_UNCOMPRESSED_BYTES = 512 * 1024
    settings.MASA_UPLOAD_MAX_COMPRESSION_RATIO = 10_000
    spread = crafted.office(extra={f"word/media/part{n}.xml": b"<a/>" * 40_000 for n in range(5)})
    assert_refused(manager, item, upload_root, spread, "minutes.docx", "archive_limits")


def test_an_office_file_with_too_many_entries_is_refused(settings, manager, item, upload_root):
    settings.MASA_UPLOAD_MAX_ZIP_ENTRIES = 20
    crowded = crafted.office(extra={f"customXml/item{n}.xml": b"<a/>" for n in range(20)})
    assert_refused(manager, item, upload_root, crowded, "minutes.docx", "archive_limits")


def test_an_archive_inside_an_office_file_is_refused(manager, item, upload_root):
    hidden = crafted.office(extra={"word/embeddings/object1.bin": crafted.small_zip()})
    named = crafted.office(extra={"word/embeddings/data.zip": b"anything"})
    for data in (hidden, named):
        message = assert_refused(manager, item, upload_root, data, "m.docx", "nested_archive")
        assert message.startswith("The selected file has another file inside it")


def test_an_image_with_too_many_pixels_is_refused(settings, manager, item, upload_root):
    settings.MASA_UPLOAD_MAX_IMAGE_PIXELS = 100 * 100
    output = io.BytesIO()
    Image.new("L", (200, 200)).save(output, "PNG")
    assert_refused(manager, item, upload_root, output.getvalue(), "a.png", "archive_limits")


# -- The virus scan, failing closed --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("eicar.txt", lambda: crafted.EICAR),
        ("minutes.docx", lambda: crafted.office(document=crafted.EICAR)),
        ("minutes.pdf", lambda: crafted.pdf_with_metadata(text_marker=crafted.EICAR.decode())),
    ],
)
def test_the_eicar_test_virus_inside_an_allowed_type_is_refused(
    name, make, manager, item, upload_root
):
    data = make()
    assert uploads.detect_kind(data, name=name) in uploads.ALL_KINDS  # an allowed type
    message = assert_refused(manager, item, upload_root, data, name, "virus")
    assert message == "The selected file contains a virus"


def _fake_scanner(tmp_path: Path, script: str) -> str:
    program = tmp_path / "fake-clamscan"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)
    return str(program)


@pytest.mark.parametrize(
    "breakage",
    [
        "no scanner program",
        "no signature database",
        "an empty signature database",
        "a scanner that times out",
        "a scanner that fails",
        "a clamd socket nobody listens on",
    ],
)
def test_without_a_working_scanner_nothing_is_stored(
    breakage, settings, tmp_path, manager, item, upload_root
):
    if breakage == "no scanner program":
        settings.MASA_CLAMSCAN = str(tmp_path / "no-such-clamscan")
    elif breakage == "no signature database":
        settings.MASA_CLAMAV_DATABASE = str(tmp_path / "no-such-database")
    elif breakage == "an empty signature database":
        (tmp_path / "empty").mkdir()
        settings.MASA_CLAMAV_DATABASE = str(tmp_path / "empty")
    elif breakage == "a scanner that times out":
        settings.MASA_CLAMSCAN = _fake_scanner(tmp_path, "sleep 5")
        settings.MASA_CLAMAV_TIMEOUT_SECONDS = 0.5
    elif breakage == "a scanner that fails":
        settings.MASA_CLAMSCAN = _fake_scanner(tmp_path, "echo 'LibClamAV Error' >&2; exit 2")
    else:
        settings.MASA_CLAMD_SOCKET = str(tmp_path / "clamd.sock")
    clean = crafted.pdf_with_metadata()
    message = assert_refused(manager, item, upload_root, clean, "m.pdf", "scanner_unavailable")
    assert "could not be checked for viruses" in message


def test_in_production_the_default_is_freshclams_database(settings, tmp_path):
    """Outside demo mode the shipped test signatures are never used: without freshclam's
    database (absent on this machine) uploads are refused."""
    settings.MASA_DEMO_MODE = False
    settings.DEBUG = False
    assert uploads.signature_database() == Path("/var/lib/clamav")
    settings.MASA_CLAMAV_DATABASE = str(tmp_path / "no-such-database")
    with pytest.raises(UploadRefused) as refused:
        uploads.scan_for_viruses(b"hello")
    assert refused.value.code == "scanner_unavailable"


def test_the_scanner_being_down_is_explained_on_the_form(settings, tmp_path, manager, item):
    settings.MASA_CLAMSCAN = str(tmp_path / "no-such-clamscan")
    response = signed_in_client(manager).post(
        f"/meetings/agenda-items/{item.pk}/add-paper/",
        {"title": "Board minutes", "file": SimpleUploadedFile("m.txt", b"Minutes")},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "could not be checked for viruses, so it has not been uploaded" in body
    assert 'value="Board minutes"' in body


# -- Metadata stripped ---------------------------------------------------------------------


def stored_bytes(paper: Paper) -> bytes:
    return uploads.stored_path(paper.stored_name).read_bytes()


def test_pdf_document_information_and_xmp_are_removed(manager, item):
    original = crafted.pdf_with_metadata()
    assert crafted.AUTHOR.encode() in original
    paper = upload(manager, item, original, "m.pdf")
    kept = stored_bytes(paper)

    assert crafted.AUTHOR.encode() not in kept
    assert crafted.SECRET.encode() not in kept
    assert b"/Metadata" not in kept
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(kept))
    assert len(reader.pages) == 1
    assert not reader.metadata
    assert reader.xmp_metadata is None


def test_office_author_editor_and_custom_properties_are_removed(manager, item):
    paper = upload(manager, item, crafted.office(), "m.docx")
    with zipfile.ZipFile(io.BytesIO(stored_bytes(paper))) as kept:
        names = kept.namelist()
        everything = b"".join(kept.read(name) for name in names)
        core = kept.read("docProps/core.xml").decode()
        app = kept.read("docProps/app.xml").decode()
        types = kept.read("[Content_Types].xml").decode()
        relationships = kept.read("_rels/.rels").decode()
    assert "docProps/custom.xml" not in names
    assert "custom.xml" not in types and "custom.xml" not in relationships
    for personal in (crafted.AUTHOR, crafted.EDITOR, crafted.SECRET, "Testshire Council"):
        assert personal.encode() not in everything
    assert "<dc:creator></dc:creator>" in core
    assert "<cp:lastModifiedBy></cp:lastModifiedBy>" in core
    assert "<dc:title>Board paper</dc:title>" in core  # the title is the paper, not a person
    assert "<Company></Company>" in app
    assert b"Minutes of the board" in everything


def test_jpeg_exif_and_comments_are_removed_and_png_text_too(manager, item):
    original = crafted.jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()
    jpeg = upload(manager, item, original, "photo.jpg")
    kept = stored_bytes(jpeg)
    assert kept.startswith(b"\xff\xd8\xff")
    for personal in (crafted.AUTHOR, crafted.SECRET, "Camera maker"):
        assert personal.encode() not in kept
    image = Image.open(io.BytesIO(kept))
    assert not image.getexif()
    assert "comment" not in image.info
    assert image.size == (32, 24)

    png = upload(manager, item, crafted.png_with_text(), "chart.png")
    assert crafted.AUTHOR.encode() not in stored_bytes(png)


def test_the_recorded_hash_is_of_the_stored_bytes(manager, item):
    import hashlib

    paper = upload(manager, item, crafted.pdf_with_metadata(), "m.pdf")
    assert paper.sha256 == hashlib.sha256(stored_bytes(paper)).hexdigest()
    assert paper.size == len(stored_bytes(paper))


# -- Storage and download ------------------------------------------------------------------


def test_files_are_kept_outside_anything_served_under_random_names(
    settings, manager, item, upload_root
):
    paper = upload(manager, item, b"Minutes\n", "Jane Smith minutes.txt")
    path = uploads.stored_path(paper.stored_name)

    assert path.is_file()
    assert path.is_relative_to(Path(upload_root).resolve())
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert "Jane" not in str(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    # The default, with no setting: var/uploads, beside (not inside) the static files.
    del settings.MASA_UPLOAD_ROOT
    default = uploads.upload_root()
    assert default == (Path(settings.VAR_DIR) / "uploads").resolve()
    assert not default.is_relative_to(Path(settings.STATIC_ROOT).resolve())


def test_an_upload_root_inside_the_static_files_refuses_every_upload(
    settings, manager, item, upload_root
):
    settings.MASA_UPLOAD_ROOT = Path(settings.STATIC_ROOT) / "uploads"
    with pytest.raises(UploadRefused) as refused:
        upload(manager, item, b"Minutes\n", "m.txt")
    assert refused.value.code == "storage_misconfigured"
    assert not (Path(settings.STATIC_ROOT) / "uploads").exists()


def test_the_stored_file_is_reachable_through_the_download_view_only(manager, item, upload_root):
    paper = upload(manager, item, b"Minutes\n", "m.txt")
    name = paper.stored_name
    relative = uploads.stored_path(name).relative_to(Path(upload_root).resolve())
    client = signed_in_client(manager)
    guesses = [
        f"/{name}",
        f"/{relative}",
        f"/uploads/{relative}",
        f"/static/{relative}",
        f"/static/uploads/{relative}",
        f"/static/../uploads/{relative}",
        f"/media/{relative}",
        f"/var/uploads/{relative}",
    ]
    for url in guesses:
        try:
            match = resolve(url)
        except Resolver404:
            match = None
        assert match is None or match.url_name != "paper-download", url
        assert client.get(url).status_code == 404, url
    assert client.get(f"/papers/{paper.pk}/download/").status_code == 200


def test_download_by_someone_who_cannot_see_the_meeting_is_404_without_the_permission_403(
    world, manager, item
):
    paper = upload(manager, item, b"Minutes\n", "m.txt")
    url = f"/papers/{paper.pk}/download/"
    other_agency_lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.other)
    other_partnership = make_member(Role.BUSINESS_MANAGER, world.outside_partnership)
    practitioner = make_member(Role.PRACTITIONER, world.own)

    assert signed_in_client(other_agency_lead).get(url).status_code == 404
    assert signed_in_client(other_partnership).get(url).status_code == 404
    assert signed_in_client(practitioner).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to sign in
    assert not AuditEvent.objects.filter(action="paper.read").exists()


def test_a_download_is_an_attachment_the_browser_may_not_render(manager, item):
    paper = upload(manager, item, crafted.png_with_text(), "Jane\u202egnp.html")
    response = signed_in_client(manager).get(f"/papers/{paper.pk}/download/")

    assert response["Content-Disposition"] == f'attachment; filename="paper-{paper.pk}.png"'
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert policy.startswith("sandbox; default-src 'none'")
    assert "frame-ancestors 'none'" in policy
    assert paper.original_filename == "Janegnp.html"  # no direction-changing character kept
