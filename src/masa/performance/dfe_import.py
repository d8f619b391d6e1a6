"""`masa import-dfe DIR`: the DfE's children's social care statistics into the database.

Reads, from DIR (laid out as `../shared/data/`, see its README):
- dfe_csc_outcomes_enablers/: the explore-education-statistics (EES) files b1, c1, c3, d3, d5
  and cla (one observation per value column), the ONS 0–17 population, and the statistical
  neighbour models of April 2021 and 2025;
- dfe_lait/lait_safeguarding_extract.csv, with lait_data_dictionary.csv for measure titles,
  units and polarity.
The Ofsted inspection sheets are not imported yet.

The run happens in two phases. First every file is read and checked — its header, then every
row — entirely in memory; any problem refuses the whole run, naming file, row and column, before
the database is touched. Then everything is written in ONE transaction: the files refer to each
other (the neighbour models and the LAIT extract name authorities the EES files introduce), so a
run is either all in or not at all, and a half-imported dataset never shows in benchmarks.

Matching is on the DfE 3-digit number for authorities (names vary: "Bournemouth (Pre LG)",
"Bristol, City of"; every name seen is kept in AreaName) and on the ONS code for England and
regions. An authority's ONS codes are kept by year in the partnership app's OnsCode (Somerset,
933: E10000027 to 2023, E06000066 from 2024). Re-running with the same files changes nothing.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, TypeVar

from django.db import transaction
from django.db.models import Model

from masa.partnership.models import LocalAuthority, OnsCode
from masa.performance.catalogue import load_indicator_catalogue
from masa.performance.models import (
    Area,
    AreaKind,
    AreaName,
    AreaSuccession,
    ChildPopulation,
    Measure,
    NotAvailable,
    Observation,
    Polarity,
    StatisticalNeighbour,
    Unit,
)

EES_DIR = "dfe_csc_outcomes_enablers"
LAIT_DIR = "dfe_lait"
LAIT_FILE = "lait_safeguarding_extract.csv"
LAIT_DICTIONARY = "lait_data_dictionary.csv"
POPULATION_FILE = "ons_mid-year_population_estimates_2012_to_2024.csv"
SN_2021_FILE = "New_Statistical_Neighbour_Groupings_April_2021.csv"
SN_2025_FILE = "sn_model_2025_wide.csv"

BATCH = 2000
SUPPRESSION = {choice.value for choice in NotAvailable}
ENGLAND = "E92000001"
LONDON = "E12000007"
INNER_LONDON, OUTER_LONDON = "E13000001", "E13000002"
# LAIT numbers England 970 and the regions 980–990; these are their ONS codes.
LAIT_AREAS = {
    970: ENGLAND,
    980: "E12000001",
    981: "E12000002",
    982: "E12000003",
    983: "E12000004",
    984: "E12000005",
    985: "E12000006",
    986: LONDON,
    987: INNER_LONDON,
    988: OUTER_LONDON,
    989: "E12000008",
    990: "E12000009",
}
# Reorganisations since 2013 that gave authorities new DfE numbers. The files show the old
# numbers stopping and the new ones starting but do not say who succeeded whom, so the links
# come from the structural changes orders: (predecessor, successor, year, note).
SUCCESSIONS = (
    ("835", "838", 2019, "Dorset County Council and its districts became Dorset Council"),
    ("835", "839", 2019, "Christchurch (Dorset) joined Bournemouth, Christchurch and Poole"),
    ("836", "839", 2019, "Poole became part of Bournemouth, Christchurch and Poole"),
    ("837", "839", 2019, "Bournemouth became part of Bournemouth, Christchurch and Poole"),
    ("928", "940", 2021, "Northamptonshire split into North and West Northamptonshire"),
    ("928", "941", 2021, "Northamptonshire split into North and West Northamptonshire"),
    ("909", "942", 2023, "Cumbria split into Cumberland and Westmorland and Furness"),
    ("909", "943", 2023, "Cumbria split into Cumberland and Westmorland and Furness"),
)
# Buckinghamshire (825, 2020), North Yorkshire (815, 2023) and Somerset (933, 2023) became
# unitary authorities keeping their DfE numbers: one Area each, with a new ONS code.

AreaKey = tuple[str, str]  # ("la", "933") or ("ons", "E12000009")


class ImportRefused(Exception):
    """The files are not fit to import; nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class FileSummary:
    name: str
    rows_read: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        skipped = sum(self.skipped.values())
        reasons = "; ".join(f"{reason}: {n}" for reason, n in sorted(self.skipped.items()))
        return (
            f"{self.name}: {self.rows_read} rows read; {self.added} added, {self.changed} "
            f"changed, {self.unchanged} unchanged, {skipped} skipped"
            + (f" ({reasons})" if reasons else "")
        )


@dataclass
class MeasureSpec:
    source: str
    source_file: str
    code: str
    title: str
    unit: str
    polarity: str
    description: str = ""
    year_type: str = ""


@dataclass
class AreaSeen:
    kind: str
    names: dict[str, int] = field(default_factory=dict)  # name -> latest year seen
    parent: str | None = None  # ONS code of the region
    parent_year: int = -1
    ons_years: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def saw(self, name: str, year: int) -> None:
        name = name.strip()
        if name:
            self.names[name] = max(year, self.names.get(name, year))

    def latest_name(self) -> str:
        return max(self.names.items(), key=lambda item: (item[1], item[0]))[0]


@dataclass
class ParsedFile:
    summary: FileSummary
    kind: str  # "observations", "population", "neighbours"
    records: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict)


@dataclass
class Parsed:
    files: list[ParsedFile] = field(default_factory=list)
    measures: dict[tuple[str, str], MeasureSpec] = field(default_factory=dict)
    areas: dict[AreaKey, AreaSeen] = field(default_factory=dict)
    first_year: int = 9999
    last_year: int = 0

    def area(self, key: AreaKey, kind: str) -> AreaSeen:
        seen = self.areas.get(key)
        if seen is None:
            seen = self.areas[key] = AreaSeen(kind)
        return seen


class Progress:
    """A progress bar on a terminal; a plain line per step otherwise."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.tty = bool(getattr(out, "isatty", lambda: False)())
        self.label, self.total, self.last = "", 0, -1

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.last = label, max(total, 1), -1
        if not self.tty:
            self.out.write(f"{label} ({total} records)\n")
            self.out.flush()
        else:
            self.update(0)

    def update(self, done: int) -> None:
        if not self.tty:
            return
        tenths = done * 40 // self.total
        if tenths == self.last:
            return
        self.last = tenths
        bar = "#" * tenths + "-" * (40 - tenths)
        self.out.write(f"\r{self.label[:72]:<72} [{bar}] {done}/{self.total}")
        self.out.flush()

    def finish(self) -> None:
        if self.tty:
            self.update(self.total)
            self.out.write("\n")
            self.out.flush()


# ---------------------------------------------------------------- reading and checking


class _Checker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[str] = []

    def problem(self, row: int, column: str, message: str) -> None:
        if len(self.problems) < 20:
            self.problems.append(f"{self.file}, row {row}, column '{column}': {message}")


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        return [], []
    return [name.strip() for name in rows[0]], rows[1:]


def _year(label: str) -> int | None:
    """ "2016" -> 2016; "201617" -> 2017 (the year the period ends)."""
    label = label.strip()
    if re.fullmatch(r"(19|20)\d\d", label):
        return int(label)
    if re.fullmatch(r"(19|20)\d{4}", label) and int(label[4:]) == (int(label[2:4]) + 1) % 100:
        return int(label[:2] + label[4:]) + (100 if label[4:] == "00" else 0)
    return None


def _value(text: str) -> tuple[Decimal | None, str] | None:
    """(value, reason) for a cell, or None if it is neither a number nor a symbol."""
    text = text.strip()
    if text in SUPPRESSION:
        return None, text
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number.quantize(Decimal("0.0001")), ""


_EES_ID_COLUMNS = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
]


@dataclass
class EesFile:
    name: str
    source: str
    dataset: str
    columns: list[str]  # value columns
    titles: dict[str, str] = field(default_factory=dict)
    polarity: dict[str, str] = field(default_factory=dict)
    year_type: str = "Year ending 31 March"
    split_by: str = ""  # a column naming different measures in one file (CLA)
    split_codes: dict[str, str] = field(default_factory=dict)
    # False for files that give every year the authority's current ONS code (the CLA file
    # shows Somerset as E06000066 in 2021): their codes say nothing about when a code applied.
    codes_by_year: bool = True


def _columns(text: str) -> list[str]:
    return text.split()


EES_FILES = [
    EesFile(
        "b1_children_in_need_2013_to_2025.csv",
        "ees_b1",
        "Children in need",
        _columns(
            "Anypoint_episodes Anypoint_child Started_episodes Started_child Ended_episodes "
            "Ended_child At31_episodes awaiting_assessment"
        ),
        titles={
            "At31_episodes": "Children in need at 31 March",
            "Started_episodes": "Episodes of need starting in the year",
        },
    ),
    EesFile(
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "ees_c1",
        "Referrals and re-referrals",
        _columns(
            "referral_count rereferral_count rereferral_percent no_further_action_count "
            "no_further_action_percent not_in_need_count not_in_need_percent "
            "referral_child_count rereferral_child_count rereferral_child_percent"
        ),
        titles={
            "referral_count": "Referrals to children's social care",
            "rereferral_percent": "Re-referrals within 12 months of a previous referral (%)",
        },
        polarity={"rereferral_percent": Polarity.LOWER_IS_BETTER},
    ),
    EesFile(
        "c3_factors_identified_at_end_of_assessment_2018_to_2025.csv",
        "ees_c3",
        "Factors identified at the end of assessment",
        _columns(
            "Episodes_with_assessment_factor Alcohol_Misuse_child Alcohol_Misuse_parent "
            "Alcohol_Misuse_person Drug_Misuse_child Drug_Misuse_parent Drug_Misuse_person "
            "Domestic_Abuse_child Domestic_Abuse_parent Domestic_Abuse_person "
            "Mental_Health_child Mental_Health_parent Mental_Health_person "
            "Learning_Disability_child Learning_Disability_parent Learning_Disability_person "
            "Physical_Disability_child Physical_Disability_parent Physical_Disability_person "
            "Young_Carer Privately_fostered Unaccompanied_asylum_seeker Going_missing "
            "Child_sexual_exploitation Trafficking Gangs Socially_unacceptable_behaviour "
            "Self_harm Neglect Emotional_Abuse Physical_Abuse_unknown "
            "Physical_Abuse_child_on_child Physical_Abuse_adult_on_child Sexual_Abuse_unknown "
            "Sexual_Abuse_child_on_child Sexual_Abuse_adult_on_child Female_Genital_Mutilation "
            "Faith_linked_abuse Child_criminal_exploitation Other"
        ),
    ),
    EesFile(
        "d3_cpps_subsequent_plan_2013_to_2025.csv",
        "ees_d3",
        "Child protection plans starting",
        _columns("CPP_start CPP_subsequent CPP_subsequent_percent"),
        titles={
            "CPP_start": "Child protection plans starting in the year",
            "CPP_subsequent_percent": "Child protection plans that are a second or subsequent plan (%)",
        },
        polarity={"CPP_subsequent_percent": Polarity.LOWER_IS_BETTER},
    ),
    EesFile(
        "d5_cpps_at31march_by_duration_2013_to_2025.csv",
        "ees_d5",
        "Child protection plans at 31 March by length",
        _columns(
            "CPP_At31 3_months_or_less 3_months_or_less_percent more_than_3_months_6_months "
            "more_than_3_months_6_months_percent more_than_6_months_less_than_1_year "
            "more_than_6_months_less_than_1_year_percent 1_year_less_than_2_years "
            "1_year_less_than_2_years_percent 2_years_or_more 2_years_or_more_percent"
        ),
        titles={
            "CPP_At31": "Children on a child protection plan at 31 March",
            "2_years_or_more_percent": "Child protection plans at 31 March lasting 2 years or more (%)",
        },
        polarity={"2_years_or_more_percent": Polarity.LOWER_IS_BETTER},
    ),
    EesFile(
        "cla_number_and_rate_per_10k_children.csv",
        "ees_cla",
        "Children looked after",
        ["children_count", "rate_per_10000"],
        split_by="population_type",
        split_codes={
            "Children looked after on 31 March each year": "looked_after_at_31_march",
            "Children starting to be looked after each year": "started_to_be_looked_after",
            "Children ceasing to be looked after each year": "ceased_to_be_looked_after",
        },
        codes_by_year=False,
    ),
]


def _unit(column: str) -> str:
    lowered = column.lower()
    if lowered.endswith("percent"):
        return Unit.PERCENT
    if "rate" in lowered:
        return Unit.RATE_PER_10000
    return Unit.COUNT


def _ees_area(
    parsed: Parsed,
    check: _Checker,
    number: int,
    row: dict[str, str],
    year: int,
    codes_by_year: bool = True,
) -> AreaKey | None:
    level = row["geographic_level"].strip()
    if level == "National":
        key: AreaKey = ("ons", row["country_code"].strip() or ENGLAND)
        parsed.area(key, AreaKind.ENGLAND).saw(row.get("country_name", "") or "England", year)
        return key
    if level == "Regional":
        code = row["region_code"].strip()
        if not re.fullmatch(r"E1[23]\d{6}", code):
            check.problem(number, "region_code", f"'{code}' is not a region's ONS code")
            return None
        kind = AreaKind.SUB_REGION if code.startswith("E13") else AreaKind.REGION
        seen = parsed.area(("ons", code), kind)
        seen.saw(row["region_name"], year)
        return ("ons", code)
    if level == "Local authority":
        code = row["old_la_code"].strip()
        if not re.fullmatch(r"\d{3}", code):
            check.problem(number, "old_la_code", f"'{code}' is not a 3-digit DfE number")
            return None
        seen = parsed.area(("la", code), AreaKind.LOCAL_AUTHORITY)
        seen.saw(row["la_name"], year)
        ons = row["new_la_code"].strip()
        if ons and codes_by_year:
            seen.ons_years[ons].add(year)
        region = row["region_code"].strip()
        if region and year >= seen.parent_year:
            seen.parent, seen.parent_year = region, year
        return ("la", code)
    return None


def _read_ees(directory: Path, spec: EesFile, parsed: Parsed, check: _Checker) -> ParsedFile:
    header, rows = _read(directory / spec.name)
    summary = FileSummary(spec.name)
    result = ParsedFile(summary, "observations")
    needed = [*_EES_ID_COLUMNS, *([spec.split_by] if spec.split_by else []), *spec.columns]
    missing = [name for name in needed if name not in header]
    for name in missing:
        check.problem(1, name, "this column is missing from the header")
    if missing:
        return result
    index = {name: header.index(name) for name in needed}
    sources: dict[tuple[Any, ...], int] = {}
    for offset, cells in enumerate(rows):
        number = offset + 2
        if not any(cell.strip() for cell in cells):
            summary.skipped["blank row"] += 1
            continue
        summary.rows_read += 1
        if len(cells) != len(header):
            check.problem(
                number,
                header[min(len(cells), len(header) - 1)],
                f"the row has {len(cells)} cells where the header has {len(header)}",
            )
            continue
        row = {name: cells[i] for name, i in index.items()}
        year = _year(row["time_period"])
        if year is None:
            check.problem(number, "time_period", f"'{row['time_period']}' is not a year")
            continue
        area = _ees_area(parsed, check, number, row, year, spec.codes_by_year)
        if area is None:
            if row["geographic_level"].strip() not in ("National", "Regional", "Local authority"):
                summary.skipped[f"geographic level '{row['geographic_level']}'"] += 1
            continue
        parsed.first_year, parsed.last_year = (
            min(parsed.first_year, year),
            max(parsed.last_year, year),
        )
        prefix = ""
        if spec.split_by:
            prefix = spec.split_codes.get(row[spec.split_by].strip(), "")
            if not prefix:
                summary.skipped[f"unknown {spec.split_by}"] += 1
                continue
        for column in spec.columns:
            if not row[column].strip():
                summary.skipped["blank value"] += 1
                continue
            parsed_value = _value(row[column])
            if parsed_value is None:
                check.problem(
                    number,
                    column,
                    f"'{row[column]}' is neither a number nor a symbol (c, x, z, u, -)",
                )
                continue
            code = f"{prefix}.{column}" if prefix else column
            key = (spec.source, code, area, year, "")
            if key in sources:
                check.problem(number, column, f"repeats row {sources[key]} for the same area")
                continue
            sources[key] = number
            result.records[key] = (row["time_period"].strip(), *parsed_value)
            if (spec.source, code) not in parsed.measures:
                label = prefix.replace("_", " ").capitalize() + ": " if prefix else ""
                parsed.measures[(spec.source, code)] = MeasureSpec(
                    source=spec.source,
                    source_file=spec.name,
                    code=code,
                    title=spec.titles.get(column)
                    or f"{spec.dataset}: {label}{column.replace('_', ' ')}",
                    unit=_unit(column),
                    polarity=spec.polarity.get(column, Polarity.NEITHER),
                    year_type=spec.year_type,
                )
    return result


def _read_population(directory: Path, parsed: Parsed, check: _Checker) -> ParsedFile:
    header, rows = _read(directory / POPULATION_FILE)
    summary = FileSummary(POPULATION_FILE)
    result = ParsedFile(summary, "population")
    needed = [*_EES_ID_COLUMNS, "age_group", "population_estimate"]
    missing = [name for name in needed if name not in header]
    for name in missing:
        check.problem(1, name, "this column is missing from the header")
    if missing:
        return result
    index = {name: header.index(name) for name in needed}
    for offset, cells in enumerate(rows):
        number = offset + 2
        if not any(cell.strip() for cell in cells):
            summary.skipped["blank row"] += 1
            continue
        summary.rows_read += 1
        if len(cells) != len(header):
            check.problem(number, header[-1], "the row has the wrong number of cells")
            continue
        row = {name: cells[i] for name, i in index.items()}
        year = _year(row["time_period"])
        if year is None:
            check.problem(number, "time_period", f"'{row['time_period']}' is not a year")
            continue
        if row["age_group"].strip() != "Children aged 0 to 17 years":
            summary.skipped["not the 0–17 age group"] += 1
            continue
        # A mid-year estimate: mid-2023 already has Somerset's new code, the year to 31 March
        # 2023 does not, so these codes do not date the change.
        area = _ees_area(parsed, check, number, row, year, codes_by_year=False)
        if area is None:
            continue
        parsed_value = _value(row["population_estimate"])
        if parsed_value is None or (parsed_value[0] is not None and parsed_value[0] % 1):
            check.problem(
                number,
                "population_estimate",
                f"'{row['population_estimate']}' is neither a whole number nor a symbol",
            )
            continue
        if (area, year) in result.records:
            check.problem(number, "population_estimate", "repeats an earlier row")
            continue
        value, reason = parsed_value
        result.records[(area, year)] = (int(value) if value is not None else None, reason)
    return result


def _read_neighbours(
    directory: Path, name: str, model: str, parsed: Parsed, check: _Checker
) -> ParsedFile:
    header, rows = _read(directory / name)
    summary = FileSummary(name)
    result = ParsedFile(summary, "neighbours")
    if model == "2021":
        code_at, name_at, first, expected = 0, 1, 5, [f"SN{n}" for n in range(1, 11)]
    else:
        code_at, name_at, first, expected = 0, 1, 4, [f"SN_{n}" for n in range(1, 11)]
    for rank, column in enumerate(expected):
        at = first + 2 * rank
        if at >= len(header) or header[at] != column:
            check.problem(1, column, f"expected '{column}' as column {at + 1} of the header")
    if check.problems:
        return result
    for offset, cells in enumerate(rows):
        number = offset + 2
        code = cells[code_at].strip() if cells else ""
        if not code:
            summary.skipped["blank or heading row"] += 1
            continue
        summary.rows_read += 1
        if not re.fullmatch(r"\d{3}", code):
            check.problem(number, header[code_at], f"'{code}' is not a 3-digit DfE number")
            continue
        area = parsed.area(("la", code), AreaKind.LOCAL_AUTHORITY)
        area.saw(cells[name_at], 0)
        for rank, column in enumerate(expected, start=1):
            at = first + 2 * (rank - 1)
            neighbour = cells[at].strip() if at < len(cells) else ""
            if not re.fullmatch(r"\d{3}", neighbour):
                check.problem(number, column, f"'{neighbour}' is not a 3-digit DfE number")
                continue
            parsed.area(("la", neighbour), AreaKind.LOCAL_AUTHORITY)
            closeness = cells[at + 1].strip().capitalize() if at + 1 < len(cells) else ""
            result.records[(model, ("la", code), rank)] = (("la", neighbour), closeness)
    return result


_LAIT_UNITS = (
    ("rate per", Unit.RATE_PER_10000),
    ("%", Unit.PERCENT),
    ("days", Unit.DAYS),
)


def _read_lait_dictionary(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return {row["Measure_short"].strip(): row for row in csv.DictReader(handle)}


def _read_lait(directory: Path, parsed: Parsed, check: _Checker) -> ParsedFile:
    header, rows = _read(directory / LAIT_FILE)
    dictionary = _read_lait_dictionary(directory / LAIT_DICTIONARY)
    summary = FileSummary(LAIT_FILE)
    result = ParsedFile(summary, "observations")
    needed = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number"]
    missing = [name for name in needed if name not in header]
    for name in missing:
        check.problem(1, name, "this column is missing from the header")
    if missing:
        return result
    index = {name: header.index(name) for name in needed}
    seen_rows: dict[tuple[Any, ...], int] = {}
    for offset, cells in enumerate(rows):
        number = offset + 2
        if not any(cell.strip() for cell in cells):
            summary.skipped["blank row"] += 1
            continue
        summary.rows_read += 1
        if len(cells) != len(header):
            check.problem(number, header[-1], "the row has the wrong number of cells")
            continue
        row = {name: cells[i].strip() for name, i in index.items()}
        year = _year(row["Years"])
        if year is None:
            check.problem(number, "Years", f"'{row['Years']}' is not a year")
            continue
        try:
            la_number = int(float(row["LA Number"]))
        except ValueError:
            check.problem(number, "LA Number", f"'{row['LA Number']}' is not a number")
            continue
        if la_number in LAIT_AREAS:
            ons = LAIT_AREAS[la_number]
            kind = (
                AreaKind.ENGLAND
                if ons == ENGLAND
                else AreaKind.SUB_REGION
                if ons.startswith("E13")
                else AreaKind.REGION
            )
            area: AreaKey = ("ons", ons)
            parsed.area(area, kind).saw(row["LA and Regions"], 0)
        elif 100 <= la_number < 970:
            area = ("la", f"{la_number:03d}")
            parsed.area(area, AreaKind.LOCAL_AUTHORITY).saw(row["LA and Regions"], 0)
        else:
            summary.skipped["LA Number not an authority, region or England"] += 1
            continue
        if not row["Values"]:
            summary.skipped["blank value"] += 1
            continue
        parsed_value = _value(row["Values"])
        if parsed_value is None:
            check.problem(number, "Values", f"'{row['Values']}' is neither a number nor a symbol")
            continue
        code = row["Short Desc"]
        key = ("lait", code, area, year, "")
        if key in seen_rows:
            check.problem(number, "Values", f"repeats row {seen_rows[key]} for the same area")
            continue
        seen_rows[key] = number
        parsed.first_year, parsed.last_year = (
            min(parsed.first_year, year),
            max(parsed.last_year, year),
        )
        result.records[key] = (row["Years"], *parsed_value)
        if ("lait", code) not in parsed.measures:
            entry = dictionary.get(code, {})
            axis = entry.get("y_axis_name", "").lower()
            unit = next((unit for text, unit in _LAIT_UNITS if text in axis), Unit.NUMBER)
            polarity = {"High": Polarity.HIGHER_IS_BETTER, "Low": Polarity.LOWER_IS_BETTER}
            parsed.measures[("lait", code)] = MeasureSpec(
                source="lait",
                source_file=LAIT_FILE,
                code=code,
                title=(entry.get("Chart_title") or row["Data item"] or code)[:300],
                unit=unit,
                polarity=polarity.get(entry.get("Polarity", ""), Polarity.NEITHER),
                description=entry.get("Description", ""),
                year_type=entry.get("Year_Type", "")[:40],
            )
    return result


def read_directory(directory: Path) -> Parsed:
    """Read and check every file; raise ImportRefused listing the problems, if any."""
    ees, lait = directory / EES_DIR, directory / LAIT_DIR
    wanted = [ees / spec.name for spec in EES_FILES]
    wanted += [ees / POPULATION_FILE, ees / SN_2021_FILE, ees / SN_2025_FILE, lait / LAIT_FILE]
    absent = [str(path) for path in wanted if not path.is_file()]
    if absent:
        raise ImportRefused([f"{path}: file not found" for path in absent])

    parsed = Parsed()
    problems: list[str] = []
    readers: list[tuple[str, Callable[[_Checker], ParsedFile]]] = [
        (spec.name, lambda check, spec=spec: _read_ees(ees, spec, parsed, check))  # type: ignore[misc]
        for spec in EES_FILES
    ]
    readers += [
        (POPULATION_FILE, lambda check: _read_population(ees, parsed, check)),
        (SN_2021_FILE, lambda check: _read_neighbours(ees, SN_2021_FILE, "2021", parsed, check)),
        (SN_2025_FILE, lambda check: _read_neighbours(ees, SN_2025_FILE, "2025", parsed, check)),
        (LAIT_FILE, lambda check: _read_lait(lait, parsed, check)),
    ]
    for name, reader in readers:
        check = _Checker(name)
        parsed.files.append(reader(check))
        problems += check.problems
    if problems:
        raise ImportRefused(problems)
    return parsed


# ---------------------------------------------------------------- writing

M = TypeVar("M", bound=Model)


def _batches[M: Model](items: list[M], size: int = BATCH) -> Iterator[list[M]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Written:
    areas: FileSummary
    files: list[FileSummary]


def _write_areas(parsed: Parsed, summary: FileSummary) -> dict[AreaKey, int]:
    """Create or update Areas (and LocalAuthority, OnsCode, AreaName); return their ids."""
    existing_by_ons = {a.ons_code: a for a in Area.objects.filter(ons_code__isnull=False)}
    authorities = {la.dfe_code: la for la in LocalAuthority.objects.all()}
    existing_by_la_id = {
        a.local_authority_id: a for a in Area.objects.filter(local_authority__isnull=False)
    }
    new_authorities = [
        LocalAuthority(dfe_code=code, name=seen.latest_name() if seen.names else code)
        for (kind, code), seen in parsed.areas.items()
        if kind == "la" and code not in authorities
    ]
    LocalAuthority.objects.bulk_create(new_authorities)
    if new_authorities:
        authorities = {la.dfe_code: la for la in LocalAuthority.objects.all()}
    summary.added += len(new_authorities)

    # England first, then regions, then Inner/Outer London, then authorities: parents first.
    order: dict[str, int] = {AreaKind.ENGLAND: 0, AreaKind.REGION: 1, AreaKind.SUB_REGION: 2}
    ids: dict[AreaKey, int] = {}
    for key, seen in sorted(parsed.areas.items(), key=lambda item: order.get(item[1].kind, 3)):
        kind, code = key
        if seen.kind == AreaKind.ENGLAND:
            parent_code = None
        elif seen.kind == AreaKind.REGION:
            parent_code = ENGLAND
        elif seen.kind == AreaKind.SUB_REGION:
            parent_code = LONDON
        else:
            parent_code = seen.parent
        parent_id = ids.get(("ons", parent_code)) if parent_code else None
        name = seen.latest_name() if seen.names else code
        area = (
            existing_by_ons.get(code)
            if kind == "ons"
            else existing_by_la_id.get(authorities[code].pk)
        )
        if area is None:
            area = Area(
                kind=seen.kind,
                name=name,
                ons_code=code if kind == "ons" else None,
                local_authority=authorities[code] if kind == "la" else None,
                parent_id=parent_id,
            )
            area.save()
            summary.added += 1
        elif (area.name, area.parent_id, area.kind) != (name, parent_id, seen.kind):
            area.name, area.parent_id, area.kind = name, parent_id, seen.kind
            area.save(update_fields=["name", "parent", "kind"])
            summary.changed += 1
        else:
            summary.unchanged += 1
        ids[key] = area.pk

    known_names = set(AreaName.objects.values_list("area_id", "name"))
    new_names = [
        AreaName(area_id=ids[key], name=name)
        for key, seen in parsed.areas.items()
        for name in seen.names
        if (ids[key], name) not in known_names
    ]
    AreaName.objects.bulk_create(new_names, batch_size=BATCH)
    summary.added += len(new_names)
    _write_ons_codes(parsed, authorities, summary)
    _write_successions(ids, summary)
    return ids


def _write_ons_codes(
    parsed: Parsed, authorities: dict[str, LocalAuthority], summary: FileSummary
) -> None:
    """An authority's ONS codes with the years they apply to: open-ended at either end when
    seen in the first or last year of the data (as the demo records Somerset's)."""
    existing = {(c.local_authority_id, c.code): c for c in OnsCode.objects.all()}
    changed: list[OnsCode] = []
    added: list[OnsCode] = []
    for (kind, code), seen in parsed.areas.items():
        if kind != "la" or not seen.ons_years:
            continue
        authority = authorities[code]
        for ons, years in seen.ons_years.items():
            valid_from = None if min(years) <= parsed.first_year else min(years)
            valid_until = None if max(years) >= parsed.last_year else max(years)
            found = existing.get((authority.pk, ons))
            if found is None:
                added.append(
                    OnsCode(
                        local_authority=authority,
                        code=ons,
                        valid_from_year=valid_from,
                        valid_until_year=valid_until,
                    )
                )
            elif (found.valid_from_year, found.valid_until_year) != (valid_from, valid_until):
                found.valid_from_year, found.valid_until_year = valid_from, valid_until
                changed.append(found)
            else:
                summary.unchanged += 1
    OnsCode.objects.bulk_create(added)
    OnsCode.objects.bulk_update(changed, ["valid_from_year", "valid_until_year"])
    summary.added += len(added)
    summary.changed += len(changed)


def _write_successions(ids: dict[AreaKey, int], summary: FileSummary) -> None:
    existing = set(AreaSuccession.objects.values_list("predecessor_id", "successor_id"))
    added = [
        AreaSuccession(
            predecessor_id=ids[("la", old)], successor_id=ids[("la", new)], year=year, note=note
        )
        for old, new, year, note in SUCCESSIONS
        if ("la", old) in ids
        and ("la", new) in ids
        and (ids[("la", old)], ids[("la", new)]) not in existing
    ]
    AreaSuccession.objects.bulk_create(added)
    summary.added += len(added)


def _write_measures(parsed: Parsed, summary: FileSummary) -> dict[tuple[str, str], int]:
    existing = {(m.source, m.code): m for m in Measure.objects.all()}
    fields = ["source_file", "title", "description", "unit", "polarity", "year_type"]
    added, changed = [], []
    for key, spec in parsed.measures.items():
        found = existing.get(key)
        values = {name: getattr(spec, name) for name in fields}
        if found is None:
            added.append(Measure(source=spec.source, code=spec.code, **values))
        elif any(getattr(found, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(found, name, value)
            changed.append(found)
        else:
            summary.unchanged += 1
    Measure.objects.bulk_create(added, batch_size=BATCH)
    Measure.objects.bulk_update(changed, fields, batch_size=BATCH)
    summary.added += len(added)
    summary.changed += len(changed)
    return {(m.source, m.code): m.pk for m in Measure.objects.all()}


def _write_observations(
    file: ParsedFile,
    areas: dict[AreaKey, int],
    measures: dict[tuple[str, str], int],
    progress: Progress,
) -> None:
    summary = file.summary
    sources = {key[0] for key in file.records}
    existing = {
        (measure, area, year, breakdown): (pk, value, reason, label)
        for pk, measure, area, year, breakdown, value, reason, label in (
            Observation.objects.filter(measure__source__in=sources).values_list(
                "pk",
                "measure_id",
                "area_id",
                "year",
                "breakdown",
                "value",
                "not_available_reason",
                "period_label",
            )
        )
    }
    added: list[Observation] = []
    changed: list[Observation] = []
    for (source, code, area, year, breakdown), (label, value, reason) in file.records.items():
        key = (measures[(source, code)], areas[area], year, breakdown)
        found = existing.get(key)
        if found is None:
            added.append(
                Observation(
                    measure_id=key[0],
                    area_id=key[1],
                    year=year,
                    breakdown=breakdown,
                    period_label=label,
                    value=value,
                    not_available_reason=reason,
                )
            )
        elif found[1:] != (value, reason, label):
            changed.append(
                Observation(
                    pk=found[0], value=value, not_available_reason=reason, period_label=label
                )
            )
        else:
            summary.unchanged += 1
    _save(
        Observation,
        added,
        changed,
        ["value", "not_available_reason", "period_label"],
        file,
        progress,
    )


def _write_population(file: ParsedFile, areas: dict[AreaKey, int], progress: Progress) -> None:
    existing = {
        (area, year): (pk, population, reason)
        for pk, area, year, population, reason in ChildPopulation.objects.values_list(
            "pk", "area_id", "year", "population", "not_available_reason"
        )
    }
    added: list[ChildPopulation] = []
    changed: list[ChildPopulation] = []
    for (area, year), (population, reason) in file.records.items():
        found = existing.get((areas[area], year))
        if found is None:
            added.append(
                ChildPopulation(
                    area_id=areas[area],
                    year=year,
                    population=population,
                    not_available_reason=reason,
                )
            )
        elif found[1:] != (population, reason):
            changed.append(
                ChildPopulation(pk=found[0], population=population, not_available_reason=reason)
            )
        else:
            file.summary.unchanged += 1
    _save(ChildPopulation, added, changed, ["population", "not_available_reason"], file, progress)


def _write_neighbours(file: ParsedFile, areas: dict[AreaKey, int], progress: Progress) -> None:
    existing = {
        (model, area, rank): (pk, neighbour, closeness)
        for pk, model, area, rank, neighbour, closeness in (
            StatisticalNeighbour.objects.values_list(
                "pk", "model", "area_id", "rank", "neighbour_id", "closeness"
            )
        )
    }
    added: list[StatisticalNeighbour] = []
    changed: list[StatisticalNeighbour] = []
    for (model, area, rank), (neighbour, closeness) in file.records.items():
        found = existing.get((model, areas[area], rank))
        if found is None:
            added.append(
                StatisticalNeighbour(
                    model=model,
                    area_id=areas[area],
                    rank=rank,
                    neighbour_id=areas[neighbour],
                    closeness=closeness,
                )
            )
        elif found[1:] != (areas[neighbour], closeness):
            changed.append(
                StatisticalNeighbour(
                    pk=found[0], neighbour_id=areas[neighbour], closeness=closeness
                )
            )
        else:
            file.summary.unchanged += 1
    _save(StatisticalNeighbour, added, changed, ["neighbour", "closeness"], file, progress)


def _save[M: Model](
    model: type[M],
    added: list[M],
    changed: list[M],
    fields: list[str],
    file: ParsedFile,
    progress: Progress,
) -> None:
    progress.start(f"Saving {file.summary.name}", len(added) + len(changed))
    done = 0
    for batch in _batches(added):
        model._default_manager.bulk_create(batch)
        done += len(batch)
        progress.update(done)
    for batch in _batches(changed, BATCH // 2):
        model._default_manager.bulk_update(batch, fields)
        done += len(batch)
        progress.update(done)
    progress.finish()
    file.summary.added += len(added)
    file.summary.changed += len(changed)


def import_directory(directory: Path, out: IO[str] | None = None) -> list[FileSummary]:
    """Import everything in `directory` in one transaction; return one summary per file
    (plus one for areas and measures). Raises ImportRefused, saving nothing, if any file is
    malformed."""
    progress = Progress(out or sys.stdout)
    parsed = read_directory(directory)
    areas_summary = FileSummary("areas, ONS codes, names and measures")
    with transaction.atomic():
        areas = _write_areas(parsed, areas_summary)
        measures = _write_measures(parsed, areas_summary)
        for file in parsed.files:
            if file.kind == "observations":
                _write_observations(file, areas, measures, progress)
            elif file.kind == "population":
                _write_population(file, areas, progress)
            else:
                _write_neighbours(file, areas, progress)
        # The catalogue's indicators point at the measures just imported.
        load_indicator_catalogue()
    return [areas_summary, *(file.summary for file in parsed.files)]


def count_rows(models: Iterable[type[Model]] = ()) -> dict[str, int]:
    """How many rows each performance table holds (for the benchmark script)."""
    chosen = list(models) or [
        Area,
        AreaName,
        Measure,
        Observation,
        ChildPopulation,
        StatisticalNeighbour,
    ]
    return {model.__name__: model._default_manager.count() for model in chosen}
