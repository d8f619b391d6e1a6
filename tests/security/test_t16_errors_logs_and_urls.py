"""SECURITY.md T16: no secrets or tracebacks in pages or logs; no personal data in URLs."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.urls.converters import IntConverter, SlugConverter
from tests.probes import all_slug_parameters

from masa.accounts.tests.factories import PASSWORD, signed_in_client
from masa.config.settings import base
from masa.core.access import Access

SORRY = b"Sorry, there is a problem with the service"
FORCED = "forced failure for the security tests"  # conftest.FAILURE_MESSAGE begins so
NEVER_ON_A_PAGE = [
    "Traceback",
    "RuntimeError",
    FORCED,
    settings.SECRET_KEY,
    "SECRET_KEY",
    "DATABASES",
    "masa.config",
    str(base.REPO_DIR),
    'File "',
]


def leaks_in(text: str) -> list[str]:
    return [needle for needle in NEVER_ON_A_PAGE if needle in text]


@pytest.mark.parametrize("who", ["anonymous", "signed in"])
def test_a_forced_error_shows_our_500_page_and_nothing_about_the_error(who, cast, failing_urlconf):
    page_500, api_500 = failing_urlconf
    client = Client() if who == "anonymous" else signed_in_client(cast.business_manager)
    client.raise_request_exception = False

    response = client.get(page_500)
    assert response.status_code == 500
    assert SORRY in response.content
    assert leaks_in(response.content.decode()) == []

    response = client.get(api_500)
    assert response.status_code == 500
    assert response.json() == {"error": "Something went wrong on our side. Nothing was saved."}


def test_a_missing_page_shows_our_404_page_without_any_detail(cast):
    client = signed_in_client(cast.business_manager)
    for url in ("/no-such-page/", "/people/99999999/", "/organisations/99999999/change/"):
        response = client.get(url)
        assert response.status_code == 404, url
        page = response.content.decode()
        assert "Page not found" in page
        assert leaks_in(page) == []
        # Django's debug 404 lists the URL patterns it tried.
        for detail in ("URLconf", "urlpatterns", "tried these URL patterns", "second-factor"):
            assert detail not in page, (url, detail)
    response = client.get("/api/v1/people/99999999/")
    assert response.json() == {"error": "There is no such record, or you may not see it."}


@pytest.fixture
def log_output(caplog) -> Iterator[io.StringIO]:
    """What the configured console handler writes (its stream swapped for a buffer), and the
    records themselves in caplog, including django.request, which does not propagate."""
    buffer = io.StringIO()
    request_logger = logging.getLogger("django.request")
    consoles = {
        handler
        for logger in (logging.getLogger(), request_logger)
        for handler in logger.handlers
        if handler.get_name() == "console"
    }
    assert consoles, "the console handler of settings.LOGGING is not installed"
    streams = {handler: handler.setStream(buffer) for handler in consoles}
    request_logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.DEBUG):
            yield buffer
    finally:
        request_logger.removeHandler(caplog.handler)
        for handler, stream in streams.items():
            handler.setStream(stream)


def test_the_logs_of_forced_errors_hold_no_password_code_or_email(
    cast, failing_urlconf, log_output, caplog, monkeypatch
):
    page_500, _ = failing_urlconf
    person = cast.practitioner
    code = pyotp.TOTP(person.totp_device.secret).now()
    secrets_sent = {
        "email": "someone.private@example.org",
        "password": "violet tractor harbour secret",
        "code": "246813",
    }

    def broken(*args, **kwargs):
        raise RuntimeError(FORCED)

    client = Client(raise_request_exception=False)
    # 1. A form posted to a page that fails.
    assert client.post(page_500, secrets_sent).status_code == 500
    # 2. The password step failing halfway, with a real email address and password.
    monkeypatch.setattr("masa.accounts.views.authenticate", broken)
    response = client.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 500
    monkeypatch.undo()
    # 3. The second step failing halfway, with a real code.
    client.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    monkeypatch.setattr("masa.accounts.views.accept_totp", broken)
    assert client.post("/sign-in/second-factor/", {"code": code}).status_code == 500

    written = log_output.getvalue()
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s %(exc_text)s")
    recorded = "\n".join(formatter.format(record) for record in caplog.records)
    recorded += "\n".join(repr(record.__dict__.get("request", "")) for record in caplog.records)
    # Not vacuous: the errors were logged, with a traceback, by the configured handler.
    assert written.count("Internal Server Error") == 3
    assert "Traceback" in written
    for text in (written, recorded):
        for value in (*secrets_sent.values(), person.email, PASSWORD, code, settings.SECRET_KEY):
            assert value not in text


def _with_parameter(url: str, value: str) -> str:
    parts = url.rstrip("/").split("/")
    assert parts[-1].isdigit() or parts[-2].isdigit()
    index = -1 if parts[-1].isdigit() else -2
    parts[index] = value
    return "/".join(parts) + "/"


def test_no_url_carries_anything_but_a_numeric_id(routes):
    """No email address, name or other text can be part of a path: every parameter is an
    integer id, and a path with anything else in its place matches no URL at all."""
    slugs = all_slug_parameters()
    with_parameters = [route for route in routes() if route.parameters]
    assert with_parameters
    for route in with_parameters:
        if route.name in slugs:  # a code from a public catalogue: a slug, never a name
            _assert_only_a_catalogue_slug(route, slugs[route.name])
            continue
        assert route.parameters == {"pk"}, route.route
        converters = getattr(route.pattern.pattern, "converters", {})
        assert all(isinstance(c, IntConverter) for c in converters.values()), route.route
        url = reverse(route.name, kwargs={"pk": 1})
        for personal in ("jane.doe@example.org", "jane-doe", "Jane Doe", "1a", "-1"):
            with pytest.raises(Resolver404):
                resolve(_with_parameter(url, personal))


def _assert_only_a_catalogue_slug(route, parameter: str) -> None:
    assert route.parameters == {parameter}, route.route
    converters = getattr(route.pattern.pattern, "converters", {})
    assert all(isinstance(c, SlugConverter) for c in converters.values()), route.route
    url = reverse(route.name, kwargs={parameter: "cp-plans"})
    for personal in ("jane.doe@example.org", "Jane Doe", "jane.doe"):
        with pytest.raises(Resolver404):
            resolve(url.replace("cp-plans", personal))


def test_the_sign_in_redirect_carries_only_the_path(crawl_urls):
    """The query string (a search for a name, say) is not carried into `next`."""
    client = Client()
    behind_sign_in = [
        url
        for route, url in crawl_urls
        if route.access in (Access.SIGNED_IN, Access.PERMISSION) and not url.startswith("/api/")
    ]
    assert behind_sign_in
    for url in behind_sign_in:
        response = client.get(url, {"q": "Jane Smith", "email": "jane@example.org"})
        assert response.status_code == 302, url
        location = urlsplit(response["Location"])
        assert (location.scheme, location.netloc, location.path) == ("", "", "/sign-in/")
        assert parse_qs(location.query) == {"next": [url]}


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
        "https:evil.example",
    ],
)
def test_after_sign_in_a_next_address_off_the_site_is_ignored(next_url, cast, sign_in_fully):
    response = sign_in_fully(cast.practitioner, Client(), next_url=next_url)
    assert response["Location"] == "/home/"


def test_after_sign_in_a_next_path_on_the_site_is_followed(cast, sign_in_fully):
    response = sign_in_fully(cast.practitioner, Client(), next_url="/people/")
    assert response["Location"] == "/people/"


@pytest.mark.parametrize("forged", ["abc", "", "1.5", "1 OR 1=1", "99999999999999999999999"])
def test_a_forged_token_id_in_the_revoke_form_answers_404_not_an_error(forged, cast):
    client = signed_in_client(cast.practitioner)
    client.raise_request_exception = False
    response = client.post("/account/", {"action": "revoke-token", "token": forged})
    assert response.status_code == 404
    assert leaks_in(response.content.decode()) == []
