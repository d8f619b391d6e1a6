"""Shared fixtures for the security tests (SECURITY.md T1–T5, T11, T12, T16).

Helpers are handed out as fixtures, so the test modules import nothing from this directory.

- `routes()`: every URL pattern the resolver knows, with its name, view and classification.
- `crawl_urls`: one concrete URL per pattern, with `<pk>` replaced by the id of a real record
  the cast below may see, so a crawl reaches real pages instead of 404s.
- `cast`: people in several roles (and one with no role at all, who meets 403s).
- `password_only_client`, `sign_in_fully`: the two steps of signing in, driven through the
  real forms.
- `failing_urlconf`: the real URLs plus a public view that raises, to force a 500.
"""

from __future__ import annotations

import importlib
import re
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pyotp
import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from tests.probes import all_pk_sources, all_slug_parameters, crawl_records_of_every_area

from masa.accounts.tests.factories import PASSWORD, make_member, make_person
from masa.core.access import Access, classification, public
from masa.core.roles import Role

FAILING_URLCONF = "masa_security_tests_failing_urls"
FAILING_PATH = "/security-tests/boom/"
FAILING_API_PATH = "/api/v1/security-tests-boom/"
# Put into the exception a forced error raises, so a test can show it never reaches a page.
FAILURE_MESSAGE = "forced failure for the security tests: internal detail 7f3a9c"

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Route:
    """One URL pattern: `route` is the pattern text, `name` the namespaced URL name."""

    route: str
    name: str
    view: Any
    pattern: Any

    @property
    def access(self) -> Access:
        found = classification(self.view)
        assert found is not None, f"{self.route} has no access classification"
        return found[0]

    @property
    def parameters(self) -> set[str]:
        return set(self.pattern.pattern.regex.groupindex)


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Route(
                prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.callback, entry
            )


def all_routes(urlconf: str | None = None) -> list[Route]:
    return list(_walk(get_resolver(urlconf)))


@pytest.fixture
def routes() -> Callable[[], list[Route]]:
    return all_routes


# Which record's id fills the `pk` of each URL that takes one, from each area's module in
# tests/probes/. A new URL with a parameter must be added there, or every crawl fails: nothing
# is left out of the crawl by accident.
PK_SOURCES = all_pk_sources()
# URLs whose one parameter is a catalogue code (a slug) rather than `pk`, by URL name.
SLUG_PARAMETERS = all_slug_parameters()


@dataclass
class Cast:
    """People in several roles in `world.own`, plus one with no role at all."""

    business_manager: Any
    agency_lead: Any
    practitioner: Any
    no_role: Any
    not_enrolled: Any

    def signed_in(self) -> dict[str, Any]:
        return {
            "business manager": self.business_manager,
            "agency safeguarding lead": self.agency_lead,
            "practitioner": self.practitioner,
            "person with no role": self.no_role,
        }


@pytest.fixture
def cast(world) -> Cast:
    return Cast(
        business_manager=make_member(Role.BUSINESS_MANAGER, world.own, full_name="Bea Manager"),
        agency_lead=make_member(
            Role.AGENCY_SAFEGUARDING_LEAD, world.own, full_name="Alex Agencylead"
        ),
        practitioner=make_member(Role.PRACTITIONER, world.own, full_name="Pat Practitioner"),
        no_role=make_person(full_name="Nora Norole"),
        not_enrolled=make_member(
            Role.PRACTITIONER, world.own, full_name="Nell Newcomer", second_factor=False
        ),
    )


@pytest.fixture
def crawl_urls(world, cast) -> list[tuple[Route, str]]:
    """Every route with a concrete URL: ids are of records the cast may see."""
    records = crawl_records_of_every_area(world, cast)
    urls = []
    for route in all_routes():
        kwargs = {}
        if route.parameters:
            source = PK_SOURCES.get(route.name)
            parameter = SLUG_PARAMETERS.get(route.name, "pk")
            if source is None or route.parameters != {parameter}:
                pytest.fail(
                    f"{route.route} ({route.name}) takes {sorted(route.parameters)}: "
                    "say in its tests/probes/ module's PK_SOURCES which record fills it"
                )
            kwargs = {parameter: records[source]}
        urls.append((route, reverse(route.name, kwargs=kwargs)))
    return urls


def csrf_token_from(response: HttpResponse) -> str:
    found = _CSRF_INPUT.search(response.content.decode())
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


@pytest.fixture
def csrf_token_of() -> Callable[[HttpResponse], str]:
    return csrf_token_from


def password_step(client: Client, person: Any) -> HttpResponse:
    return client.post("/sign-in/", {"email": person.email, "password": PASSWORD})


@pytest.fixture
def password_only_client() -> Callable[..., Client]:
    """A client that has passed the password step and nothing more."""

    def make(person: Any, client: Client | None = None) -> Client:
        client = client or Client()
        response = password_step(client, person)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")
        return client

    return make


@pytest.fixture
def sign_in_fully() -> Callable[..., HttpResponse]:
    """Both steps through the real forms: the password, then the current code of the app."""

    def sign_in(person: Any, client: Client, next_url: str = "") -> HttpResponse:
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        response = client.post(f"/sign-in/{query}", {"email": person.email, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        assert response["Location"] == "/sign-in/second-factor/"
        person.refresh_from_db()
        code = pyotp.TOTP(person.totp_device.secret).now()
        return client.post("/sign-in/second-factor/", {"code": code})

    return sign_in


@public
def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(FAILURE_MESSAGE)


def _failing_urlconf() -> types.ModuleType:
    from masa.config import urls as real

    module = types.ModuleType(FAILING_URLCONF)
    module.urlpatterns = [  # type: ignore[attr-defined]
        *real.urlpatterns,
        path(FAILING_PATH.lstrip("/"), _boom, name="security-tests-boom"),
        path(FAILING_API_PATH.lstrip("/"), _boom, name="security-tests-api-boom"),
    ]
    for handler in ("handler400", "handler403", "handler404", "handler500"):
        setattr(module, handler, getattr(real, handler))
    return module


@pytest.fixture
def failing_urlconf(settings) -> Iterator[tuple[str, str]]:
    """Serve the real URLs plus two public views that raise (forced 500s): a page and a path
    under /api/. Yields the two paths."""
    sys.modules[FAILING_URLCONF] = _failing_urlconf()
    settings.ROOT_URLCONF = FAILING_URLCONF
    yield FAILING_PATH, FAILING_API_PATH
    sys.modules.pop(FAILING_URLCONF, None)


@pytest.fixture
def production(monkeypatch) -> Iterator[types.ModuleType]:
    """masa.config.settings.production as a module (it needs MASA_SECRET_KEY to import)."""
    monkeypatch.setenv("MASA_SECRET_KEY", "for-the-security-tests-only-" + "k7" * 30)
    sys.modules.pop("masa.config.settings.production", None)
    yield importlib.import_module("masa.config.settings.production")
    sys.modules.pop("masa.config.settings.production", None)
