"""The upload checks on their own (the crafted-file attacks are in tests/security/
test_t14_uploads.py): file names for display, clamd's protocol, and what each type yields."""

from __future__ import annotations

import socket
import struct
import threading
from pathlib import Path

import pytest

from masa.documents import uploads
from masa.documents.tests import crafted
from masa.documents.uploads import Kind, UploadRefused


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("minutes.pdf", "minutes.pdf"),
        ("C:\\Users\\jane\\Board minutes.docx", "Board minutes.docx"),
        ("../../etc/passwd", "passwd"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("  tabs\tand\nlines .txt", "tabs and lines .txt"),
        ("", "file"),
        ("a" * 300 + ".pdf", "a" * 145 + "….pdf"),
    ],
)
def test_a_file_name_is_made_safe_to_show(given, shown):
    assert uploads.display_name(given) == shown


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (crafted.pdf_with_metadata(), "x.bin", Kind.PDF),
        (crafted.office(), "x.pdf", Kind.DOCX),
        (crafted.office(main=crafted.XLSX_MAIN), "x.docx", Kind.XLSX),
        (crafted.jpeg_with_exif(), "x.png", Kind.JPEG),
        (crafted.png_with_text(), "x.jpg", Kind.PNG),
        (b"Plain words\n", "x.pdf", Kind.TEXT),
        (b"a,b\n1,2\n", "figures.CSV", Kind.CSV),
    ],
)
def test_the_type_comes_from_the_content_not_the_name(data, name, kind):
    assert uploads.detect_kind(data, name=name) == kind


def _fake_clamd(path: Path, answer: bytes) -> threading.Thread:
    """A stand-in for clamd on a Unix socket: reads one INSTREAM and gives `answer`."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)

    def serve() -> None:
        connection, _ = server.accept()
        with connection, server:
            received = b""
            while not received.endswith(b"\0\0\0\0"):
                received += connection.recv(65536)
            assert received.startswith(b"zINSTREAM\0")
            assert struct.unpack(">I", received[10:14])[0] > 0
            connection.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize(
    ("answer", "refusal"),
    [
        (b"stream: OK\0", None),
        (b"stream: Eicar-Test-Signature FOUND\0", "virus"),
        (b"INSTREAM size limit exceeded. ERROR\0", "scanner_unavailable"),
        (b"", "scanner_unavailable"),
    ],
)
def test_a_clamd_daemon_is_asked_through_its_socket(answer, refusal, settings):
    import tempfile

    with tempfile.TemporaryDirectory() as directory:  # short: Unix socket paths are limited
        path = Path(directory) / "clamd.sock"
        settings.MASA_CLAMD_SOCKET = str(path)
        thread = _fake_clamd(path, answer)
        if refusal is None:
            uploads.scan_for_viruses(b"Minutes of the board")
        else:
            with pytest.raises(UploadRefused) as refused:
                uploads.scan_for_viruses(b"Minutes of the board")
            assert refused.value.code == refusal
        thread.join(timeout=5)


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRefused) as refused:
        uploads.check_upload(b"")
    assert refused.value.code == "empty"


def test_a_feature_may_allow_fewer_types():
    with pytest.raises(UploadRefused) as refused:
        uploads.check_upload(b"Plain words\n", allowed=frozenset({Kind.PDF}))
    assert refused.value.code == "type_not_allowed"
    assert uploads.check_upload(crafted.pdf_with_metadata(), allowed=frozenset({Kind.PDF}))
