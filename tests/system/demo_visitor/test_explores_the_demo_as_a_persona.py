"""Someone trying out MASA's demo picks a persona from the demo page and is signed in as them,
without a password or code, and sees MASA as that persona would."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from masa.accounts.tests.factories import make_member
from masa.core.roles import Role

pytestmark = pytest.mark.browser


def test_explores_the_demo_as_a_persona(
    page, base_url, partnership_world, check_page, screenshot, settings
):
    assert settings.MASA_DEMO_MODE
    world = partnership_world
    make_member(
        Role.BUSINESS_MANAGER,
        world.council,
        full_name="Dana Demo-Manager",
        email="dana@demo.masa.invalid",
        second_factor=False,
    )
    make_member(
        Role.PRACTITIONER,
        world.own,
        full_name="Perry Demo-Practitioner",
        email="perry@demo.masa.invalid",
        second_factor=False,
    )
    make_member(Role.PRACTITIONER, world.own, full_name="Not A Persona")

    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Explore the demo as one of its personas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Explore the demo")
    expect(page.locator(".govuk-phase-banner")).to_contain_text("invented people")
    personas = page.get_by_role("table", name="Demo personas")
    expect(personas).to_contain_text("Business manager, Testshire County Council")
    expect(personas).not_to_contain_text("Not A Persona")
    check_page(page, title="Explore the demo")
    screenshot(page, "demo")

    personas.get_by_role("button", name="Sign in as Perry Demo-Practitioner").click()
    expect(page).to_have_url(f"{base_url}/home/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you now")
    expect(page.locator("main")).to_contain_text("Perry Demo-Practitioner")
    expect(page.locator("main")).to_contain_text("Practitioner, Testshire NHS Foundation Trust")
    check_page(page, title="Your home page")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    expect(page.get_by_role("table", name="People")).not_to_contain_text("Dana Demo-Manager")
    check_page(page, title="People")
