"""Someone new to MASA signs in for the first time: with no second factor yet, they add MASA
to their authenticator app, prove it with a code, save their recovery codes, and reach home."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import PASSWORD, make_member
from masa.core.roles import Role

pytestmark = pytest.mark.browser


def test_sets_up_two_factor_sign_in(page, base_url, world, sign_in_with_password, check_page):
    newcomer = make_member(
        Role.PRACTITIONER, world.own, full_name="Nia Newcomer", second_factor=False
    )

    sign_in_with_password(page, newcomer.email, PASSWORD)
    expect(page).to_have_url(f"{base_url}/sign-in/set-up-second-factor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    check_page(page, title="Set up two-factor sign-in")

    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("heading", name="1. Add MASA to your authenticator app")
    ).to_be_visible()
    expect(page.locator(".masa-qr svg")).to_be_visible()
    check_page(page, title="Set up two-factor sign-in")

    # Submitting without a code shows the error summary, linked to the field.
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page).to_have_title(re.compile("^Error: Set up two-factor sign-in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the 6-digit code from your authenticator app")
    check_page(page)

    secret = page.locator("#secret-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm and sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    codes = page.locator(".masa-recovery-codes li")
    expect(codes.first).to_have_text(re.compile(r"^\w{5}-\w{5}$"))
    code_count = codes.count()
    assert code_count >= 8
    check_page(page, title="Save your recovery codes")

    page.get_by_role("button", name="I have saved my codes").click()
    expect(page).to_have_url(f"{base_url}/home/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you now")
    expect(page.locator("main")).to_contain_text("Practitioner, Testshire NHS Foundation Trust")
    check_page(page, title="Your home page")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your account").click()
    rows = page.locator(".govuk-summary-list")
    expect(rows).to_contain_text("Authenticator app")
    expect(rows).to_contain_text(re.compile(rf"Recovery codes left\s*{code_count}"))
    check_page(page, title="Your account")
