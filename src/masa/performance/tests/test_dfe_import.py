"""`masa import-dfe`: the slice of the real files in fixtures/ (see its README), and the whole
of ../shared/data when it is beside the repository (as in CI)."""

from __future__ import annotations

import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from masa.partnership.models import LocalAuthority, OnsCode
from masa.performance.dfe_import import ImportRefused, import_directory
from masa.performance.models import (
    Area,
    AreaKind,
    AreaName,
    AreaSuccession,
    ChildPopulation,
    Measure,
    Observation,
    Polarity,
    StatisticalNeighbour,
    Unit,
)

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(__file__).resolve().parents[5] / "shared" / "data"
EES = "dfe_csc_outcomes_enablers"
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"


def _import(directory: Path = FIXTURES) -> list:
    return import_directory(directory, out=io.StringIO())


def observation(source: str, code: str, dfe_code: str, year: int) -> Observation:
    return Observation.objects.get(
        measure__source=source,
        measure__code=code,
        area__local_authority__dfe_code=dfe_code,
        year=year,
    )


def national(source: str, code: str, ons_code: str, year: int) -> Observation:
    return Observation.objects.get(
        measure__source=source, measure__code=code, area__ons_code=ons_code, year=year
    )


@pytest.mark.django_db
def test_values_and_suppression_reasons_are_stored_as_published():
    _import()

    # d5, 2023,...,South West,933,E10000027,Somerset,...,256,68,26.6,64,25,79,30.9,37,14.5,8,3.1
    found = observation("ees_d5", "CPP_At31", "933", 2023)
    assert (found.value, found.not_available_reason, found.period_label) == (256, "", "2023")
    assert observation("ees_d5", "2_years_or_more_percent", "933", 2023).value == Decimal("3.1")
    # d5, 2024,...,933,E06000066,Somerset,...,325,129,39.7,72,22.2,82,25.2,c,c,c,c
    suppressed = observation("ees_d5", "2_years_or_more", "933", 2024)
    assert (suppressed.value, suppressed.not_available_reason) == (None, "c")
    # c1, 2025,Reporting year,National,E92000001,England,...,632830,142900,22.6,...
    assert national("ees_c1", "rereferral_percent", "E92000001", 2025).value == Decimal("22.6")
    # c1, 2024,...,850,E10000014,Hampshire,Referrals and Re-referrals,u,u,u,...
    low = observation("ees_c1", "referral_count", "850", 2024)
    assert (low.value, low.not_available_reason) == (None, "u")
    # cla, 2025,...,928,Northamptonshire,E10000021,Children looked after on 31 March each
    # year,x,z,z  (population_estimate, children_count, rate_per_10000)
    gone = observation("ees_cla", "looked_after_at_31_march.children_count", "928", 2025)
    assert (gone.value, gone.not_available_reason) == (None, "z")
    # LAIT: CPPlans2yrs,...,2020,North Northamptonshire,-,940.0,East Midlands
    dash = observation("lait", "CPPlans2yrs", "940", 2020)
    assert (dash.value, dash.not_available_reason) == (None, "-")
    # LAIT: CP_conf_15days,...,2020,Somerset,90.7,933.0,South West
    assert observation("lait", "CP_conf_15days", "933", 2020).value == Decimal("90.7")
    assert {
        reason for reason in Observation.objects.values_list("not_available_reason", flat=True)
    } == {
        "",
        "c",
        "x",
        "z",
        "u",
        "-",
    }
    assert not Observation.objects.filter(value=0, not_available_reason__gt="").exists()

    # ONS: 2024,...,933,E06000066,Somerset,Children aged 0 to 17 years,113024
    somerset = Area.objects.get(local_authority__dfe_code="933")
    assert ChildPopulation.objects.get(area=somerset, year=2024).population == 113024


@pytest.mark.django_db
def test_measures_carry_titles_units_and_polarity():
    _import()

    rereferrals = Measure.objects.get(source="lait", code="ReReferral")
    assert rereferrals.polarity == Polarity.LOWER_IS_BETTER
    assert rereferrals.unit == Unit.PERCENT
    assert rereferrals.year_type == "Financial Year"
    assert rereferrals.title.startswith("Re-referrals to children's social care within 12 months")
    conferences = Measure.objects.get(source="lait", code="CP_conf_15days")
    assert conferences.polarity == Polarity.HIGHER_IS_BETTER
    rate = Measure.objects.get(source="ees_cla", code="looked_after_at_31_march.rate_per_10000")
    assert rate.unit == Unit.RATE_PER_10000
    assert Measure.objects.get(source="ees_d5", code="CPP_At31").unit == Unit.COUNT


@pytest.mark.django_db
def test_somerset_keeps_dfe_code_933_while_its_ons_code_changes_in_2024():
    _import()

    somerset = Area.objects.get(local_authority__dfe_code="933")
    assert somerset.name == "Somerset"
    assert somerset.parent is not None and somerset.parent.ons_code == "E12000009"
    assert somerset.parent.parent is not None and somerset.parent.parent.kind == AreaKind.ENGLAND
    codes = sorted(
        OnsCode.objects.filter(local_authority__dfe_code="933").values_list(
            "code", "valid_from_year", "valid_until_year"
        ),
        key=lambda code: code[1] or 0,  # NULL sorts first in SQLite, last in PostgreSQL
    )
    # The slice runs 2020-2025, so the old code is open-ended at its start.
    assert codes == [("E10000027", None, 2023), ("E06000066", 2024, None)]
    # One area, one series across the change.
    assert list(
        Observation.objects.filter(area=somerset, measure__code="CPP_At31")
        .order_by("year")
        .values_list("year", "value")
    ) == [(y, v) for y, v in zip(range(2020, 2026), _somerset_cpp_at31(), strict=True)]


def _somerset_cpp_at31() -> list[Decimal]:
    values = []
    for line in (FIXTURES / EES / "d5_cpps_at31march_by_duration_2013_to_2025.csv").open():
        cells = line.split(",")
        if len(cells) > 11 and cells[7] == "933":
            values.append((int(cells[0]), Decimal(cells[11])))
    return [value for _, value in sorted(values)]


@pytest.mark.django_db
def test_split_authorities_are_new_areas_linked_to_their_predecessor():
    _import()

    northamptonshire = Area.objects.get(local_authority__dfe_code="928")
    successors = AreaSuccession.objects.filter(predecessor=northamptonshire)
    assert {s.successor.local_authority.dfe_code for s in successors} == {"940", "941"}
    assert {s.year for s in successors} == {2021}
    assert Observation.objects.filter(area=northamptonshire, year=2021).exists()
    # North Northamptonshire has rows before it existed, but no figures.
    assert not Observation.objects.filter(
        area__local_authority__dfe_code="940", year=2021, value__isnull=False
    ).exists()
    # Names seen in the files are kept: the LAIT extract spells regions its own way.
    south_west_names = AreaName.objects.filter(area__ons_code="E12000009").values_list(
        "name", flat=True
    )
    assert set(south_west_names) == {"South West"}
    assert "England" in AreaName.objects.filter(area__ons_code="E92000001").values_list(
        "name", flat=True
    )
    # Statistical neighbours, closest first, in both models.
    north = Area.objects.get(local_authority__dfe_code="940")
    ranked = StatisticalNeighbour.objects.filter(model="2025", area=north).order_by("rank")
    # sn_model_2025_wide.csv: 940,North Northamptonshire,1,East Midlands,866,Very close,941,...
    assert [n.neighbour.local_authority.dfe_code for n in ranked[:2]] == ["866", "941"]
    assert ranked[0].closeness == "Very close"
    assert StatisticalNeighbour.objects.filter(model="2021", area=north).count() == 10


@pytest.mark.django_db
def test_a_second_import_adds_and_changes_nothing():
    first = _import()
    counts = [Observation.objects.count(), Area.objects.count(), LocalAuthority.objects.count()]
    second = _import()

    assert sum(s.added + s.changed for s in first) > 0
    assert [(s.added, s.changed) for s in second] == [(0, 0)] * len(second)
    assert [s.unchanged for s in second[1:]] == [s.added for s in first[1:]]
    assert [
        Observation.objects.count(),
        Area.objects.count(),
        LocalAuthority.objects.count(),
    ] == counts


@pytest.mark.django_db
def test_a_changed_figure_is_counted_as_changed(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data)
    _import(data)
    path = data / EES / C1
    text = path.read_text()
    row = "2025,Reporting year,National,E92000001,England,,,,,,Referrals and Re-referrals,632830,142900,22.6,"
    assert row in text
    path.write_text(text.replace(row, row.replace("22.6", "c")))

    summaries = {s.name: s for s in _import(data)}

    assert (summaries[C1].added, summaries[C1].changed) == (0, 1)
    changed = national("ees_c1", "rereferral_percent", "E92000001", 2025)
    assert (changed.value, changed.not_available_reason) == (None, "c")


@pytest.mark.django_db
def test_a_malformed_file_is_refused_naming_file_row_and_column_and_nothing_is_saved(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data)
    path = data / "dfe_lait" / "lait_safeguarding_extract.csv"
    lines = path.read_text().splitlines(keepends=True)
    lines[5] = _spoil(lines[5])
    path.write_text("".join(lines))

    with pytest.raises(ImportRefused) as refused:
        _import(data)

    assert refused.value.problems == [
        "lait_safeguarding_extract.csv, row 6, column 'Values': 'n/a' is neither a number "
        "nor a symbol"
    ]
    assert not Observation.objects.exists()
    assert not Area.objects.exists()
    assert not LocalAuthority.objects.exists()


def _spoil(line: str) -> str:
    """Put "n/a" in the Values cell (third from the end: Values, LA Number, Region)."""
    cells = line.split(",")
    cells[-3] = "n/a"
    return ",".join(cells)


@pytest.mark.django_db
def test_a_missing_column_refuses_the_run_before_anything_changes(tmp_path):
    _import()
    before = Observation.objects.count()
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data)
    path = data / EES / C1
    path.write_text(path.read_text().replace("rereferral_percent,", "rereferral_pc,", 1))

    with pytest.raises(CommandError) as refused:
        call_command("import_dfe", str(data), stdout=io.StringIO())

    assert f"{C1}, row 1, column 'rereferral_percent': this column is missing" in str(refused.value)
    assert "Nothing was imported" in str(refused.value)
    assert Observation.objects.count() == before


@pytest.mark.django_db
def test_the_command_ends_with_a_summary_per_file():
    out = io.StringIO()
    call_command("import_dfe", str(FIXTURES), stdout=out)
    again = io.StringIO()
    call_command("import_dfe", str(FIXTURES), stdout=again)

    lines = out.getvalue().splitlines()
    # Not a terminal: one plain line per file saved, no progress bar.
    assert "Saving b1_children_in_need_2013_to_2025.csv (320 records)" in lines
    assert not any("\r" in line or "[#" in line for line in lines)
    # b1 holds 40 rows of 8 figures; the 2021 neighbour file 5 authorities and a heading row.
    assert (
        "b1_children_in_need_2013_to_2025.csv: 40 rows read; 320 added, 0 changed, 0 unchanged, 0 skipped"
        in lines
    )
    assert (
        "New_Statistical_Neighbour_Groupings_April_2021.csv: 5 rows read; 50 added, 0 changed, "
        "0 unchanged, 1 skipped (blank or heading row: 1)"
    ) in lines
    assert (
        "b1_children_in_need_2013_to_2025.csv: 40 rows read; 0 added, 0 changed, 320 unchanged, 0 skipped"
        in again.getvalue().splitlines()
    )


@pytest.mark.django_db
def test_an_absent_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("import_dfe", str(tmp_path), stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is not beside the repo")
def test_the_whole_of_shared_data_imports_and_matches_the_source():
    """About 15 s on SQLite (2 cores): it runs wherever ../shared/data is, CI included."""
    summaries = _import(SHARED_DATA)

    assert Observation.objects.count() == sum(
        s.added
        for s in summaries
        if s.name.startswith(("b1", "c1", "c3", "d3", "d5", "cla", "lait"))
    )
    assert Area.objects.filter(kind=AreaKind.LOCAL_AUTHORITY).count() == 158
    assert StatisticalNeighbour.objects.filter(model="2025").count() == 1530
    # d5, 2017,...,933,E10000027,Somerset,...,413,167,40.4,...: seed 003's 413 CP plans.
    assert observation("ees_d5", "CPP_At31", "933", 2017).value == 413
    # c1, 2017,...,933,E10000027,Somerset,Referrals and Re-referrals,4777,950,19.9,...
    assert observation("ees_c1", "rereferral_percent", "933", 2017).value == Decimal("19.9")
    # LAIT: CP_conf_15days,...,2017,Somerset,94.100000000000009,933.0 (float noise rounded)
    assert observation("lait", "CP_conf_15days", "933", 2017).value == Decimal("94.1")
    # LAIT: CP_conf_15days,...,2017,England,77.2,970.0,NA
    assert national("lait", "CP_conf_15days", "E92000001", 2017).value == Decimal("77.2")
    # ONS: 2017,...,933,E10000027,Somerset,Children aged 0 to 17 years,109546
    somerset = Area.objects.get(local_authority__dfe_code="933")
    assert ChildPopulation.objects.get(area=somerset, year=2017).population == 109546
    assert AreaSuccession.objects.count() == 8

    again = _import(SHARED_DATA)
    assert sum(s.added + s.changed for s in again) == 0


def test_periods_are_normalised_to_the_year_they_end_keeping_the_label():
    from masa.performance.dfe_import import _year

    assert [_year(label) for label in ("2016", "201617", "199900", "2016-17", "201618")] == [
        2016,
        2017,
        2000,
        None,
        None,
    ]
