"""The independent scrutineer adds a passkey to their account, then signs in with it instead
of a code. Chromium's virtual authenticator (DevTools WebAuthn domain) plays the part of the
laptop's fingerprint reader, so the real WebAuthn ceremony runs end to end."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masa.accounts.models import Passkey
from masa.accounts.tests.factories import PASSWORD, make_member
from masa.core.models import AuditEvent
from masa.core.roles import Role

pytestmark = pytest.mark.browser


def _virtual_authenticator(page) -> None:
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def test_scrutineer_adds_a_passkey_and_signs_in_with_it(
    page, base_url, world, sign_in, sign_in_with_password, check_page
):
    scrutineer = make_member(
        Role.INDEPENDENT_SCRUTINEER, world.own, full_name="Sam Scrutineer", email="sam@example.org"
    )
    _virtual_authenticator(page)
    sign_in(page, scrutineer)

    page.goto(f"{base_url}/account/")
    check_page(page, title="Your account")
    page.get_by_label("Name for the passkey").fill("Work laptop")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your passkey 'Work laptop' has been added"
    )
    expect(page.get_by_role("table", name="Your passkeys")).to_contain_text("Work laptop")
    check_page(page)
    assert Passkey.objects.filter(person=scrutineer).count() == 1

    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, scrutineer.email, PASSWORD)
    expect(page).to_have_title(re.compile("Enter your code"))
    check_page(page)
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you now")
    assert AuditEvent.objects.filter(
        action="sign_in.succeeded", actor=scrutineer, detail__method="passkey"
    ).exists()
