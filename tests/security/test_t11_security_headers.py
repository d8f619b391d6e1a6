"""SECURITY.md T11: security headers on every response, 2xx to 5xx; `check --deploy` clean
under production settings; our system check rejects a weak Content Security Policy.

The crawl runs over HTTPS with production's HSTS settings, so HSTS is checked on every
response too. A nonce is required wherever a page has a <script>: Django adds the nonce to
the header only on responses that used it, so a redirect, a JSON answer or the plain 500 page
(which has no script) send `script-src 'self'`, which allows no inline script at all.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import Client, override_settings

from masa.accounts.services import api_token_create
from masa.accounts.tests.factories import PASSWORD, make_member, signed_in_client
from masa.config.settings import base
from masa.core.checks import check_content_security_policy, check_demo_mode_off, csp_problems
from masa.core.roles import Role

_SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
_NONCE_ATTRIBUTE = re.compile(r'\bnonce="([^"]+)"')


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def script_tags(response) -> list[str]:
    body = "" if response.streaming else response.content.decode(errors="replace")
    return _SCRIPT_TAG.findall(body)


def header_problems(response, *, private: bool) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy")
    if not csp:
        return ["no Content-Security-Policy"]
    policy = csp_directives(csp)
    for directive in ("object-src", "base-uri", "frame-ancestors"):
        if policy.get(directive) != ["'none'"]:
            problems.append(f"{directive} is {policy.get(directive)}")
    script_src = policy.get("script-src", [])
    if {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(script_src):
        problems.append(f"script-src is {script_src}")
    tags = script_tags(response)
    if tags:
        nonces = [s[len("'nonce-") : -1] for s in script_src if s.startswith("'nonce-")]
        if len(nonces) != 1:
            problems.append(f"a page with <script> but script-src is {script_src}")
        else:
            unsigned = [t for t in tags if _NONCE_ATTRIBUTE.search(t) is None]
            wrong = [t for t in tags if (m := _NONCE_ATTRIBUTE.search(t)) and m[1] != nonces[0]]
            if unsigned or wrong:
                problems.append(f"scripts without the header's nonce: {unsigned + wrong}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for header, value in expected.items():
        if response.get(header) != value:
            problems.append(f"{header} is {response.get(header)!r}")
    hsts = response.get("Strict-Transport-Security", "")
    max_age = re.search(r"max-age=(\d+)", hsts)
    if not max_age or int(max_age[1]) < 31_536_000 or "includeSubDomains" not in hsts:
        problems.append(f"Strict-Transport-Security is {hsts!r}")
    if private and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control is {response.get('Cache-Control')!r} for a private page")
    return problems


@pytest.fixture
def https_with_hsts(production, settings):
    for name in ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"):
        setattr(settings, name, getattr(production, name))


def test_every_response_carries_the_security_headers(
    cast,
    crawl_urls,
    failing_urlconf,
    https_with_hsts,
    password_only_client,
):
    page_500, api_500 = failing_urlconf
    token = api_token_create(actor=cast.business_manager, name="crawl")[1]
    visitors: dict[str, tuple[Client, bool, dict]] = {
        "anonymous": (Client(raise_request_exception=False), False, {}),
        "after the password only": (password_only_client(cast.business_manager), True, {}),
        "API token": (
            Client(raise_request_exception=False),
            True,
            {"HTTP_AUTHORIZATION": f"Token {token}"},
        ),
    }
    for role, person in cast.signed_in().items():
        visitors[role] = (signed_in_client(person), True, {})
    problems, statuses, statuses_with_scripts = [], set(), set()
    for who, (client, private, headers) in visitors.items():
        client.raise_request_exception = False
        requests = [("get", url, {}) for _, url in crawl_urls]
        requests += [
            ("get", "/no-such-page/", {}),
            ("get", "/api/v1/no-such-thing/", {}),
            ("get", page_500, {}),
            ("get", api_500, {}),
            ("post", "/home/", {}),  # 405 when signed in
            ("get", "/organisations/?kind=not-a-kind", {}),
        ]
        for method, url, data in requests:
            response = getattr(client, method)(url, data, secure=True, **headers)
            statuses.add(response.status_code)
            if script_tags(response):
                statuses_with_scripts.add(response.status_code)
            problems += [
                f"{who} {method.upper()} {url}: {p}"
                for p in header_problems(response, private=private)
            ]
    # Answers that need their own setting up: a refused CSRF token, a throttled sign-in.
    strict = Client(enforce_csrf_checks=True)
    refusals = {
        False: strict.post("/sign-in/", {"email": "x@example.org", "password": "x"}, secure=True),
        True: signed_in_client(cast.practitioner, strict).post("/sign-out/", secure=True),
    }
    for private, response in refusals.items():
        statuses.add(response.status_code)
        problems += [f"CSRF refusal: {p}" for p in header_problems(response, private=private)]
    for n in range(11):
        response = Client().post(
            "/sign-in/", {"email": cast.no_role.email, "password": f"wrong {n}"}, secure=True
        )
    statuses.add(response.status_code)
    problems += [f"throttled: {p}" for p in header_problems(response, private=False)]

    assert problems == []
    assert {200, 302, 401, 403, 404, 405, 429, 500} <= statuses
    # The nonce was checked against real scripts on pages and on error pages.
    assert {200, 403, 404} <= statuses_with_scripts


def test_a_session_that_times_out_gets_the_headers_on_its_sign_out_answer(cast, https_with_hsts):
    import time

    from masa.accounts.sign_in import LAST_SEEN_KEY

    client = signed_in_client(cast.practitioner)
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 31 * 60
    session.save()
    response = client.get("/home/", secure=True)
    assert response.status_code == 302
    assert header_problems(response, private=False) == []


def test_the_pages_of_the_second_step_are_never_stored(cast, password_only_client):
    """They show the secret of a new authenticator app: no cache may keep them."""
    client = password_only_client(cast.not_enrolled)
    client.post("/sign-in/set-up-second-factor/", {"step": "start"})
    response = client.get("/sign-in/set-up-second-factor/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_deploy_checks_pass_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masa.config.settings.production",
        "MASA_SECRET_KEY": secrets.token_urlsafe(50),
        "MASA_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the root conftest for Playwright
    script = Path(sys.executable).with_name("masa")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "masa.manage"]
    result = subprocess.run(
        [*command, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_send_hsts_for_two_years_with_subdomains_and_preload(production):
    assert production.SECURE_HSTS_SECONDS >= 2 * 365 * 24 * 60 * 60
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert production.SECURE_HSTS_PRELOAD is True
    assert production.SECURE_SSL_REDIRECT is True


def test_the_real_policy_passes_our_check(production):
    assert csp_problems(base.SECURE_CSP) == []
    assert csp_problems(production.SECURE_CSP) == []
    assert check_content_security_policy(None) == []


def _weakened(**changes: list[str] | None) -> dict[str, list[str]]:
    policy = {k: list(v) for k, v in base.SECURE_CSP.items()}
    for directive, value in changes.items():
        directive = directive.replace("_", "-")
        if value is None:
            policy.pop(directive, None)
        else:
            policy[directive] = value
    return policy


WEAK_POLICIES = {
    "'unsafe-inline' scripts": _weakened(script_src=["'self'", "'unsafe-inline'"]),
    "'unsafe-eval' scripts": _weakened(script_src=["'self'", "'nonce-x'", "'unsafe-eval'"]),
    "scripts from anywhere": _weakened(script_src=["*"]),
    "scripts from data: URLs": _weakened(script_src=["'self'", "data:"]),
    "no nonce for scripts": _weakened(script_src=["'self'"]),
    "'unsafe-inline' styles": _weakened(style_src=["'self'", "'unsafe-inline'"]),
    "no object-src": _weakened(object_src=None),
    "object-src 'self'": _weakened(object_src=["'self'"]),
    "no base-uri": _weakened(base_uri=None),
    "no frame-ancestors": _weakened(frame_ancestors=None),
    "framing from anywhere": _weakened(frame_ancestors=["*"]),
    "no default-src": _weakened(default_src=None),
    "default-src https:": _weakened(default_src=["https:"]),
    "no policy at all": {},
}


@pytest.mark.parametrize("policy", WEAK_POLICIES.values(), ids=WEAK_POLICIES.keys())
def test_our_check_rejects_a_weak_policy(policy):
    assert csp_problems(policy) != []
    with override_settings(SECURE_CSP=policy):
        errors = check_content_security_policy(None)
        assert errors and {e.id for e in errors} == {"masa.E001"}


def test_a_weak_policy_fails_masa_check_itself(db):
    with override_settings(SECURE_CSP=WEAK_POLICIES["'unsafe-inline' scripts"]):
        ids = {message.id for message in run_checks()}
    assert "masa.E001" in ids


def test_a_missing_csp_middleware_is_reported():
    middleware = [m for m in settings.MIDDLEWARE if "ContentSecurityPolicy" not in m]
    with override_settings(MIDDLEWARE=middleware):
        assert any("MIDDLEWARE" in problem for problem in csp_problems(base.SECURE_CSP))


def test_demo_mode_fails_the_deployment_checks(db):
    with override_settings(MASA_DEMO_MODE=True):
        assert [e.id for e in check_demo_mode_off(None)] == ["masa.E002"]
        ids = {message.id for message in run_checks(include_deployment_checks=True)}
        assert "masa.E002" in ids
    with override_settings(MASA_DEMO_MODE=False):
        assert check_demo_mode_off(None) == []


def test_the_production_settings_refuse_demo_mode(production):
    assert production.MASA_DEMO_MODE is False


def test_signed_in_pages_are_not_stored_and_public_ones_are_revalidated(cast, db):
    public = Client().get("/")
    assert public["Cache-Control"] == "no-cache"
    member = make_member(Role.PRACTITIONER, cast.practitioner.memberships.first().organisation)
    client = Client()
    client.post("/sign-in/", {"email": member.email, "password": PASSWORD})
    assert client.get("/sign-in/second-factor/")["Cache-Control"] == "no-store"
    assert signed_in_client(member).get("/home/")["Cache-Control"] == "no-store"


def test_static_files_carry_a_policy_that_allows_nothing_to_run(client):
    """WhiteNoise answers before the middleware: its own hook adds the headers (static_headers)."""
    response = client.get("/static/masa/init.js")
    assert response.status_code == 200
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert "sandbox" in policy
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
