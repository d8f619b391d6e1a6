"""Headers for static files, which WhiteNoise answers before our middleware runs (T11).

A stylesheet, script or font needs no policy of its own to load into our pages (the page's
policy governs that), but a file opened directly, such as an SVG, is a document: it gets a
policy that allows nothing, so it can run no script and be framed by no one."""

from __future__ import annotations

from collections.abc import MutableMapping

STATIC_FILE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; sandbox"
)


def add_static_headers(headers: MutableMapping[str, str], path: str, url: str) -> None:
    headers["Content-Security-Policy"] = STATIC_FILE_POLICY
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
