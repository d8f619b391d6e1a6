"""The performance dashboard, the indicator pages, their charts and CSV exports, on the
fixture slice of the DfE files (fixtures/README.md) imported with the real importer.

Figures quoted beside the assertions are the source rows of the slice."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from masa.accounts.models import OrganisationKind
from masa.accounts.tests.factories import make_member, make_organisation, signed_in_client
from masa.core.roles import Role
from masa.partnership.models import LocalAuthority
from masa.performance.charts import STYLES, contrast_with_white, line_chart, nice_ceiling
from masa.performance.dashboard import (
    CSV_HEADER,
    HEADLINE_CODES,
    csv_safe,
    dashboard_for,
    number_text,
)
from masa.performance.dfe_import import import_directory
from masa.performance.models import (
    Area,
    Indicator,
    IndicatorTarget,
    Measure,
    Observation,
    Submission,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _import() -> None:
    import_directory(FIXTURES, out=io.StringIO())


def _indicators(*codes: str) -> list[Indicator]:
    found = {i.code: i for i in Indicator.objects.select_related("measure", "count_measure")}
    return [found[code] for code in codes]


def _somerset(world, target: str | None = "22"):
    """world.partnership covering Somerset (only: the factory's made-up authority may share a
    real DfE number), with a 2023 re-referrals target."""
    world.partnership.area.set([LocalAuthority.objects.get(dfe_code="933")])
    if target is not None:
        IndicatorTarget.objects.create(
            partnership=world.partnership,
            indicator=Indicator.objects.get(code="re-referrals-12-months"),
            year=2023,
            value=Decimal(target),
        )
    return world.partnership


def _council(world, name: str = "Somerset Council"):
    return make_organisation(world.partnership, kind=OrganisationKind.LOCAL_AUTHORITY, name=name)


def _submit(world, organisation, code: str, year: int, quarter: int, value: str) -> Submission:
    return Submission.objects.create(
        partnership=world.partnership,
        indicator=Indicator.objects.get(code=code),
        organisation=organisation,
        year=year,
        quarter=quarter,
        value=Decimal(value),
        submitted_by=make_member(Role.AGENCY_SAFEGUARDING_LEAD, organisation),
        submitted_at=datetime.datetime(year, 4, 20, tzinfo=datetime.UTC),
    )


def _reader(world, role: Role = Role.INDEPENDENT_SCRUTINEER):
    return signed_in_client(make_member(role, world.own, partnership=world.partnership))


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# ---------------------------------------------------------------- the series


@pytest.mark.django_db
def test_somerset_re_referrals_across_the_years_beside_region_england_and_target(world):
    _import()
    partnership = _somerset(world)

    board = dashboard_for(partnership, _indicators("re-referrals-12-months"))

    series = board.series[0]
    assert board.area.name == "Somerset" and board.region.name == "South West"
    assert [row.year for row in series.rows] == [2020, 2021, 2022, 2023, 2024, 2025]
    row = {r.year: r for r in series.rows}[2023]
    # LAIT: ReReferral 2023 Somerset 21.4, South West 23, England 22.4
    assert (row.value.value, row.value_source) == (Decimal("21.4"), "national")
    assert (row.region.value, row.england.value) == (Decimal("23"), Decimal("22.4"))
    # The 2021 model's ten neighbours are not in the slice: all left out, no mean.
    assert (row.sn_model, row.sn_mean, row.sn_left_out) == ("2021", None, 10)
    # Lower is better: 21.4 under the 22% target is green.
    assert (row.target, row.rag) == (Decimal("22"), "green")
    assert {r.year: r.value.value for r in series.rows}[2025] == Decimal("22.1")
    assert series.latest.year == 2025
    assert board.years == [2020, 2021, 2022, 2023, 2024, 2025]


@pytest.mark.django_db
def test_the_year_range_limits_each_series(world):
    _import()
    board = dashboard_for(
        _somerset(world), _indicators("icpc-within-15-days"), first=2022, last=2024
    )
    # LAIT: CP_conf_15days Somerset 2022 97.2, 2023 96.7, 2024 88.7
    assert [(r.year, r.value.value) for r in board.series[0].rows] == [
        (2022, Decimal("97.2")),
        (2023, Decimal("96.7")),
        (2024, Decimal("88.7")),
    ]


@pytest.mark.django_db
def test_a_suppressed_year_is_a_gap_never_a_zero(world):
    _import()
    partnership = _somerset(world)
    Observation.objects.filter(
        measure__code="ReReferral", area__local_authority__dfe_code="933", year=2022
    ).update(value=None, not_available_reason="c")

    board = dashboard_for(partnership, _indicators("re-referrals-12-months"))
    series = board.series[0]
    gap = {r.year: r for r in series.rows}[2022]
    assert gap.value.value is None
    assert gap.value.text == "not available (suppressed)"
    assert gap.value.reason == "Suppressed to protect confidentiality"

    chart = line_chart(series, area_name=board.area_name)
    blue_lines = re.findall(r'<path d="(M[^"]*)" fill="none" stroke="#1d70b8"', chart.svg)
    # Two runs, 2020–2021 and 2023–2025, each a line of its own: no point drawn at zero.
    assert len(blue_lines) == 2
    assert [line.count("L") for line in blue_lines] == [1, 2]
    assert "2 of the 6 years" not in chart.description
    assert "1 of the 6 years have no figure" in chart.description

    page = _reader(world).get("/performance/", {"indicators": "re-referrals-12-months"})
    assert page.status_code == 200
    assert "not available (suppressed)" in page.content.decode()


@pytest.mark.django_db
def test_neighbours_mean_and_median_use_the_model_of_the_year(world):
    _import()
    world.partnership.area.set([LocalAuthority.objects.get(dfe_code="941")])

    board = dashboard_for(world.partnership, _indicators("icpc-within-15-days"))
    row = {r.year: r for r in board.series[0].rows}[2025]
    # 2025 model: of West Northamptonshire's neighbours, 940 (81.5) and 933 (90.4) are in
    # the slice: mean and median 85.95; eight left out.
    assert (row.sn_model, row.sn_mean, row.sn_median) == (
        "2025",
        Decimal("85.95"),
        Decimal("85.95"),
    )
    assert (row.sn_count, row.sn_left_out) == (2, 8)
    # LAIT: CP_conf_15days 2025 West Northamptonshire 79.7; East Midlands 84.2; England 81.4
    assert row.value.value == Decimal("79.7")
    assert (row.region.value, row.england.value) == (Decimal("84.2"), Decimal("81.4"))

    page = _reader(world).get("/performance/indicators/icpc-within-15-days/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Statistical neighbours in 2024/25" in text
    assert "North Northamptonshire" in text and "81.5%" in text and "90.4%" in text
    assert "85.95%" in text  # the mean and median in the history table
    assert "lait_safeguarding_extract.csv" in text and "CP_conf_15days" in text


@pytest.mark.django_db
def test_a_rate_worked_out_from_the_count_says_so(world):
    _import()
    board = dashboard_for(_somerset(world, target=None), _indicators("cp-plans-rate"))
    row = {r.year: r for r in board.series[0].rows}[2025]
    # d5 CPP_At31 2025 Somerset 313 / ONS mid-2024 113,024 × 10,000 = 27.7
    assert (row.value.value, row.value.figure.computed) == (Decimal("27.7"), True)
    assert row.value.text == "27.7 (worked out from the count)"
    assert board.uses_population


# ---------------------------------------------------------------- local submissions


@pytest.mark.django_db
def test_several_organisations_counts_are_summed_but_percentages_are_not(world):
    _import()
    partnership = _somerset(world)
    council, other = _council(world), _council(world, "Somerset Children's Services")
    # cp-plans is quarterly: the year's figure is Q4's (seed 003 §4.2: 413 at 31 March 2017).
    _submit(world, council, "cp-plans", 2017, 3, "390")
    _submit(world, council, "cp-plans", 2017, 4, "400")
    _submit(world, other, "cp-plans", 2017, 4, "13")
    # Re-referrals: one organisation's 20.8% stands; two organisations' cannot be added.
    _submit(world, council, "re-referrals-12-months", 2017, 4, "20.8")
    _submit(world, council, "icpc-within-15-days", 2017, 4, "94.7")
    _submit(world, other, "icpc-within-15-days", 2017, 4, "90")

    board = dashboard_for(
        partnership,
        _indicators("cp-plans", "re-referrals-12-months", "icpc-within-15-days"),
    )
    plans, rereferrals, icpcs = ({r.year: r for r in s.rows}[2017] for s in board.series)
    assert (plans.value.value, plans.value_source, len(plans.submissions)) == (
        Decimal("413"),
        "local",
        2,
    )
    assert (rereferrals.value.value, rereferrals.value_source) == (Decimal("20.8"), "local")
    assert icpcs.value.value is None
    assert icpcs.value.text == (
        "not available (submitted by 2 organisations, whose percentages cannot be added up)"
    )
    # Years between the local 2017 and the published 2020 are rows of their own, empty.
    assert [r.year for r in board.series[0].rows][:4] == [2017, 2018, 2019, 2020]
    assert board.series[0].rows[1].value.text == ("not available (not published)")
    # Without a submission, the published figure stands in (LAIT 2023: 21.4).
    assert {r.year: r for r in board.series[1].rows}[2023].value_source == "national"

    page = _reader(world).get("/performance/indicators/cp-plans/")
    text = page.content.decode()
    assert 'id="submitted-2017"' in text and "Somerset Children&#x27;s Services" in text
    assert "2016/17 Q3" in text  # every current submission, by organisation and period
    dashboard = _reader(world).get("/performance/", {"indicators": "cp-plans"}).content.decode()
    assert "/performance/indicators/cp-plans/#submitted-2017" in dashboard
    assert "sum of 2 organisations" in dashboard


@pytest.mark.django_db
def test_an_annual_local_indicator_uses_the_whole_year(world):
    indicator = Indicator.objects.create(
        code="annual-local",
        title="An annual local count",
        definition="Test",
        unit="count",
        direction="neither",
        source="local",
        submitted_by=OrganisationKind.LOCAL_AUTHORITY,
        frequency="annual",
    )
    council = _council(world)
    _submit(world, council, "annual-local", 2017, 0, "3")

    world.partnership.area.clear()
    board = dashboard_for(world.partnership, [indicator])
    assert board.area is None  # no national statistics for the partnership's area
    assert [(r.year, r.value.value) for r in board.series[0].rows] == [(2017, Decimal("3"))]
    assert board.series[0].rows[0].england.reason.startswith("There is no national measure")
    assert board.series[0].rows[0].sn_mean_cell.reason.startswith("There is no national")


# ---------------------------------------------------------------- pages


@pytest.mark.django_db
def test_the_dashboard_shows_the_targeted_and_headline_indicators_by_default(world):
    _import()
    _somerset(world)
    IndicatorTarget.objects.create(
        partnership=world.partnership,
        indicator=Indicator.objects.get(code="contacts"),
        year=2017,
        value=Decimal("30000"),
    )
    response = _reader(world).get("/performance/")
    assert response.status_code == 200
    shown = [series.code for series, _ in response.context["charts"]]
    assert set(shown) == {*HEADLINE_CODES, "contacts"}
    text = response.content.decode()
    drawn = [chart for _, chart in response.context["charts"] if chart.drawn]
    assert len(drawn) == 5  # contacts and the CLA rate have no figures in the slice
    assert text.count('role="img"') == len(drawn)
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0" in text
    )
    assert "Where these figures come from" in text
    assert (
        "performance/export.csv?indicators=contacts&amp;indicators=re-referrals-12-months" in text
    )


@pytest.mark.django_db
def test_the_dashboard_form_names_its_problems_and_keeps_the_rest(world):
    _import()
    _somerset(world)
    client = _reader(world)
    response = client.get(
        "/performance/",
        {
            "show": "1",
            "indicators": ["nope", "icpc-within-15-days"],
            "first": "2024",
            "last": "2021",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "There is no indicator with the code “nope”" in text
    assert "The last year must be the same as or after the first year" in text
    assert [s.code for s, _ in response.context["charts"]] == ["icpc-within-15-days"]
    none = client.get("/performance/", {"show": "1"}).content.decode()
    assert "Select at least one indicator" in none


@pytest.mark.django_db
def test_the_chart_is_accessible_and_scales(world):
    _import()
    board = dashboard_for(_somerset(world), _indicators("re-referrals-12-months"))
    chart = line_chart(board.series[0], area_name="Somerset")
    svg = str(chart.svg)
    assert 'role="img"' in svg
    assert (
        'aria-labelledby="chart-re-referrals-12-months-title chart-re-referrals-12-months-desc"'
        in svg
    )
    assert "<title id=" in svg and "<desc id=" in svg
    assert 'viewBox="0 0 400 240"' in svg and 'width="100%"' in svg
    assert "style=" not in svg  # the CSP allows no inline style
    assert "Somerset: 22.1% in 2024/25, from 19.8% in 2019/20" in chart.description
    # Every line: its own dash and marker, a colour of at least 3:1 against white.
    assert len({(s.dash, s.marker) for s in STYLES}) == len(STYLES)
    assert all(contrast_with_white(style.colour) >= 3 for style in STYLES)
    assert [entry.label for entry in chart.legend] == [
        "Somerset",
        "Statistical neighbours' mean",
        "England",
        "Target",
    ]
    assert nice_ceiling(23.9) == (25.0, 5.0)


@pytest.mark.django_db
def test_the_indicator_page_gives_definition_history_and_sources(world):
    _import()
    _somerset(world)
    response = _reader(world).get("/performance/indicators/re-referrals-12-months/")
    text = response.content.decode()
    assert response.status_code == 200
    for expected in (
        "Referrals in the period that came within 12 months",
        "Lower is better",
        "Local submission, submitted by an organisation of the kind",
        "2019/20",
        "2024/25",
        "South West",
        "Green: on target",
        "ReReferral",
        "No organisation has submitted a figure for this indicator.",
    ):
        assert expected in text, expected
    assert response.context["series"].rows[-1].year == 2025


@pytest.mark.django_db
def test_an_unknown_indicator_or_partnership_answers_404(world):
    client = _reader(world)
    assert client.get("/performance/indicators/no-such-thing/").status_code == 404
    assert client.get("/performance/indicators/no-such-thing/export.csv").status_code == 404
    elsewhere = world.elsewhere.pk
    assert client.get("/performance/", {"partnership": elsewhere}).status_code == 404
    assert client.get("/performance/export.csv", {"partnership": elsewhere}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/performance/",
        "/performance/export.csv",
        "/performance/indicators/cp-plans/",
        "/performance/indicators/cp-plans/export.csv",
    ],
)
def test_a_practitioner_is_refused(world, path):
    assert _reader(world, Role.PRACTITIONER).get(path).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.AGENCY_SAFEGUARDING_LEAD, Role.SUBGROUP_CHAIR, Role.LEAD_SAFEGUARDING_PARTNER]
)
def test_the_quality_and_performance_subgroup_and_the_executive_may_read_it(world, role):
    assert _reader(world, role).get("/performance/").status_code == 200


# ---------------------------------------------------------------- CSV


def test_csv_cells_cannot_become_formulas():
    assert csv_safe("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert csv_safe("+44 20") == "'+44 20"
    assert csv_safe("@cmd") == "'@cmd"
    assert csv_safe("\tx") == "'\tx"
    assert csv_safe("\rx") == "'\rx"
    assert csv_safe("-HYPERLINK(1)") == "'-HYPERLINK(1)"
    assert csv_safe("-12.5") == "-12.5"  # a plain number stays a number
    assert csv_safe("413") == "413"
    assert csv_safe("Somerset") == "Somerset"


@pytest.mark.django_db
def test_the_csv_export_has_the_figures_their_sources_and_no_formulas(world):
    _import()
    _somerset(world)
    council = _council(world)
    Indicator.objects.create(
        code="formula-title",
        title='=HYPERLINK("http://evil.invalid","click")',
        definition="Test",
        unit="count",
        direction="neither",
        source="local",
        submitted_by=OrganisationKind.LOCAL_AUTHORITY,
        frequency="quarterly",
    )
    _submit(world, council, "formula-title", 2017, 4, "1040")
    _submit(world, council, "cp-plans", 2017, 4, "413")

    response = _reader(world).get(
        "/performance/export.csv",
        {"indicators": ["formula-title", "cp-plans", "re-referrals-12-months"]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="performance-indicators.csv"'
    rows = _csv(response)
    assert tuple(rows[0]) == CSV_HEADER
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    formula = [r for r in records if r["indicator_code"] == "formula-title"]
    assert formula[0]["indicator"].startswith("'=HYPERLINK")
    assert formula[0]["value"] == "1040"
    plans = {r["year"]: r for r in records if r["indicator_code"] == "cp-plans"}
    assert plans["2016/17"]["value"] == "413"
    assert plans["2016/17"]["value_from"] == "local submission (1 organisation)"
    assert "Local submissions to" in plans["2016/17"]["source"]
    rereferral = {r["year"]: r for r in records if r["indicator_code"] == "re-referrals-12-months"}
    row = rereferral["2022/23"]
    assert (row["value"], row["region_value"], row["england_value"]) == ("21.4", "23", "22.4")
    assert (row["target"], row["rag"], row["sn_model"], row["sn_left_out"]) == (
        "22",
        "green",
        "2021",
        "10",
    )
    assert "Open Government Licence v3.0" in row["source"]
    assert "lait_safeguarding_extract.csv (ReReferral)" in row["source"]

    unknown = _reader(world).get("/performance/export.csv", {"indicators": "nope"})
    assert unknown.status_code == 400


@pytest.mark.django_db
def test_the_indicator_csv_gives_every_year(world):
    _import()
    _somerset(world)
    response = _reader(world).get("/performance/indicators/icpc-within-15-days/export.csv")
    rows = _csv(response)
    assert [row[3] for row in rows[1:]] == [
        "2019/20",
        "2020/21",
        "2021/22",
        "2022/23",
        "2023/24",
        "2024/25",
    ]
    assert rows[1][6] == "90.7"  # LAIT: CP_conf_15days 2020 Somerset 90.7


# ---------------------------------------------------------------- queries


def _count_queries(client, path: str, params: dict) -> int:
    client.get(path, params)  # warm up the session
    # Each request empties the connection's log as it starts: start the capture from empty,
    # so the request's own queries are the ones counted.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    assert len(queries) > 5  # the page's queries were seen
    return len(queries)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_indicators(world):
    _import()
    _somerset(world)
    council = _council(world)
    for code in ("cp-plans", "contacts", "icpc-within-15-days", "referrals"):
        _submit(world, council, code, 2017, 4, "10")
    client = _reader(world)
    two = ["re-referrals-12-months", "cp-plans"]
    eight = [
        *two,
        "icpc-within-15-days",
        "cp-plans-rate",
        "cp-plans-2-years-or-more",
        "contacts",
        "referrals",
        "children-in-need",
    ]
    for path in ("/performance/", "/performance/export.csv"):
        assert _count_queries(client, path, {"indicators": two}) == _count_queries(
            client, path, {"indicators": eight}
        )


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_years(world):
    _import()
    _somerset(world)
    council = _council(world)
    client = _reader(world)
    params = {"indicators": ["re-referrals-12-months", "cp-plans", "cp-plans-rate"]}
    pages = ("/performance/", "/performance/indicators/cp-plans/")
    Observation.objects.filter(year__lt=2025).delete()  # one year of national data
    _submit(world, council, "cp-plans", 2025, 4, "300")
    one_year = [_count_queries(client, path, params) for path in pages]

    # Ten years: national figures for the authority, its neighbours, region and England,
    # and a local submission each year.
    measures = list(Measure.objects.filter(code__in=["ReReferral", "CPP_At31"]))
    areas = list(Area.objects.all())
    Observation.objects.bulk_create(
        Observation(
            measure=measure, area=area, year=year, period_label=str(year), value=Decimal(20)
        )
        for measure in measures
        for area in areas
        for year in range(2016, 2025)
    )
    for year in range(2016, 2025):
        _submit(world, council, "cp-plans", year, 4, "300")
    board = dashboard_for(world.partnership, _indicators("re-referrals-12-months"))
    assert len(board.series[0].rows) == 10
    assert [_count_queries(client, path, params) for path in pages] == one_year


def test_numbers_are_written_the_govuk_way():
    assert number_text(Decimal("5001"), "count") == "5,001"
    assert number_text(Decimal("20.8000"), "percent") == "20.8%"
    assert number_text(Decimal("29"), "days") == "29 days"
    assert number_text(Decimal("37.90"), "rate_per_10000") == "37.9"
