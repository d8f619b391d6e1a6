"""The independent scrutineer of the demo partnership reads the performance dashboard: Somerset's
national figures (a slice of the DfE files, 2020–2025) beside England and the 22% re-referrals
target, with the council's 2016/17 submissions of seed 003 §4.4 and §6.8 (413 children on a
plan, 20.8% re-referrals). They check a chart's table, narrow the years, open an indicator's
history and download the figures as CSV."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import expect

from masa.accounts.models import Organisation, OrganisationKind, Person
from masa.partnership.demo import DEMO_PASSWORD, load_demo
from masa.partnership.models import Partnership
from masa.performance.dfe_import import import_directory
from masa.performance.models import Indicator, Submission

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[3] / "src/masa/performance/tests/fixtures"


def _somerset_2016_17_submissions(partnership: Partnership) -> None:
    council = Organisation.objects.filter(
        partnerships=partnership, kind=OrganisationKind.LOCAL_AUTHORITY
    ).first()
    person = Person.objects.filter(memberships__organisation=council).first() or (
        Person.objects.filter(memberships__partnership=partnership).first()
    )
    for code, value in (("cp-plans", "413"), ("re-referrals-12-months", "20.8")):
        Submission.objects.get_or_create(
            partnership=partnership,
            indicator=Indicator.objects.get(code=code),
            organisation=council,
            year=2017,
            quarter=4,
            superseded=False,
            defaults={
                "value": Decimal(value),
                "submitted_by": person,
                "submitted_at": datetime.datetime(2017, 4, 20, tzinfo=datetime.UTC),
            },
        )


def test_scrutineer_reads_the_performance_dashboard(page, sign_in_with_password, check_page):
    load_demo()
    import_directory(FIXTURES, out=io.StringIO())
    partnership = Partnership.objects.get(short_name="SSCP")
    _somerset_2016_17_submissions(partnership)
    scrutineer = Person.objects.get(email="ruth.achterberg@demo.masa.invalid")
    sign_in_with_password(page, scrutineer.email, DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(
        pyotp.TOTP(scrutineer.totp_device.secret).now()
    )
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Performance", exact=True).first.click()
    check_page(page, title="Performance")
    main = page.locator("main")
    # The headline indicators and those with a target, each an SVG chart and its table.
    chart = main.get_by_role("img", name=re.compile(r"^Re-referrals within 12 months"))
    expect(chart).to_have_count(1)
    # Each chart's table sits in a details element below it, closed to keep the page short.
    table = main.locator("#chart-re-referrals-12-months-data")
    expect(table).to_be_hidden()
    main.get_by_text("The chart's figures as a table").first.click()
    expect(table).to_be_visible()
    expect(table).to_contain_text("2016/17")
    expect(table).to_contain_text("20.8%")  # the council's submission (seed 003 §6.8)
    expect(table).to_contain_text("22%")  # against the 22% target
    expect(table).to_contain_text("Green: on target")
    expect(table).to_contain_text("21.4%")  # LAIT 2022/23
    expect(table).to_contain_text("not available")  # 2017/18 and 2018/19: gaps
    expect(main.get_by_text("Where these figures come from")).to_be_visible()

    # Narrow it down: two indicators, from 2021/22.
    page.get_by_text("Choose indicators and years").click()
    for box in main.get_by_role("checkbox").all():
        box.uncheck()
    main.get_by_role("checkbox", name=re.compile("^ICPCs held within 15 working days")).check()
    main.get_by_role("checkbox", name=re.compile("^Children on a child protection plan$")).check()
    main.get_by_label("First year").select_option(label="2021/22")
    main.get_by_role("button", name="Show the indicators").click()
    check_page(page, title="Performance")
    expect(main.get_by_role("img")).to_have_count(2)
    icpcs = main.locator("#chart-icpc-within-15-days-data")
    expect(icpcs).to_contain_text("97.2%")  # LAIT CP_conf_15days 2022 Somerset
    expect(icpcs).not_to_contain_text("2020/21")

    with page.expect_download() as downloaded:
        main.get_by_role("link", name="Download these figures as a CSV file").click()
    text = Path(downloaded.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["indicator_code"] for row in rows} == {"cp-plans", "icpc-within-15-days"}
    assert any(row["year"] == "2021/22" and row["value"] == "97.2" for row in rows)

    # The indicator's page: definition, every year, the submissions behind the figure.
    main.get_by_role("link", name="Children on a child protection plan", exact=True).click()
    check_page(page, title="Children on a child protection plan")
    expect(main).to_contain_text("Children who are the subject of a child protection plan")
    history = main.locator("#chart-cp-plans-data")
    expect(history).to_contain_text("2016/17")
    expect(history).to_contain_text("413")
    expect(main.locator("#submissions")).to_contain_text("2016/17 Q4")
    with page.expect_download() as downloaded:
        main.get_by_role("link", name="Download the history as a CSV file").click()
    assert "413" in Path(downloaded.value.path()).read_text(encoding="utf-8-sig")
