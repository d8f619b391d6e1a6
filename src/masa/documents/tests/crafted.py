"""Files built for the upload tests: good ones carrying personal metadata, and hostile ones.

Nothing here is a binary fixture: every file is made by the code below, small, each time.
The EICAR test string is put together from two halves so that this source file is not itself
flagged by a virus scanner on a developer's machine.
"""

from __future__ import annotations

import io
import zipfile

AUTHOR = "Jane Q Author"
EDITOR = "Jim R Editor"
SECRET = "Case reference 4471"
EICAR = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*").encode()

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def pdf_with_metadata(text_marker: str = "") -> bytes:
    """A one-page PDF with an author in its document information and in XMP."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": AUTHOR, "/Title": "Board paper", "/Keywords": SECRET})
    writer.xmp_metadata = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator>{AUTHOR}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue() + (f"\n% {text_marker}\n".encode() if text_marker else b"")


def _content_types(main: str, *, custom: bool = True) -> str:
    overrides = [
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>',
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>',
    ]
    if custom:
        overrides.append(
            '<Override PartName="/docProps/custom.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>"
    )


_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/custom-properties" Target="docProps/custom.xml"/>'
    "</Relationships>"
)
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>Board paper</dc:title>"
    f"<dc:creator>{AUTHOR}</dc:creator><cp:lastModifiedBy>{EDITOR}</cp:lastModifiedBy>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2016-07-01T09:00:00Z</dcterms:created>'
    "</cp:coreProperties>"
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    'docPropsVTypes"><Application>Microsoft Office Word</Application>'
    "<Company>Testshire Council</Company><Manager>Mo Manager</Manager></Properties>"
)
_CUSTOM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
    f'name="Reference"><vt:lpwstr>{SECRET}</vt:lpwstr></property></Properties>'
)


def _document(text: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )


def office(
    *,
    main: str = DOCX_MAIN,
    document: bytes | str = "",
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A minimal Word document (or another Office type, by `main`) with personal metadata."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", _content_types(main))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document or _document("Minutes of the board"))
        archive.writestr("docProps/core.xml", _CORE)
        archive.writestr("docProps/app.xml", _APP)
        archive.writestr("docProps/custom.xml", _CUSTOM)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return output.getvalue()


def zip_bomb_docx(megabytes: int = 30) -> bytes:
    """A .docx whose document part unpacks from a few kilobytes to `megabytes` of zeros."""
    return office(document=b"\0" * (megabytes * 1024 * 1024))


def small_zip() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("run.bat", "echo hello")
    return output.getvalue()


def windows_executable() -> bytes:
    """The start of a Windows program: the MZ header and the DOS stub's message."""
    header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 44
    return header + b"\x0e\x1f\xba\x0e\x00\xb4\t\xcd!This program cannot be run in DOS mode.\r\n"


def jpeg_with_exif() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (32, 24), (30, 90, 160))
    exif = Image.Exif()
    exif[0x013B] = AUTHOR  # Artist
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8298] = SECRET  # Copyright
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif.tobytes(), comment=SECRET.encode())
    return output.getvalue()


def png_with_text() -> bytes:
    from PIL import Image, PngImagePlugin

    image = Image.new("RGB", (16, 16), (200, 10, 10))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", AUTHOR)
    output = io.BytesIO()
    image.save(output, "PNG", pnginfo=info)
    return output.getvalue()


def zip_starting_with_a_pdf() -> bytes:
    """A Word document whose first entry, stored uncompressed, is a PDF: PDF readers find
    `%PDF-` in the first kilobyte, ZIP readers find the Word document."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.pdf", pdf_with_metadata())
        with zipfile.ZipFile(io.BytesIO(office())) as document:
            for entry in document.infolist():
                archive.writestr(entry.filename, document.read(entry))
    return output.getvalue()
