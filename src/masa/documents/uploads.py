"""Safe file uploads (SECURITY.md T14), independent of what the file is attached to.

`check_upload` takes the bytes a person sent and either refuses them with an `UploadRefused`
(a reason code for the audit trail and a sentence for the person) or returns a `CheckedFile`:
the bytes to store, with their metadata stripped, the detected type, size and sha256.
`store` then writes them under the upload root with a random name; `open_stored` and
`delete_stored` read and remove them. Nothing here knows about papers, audits or reviews, so
every feature that takes a file uses the same checks.

The order is deliberate, cheapest and safest first:
1. size (nothing larger than MASA_UPLOAD_MAX_BYTES is read past the limit);
2. type by magic bytes, never by the file name or the browser's content type, with polyglots
   (a PDF or image that is also a ZIP) refused;
3. for Office files, the ZIP limits: entries, total uncompressed size, compression ratio,
   nested archives, encryption and macros;
4. the virus scan, which fails closed: no scanner, no signatures, a timeout or any error
   refuses the upload;
5. metadata stripped by rewriting the file (PDF document info and XMP; Office author fields
   and custom properties; images re-encoded without EXIF), which also drops anything
   appended to the file.

Settings (read when used, each with a default):
- MASA_UPLOAD_ROOT: where files are kept (default VAR_DIR/uploads); it must not be inside
  STATIC_ROOT, MEDIA_ROOT or a STATICFILES_DIRS entry, or every upload is refused;
- MASA_UPLOAD_MAX_BYTES (20 MB), MASA_UPLOAD_MAX_ZIP_ENTRIES (1,000),
  MASA_UPLOAD_MAX_UNCOMPRESSED_BYTES (200 MB), MASA_UPLOAD_MAX_COMPRESSION_RATIO (100),
  MASA_UPLOAD_MAX_IMAGE_PIXELS (50 million);
- MASA_CLAMSCAN (the clamscan program, default "clamscan"), MASA_CLAMAV_DATABASE (the
  signature directory: freshclam's /var/lib/clamav by default; in demo mode the small test
  database shipped beside this module), MASA_CLAMAV_TIMEOUT_SECONDS (60);
- MASA_CLAMD_SOCKET: when set, files are streamed to a clamd daemon on this Unix socket
  instead of starting clamscan for each file.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import shutil
import socket
import struct
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from django.conf import settings
from django.utils.text import get_valid_filename

MB = 1024 * 1024
SHIPPED_SIGNATURES = Path(__file__).resolve().parent / "clamav"
FRESHCLAM_DATABASE = Path("/var/lib/clamav")
_STORED_NAME = re.compile(r"^[0-9a-f]{32}$")


class Kind(StrEnum):
    """The file types MASA accepts, each recognised by its content."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    PNG = "png"
    JPEG = "jpeg"
    TEXT = "text"
    CSV = "csv"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def extension(self) -> str:
        return {Kind.JPEG: "jpg", Kind.TEXT: "txt"}.get(self, self.value)

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[self]


_LABELS = {
    Kind.PDF: "PDF",
    Kind.DOCX: "Word document",
    Kind.XLSX: "Excel spreadsheet",
    Kind.PPTX: "PowerPoint presentation",
    Kind.PNG: "PNG image",
    Kind.JPEG: "JPEG image",
    Kind.TEXT: "Plain text",
    Kind.CSV: "CSV",
}
_CONTENT_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    Kind.PNG: "image/png",
    Kind.JPEG: "image/jpeg",
    Kind.TEXT: "text/plain; charset=utf-8",
    Kind.CSV: "text/csv; charset=utf-8",
}
# The main part each Office type declares in [Content_Types].xml. Macro-enabled variants
# (docm, xlsm, pptm) declare other types, so they are refused with everything else.
_OFFICE_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": Kind.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": Kind.XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": Kind.PPTX,
}
OFFICE_KINDS = frozenset({Kind.DOCX, Kind.XLSX, Kind.PPTX})
ALL_KINDS = frozenset(Kind)
ALLOWED_DESCRIPTION = "a PDF, Word, Excel or PowerPoint file, a PNG or JPEG image, or plain text"


class UploadRefused(Exception):
    """Why a file was not accepted: `code` for the audit trail, `message` for the person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check, ready to store: `content` is what will be kept."""

    content: bytes
    kind: Kind
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


# -- Settings, read when used ---------------------------------------------------------------


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def max_bytes() -> int:
    return int(_setting("MASA_UPLOAD_MAX_BYTES", 20 * MB))


def upload_root() -> Path:
    """The directory files are kept in; refused outright if anything could serve it."""
    root = Path(_setting("MASA_UPLOAD_ROOT", None) or Path(settings.VAR_DIR) / "uploads")
    root = root.resolve()
    served = [getattr(settings, "STATIC_ROOT", None), getattr(settings, "MEDIA_ROOT", None)]
    served += [d[1] if isinstance(d, tuple | list) else d for d in settings.STATICFILES_DIRS]
    for directory in served:
        if not directory:
            continue
        directory = Path(directory).resolve()
        if root == directory or root.is_relative_to(directory) or directory.is_relative_to(root):
            raise UploadRefused(
                "storage_misconfigured",
                "Files cannot be uploaded at the moment. Try again later.",
            )
    return root


def signature_database() -> Path:
    configured = _setting("MASA_CLAMAV_DATABASE", None)
    if configured:
        return Path(configured)
    if _setting("MASA_DEMO_MODE", False) or settings.DEBUG:
        return SHIPPED_SIGNATURES
    return FRESHCLAM_DATABASE


# -- The checks -----------------------------------------------------------------------------


def read_limited(stream: IO[bytes] | Iterable[bytes]) -> bytes:
    """Read an upload, refusing it as soon as it passes the size limit."""
    limit = max_bytes()
    chunks: Iterable[bytes]
    if hasattr(stream, "chunks"):
        chunks = stream.chunks()
    elif hasattr(stream, "read"):
        chunks = iter(lambda: stream.read(64 * 1024), b"")
    else:
        chunks = stream
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) > limit:
            raise too_large(limit)
    return bytes(buffer)


def too_large(limit: int) -> UploadRefused:
    return UploadRefused("too_large", f"The selected file must be smaller than {limit // MB} MB")


def check_upload(
    data: bytes, *, allowed: frozenset[Kind] = ALL_KINDS, name: str = ""
) -> CheckedFile:
    """Every check, in order; the bytes returned are the ones to store. `name` (the person's
    file name) only chooses between plain text and CSV, which are the same to every check."""
    if not data:
        raise UploadRefused("empty", "The selected file is empty")
    if len(data) > max_bytes():
        raise too_large(max_bytes())
    kind = detect_kind(data, name=name)
    if kind not in allowed:
        raise UploadRefused("type_not_allowed", f"The selected file must be {ALLOWED_DESCRIPTION}")
    if kind in OFFICE_KINDS:
        check_archive(data)
    scan_for_viruses(data)
    content = strip_metadata(kind, data)
    return CheckedFile(content=content, kind=kind, sha256=hashlib.sha256(content).hexdigest())


def _not_allowed() -> UploadRefused:
    return UploadRefused("type_not_allowed", f"The selected file must be {ALLOWED_DESCRIPTION}")


def detect_kind(data: bytes, *, name: str = "") -> Kind:
    """The type by the file's own bytes. A file that is two things at once is refused."""
    if data.startswith(b"PK\x03\x04"):
        if b"%PDF-" in data[:1024]:
            raise UploadRefused("polyglot", "The selected file is not a single kind of file")
        return _office_kind(data)
    if data.startswith(b"%PDF-"):
        kind = Kind.PDF
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = Kind.PNG
    elif data.startswith(b"\xff\xd8\xff"):
        kind = Kind.JPEG
    else:
        return _text_kind(data, name)
    if _looks_like_zip(data):
        raise UploadRefused("polyglot", "The selected file is not a single kind of file")
    return kind


def _looks_like_zip(data: bytes) -> bool:
    """Readers of ZIPs look for its directory from the end of the file, so a PDF or an image
    with a ZIP appended is both; the file is refused rather than guessed at."""
    return zipfile.is_zipfile(io.BytesIO(data))


def _text_kind(data: bytes, name: str) -> Kind:
    if b"\x00" in data:
        raise _not_allowed()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise UploadRefused(
            "not_utf8", "The selected text file must be saved as UTF-8 (Unicode) text"
        ) from None
    return Kind.CSV if name.lower().endswith(".csv") else Kind.TEXT


_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _office_kind(data: bytes) -> Kind:
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as archive,
            archive.open("[Content_Types].xml") as part,
        ):
            types = part.read(MB + 1)  # never unpacked further than this
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        raise _not_allowed() from None
    if len(types) > MB:
        raise _not_allowed()
    try:
        root = ElementTree.fromstring(types)  # noqa: S314 (expat limits entity expansion)
    except ElementTree.ParseError:
        raise _not_allowed() from None
    found = {
        _OFFICE_MAIN_PARTS[override.get("ContentType", "")]
        for override in root.iter(f"{_CT_NS}Override")
        if override.get("ContentType", "") in _OFFICE_MAIN_PARTS
    }
    if len(found) != 1:
        raise _not_allowed()
    return found.pop()


_NESTED_ARCHIVE = (b"PK\x03\x04", b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")
_NESTED_NAMES = (".zip", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".jar", ".cab")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _bomb(message: str = "") -> UploadRefused:
    return UploadRefused(
        "archive_limits",
        message or "The selected file is too large or too complicated to check once unpacked",
    )


def _nested() -> UploadRefused:
    return UploadRefused(
        "nested_archive",
        "The selected file has another file inside it, such as a chart's spreadsheet. "
        "Save it as a PDF and upload that",
    )


def check_archive(data: bytes) -> None:
    """The ZIP limits for Office files, measured by unpacking every entry with a cap (the
    sizes a ZIP declares can lie): entries, total size, ratio, nesting, encryption, macros."""
    max_entries = int(_setting("MASA_UPLOAD_MAX_ZIP_ENTRIES", 1000))
    max_total = int(_setting("MASA_UPLOAD_MAX_UNCOMPRESSED_BYTES", 200 * MB))
    max_ratio = float(_setting("MASA_UPLOAD_MAX_COMPRESSION_RATIO", 100))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > max_entries:
                raise _bomb()
            total = 0
            for entry in entries:
                if entry.flag_bits & 0x1:
                    raise UploadRefused(
                        "encrypted", "The selected file is protected with a password"
                    )
                lowered = entry.filename.lower()
                if lowered.endswith("vbaproject.bin"):
                    raise UploadRefused(
                        "macros", "The selected file contains macros. Save it without macros"
                    )
                if lowered.endswith(_NESTED_NAMES):
                    raise _nested()
                size = 0
                head = b""
                with archive.open(entry) as member:
                    while chunk := member.read(64 * 1024):
                        if not head:
                            head = chunk[:8]
                        size += len(chunk)
                        total += len(chunk)
                        if total > max_total:
                            raise _bomb()
                        if size > 1 * MB and size > max_ratio * max(entry.compress_size, 1):
                            raise _bomb()
                if head.startswith(_NESTED_ARCHIVE) or head.startswith(_OLE_MAGIC):
                    raise _nested()
            if total > max(len(data), 1) * max_ratio and total > 1 * MB:
                raise _bomb()
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        raise UploadRefused(
            "damaged", "The selected file is damaged and cannot be opened"
        ) from None


# -- The virus scan -------------------------------------------------------------------------


def _scanner_unavailable() -> UploadRefused:
    return UploadRefused(
        "scanner_unavailable",
        "The selected file could not be checked for viruses, so it has not been uploaded. "
        "Try again later",
    )


def _virus_found() -> UploadRefused:
    return UploadRefused("virus", "The selected file contains a virus")


def scan_for_viruses(data: bytes) -> None:
    """ClamAV, failing closed: anything but a clean answer refuses the file."""
    timeout = float(_setting("MASA_CLAMAV_TIMEOUT_SECONDS", 60))
    clamd_socket = _setting("MASA_CLAMD_SOCKET", "")
    if clamd_socket:
        _scan_with_clamd(data, clamd_socket, timeout)
        return
    database = signature_database()
    if not database.is_dir() or not any(
        path.suffix in _SIGNATURE_SUFFIXES for path in database.iterdir()
    ):
        raise _scanner_unavailable()
    program = shutil.which(str(_setting("MASA_CLAMSCAN", "clamscan")))
    if program is None:
        raise _scanner_unavailable()
    with tempfile.TemporaryDirectory(prefix="masa-scan-") as directory:
        path = Path(directory) / "upload"
        path.write_bytes(data)
        try:
            finished = subprocess.run(  # noqa: S603 (a fixed program and our own file)
                [
                    program,
                    "--no-summary",
                    "--stdout",
                    "--infected",
                    "--alert-exceeds-max=yes",
                    "--alert-encrypted=yes",
                    f"--max-filesize={max_bytes() + 1}",
                    "-d",
                    str(database),
                    str(path),
                ],
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            raise _scanner_unavailable() from None
    if finished.returncode == 1:
        raise _virus_found()
    if finished.returncode != 0:
        raise _scanner_unavailable()


_SIGNATURE_SUFFIXES = {
    ".cvd",
    ".cld",
    ".cud",
    ".hdb",
    ".hsb",
    ".ndb",
    ".ndu",
    ".ldb",
    ".ldu",
    ".mdb",
    ".msb",
    ".yar",
    ".yara",
}


def _scan_with_clamd(data: bytes, path: str, timeout: float) -> None:
    """clamd's INSTREAM command over its Unix socket."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout)
            connection.connect(path)
            connection.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), 64 * 1024):
                chunk = data[start : start + 64 * 1024]
                connection.sendall(struct.pack(">I", len(chunk)) + chunk)
            connection.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                received = connection.recv(4096)
                if not received:
                    break
                reply += received
    except OSError:
        raise _scanner_unavailable() from None
    answer = reply.rstrip(b"\0").decode(errors="replace")
    if answer.endswith(" FOUND"):
        raise _virus_found()
    if answer != "stream: OK":
        raise _scanner_unavailable()


# -- Stripping metadata ---------------------------------------------------------------------


def strip_metadata(kind: Kind, data: bytes) -> bytes:
    if kind == Kind.PDF:
        return _strip_pdf(data)
    if kind in OFFICE_KINDS:
        return _strip_office(data)
    if kind in (Kind.PNG, Kind.JPEG):
        return _reencode_image(kind, data)
    return data


def _strip_pdf(data: bytes) -> bytes:
    """Rewritten by pypdf: no document information, no XMP, no scripts or attachments."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRefused("encrypted", "The selected file is protected with a password")
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        writer.xmp_metadata = None
        root = writer.root_object
        for key in ("/OpenAction", "/AA", "/PieceInfo"):
            if key in root:
                del root[key]
        names = root.get("/Names")
        if names is not None:
            names = names.get_object()
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names:
                    del names[key]
        for page in writer.pages:
            for key in ("/Metadata", "/PieceInfo", "/AA"):
                if key in page:
                    del page[key]
        # What was unlinked above would still be written out unless the orphans go too.
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        output = io.BytesIO()
        writer.write(output)
    except UploadRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError):
        raise UploadRefused(
            "damaged", "The selected file is damaged and cannot be opened"
        ) from None
    return output.getvalue()


_CUSTOM_PART = "docProps/custom.xml"
# Element names, whatever namespace prefix the file gives them.
_PERSONAL_PARTS = {
    "docProps/core.xml": ("creator", "lastModifiedBy"),
    "docProps/app.xml": ("Company", "Manager"),
}
_CUSTOM_REFERENCES = {
    "[Content_Types].xml": re.compile(
        rb"<(?:[\w.-]+:)?Override\b[^>]*/docProps/custom\.xml\"[^>]*>"
    ),
    "_rels/.rels": re.compile(
        rb"<(?:[\w.-]+:)?Relationship\b[^>]*Target=\"/?docProps/custom\.xml\"[^>]*>"
    ),
}


def _blank_elements(content: bytes, names: Iterable[str]) -> bytes:
    for name in names:
        pattern = re.compile(
            rb"(<(?:[\w.-]+:)?"
            + name.encode()
            + rb"\b[^>/]*>)(.*?)(</(?:[\w.-]+:)?"
            + name.encode()
            + rb"\s*>)",
            re.DOTALL,
        )
        content = pattern.sub(rb"\1\3", content)
    return content


def _strip_office(data: bytes) -> bytes:
    """Author, last editor, company and manager blanked; custom properties removed (with the
    references to them); every other part copied byte for byte."""
    output = io.BytesIO()
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as source,
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for entry in source.infolist():
                name = entry.filename
                if name == _CUSTOM_PART:
                    continue
                content = source.read(entry)
                if name in _PERSONAL_PARTS:
                    content = _blank_elements(content, _PERSONAL_PARTS[name])
                elif name in _CUSTOM_REFERENCES:
                    content = _CUSTOM_REFERENCES[name].sub(b"", content)
                copy = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                copy.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(copy, content)
    except (zipfile.BadZipFile, OSError, RuntimeError, KeyError):
        raise UploadRefused(
            "damaged", "The selected file is damaged and cannot be opened"
        ) from None
    return output.getvalue()


def _reencode_image(kind: Kind, data: bytes) -> bytes:
    """Decoded and encoded again: EXIF (places, cameras, times) and comments do not survive,
    and neither does anything hidden after the image."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    limit = int(_setting("MASA_UPLOAD_MAX_IMAGE_PIXELS", 50_000_000))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != {"png": "PNG", "jpeg": "JPEG"}[kind]:
                raise _not_allowed()
            if image.width * image.height > limit:
                raise UploadRefused(
                    "archive_limits", "The selected image has too many pixels to check"
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
            icc = image.info.get("icc_profile")
            upright.info = {}  # comments, XMP and text chunks are not carried over
            output = io.BytesIO()
            if kind == Kind.JPEG:
                if upright.mode not in ("RGB", "L", "CMYK"):
                    upright = upright.convert("RGB")
                upright.save(output, "JPEG", quality=90, icc_profile=icc)
            else:
                upright.save(output, "PNG", icc_profile=icc)
    except UploadRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise UploadRefused(
            "damaged", "The selected file is damaged and cannot be opened"
        ) from None
    return output.getvalue()


# -- Storing --------------------------------------------------------------------------------


def store(checked: CheckedFile) -> str:
    """Write the checked bytes under the upload root with a random name; return the name."""
    root = upload_root()
    name = secrets.token_hex(16)
    directory = root / name[:2]
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(checked.content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, directory / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


@dataclass(frozen=True)
class StoredUpload:
    """An accepted upload, written to disk: what a record keeps about its file."""

    original_filename: str
    kind: str
    size: int
    sha256: str
    stored_name: str

    def fields(self, *, kind_field: str = "kind") -> dict[str, Any]:
        """The model fields that keep the file, for `Model.objects.create(**...)`."""
        return {
            "original_filename": self.original_filename,
            kind_field: self.kind,
            "size": self.size,
            "sha256": self.sha256,
            "stored_name": self.stored_name,
        }


def accept(
    *, actor: Any, file: IO[bytes] | Any, filename: str, target: Any, detail: dict[str, Any]
) -> StoredUpload:
    """Read, check and store an upload. A refusal is recorded against `target` (with `detail`
    and the reason's code) as `documents.upload_refused`, then raised again."""
    from masa.core import audit

    try:
        checked = check_upload(read_limited(file), name=filename)
        try:
            stored_name = store(checked)
        except OSError:
            raise UploadRefused(
                "storage_failed", "The selected file could not be saved. Try again later"
            ) from None
    except UploadRefused as refusal:
        audit.record(
            actor=actor,
            action="documents.upload_refused",
            target=target,
            detail={**detail, "reason": refusal.code},
        )
        raise
    return StoredUpload(
        original_filename=display_name(filename),
        kind=checked.kind.value,
        size=checked.size,
        sha256=checked.sha256,
        stored_name=stored_name,
    )


@contextmanager
def kept_only_if_recorded(stored: StoredUpload | None) -> Iterator[None]:
    """Around the transaction that records a stored upload: if it fails, the file goes too."""
    try:
        yield
    except BaseException:
        if stored is not None:
            delete_stored(stored.stored_name)
        raise


def stored_path(name: str) -> Path:
    if not _STORED_NAME.match(name):
        raise ValueError("not a stored file name")
    return upload_root() / name[:2] / name


def open_stored(name: str) -> IO[bytes]:
    return stored_path(name).open("rb")


def delete_stored(name: str) -> None:
    stored_path(name).unlink(missing_ok=True)


_BIDI_AND_CONTROL = {"Cc", "Cf", "Zl", "Zp"}


def display_name(filename: str, *, limit: int = 150) -> str:
    """The person's file name, made safe to show: no folders, no control or direction-changing
    characters (which can disguise `invoice‮fdp.exe`). It is never used on disk."""
    name = unicodedata.normalize("NFC", filename or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(name.split())  # tabs and line breaks become single spaces
    name = "".join(c for c in name if unicodedata.category(c) not in _BIDI_AND_CONTROL)
    name = name.strip(" .")
    if len(name) > limit:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: limit - len(extension) - 2] + "…" + dot + extension) if dot else name[:limit]
    return name or get_valid_filename("file")
