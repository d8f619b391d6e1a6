"""Browser journeys in Debian's Chromium, checked with axe (SECURITY.md T24).

Every page a journey visits goes through `check_page`: axe for WCAG 2.2 AA, and reflow at
320 CSS pixels (WCAG 1.4.10). pytest-django's `live_server` serves the app, with WhiteNoise
serving /static/ from the finders, so the pages carry their real GOV.UK Frontend styles.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

# The security crawl's cast and URLs, for the page-by-page axe crawl.
from tests.security.conftest import cast, crawl_urls  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
DESKTOP = {"width": 1280, "height": 900}
NARROW = 320
# Where the brief asks for them; the screenshots hold only invented test data.
SCREENS = Path(os.environ.get("MASA_SCREENS_DIR", "/tmp/masa-screens"))  # noqa: S108
# The header background the partnership's colour gives (#00594f); unstyled it is transparent.
BRAND_RGB = "rgb(0, 89, 79)"

_axe = Axe()
_BROWSER: list[Browser] = []
_PAGES_WITHOUT_JS: set[int] = set()


@dataclass
class Checked:
    """Which pages the session axe-checked, reported at the end of the run."""

    pages: list[str] = field(default_factory=list)


CHECKED = Checked()


# -- Checks -------------------------------------------------------------------------------


def axe_check(page: Page) -> None:
    """Fail with a readable list if axe finds WCAG 2.0/2.1/2.2 A or AA violations."""
    if id(page) in _PAGES_WITHOUT_JS:
        violations = _axe_without_js(page)
        where = f"{page.url} (as served without JavaScript)"
    else:
        violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
        where = page.url
    CHECKED.pages.append(f"{_path(page)} | {page.title()}")
    if violations:
        lines = [f"axe found {len(violations)} WCAG violation(s) on {where}:"]
        for violation in violations:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                f" [{violation['helpUrl']}]"
            )
            for node in violation["nodes"]:
                targets = ", ".join(
                    " ".join(t) if isinstance(t, list) else t for t in node["target"]
                )
                lines.append(f"    at {targets}")
        pytest.fail("\n".join(lines), pytrace=False)


def _axe_without_js(page: Page) -> list[dict]:
    """axe needs timers, which never fire in a page with JavaScript turned off. So check the
    same DOM in a scripting page: serve it the no-JS page's HTML, scripts removed, at the
    same address (so the same stylesheet applies), and run axe there."""
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.DOTALL | re.IGNORECASE)
    assert _BROWSER, "the browser fixture starts Chromium"
    context = _BROWSER[0].new_context(viewport=page.viewport_size or DESKTOP)
    try:
        twin = context.new_page()
        twin.route(
            page.url,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        twin.goto(page.url)
        assert twin.evaluate("!document.body.classList.contains('js-enabled')")
        return _axe.run(twin, options=AXE_OPTIONS).response["violations"]
    finally:
        context.close()


def assert_reflows(page: Page) -> None:
    """WCAG 1.4.10: at 320 CSS pixels wide the page needs no horizontal scrolling."""
    before = page.viewport_size or DESKTOP
    page.set_viewport_size({"width": NARROW, "height": 800})
    try:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > NARROW:
            culprits = page.evaluate(
                """(limit) => [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > limit + 0.5)
                    .slice(0, 8)
                    .map(el => el.tagName.toLowerCase()
                        + (el.id ? '#' + el.id : '')
                        + (el.className && typeof el.className === 'string'
                            ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                        + ' right=' + Math.round(el.getBoundingClientRect().right))""",
                NARROW,
            )
            pytest.fail(
                f"{page.url} scrolls sideways at {NARROW}px: scrollWidth={scroll_width}.\n"
                "Wider than the viewport:\n  " + "\n  ".join(culprits),
                pytrace=False,
            )
    finally:
        page.set_viewport_size(before)


def assert_styled(page: Page) -> None:
    """masa.css was served and applied: the header has the partnership's colour."""
    colour = page.locator(".govuk-generic-header").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert colour == BRAND_RGB, f"{page.url}: masa.css did not apply (header is {colour})"


def check_page(page: Page, *, title: str | None = None) -> None:
    """The checks every page gets: its title (if given), its styles, axe at desktop width,
    and reflow at 320 CSS pixels."""
    if title is not None:
        expect(page).to_have_title(re.compile(re.escape(title)))
    assert_styled(page)
    axe_check(page)
    assert_reflows(page)


def screenshot(page: Page, name: str) -> None:
    """Full-page screenshots at 1280 and 320 CSS pixels into /tmp/masa-screens/."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size or DESKTOP
    for width in (1280, NARROW):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=SCREENS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size(before)


def _path(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url) or "/"


# -- Signing in ---------------------------------------------------------------------------


def sign_in_with_password(page: Page, base_url: str, email: str, password: str) -> None:
    """The first step, through the real form; checks the sign-in page on the way."""
    page.goto(f"{base_url}/sign-in/")
    check_page(page, title="Sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()


def sign_in(page: Page, base_url: str, person: object) -> None:
    """Both steps: password, then the current code from the person's authenticator."""
    from masa.accounts.tests.factories import PASSWORD, current_code

    sign_in_with_password(page, base_url, person.email, PASSWORD)  # type: ignore[attr-defined]
    expect(page).to_have_title(re.compile("Enter your code"))
    check_page(page)
    page.get_by_label("Code from your authenticator app").fill(current_code(person))  # type: ignore[arg-type]
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you now")


# -- Fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _BROWSER.append(chromium)
        yield chromium
        chromium.close()


@pytest.fixture
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP, base_url=base_url)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def page_without_js(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, base_url=base_url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    _PAGES_WITHOUT_JS.add(id(page))
    yield page
    _PAGES_WITHOUT_JS.discard(id(page))
    context.close()


@pytest.fixture
def partnership_world(world):
    """The root conftest's world, with the statutory partners the landing page names."""
    from masa.accounts.models import OrganisationKind
    from masa.accounts.tests.factories import make_organisation

    world.council = make_organisation(
        world.partnership, kind=OrganisationKind.LOCAL_AUTHORITY, name="Testshire County Council"
    )
    world.icb = make_organisation(
        world.partnership,
        kind=OrganisationKind.INTEGRATED_CARE_BOARD,
        name="NHS Testshire Integrated Care Board",
    )
    world.police = make_organisation(
        world.partnership, kind=OrganisationKind.POLICE, name="Testshire Constabulary"
    )
    world.school = make_organisation(
        world.partnership, kind=OrganisationKind.EDUCATION, name="Testshire Primary School"
    )
    return world


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if CHECKED.pages:
        terminalreporter.write_sep("-", f"axe checked {len(CHECKED.pages)} page views")
        for line in CHECKED.pages:
            terminalreporter.write_line(f"  {line}")


# Plain functions the journeys call, offered as fixtures so no test imports conftest.
@pytest.fixture(name="axe_check")
def _axe_check_fixture() -> Callable[[Page], None]:
    return axe_check


@pytest.fixture(name="check_page")
def _check_page_fixture() -> Callable[..., None]:
    return check_page


@pytest.fixture(name="screenshot")
def _screenshot_fixture() -> Callable[[Page, str], None]:
    return screenshot


@pytest.fixture(name="sign_in")
def _sign_in_fixture(base_url: str) -> Callable[[Page, object], None]:
    return lambda page, person: sign_in(page, base_url, person)


@pytest.fixture(name="sign_in_with_password")
def _sign_in_with_password_fixture(base_url: str) -> Callable[[Page, str, str], None]:
    return lambda page, email, password: sign_in_with_password(page, base_url, email, password)
