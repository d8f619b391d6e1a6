"""Every page a business manager can open passes axe and reflows at 320 px (SECURITY.md T24).

The journeys check the pages a person passes through; this crawl checks the rest. It signs in
as the business manager of the security tests' cast (the role that reaches the most pages),
fills every URL with a record from `tests/probes` as the security crawl does, and opens each
page that answers HTML: API endpoints, downloads and POST-only addresses are left out.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError
from tests.probes import all_post_only

pytestmark = pytest.mark.browser

NOT_PAGES = ("/api/", "/healthz")


def test_every_page_the_business_manager_can_open_is_axe_clean(
    page,
    base_url,
    sign_in,
    check_page,
    cast,
    crawl_urls,
):
    sign_in(page, cast.business_manager)
    post_only = all_post_only()
    problems: list[str] = []
    checked = 0
    for route, url in crawl_urls:
        if route.name in post_only or url.startswith(NOT_PAGES) or route.name == "core:demo":
            continue
        try:
            response = page.goto(f"{base_url}{url}")
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file, not a page
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        try:
            check_page(page)
        except AssertionError as failure:
            problems.append(f"{url}: {str(failure).splitlines()[0:6]}")
        checked += 1
    assert checked > 150, checked
    assert not problems, "\n".join(problems)
