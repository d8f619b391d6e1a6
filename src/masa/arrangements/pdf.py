"""A published version as a PDF that reads like seed 002: a title page, contents, numbered
sections and the partnership's contact, all from the frozen snapshot.

WeasyPrint writes only the metadata the HTML gives it: the title here, and no author
(SECURITY.md T10)."""

from __future__ import annotations

from django.template.loader import render_to_string

from masa.arrangements.models import Version


def version_pdf(version: Version) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "arrangements/version_pdf.html", {"version": version, "doc": version.snapshot}
    )
    return HTML(string=html).write_pdf()


def pdf_filename(version: Version) -> str:
    """Names nobody: the partnership's short name, the word, and the version number."""
    short = (
        "".join(ch for ch in version.snapshot.get("short_name", "") if ch.isalnum())
        or "partnership"
    )
    return f"{short.lower()}-arrangements-version-{version.number}.pdf"
